// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "orm/query/query.h"
#include "ui/entitytablemodel.h"
#include "ui/stagedvalidator.h"
#include "ui/theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFont>

using namespace uitest;

class tst_EntityTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void passesTheModelTester();
    void loadsPagesLazilyAndCountsInTheBackground();
    void keepsABoundedPageCache();
    void pagesLetGoOfTheirObjects();
    void sortsInSql();
    void readsPagesNearTheEndFromTheEnd();
    void readsPagesOfKeysWithoutGapsAsKeyRanges();
    void readsTheKeysOfALargeTablesPagesInTheBackground();
    void readsTheLatestPagesAskedForFirst();
    void searchesLargeTablesByIndexedPrefix();
    void quickSearchIsAnOrOfContains();
    void filtersPerColumn();
    void showsForeignKeysByLabelInOneQueryPerPage();
    void listsNewObjectsAfterTheDatabaseRows();
    void marksModifiedAndDeletedRows();
    void setDataStagesAnUndoableEdit();
    void reloadsAfterCommit();
    void showsValuesAsStoredWhenTheyDoNotMatchTheType();
    void oddValuesStayAsStoredThroughOtherEditsAndUndo();
    void showsALargeTableThroughAWindow();
    void movingTheWindowKeepsPersistentIndexesOnTheirRows();
    void sortAndFiltersStartTheWindowAgain();
    void newObjectsComeAfterTheWindowUntilItReachesThem();
    void findsTheRowOfAnObjectThatIsNotLoaded_data();
    void findsTheRowOfAnObjectThatIsNotLoaded();

private:
    QTemporaryDir m_dir;
    QString m_small;
    QString m_large;
};

void tst_EntityTableModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_small = demoDatabase(m_dir);
    QVERIFY(!m_small.isEmpty());
    blog::DemoOptions big;
    big.users = 300;
    big.postsPerUser = 10;
    m_large = demoDatabase(m_dir, u"large.db"_s, big);
    QVERIFY(!m_large.isEmpty());
}

static int col(const orm::EntityMeta &meta, const QString &name)
{
    return meta.columnIndex(name);
}

void tst_EntityTableModel::passesTheModelTester()
{
    // Given a users table model watched by the model tester,
    auto doc = openDocument(m_small);
    ui::EntityTableModel model(doc.get(), blog::User::staticMeta());
    model.setPageSize(7);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // when it counts, sorts, searches, filters, stages, deletes and commits,
    QTRY_COMPARE(model.rowCount(), 50);
    for (int r = 0; r < model.rowCount(); r += 5)
        QVERIFY(model.index(r, 1).data().isValid());
    model.sort(1, Qt::DescendingOrder);
    QTRY_COMPARE(model.rowCount(), 50);
    model.setSearchText(u"alice"_s);
    QTRY_COMPARE(model.rowCount(), 3);
    model.setSearchText(QString());
    model.setColumnFilter(0, u">45"_s);
    QTRY_COMPARE(model.rowCount(), 5);
    model.setColumnFilter(0, QString());
    QTRY_COMPARE(model.rowCount(), 50);
    auto created = doc->createObject(blog::User::staticMeta());
    QCOMPARE(model.rowCount(), 51);
    doc->removeObjects({model.objectAt(0)});
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(model.rowCount(), 50);
    // then the tester found nothing wrong (it fails the test itself otherwise).
}

void tst_EntityTableModel::loadsPagesLazilyAndCountsInTheBackground()
{
    // Given 3000 posts,
    auto doc = openDocument(m_large);
    StatementLog log(doc->engine().connection());
    // when a table model is created with pages of 50 rows,
    ui::EntityTableModel model(doc.get(), blog::Post::staticMeta());
    QSignalSpy counted(&model, &ui::EntityTableModel::totalCountChanged);
    model.setPageSize(50);
    // then only the first page is loaded at once, and the rest is counted in the background;
    QCOMPARE(model.pageLoadCount(), 1);
    QVERIFY(model.rowCount() <= 50);
    QVERIFY(counted.wait(5000) || model.totalCount() == 3000);
    QTRY_COMPARE(model.rowCount(), 3000);
    QCOMPARE(model.totalCount(), qint64(3000));
    // the window's connection never ran the count: the worker did;
    QCOMPARE(log.countContaining(u"count(*)"_s), 0);
    // reading a far row loads that row's page only;
    QVERIFY(model.index(2500, 1).data().toString().size() > 0);
    QCOMPARE(model.pageLoadCount(), 2);
    // and every SELECT of posts has a LIMIT (but the first and last key, one row each).
    for (const QString &sql : log.sql()) {
        const bool labels = sql.contains(u" IN ("_s); // the replies' labels, by key
        const bool ends = sql.startsWith(u"SELECT min("_s) || sql.startsWith(u"SELECT max("_s);
        if (sql.startsWith(u"SELECT"_s) && sql.contains(u"FROM \"posts\""_s) && !labels && !ends)
            QVERIFY2(sql.contains(u"LIMIT"_s), qPrintable(sql));
    }
}

void tst_EntityTableModel::keepsABoundedPageCache()
{
    auto doc = openDocument(m_large);
    ui::EntityTableModel model(doc.get(), blog::Post::staticMeta());
    model.setPageSize(20);
    model.setMaxCachedPages(3);
    QTRY_COMPARE(model.rowCount(), 3000);
    // When ten pages are read,
    for (int page = 0; page < 10; ++page)
        QVERIFY(model.objectAt(page * 20 + 1));
    // then at most three are kept,
    QVERIFY(model.cachedPageCount() <= 3);
    // and rows of pages let go are loaded again when needed.
    const int before = model.pageLoadCount();
    QVERIFY(model.objectAt(1));
    QCOMPARE(model.pageLoadCount(), before + 1);
}

