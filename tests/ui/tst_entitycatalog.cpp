// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "orm/mapping/relationship.h"
#include "ui/entitycatalog.h"

using namespace uitest;

// How rows and tables are named for people (EntityCatalog::labelOf(), recordName(),
// describe(), loadKeyTargets()), on a reflected file and on the blog's typed models.
class tst_EntityCatalog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void recordNames();
    void aRowIsNamedByItsLabelElseByItsKey();
    void aCompositeKeyIsNamedByTheRowsItRefersTo();
    void theRowsACompositeKeyRefersToAreReadOncePerTable();
    void aNewRowIsNamedLikeEveryNewRow();
    void aNewParentChosenForAKeyPartNamesIt();

private:
    const orm::EntityMeta &entity(const QString &table) const
    {
        return *m_doc->catalog().entityForTable(table);
    }
    std::shared_ptr<orm::Entity> get(const QString &table, const QVariant &key)
    {
        return m_doc->session().get(entity(table), key);
    }

    QTemporaryDir m_dir;
    QString m_seed;
    std::unique_ptr<ui::Document> m_doc;
};

void tst_EntityCatalog::initTestCase()
{
    m_seed = m_dir.filePath(u"library.db"_s);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(m_seed), {});
    QVERIFY(engine);
    for (const QString &sql :
         {u"CREATE TABLE book (id INTEGER PRIMARY KEY, isbn TEXT NOT NULL UNIQUE, title TEXT)"_s,
          u"CREATE TABLE member (id INTEGER PRIMARY KEY, card_number TEXT UNIQUE, "
          "full_name TEXT)"_s,
          u"CREATE TABLE loan (book_id INTEGER NOT NULL REFERENCES book (id), "
          "member_id INTEGER NOT NULL REFERENCES member (id), due DATE, "
          "PRIMARY KEY (book_id, member_id))"_s,
          u"CREATE TABLE late_fee (id INTEGER PRIMARY KEY, amount NUMERIC(6, 2))"_s,
          u"CREATE TABLE grid_point (x INTEGER, y INTEGER, note TEXT, PRIMARY KEY (x, y))"_s,
          u"CREATE TABLE word (word TEXT PRIMARY KEY, meaning TEXT)"_s,
          u"CREATE TABLE audit_log (at DATETIME, note TEXT)"_s,
          u"INSERT INTO book VALUES (1, '978-0-13-110362-7', 'The C Programming Language'), "
          "(2, '978-0-201-63361-0', 'Design Patterns'), (3, '978-0-00-000000-2', NULL)"_s,
          u"INSERT INTO member VALUES (1, 'C-0001', 'Ada Lovelace'), "
          "(2, 'C-0002', 'Alan Turing')"_s,
          u"INSERT INTO loan VALUES (1, 1, NULL), (1, 2, NULL), (2, 1, NULL), (3, 2, NULL)"_s,
          u"INSERT INTO late_fee VALUES (1, 2.5)"_s,
          u"INSERT INTO grid_point VALUES (2, 3, 'corner')"_s,
          u"INSERT INTO word VALUES ('serendipity', 'a happy accident')"_s,
          u"INSERT INTO audit_log VALUES ('2024-06-01 12:00:00', 'opened')"_s}) {
        QVERIFY2(engine->connection().exec(sql),
                 qPrintable(engine->connection().lastError().text()));
    }
}

void tst_EntityCatalog::init()
{
    const QString path = m_dir.filePath(u"copy.db"_s);
    QFile::remove(path);
    QVERIFY(QFile::copy(m_seed, path));
    m_doc = openReflectedDocument(path);
    QVERIFY(m_doc);
}

void tst_EntityCatalog::cleanup()
{
    m_doc.reset();
}