void tst_EntityTableModel::pagesLetGoOfTheirObjects()
{
    // Given 3000 posts read in pages of 20 rows, three pages kept,
    auto doc = openDocument(m_large);
    ui::EntityTableModel model(doc.get(), blog::Post::staticMeta());
    model.setPageSize(20);
    model.setMaxCachedPages(3);
    QTRY_COMPARE(model.rowCount(), 3000);
    std::vector<std::weak_ptr<orm::Entity>> firstPage;
    for (int r = 0; r < 20; ++r)
        firstPage.push_back(model.objectAt(r));
    // when the person scrolls through ten more pages, and the session lets go of what is
    // unused (it does by itself after enough rows),
    for (int page = 1; page <= 10; ++page)
        QVERIFY(model.objectAt(page * 20 + 1));
    doc->session().releaseUnusedObjects();
    // then the rows the table no longer keeps leave the session: only what the kept pages
    // show, and the authors their labels name, remain;
    for (const auto &object : firstPage)
        QVERIFY(object.expired());
    QVERIFY2(doc->session().identityCount() <= 3 * 20 + 50,
             qPrintable(QString::number(doc->session().identityCount())));
    // and every row of the pages read after that, in objects that may take the addresses of
    // those let go, is found where it is shown.
    for (int page = 11; page <= 13; ++page) {
        for (int r = page * 20; r < page * 20 + 20; ++r) {
            const auto object = model.objectAt(r);
            QVERIFY(object);
            QCOMPARE(model.rowOf(*object), r);
        }
    }
    // Read again, a row let go is a new object at its row.
    const auto again = model.objectAt(3);
    QVERIFY(again);
    QCOMPARE(model.rowOf(*again), 3);
}

void tst_EntityTableModel::sortsInSql()
{
    auto doc = openDocument(m_small);
    const orm::EntityMeta &meta = blog::User::staticMeta();
    ui::EntityTableModel model(doc.get(), meta);
    StatementLog log(doc->engine().connection());
    auto ordered = [&log](const QString &orderBy) {
        return std::any_of(log.sql().begin(), log.sql().end(), [&orderBy](const QString &s) {
            return s.contains(orderBy) && s.contains(u"LIMIT"_s);
        });
    };
    // When sorted by username (unique, so indexed), descending,
    model.sort(col(meta, u"username"_s), Qt::DescendingOrder);
    // then the database sorts in the index's order (no sort of the whole table),
    QVERIFY2(ordered(u"ORDER BY \"users\".\"username\" DESC"_s), qPrintable(log.sql().join(u'\n')));
    // and the first row is the greatest name.
    QStringList names;
    for (const auto &u : doc->session().query<blog::User>().all())
        names << u->username;
    std::sort(names.begin(), names.end());
    QCOMPARE(model.index(0, col(meta, u"username"_s)).data().toString(), names.last());
    // A text column without an index sorts without regard to case.
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    ui::EntityTableModel titles(doc.get(), posts);
    titles.sort(col(posts, u"title"_s), Qt::AscendingOrder);
    QVERIFY2(ordered(u"ORDER BY lower(\"posts\".\"title\")"_s), qPrintable(log.sql().join(u'\n')));
    // Sorting by a foreign key sorts by the target's label.
    ui::EntityTableModel postModel(doc.get(), posts);
    postModel.sort(col(posts, u"user_id"_s), Qt::AscendingOrder);
    QCOMPARE(postModel.index(0, col(posts, u"user_id"_s)).data().toString(), u"alice"_s);
}

void tst_EntityTableModel::quickSearchIsAnOrOfContains()
{
    auto doc = openDocument(m_small);
    ui::EntityTableModel model(doc.get(), blog::User::staticMeta());
    StatementLog log(doc->engine().connection());
    // When searching for "alice",
    model.setSearchText(u"alice"_s);
    // then the rows whose text contains it are listed, through bound LIKE patterns.
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(model.totalCount(), qint64(3));
    QVERIFY(log.countContaining(u"LIKE ? ESCAPE"_s) > 0);
    QVERIFY(!log.sql().join(u' ').contains(u"alice"_s)); // never pasted into the SQL
    // A text with LIKE's wildcards matches them literally.
    model.setSearchText(u"%"_s);
    QTRY_COMPARE(model.rowCount(), 0);
}

void tst_EntityTableModel::filtersPerColumn()
{
    auto doc = openDocument(m_small);
    const orm::EntityMeta &meta = blog::User::staticMeta();
    ui::EntityTableModel model(doc.get(), meta);
    QTRY_COMPARE(model.rowCount(), 50);
    model.setColumnFilter(col(meta, u"email"_s), u"bob"_s);
    QTRY_COMPARE(model.rowCount(), 3);
    model.setColumnFilter(col(meta, u"id"_s), u"1..2"_s);
    QTRY_COMPARE(model.rowCount(), 1); // bob (2)
    // An invalid filter is reported and ignored.
    model.setColumnFilter(col(meta, u"id"_s), u"abc"_s);
    QVERIFY(!model.columnFilterError(col(meta, u"id"_s)).isEmpty());
    QTRY_COMPARE(model.rowCount(), 3);
    model.setColumnFilter(col(meta, u"email"_s), QString());
    model.setColumnFilter(col(meta, u"id"_s), QString());
    QTRY_COMPARE(model.rowCount(), 50);
    // Booleans: inactive users only.
    model.setColumnFilter(col(meta, u"is_active"_s), u"no"_s);
    const qint64 inactive = doc->session()
                                .query<blog::User>()
                                .filterBy(&blog::User::isActive, false)
                                .count()
                                .value_or(-1);
    QTRY_COMPARE(qint64(model.rowCount()), inactive);
}

void tst_EntityTableModel::showsForeignKeysByLabelInOneQueryPerPage()
{
    auto doc = openDocument(m_small);
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    StatementLog log(doc->engine().connection());
    // When the posts are shown,
    ui::EntityTableModel model(doc.get(), posts);
    QCOMPARE(model.pageSize(), 100);
    // then one query fetched the authors' names for the first page (not one per row),
    QCOMPARE(log.countContaining(u"FROM \"users\""_s), 1);
    // and the author column reads as the username.
    const auto post = model.objectAt(42);
    QVERIFY(post);
    const qint64 userId = post->value(col(posts, u"user_id"_s)).toLongLong();
    const auto author = doc->session().get<blog::User>(userId);
    QCOMPARE(model.index(42, col(posts, u"user_id"_s)).data().toString(), author->username);
    // A staged rename of the author shows at once.
    QVERIFY(doc->stageValue(author, col(blog::User::staticMeta(), u"username"_s), u"renamed"_s));
    QCOMPARE(model.index(42, col(posts, u"user_id"_s)).data().toString(), u"renamed"_s);
}

void tst_EntityTableModel::listsNewObjectsAfterTheDatabaseRows()
{
    auto doc = openDocument(m_small);
    ui::EntityTableModel model(doc.get(), blog::Tag::staticMeta());
    QTRY_COMPARE(model.rowCount(), 30);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // When a tag is created,
    auto tag = doc->createObject(blog::Tag::staticMeta());
    // then it is the last row, marked new,
    QCOMPARE(model.rowCount(), 31);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.objectAt(30), tag);
    QCOMPARE(model.index(30, 0).data(ui::EntityTableModel::ChangeRole).toInt(),
             int(ui::EntityTableModel::Change::New));
    QCOMPARE(model.rowOf(*tag), 30);
    // and undo takes it away.
    doc->undoStack()->undo();
    QCOMPARE(model.rowCount(), 30);
}