void tst_EntityCatalog::recordNames()
{
    // A reflected table is called as the table list shows it; a typed model by its class name
    // (the list shows its plural).
    QCOMPARE(ui::EntityCatalog::recordName(entity(u"loan"_s)), u"Loan"_s);
    QCOMPARE(entity(u"loan"_s).displayName(), u"Loan"_s);
    QCOMPARE(ui::EntityCatalog::recordName(entity(u"late_fee"_s)), u"Late fee"_s);
    QCOMPARE(entity(u"late_fee"_s).displayName(), u"Late fee"_s);
    QCOMPARE(ui::EntityCatalog::recordName(blog::User::staticMeta()), u"User"_s);

    // A row by its key: one value, several, or none known.
    QCOMPARE(ui::EntityCatalog::describe(*get(u"book"_s, 2)), u"Book #2"_s);
    QCOMPARE(ui::EntityCatalog::describe(*get(u"loan"_s, QVariantList {1, 2})), u"Loan (1, 2)"_s);
    QCOMPARE(ui::EntityCatalog::describe(*m_doc->createObject(entity(u"loan"_s))), u"Loan"_s);
    const auto log = m_doc->session().query(entity(u"audit_log"_s)).firstEntity();
    QVERIFY(log);
    QCOMPARE(ui::EntityCatalog::describe(*log), u"Audit log"_s);
}

void tst_EntityCatalog::aRowIsNamedByItsLabelElseByItsKey()
{
    // The title, not the unique ISBN; a book without a title by its key.
    QCOMPARE(ui::EntityCatalog::labelOf(*get(u"book"_s, 1)), u"The C Programming Language"_s);
    QCOMPARE(ui::EntityCatalog::labelOf(*get(u"book"_s, 3)), u"Book 3"_s);
    // The full name, not the unique card number.
    QCOMPARE(ui::EntityCatalog::labelOf(*get(u"member"_s, 2)), u"Alan Turing"_s);
    // No label column: the table's name and the key; a text key is its own label.
    QCOMPARE(ui::EntityCatalog::labelOf(*get(u"late_fee"_s, 1)), u"Late fee 1"_s);
    QCOMPARE(ui::EntityCatalog::labelOf(*get(u"word"_s, u"serendipity"_s)), u"serendipity"_s);
    // No key at all: the table's name.
    const auto log = m_doc->session().query(entity(u"audit_log"_s)).firstEntity();
    QVERIFY(log);
    QCOMPARE(ui::EntityCatalog::labelOf(*log), u"Audit log"_s);
}

void tst_EntityCatalog::aCompositeKeyIsNamedByTheRowsItRefersTo()
{
    // Given a loan whose book and member are not read yet, it is named by their keys;
    const auto loan = get(u"loan"_s, QVariantList {1, 2});
    QVERIFY(loan);
    QVERIFY(!m_doc->session().identityLookup(entity(u"member"_s), 2));
    QCOMPARE(ui::EntityCatalog::labelOf(*loan), u"Book 1 · Member 2"_s);
    // once they are read, by their labels (a book without a title by its key);
    ui::EntityCatalog::loadKeyTargets(m_doc->session(),
                                      {loan, get(u"loan"_s, QVariantList {3, 2})});
    QCOMPARE(ui::EntityCatalog::labelOf(*loan), u"The C Programming Language · Alan Turing"_s);
    QCOMPARE(ui::EntityCatalog::labelOf(*get(u"loan"_s, QVariantList {3, 2})),
             u"Book 3 · Alan Turing"_s);
    // and a staged change of a label shows at once.
    QVERIFY(m_doc->stageValue(get(u"member"_s, 2), entity(u"member"_s).columnIndex(u"full_name"_s),
                              u"A. M. Turing"_s, 0));
    QCOMPARE(ui::EntityCatalog::labelOf(*loan), u"The C Programming Language · A. M. Turing"_s);
    // A composite key that refers to nothing is named by its values.
    QCOMPARE(ui::EntityCatalog::labelOf(*get(u"grid_point"_s, QVariantList {2, 3})),
             u"Grid point 2 · 3"_s);
}