void tst_EntityTableModel::marksModifiedAndDeletedRows()
{
    auto doc = openDocument(m_small);
    const orm::EntityMeta &meta = blog::User::staticMeta();
    ui::EntityTableModel model(doc.get(), meta);
    const int email = col(meta, u"email"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QCOMPARE(model.index(0, email).data(ui::EntityTableModel::ChangeRole).toInt(),
             int(ui::EntityTableModel::Change::None));
    QVERIFY(!model.headerData(0, Qt::Vertical, Qt::DecorationRole).isValid());
    // When alice's e-mail is staged,
    QVERIFY(doc->stageValue(model.objectAt(0), email, u"alice@new.example.org"_s));
    // then her row says so, the changed cell is bold, and the row header has a mark;
    QVERIFY(changed.count() > 0);
    QCOMPARE(model.index(0, email).data(ui::EntityTableModel::ChangeRole).toInt(),
             int(ui::EntityTableModel::Change::Modified));
    QVERIFY(model.index(0, email).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(model.index(0, email).data(Qt::BackgroundRole).isValid());
    QVERIFY(model.headerData(0, Qt::Vertical, Qt::DecorationRole).isValid());
    // a deleted row is struck out.
    doc->removeObjects({model.objectAt(1)});
    QCOMPARE(model.index(1, 1).data(ui::EntityTableModel::ChangeRole).toInt(),
             int(ui::EntityTableModel::Change::Deleted));
    QVERIFY(model.index(1, 1).data(Qt::FontRole).value<QFont>().strikeOut());
    QVERIFY(!(model.flags(model.index(1, 1)) & Qt::ItemIsEditable));
    // An invalid value is shown as an error on its cell.
    QVERIFY(doc->stageValue(model.objectAt(2), email, u"not an address"_s));
    QVERIFY(!model.index(2, email).data(ui::EntityTableModel::ErrorRole).toString().isEmpty());
}

void tst_EntityTableModel::setDataStagesAnUndoableEdit()
{
    auto doc = openDocument(m_small);
    const orm::EntityMeta &meta = blog::User::staticMeta();
    ui::EntityTableModel model(doc.get(), meta);
    const QModelIndex email = model.index(0, col(meta, u"email"_s));
    const QString before = email.data().toString();
    QVERIFY(model.setData(email, u"a@b.org"_s));
    QCOMPARE(email.data().toString(), u"a@b.org"_s);
    QCOMPARE(doc->undoStack()->count(), 1);
    QVERIFY(doc->session().isModified(*model.objectAt(0)));
    // Booleans toggle through the check state.
    const QModelIndex active = model.index(0, col(meta, u"is_active"_s));
    QVERIFY(model.flags(active) & Qt::ItemIsUserCheckable);
    QVERIFY(model.setData(active, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(active.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(email.data().toString(), before);
    QVERIFY(!doc->hasPendingChanges());
    // The generated key is not editable.
    QVERIFY(!(model.flags(model.index(0, col(meta, u"id"_s))) & Qt::ItemIsEditable));
}

void tst_EntityTableModel::reloadsAfterCommit()
{
    QTemporaryDir dir;
    const QString path = demoDatabase(dir);
    auto doc = openDocument(path);
    const orm::EntityMeta &meta = blog::Tag::staticMeta();
    ui::EntityTableModel model(doc.get(), meta);
    QTRY_COMPARE(model.rowCount(), 30);
    auto tag = doc->createObject(meta);
    QVERIFY(doc->stageValue(tag, col(meta, u"name"_s), u"aaa-first"_s));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.sort(col(meta, u"name"_s), Qt::AscendingOrder);
    QCOMPARE(model.objectAt(30), tag); // still after the database rows
    QVERIFY(doc->commit());
    // After the commit the model reads again: the new tag is a database row, in sort order.
    QVERIFY(reset.count() >= 2);
    QTRY_COMPARE(model.rowCount(), 31);
    QCOMPARE(model.objectAt(0), tag);
    QCOMPARE(model.totalCount(), qint64(31));
}

void tst_EntityTableModel::showsValuesAsStoredWhenTheyDoNotMatchTheType()
{
    // Given a file whose second row holds text in BOOLEAN, INTEGER and FLOAT columns and a
    // blob in a VARCHAR one,
    QTemporaryDir dir;
    auto doc = openReflectedDocument(oddValuesDatabase(dir));
    QVERIFY(doc);
    const orm::EntityMeta &meta = *doc->catalog().entityForTable(u"things"_s);
    ui::EntityTableModel model(doc.get(), meta);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(model.rowCount(), 2);
    const QColor warning = ui::Theme::warningColor(QApplication::palette());
    struct Expected
    {
        QString column;
        QString shown;
        QString note;
    };
    const QList<Expected> odd {
        {u"flag"_s, u"maybe"_s, u"Stored as text, declared BOOLEAN"_s},
        {u"amount"_s, u"lots"_s, u"Stored as text, declared INTEGER"_s},
        {u"ratio"_s, u"high"_s, u"Stored as text, declared FLOAT"_s},
        {u"note"_s, QCoreApplication::translate("ui::ValueFormatter", "%n byte(s)", nullptr, 2),
         u"Stored as blob, declared VARCHAR(20)"_s},
    };
    for (const Expected &e : odd) {
        const QModelIndex cell = model.index(1, col(meta, e.column));
        // then each odd value is shown as stored, never as 0, true or a number,
        QCOMPARE(cell.data(Qt::DisplayRole).toString(), e.shown);
        QVERIFY(!cell.data(Qt::CheckStateRole).isValid());
        // in the warning colour, with a note saying what is stored and what is declared;
        QCOMPARE(cell.data(ui::EntityTableModel::StorageNoteRole).toString(), e.note);
        QCOMPARE(cell.data(Qt::ToolTipRole).toString(), e.note);
        QCOMPARE(cell.data(Qt::ForegroundRole).value<QColor>(), warning);
        QVERIFY(cell.data(ui::EntityTableModel::ErrorRole).toString().isEmpty());
    }
    // a BOOLEAN holding text is edited through its editor, not toggled as a check box;
    const QModelIndex oddFlag = model.index(1, col(meta, u"flag"_s));
    QVERIFY(!(model.flags(oddFlag) & Qt::ItemIsUserCheckable));
    QVERIFY(model.flags(oddFlag) & Qt::ItemIsEditable);
    // and the values that fit are shown as their type says, without a note.
    const QModelIndex flag = model.index(0, col(meta, u"flag"_s));
    QCOMPARE(flag.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
    QVERIFY(model.flags(flag) & Qt::ItemIsUserCheckable);
    QVERIFY(flag.data(ui::EntityTableModel::StorageNoteRole).toString().isEmpty());
    const QModelIndex amount = model.index(0, col(meta, u"amount"_s));
    QCOMPARE(amount.data().toString(), u"5"_s);
    QVERIFY(amount.data(ui::EntityTableModel::StorageNoteRole).toString().isEmpty());
    QVERIFY(amount.data(Qt::ForegroundRole).value<QColor>() != warning);
}

void tst_EntityTableModel::oddValuesStayAsStoredThroughOtherEditsAndUndo()
{
    // Given the row with odd values,
    QTemporaryDir dir;
    const QString path = oddValuesDatabase(dir);
    auto doc = openReflectedDocument(path);
    QVERIFY(doc);
    const orm::EntityMeta &meta = *doc->catalog().entityForTable(u"things"_s);
    ui::EntityTableModel model(doc.get(), meta);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(model.rowCount(), 2);
    const QModelIndex flag = model.index(1, col(meta, u"flag"_s));
    // when another field of it is edited,
    QVERIFY(model.setData(model.index(1, col(meta, u"name"_s)), u"renamed"_s));
    // then the odd values are still flagged, not errors, and do not hold the commit back;
    QCOMPARE(flag.data().toString(), u"maybe"_s);
    QVERIFY(!flag.data(ui::EntityTableModel::StorageNoteRole).toString().isEmpty());
    QVERIFY(flag.data(ui::EntityTableModel::ErrorRole).toString().isEmpty());
    QVERIFY(!doc->validator()->hasErrors());
    // a value of the declared type replaces one (a check box again),
    QVERIFY(model.setData(flag, true));
    QCOMPARE(flag.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
    QVERIFY(flag.data(ui::EntityTableModel::StorageNoteRole).toString().isEmpty());
    // Undo brings the stored value back as it was,
    doc->undoStack()->undo();
    QCOMPARE(flag.data().toString(), u"maybe"_s);
    QCOMPARE(flag.data(ui::EntityTableModel::StorageNoteRole).toString(),
             u"Stored as text, declared BOOLEAN"_s);
    // and the commit writes the edited field only: the odd values stay as stored.
    QVERIFY2(doc->commit(), qPrintable(doc->lastError().text()));
    auto check = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    orm::Session reader(check);
    const auto rows = reader.execute(
        u"SELECT name, flag, typeof(flag), amount, ratio, typeof(note) FROM things WHERE id = 2"_s);
    QVERIFY(rows);
    const QVariantList row = rows->rows.first();
    QCOMPARE(row.at(0).toString(), u"renamed"_s);
    QCOMPARE(row.at(1).toString(), u"maybe"_s);
    QCOMPARE(row.at(2).toString(), u"text"_s);
    QCOMPARE(row.at(3).toString(), u"lots"_s);
    QCOMPARE(row.at(4).toString(), u"high"_s);
    QCOMPARE(row.at(5).toString(), u"blob"_s);
}

QTEST_MAIN(tst_EntityTableModel)
#include "tst_entitytablemodel.moc"

void tst_EntityTableModel::readsPagesNearTheEndFromTheEnd()
{
    // Given 3000 posts less post 1500 (keys with a gap: pages are found by OFFSET), counted,
    // in pages of 50,
    QTemporaryDir dir;
    const QString path = dir.filePath(u"gap.db"_s);
    QVERIFY(QFile::copy(m_large, path));
    {
        auto engine =
            orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
        QVERIFY(engine);
        QVERIFY(engine->connection().exec(u"PRAGMA foreign_keys = OFF"_s));
        QVERIFY(engine->connection().exec(u"DELETE FROM posts WHERE id = 1500"_s));
    }
    auto doc = openDocument(path);
    ui::EntityTableModel model(doc.get(), blog::Post::staticMeta());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(50);
    QTRY_COMPARE(model.totalCount(), qint64(2999));
    StatementLog log(doc->engine().connection());
    const int id = col(blog::Post::staticMeta(), u"id"_s);
    // when the last rows are read, then they come from the end (no OFFSET over the table),
    QCOMPARE(model.index(2998, id).data().toLongLong(), 3000);
    QCOMPARE(model.index(2950, id).data().toLongLong(), 2952);
    QVERIFY2(log.countContaining(u"ORDER BY \"posts\".\"id\" DESC LIMIT ? OFFSET ?"_s) == 1,
             qPrintable(log.sql().join(u'\n')));
    // and every row is where the forward order puts it, also sorted descending by a column.
    QCOMPARE(model.index(2000, id).data().toLongLong(), 2002);
    QCOMPARE(model.index(1498, id).data().toLongLong(), 1499);
    QCOMPARE(model.index(1499, id).data().toLongLong(), 1501);
    model.sort(col(blog::Post::staticMeta(), u"title"_s), Qt::DescendingOrder);
    QTRY_COMPARE(model.totalCount(), qint64(2999));
    QStringList titles;
    for (const auto &p : doc->session().query<blog::Post>().all())
        titles << p->title.toLower() + u'\t' + QString::number(p->id).rightJustified(6, u'0');
    // Descending by title, then by id ascending as the tie-break.
    std::sort(titles.begin(), titles.end(), [](const QString &a, const QString &b) {
        const QString ta = a.section(u'\t', 0, 0), tb = b.section(u'\t', 0, 0);
        return ta != tb ? ta > tb : a.section(u'\t', 1) < b.section(u'\t', 1);
    });
    for (int r : {2998, 2990, 2501, 1500, 0}) {
        QCOMPARE(model.index(r, id).data().toLongLong(), titles[r].section(u'\t', 1).toLongLong());
    }
}

void tst_EntityTableModel::readsPagesOfKeysWithoutGapsAsKeyRanges()
{
    // Given 3000 posts with keys 1 to 3000, counted, in pages of 50,
    auto doc = openDocument(m_large);
    ui::EntityTableModel model(doc.get(), blog::Post::staticMeta());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPageSize(50);
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    StatementLog log(doc->engine().connection());
    const int id = col(blog::Post::staticMeta(), u"id"_s);
    // when rows anywhere are read, then each page is a range of keys, never an OFFSET,
    for (int r : {1500, 1549, 2999, 777, 51}) {
        QCOMPARE(model.index(r, id).data().toLongLong(), r + 1);
    }
    QVERIFY2(log.countContaining(u"BETWEEN"_s) == 4, qPrintable(log.sql().join(u'\n')));
    QVERIFY2(log.countContaining(u"OFFSET"_s) == 0, qPrintable(log.sql().join(u'\n')));
    // also in descending key order;
    model.sort(id, Qt::DescendingOrder);
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    log.clear();
    for (int r : {0, 1500, 2999, 1234}) {
        QCOMPARE(model.index(r, id).data().toLongLong(), 3000 - r);
    }
    QVERIFY2(log.countContaining(u"OFFSET"_s) == 0, qPrintable(log.sql().join(u'\n')));
    // but a filtered table, whose rows are not a run of keys, is read by OFFSET.
    model.sort(-1);
    model.setColumnFilter(id, u">=100"_s);
    QTRY_COMPARE(model.totalCount(), qint64(2901));
    log.clear();
    QCOMPARE(model.index(1500, id).data().toLongLong(), 1600);
    QVERIFY2(log.countContaining(u"BETWEEN"_s) == 0, qPrintable(log.sql().join(u'\n')));
    QVERIFY2(log.countContaining(u"OFFSET"_s) > 0, qPrintable(log.sql().join(u'\n')));
}

// The posts' ids in the order of a descending sort by title (ties by id, ascending).
static QList<qint64> idsByTitleDescending(orm::Session &session)
{
    auto posts = session.query<blog::Post>().all();
    std::sort(posts.begin(), posts.end(), [](const auto &a, const auto &b) {
        const QString ta = a->title.toLower(), tb = b->title.toLower();
        return ta != tb ? ta > tb : a->id < b->id;
    });
    QList<qint64> ids;
    for (const auto &p : posts)
        ids << p->id;
    return ids;
}

// A model that reads a table of 1000 rows or more in the background, in pages of 50.
static void readInTheBackground(ui::EntityTableModel &model)
{
    model.setBackgroundReadRows(1000);
    model.setPageSize(50);
}

void tst_EntityTableModel::readsTheKeysOfALargeTablesPagesInTheBackground()
{
    // Given 3000 posts, counted, on a model that reads them in the background,
    auto doc = openDocument(m_large);
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    const QList<qint64> expected = idsByTitleDescending(doc->session());
    ui::EntityTableModel model(doc.get(), posts);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    readInTheBackground(model);
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    QSignalSpy arrived(&model, &ui::EntityTableModel::rowsArrived);
    StatementLog log(doc->engine().connection());
    const int id = col(posts, u"id"_s);
    const int title = col(posts, u"title"_s);

    // when it is sorted by title (a sort of the whole table: the column has no index),
    model.sort(title, Qt::DescendingOrder);
    // then the window's thread reads nothing yet: the first rows come from the worker,
    QCOMPARE(model.rowCount(), 0);
    QVERIFY2(log.sql().isEmpty(), qPrintable(log.sql().join(u'\n')));
    // (the count, on a connection of its own, may come first)
    QTRY_COMPARE(arrived.count(), 1);
    QVERIFY(model.rowCount() >= 50);
    QCOMPARE(model.index(0, id).data().toLongLong(), expected[0]);
    QCOMPARE(model.index(49, id).data().toLongLong(), expected[49]);
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    QCOMPARE(model.rowCount(), 3000);

    // a far row shows a placeholder until its page's keys arrive (with its neighbours'),
    QVERIFY(!model.isArriving(0));
    QVERIFY(model.isArriving(1500));
    QCOMPARE(model.index(1500, title).data().toString(), u"…"_s);
    QVERIFY(!model.objectAt(1500));
    QTRY_VERIFY(!model.isArriving(1500));
    QCOMPARE(arrived.count(), 2);
    QVERIFY(arrived.last().at(0).toInt() <= 1500 && arrived.last().at(1).toInt() >= 1500);
    QCOMPARE(model.index(1500, id).data().toLongLong(), expected[1500]);
    // and rows read from the end arrive in the table's order.
    QVERIFY(model.isArriving(2990));
    QCOMPARE(model.index(2990, id).data(), QVariant(u"…"_s));
    QTRY_COMPARE(model.index(2990, id).data().toLongLong(), expected[2990]);
    QCOMPARE(model.index(2999, id).data().toLongLong(), expected[2999]);
    QCOMPARE(model.index(2800, id).data().toLongLong(), expected[2800]);
    QCOMPARE(model.index(1300, id).data().toLongLong(), expected[1300]);
    // The window's own connection read rows by key only: no sort, no OFFSET.
    QVERIFY(log.countContaining(u" IN ("_s) >= 3);
    QVERIFY2(log.countContaining(u"OFFSET"_s) == 0 && log.countContaining(u"ORDER BY"_s) == 0,
             qPrintable(log.sql().join(u'\n')));

    // A filter reads its rows in the background too, and a far object is still found.
    model.setColumnFilter(title, u"a"_s);
    QCOMPARE(model.rowCount(), 0);
    QTRY_VERIFY(model.totalCount() > 100);
    const qint64 matching = model.totalCount();
    QTRY_VERIFY(!model.isArriving(0));
    QSignalSpy found(&model, &ui::EntityTableModel::rowFound);
    std::shared_ptr<orm::Entity> far;
    for (const auto &p : doc->session().query<blog::Post>().all()) {
        if (p->title.contains(u"a"_s, Qt::CaseInsensitive) && model.absoluteRowOf(*p) < 0)
            far = p;
    }
    QVERIFY(far);
    QVERIFY(model.findRow(far));
    QTRY_COMPARE(found.count(), 1);
    const qint64 at = found.first().at(1).toLongLong();
    QVERIFY(at >= 0 && at < matching);
    QTRY_COMPARE(model.objectAtAbsolute(at), far);
    QVERIFY2(log.countContaining(u"OFFSET"_s) == 0, qPrintable(log.sql().join(u'\n')));
}

void tst_EntityTableModel::readsTheLatestPagesAskedForFirst()
{
    // Given the 3000 posts sorted by title, read in the background,
    auto doc = openDocument(m_large);
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    const QList<qint64> expected = idsByTitleDescending(doc->session());
    ui::EntityTableModel model(doc.get(), posts);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    readInTheBackground(model);
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    const int id = col(posts, u"id"_s);
    model.sort(col(posts, u"title"_s), Qt::DescendingOrder);
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    QTRY_VERIFY(!model.isArriving(0));
    QSignalSpy arrived(&model, &ui::EntityTableModel::rowsArrived);
    // when far rows are asked for one after the other (a scroll bar dragged down),
    for (int r : {600, 1100, 1600, 2100, 2600})
        QCOMPARE(model.index(r, id).data().toString(), u"…"_s);
    // then the first, already on its way, arrives, then only the last two asked for:
    QTRY_COMPARE(arrived.count(), 3);
    QVERIFY(!model.isArriving(600));
    QVERIFY(model.isArriving(1100));
    QVERIFY(model.isArriving(1600));
    QVERIFY(!model.isArriving(2100));
    QVERIFY(!model.isArriving(2600));
    // and each is where the order puts it; rows passed over are read when asked for again.
    for (int r : {600, 2100, 2600})
        QCOMPARE(model.index(r, id).data().toLongLong(), expected[r]);
    QCOMPARE(model.index(1100, id).data().toString(), u"…"_s);
    QTRY_COMPARE(model.index(1100, id).data().toLongLong(), expected[1100]);
}

void tst_EntityTableModel::searchesLargeTablesByIndexedPrefix()
{
    // Given the users table, counted, and taken as large,
    auto doc = openDocument(m_large);
    ui::EntityTableModel model(doc.get(), blog::User::staticMeta());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLargeTableRows(100);
    QTRY_COMPARE(model.totalCount(), qint64(300));
    QVERIFY(model.searchesByPrefix());
    StatementLog log(doc->engine().connection());
    // when searching, then the indexed columns are looked up by their start (a range),
    model.setSearchText(u"alice"_s);
    QTRY_VERIFY(model.totalCount() >= 0);
    QVERIFY2(log.countContaining(u"\"users\".\"username\" >= ?"_s) > 0,
             qPrintable(log.sql().join(u'\n')));
    QVERIFY(log.countContaining(u"LIKE"_s) == 0);
    const int username = col(blog::User::staticMeta(), u"username"_s);
    QVERIFY(model.rowCount() > 0);
    for (int r = 0; r < model.rowCount(); ++r) {
        const auto u = model.objectAt(r);
        QVERIFY(u->value(u"username"_s).toString().startsWith(u"alice"_s)
                || u->value(u"email"_s).toString().startsWith(u"alice"_s));
    }
    QCOMPARE(model.index(0, username).data().toString(), u"alice"_s);
    // and a small table keeps searching the text anywhere.
    ui::EntityTableModel small(doc.get(), blog::User::staticMeta());
    QTRY_COMPARE(small.totalCount(), qint64(300));
    QVERIFY(!small.searchesByPrefix());
    small.setSearchText(u"lice"_s);
    QTRY_VERIFY(small.totalCount() > 0);
    QCOMPARE(small.index(0, username).data().toString(), u"alice"_s);
}

void tst_EntityTableModel::showsALargeTableThroughAWindow()
{
    // Given 3000 posts, counted, shown through a window of 50 rows,
    auto doc = openDocument(m_large);
    ui::EntityTableModel model(doc.get(), blog::Post::staticMeta());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWindowRows(50);
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    const int id = col(blog::Post::staticMeta(), u"id"_s);
    // then the model has the window's rows, and the table all of them;
    QVERIFY(model.isWindowed());
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.absoluteRowCount(), qint64(3000));
    QCOMPARE(model.windowStart(), qint64(0));
    QCOMPARE(model.index(49, id).data().toLongLong(), 50);
    // model row r is absolute row windowStart + r, wherever the window is;
    QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
    model.setWindowStart(1000);
    QCOMPARE(layout.count(), 1);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.windowStart(), qint64(1000));
    for (int r : {0, 1, 25, 49}) {
        QCOMPARE(model.absoluteRow(r), qint64(1000 + r));
        QCOMPARE(model.index(r, id).data().toLongLong(), 1000 + r + 1);
        QCOMPARE(model.objectAt(r), model.objectAtAbsolute(1000 + r));
    }
    QCOMPARE(model.windowRow(1049), 49);
    QCOMPARE(model.windowRow(1050), -1);
    QCOMPARE(model.windowRow(999), -1);
    QVERIFY(!model.objectAt(50));
    QCOMPARE(model.headerData(0, Qt::Vertical, Qt::AccessibleTextRole).toString(), u"Row 1001"_s);
    // rowOf() is the model row in the window; absoluteRowOf() finds loaded rows anywhere;
    const auto early = model.objectAtAbsolute(10);
    QCOMPARE(model.rowOf(*early), -1);
    QCOMPARE(model.absoluteRowOf(*early), qint64(10));
    QCOMPARE(model.rowOf(*model.objectAtAbsolute(1010)), 10);
    // and the window stays whole at the end of the table (the last row is the last row).
    model.setWindowStart(5000);
    QCOMPARE(model.windowStart(), qint64(2950));
    QCOMPARE(model.index(49, id).data().toLongLong(), 3000);
    // A smaller table has no window.
    ui::EntityTableModel users(doc.get(), blog::User::staticMeta());
    users.setWindowRows(1000);
    QTRY_COMPARE(users.rowCount(), 300);
    QVERIFY(!users.isWindowed());
    users.setWindowStart(100);
    QCOMPARE(users.windowStart(), qint64(0));
}

void tst_EntityTableModel::movingTheWindowKeepsPersistentIndexesOnTheirRows()
{
    // Given a window of 50 posts at absolute row 1000, and indexes kept on two of its rows,
    auto doc = openDocument(m_large);
    ui::EntityTableModel model(doc.get(), blog::Post::staticMeta());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWindowRows(50);
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    model.setWindowStart(1000);
    const int id = col(blog::Post::staticMeta(), u"id"_s);
    const QPersistentModelIndex leaving(model.index(10, id)); // absolute 1010
    const QPersistentModelIndex staying(model.index(45, 2)); // absolute 1045
    const QVariant stayingValue = staying.data();
    // when the window moves down by 20 rows,
    model.setWindowStart(1020);
    // then a row still in the window keeps its index, moved up by 20, with the same data,
    QVERIFY(staying.isValid());
    QCOMPARE(staying.row(), 25);
    QCOMPARE(staying.column(), 2);
    QCOMPARE(staying.data(), stayingValue);
    QCOMPARE(model.index(staying.row(), id).data().toLongLong(), 1046);
    // and a row the window left has an invalid index.
    QVERIFY(!leaving.isValid());
    // Moving it back brings nothing back (the index is gone), and keeps the other one.
    model.setWindowStart(1000);
    QVERIFY(!leaving.isValid());
    QCOMPARE(staying.row(), 45);
    model.setWindowStart(0);
    QVERIFY(!staying.isValid());
}

void tst_EntityTableModel::sortAndFiltersStartTheWindowAgain()
{
    // Given a window of 50 posts moved to the middle,
    auto doc = openDocument(m_large);
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    ui::EntityTableModel model(doc.get(), posts);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWindowRows(50);
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    model.setWindowStart(1500);
    const int id = col(posts, u"id"_s);
    // when sorted by id, descending, then the window starts at the first row of the new order;
    model.sort(id, Qt::DescendingOrder);
    QCOMPARE(model.windowStart(), qint64(0));
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    QVERIFY(model.isWindowed());
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.index(0, id).data().toLongLong(), 3000);
    model.setWindowStart(2000);
    QCOMPARE(model.index(0, id).data().toLongLong(), 1000);
    // a filter that leaves fewer rows than the window has no window;
    model.setColumnFilter(id, u"<=30"_s);
    QTRY_COMPARE(model.totalCount(), qint64(30));
    QVERIFY(!model.isWindowed());
    QCOMPARE(model.windowStart(), qint64(0));
    QCOMPARE(model.rowCount(), 30);
    QCOMPARE(model.index(29, id).data().toLongLong(), 1);
    // and without it, the window is back, from the first row.
    model.setColumnFilter(id, QString());
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    QVERIFY(model.isWindowed());
    QCOMPARE(model.windowStart(), qint64(0));
    QCOMPARE(model.index(0, id).data().toLongLong(), 3000);
    // A search too.
    model.setWindowStart(700);
    model.setSearchText(u"a"_s);
    QCOMPARE(model.windowStart(), qint64(0));
}

void tst_EntityTableModel::newObjectsComeAfterTheWindowUntilItReachesThem()
{
    // Given a window of 50 of the 3000 posts, at the start,
    auto doc = openDocument(m_large);
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    ui::EntityTableModel model(doc.get(), posts);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWindowRows(50);
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // when a post is created, then it is the table's last row, after the window;
    auto post = doc->createObject(posts);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.absoluteRowCount(), qint64(3001));
    QCOMPARE(model.absoluteRowOf(*post), qint64(3000));
    QCOMPARE(model.rowOf(*post), -1);
    // the window moved to the end shows it last, marked new;
    model.setWindowStart(3000);
    QCOMPARE(model.windowStart(), qint64(2951));
    QCOMPARE(model.objectAt(49), post);
    QCOMPARE(model.index(49, 0).data(ui::EntityTableModel::ChangeRole).toInt(),
             int(ui::EntityTableModel::Change::New));
    // an edit staged on a row of the window stays marked wherever the window goes;
    const auto edited = model.objectAt(10);
    QVERIFY(doc->stageValue(edited, col(posts, u"title"_s), u"Edited in the window"_s));
    model.setWindowStart(0);
    model.setWindowStart(2951);
    QCOMPARE(model.objectAt(10), edited);
    QCOMPARE(model.index(10, 1).data(ui::EntityTableModel::ChangeRole).toInt(),
             int(ui::EntityTableModel::Change::Modified));
    // and when the new post goes (undo), the window keeps 50 rows, one further up.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    doc->undoStack()->undo(); // the title
    doc->undoStack()->undo(); // the new post
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.absoluteRowCount(), qint64(3000));
    QCOMPARE(model.windowStart(), qint64(2950));
    QCOMPARE(model.index(49, col(posts, u"id"_s)).data().toLongLong(), 3000);
    QCOMPARE(model.objectAt(11), edited);
}

void tst_EntityTableModel::findsTheRowOfAnObjectThatIsNotLoaded_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::newRow("unsorted (by key)") << QString() << Qt::AscendingOrder;
    QTest::newRow("id descending") << u"id"_s << Qt::DescendingOrder;
    QTest::newRow("title (case-insensitive)") << u"title"_s << Qt::AscendingOrder;
    QTest::newRow("title descending") << u"title"_s << Qt::DescendingOrder;
    QTest::newRow("date posted") << u"date_posted"_s << Qt::AscendingOrder;
    QTest::newRow("parent, NULL first") << u"parent_id"_s << Qt::AscendingOrder;
    QTest::newRow("parent descending, NULL last") << u"parent_id"_s << Qt::DescendingOrder;
}

void tst_EntityTableModel::findsTheRowOfAnObjectThatIsNotLoaded()
{
    QFETCH(QString, column);
    QFETCH(Qt::SortOrder, order);
    // Given two models of the 3000 posts in the same order: one read from end to end (the
    // order as the pages have it), one that has read its first page only,
    auto doc = openDocument(m_large);
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    ui::EntityTableModel reference(doc.get(), posts);
    ui::EntityTableModel model(doc.get(), posts);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWindowRows(50);
    if (!column.isEmpty()) {
        reference.sort(col(posts, column), order);
        model.sort(col(posts, column), order);
    }
    QTRY_COMPARE(reference.totalCount(), qint64(3000));
    QTRY_COMPARE(model.totalCount(), qint64(3000));
    QList<qint64> rows {0, 1, 777, 1500, 2998, 2999};
    if (!column.isEmpty()) {
        // Where the value turns from NULL to not NULL, or back, and where it repeats.
        const int c = col(posts, column);
        for (qint64 r = 1; r < 3000; ++r) {
            const QVariant a = reference.objectAtAbsolute(r - 1)->value(c);
            const QVariant b = reference.objectAtAbsolute(r)->value(c);
            if (a.isNull() != b.isNull() || (!a.isNull() && a == b))
                rows << r - 1 << r;
        }
    }
    QSignalSpy found(&model, &ui::EntityTableModel::rowFound);
    int looked = 0;
    for (qint64 r : rows) {
        const std::shared_ptr<orm::Entity> post = reference.objectAtAbsolute(r);
        if (model.absoluteRowOf(*post) >= 0)
            continue; // loaded already: no need to look
        // when the model looks for a post it has not loaded,
        QVERIFY(model.findRow(post));
        ++looked;
        // then it finds it where the order puts it.
        QTRY_COMPARE(found.count(), looked);
        QCOMPARE(found.last().at(0).value<std::shared_ptr<orm::Entity>>(), post);
        QCOMPARE(found.last().at(1).toLongLong(), r);
        if (looked > 40)
            break;
    }
    QVERIFY(looked >= 3);
    // A post a filter leaves out is not found.
    model.setColumnFilter(col(posts, u"id"_s), u"<=100"_s);
    QTRY_COMPARE(model.totalCount(), qint64(100));
    const auto outside = doc->session().get<blog::Post>(qint64(2500));
    QVERIFY(model.findRow(outside));
    QTRY_COMPARE(found.count(), looked + 1);
    QCOMPARE(found.last().at(1).toLongLong(), qint64(-1));
}