void tst_EntityCatalog::theRowsACompositeKeyRefersToAreReadOncePerTable()
{
    // Given the four loans, read without their books and members,
    const auto loans = m_doc->session().query(entity(u"loan"_s)).allEntities();
    QCOMPARE(loans.size(), size_t(4));
    StatementLog log(m_doc->engine().connection());
    // when the rows they refer to are read,
    ui::EntityCatalog::loadKeyTargets(m_doc->session(), loans);
    // one query reads the books and one the members;
    QCOMPARE(log.countContaining(u"FROM \"book\""_s), 1);
    QCOMPARE(log.countContaining(u"FROM \"member\""_s), 1);
    QCOMPARE(log.sql().size(), 2);
    // and naming them reads nothing more, nor does reading them again.
    log.clear();
    for (const auto &loan : loans)
        QVERIFY(!ui::EntityCatalog::labelOf(*loan).contains(u"Member"_s));
    ui::EntityCatalog::loadKeyTargets(m_doc->session(), loans);
    QCOMPARE(log.sql(), QStringList());
}

void tst_EntityCatalog::aNewRowIsNamedLikeEveryNewRow()
{
    // A new book, a new loan and a new word are each "New …" until named.
    const auto book = m_doc->createObject(entity(u"book"_s));
    QCOMPARE(ui::EntityCatalog::labelOf(*book), u"New Book"_s);
    QCOMPARE(ui::EntityCatalog::newLabel(entity(u"book"_s)), u"New Book"_s);
    const auto loan = m_doc->createObject(entity(u"loan"_s));
    QCOMPARE(ui::EntityCatalog::labelOf(*loan), u"New Loan"_s);
    const auto word = m_doc->createObject(entity(u"word"_s));
    QCOMPARE(ui::EntityCatalog::labelOf(*word), u"New Word"_s);
    // A loan with only its book chosen is still unnamed.
    const orm::EntityMeta &loans = entity(u"loan"_s);
    QVERIFY(m_doc->stageValue(loan, loans.columnIndex(u"book_id"_s), 2, 0));
    QCOMPARE(ui::EntityCatalog::labelOf(*loan), u"New Loan"_s);
    // Both chosen, it is named by them.
    QVERIFY(m_doc->stageValue(loan, loans.columnIndex(u"member_id"_s), 1, 0));
    ui::EntityCatalog::loadKeyTargets(m_doc->session(), {loan});
    QCOMPARE(ui::EntityCatalog::labelOf(*loan), u"Design Patterns · Ada Lovelace"_s);
    QCOMPARE(ui::EntityCatalog::describe(*loan), u"Loan (2, 1)"_s);
}

void tst_EntityCatalog::aNewParentChosenForAKeyPartNamesIt()
{
    // Given a new book, not committed, chosen as a new loan's book (its key known at commit),
    const auto book = m_doc->createObject(entity(u"book"_s));
    QVERIFY(m_doc->stageValue(book, entity(u"book"_s).columnIndex(u"title"_s), u"Dune"_s, 0));
    const auto loan = m_doc->createObject(entity(u"loan"_s));
    const orm::EntityMeta &loans = entity(u"loan"_s);
    QVERIFY(m_doc->setRelated(loan, *loans.relationship(u"book"_s), book));
    QVERIFY(m_doc->stageValue(loan, loans.columnIndex(u"member_id"_s), 2, 0));
    ui::EntityCatalog::loadKeyTargets(m_doc->session(), {loan});
    // the loan is named by the new book, and its key is not shown while unknown.
    QCOMPARE(ui::EntityCatalog::labelOf(*loan), u"Dune · Alan Turing"_s);
    QCOMPARE(ui::EntityCatalog::describe(*loan), u"Loan"_s);
}

QTEST_MAIN(tst_EntityCatalog)
#include "tst_entitycatalog.moc"
