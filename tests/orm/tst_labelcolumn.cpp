// SPDX-License-Identifier: MIT
#include "orm/drivers/sqlite/reflection.h"
#include "orm/engine/connection.h"
#include "orm/engine/engine.h"
#include "orm/mapping/automap.h"
#include "orm/mapping/labelcolumn.h"
#include "orm/mapping/mapper.h"

#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

// A typed model that names no label column of its own.
class Gadget : public orm::Model<Gadget>
{
public:
    qint64 id = 0;
    QString serial;
    QString displayName;
    static void map(orm::Mapper<Gadget> &m)
    {
        m.table(u"gadgets"_s);
        m.column(&Gadget::id, u"id"_s, orm::Integer).primaryKey();
        m.column(&Gadget::serial, u"serial"_s, orm::String(20)).unique();
        m.column(&Gadget::displayName, u"displayName"_s, orm::String(80));
    }
};

} // namespace

// The column that names the rows of a table nobody described (chooseLabelColumn()).
class tst_LabelColumn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reflectedTables_data();
    void reflectedTables();
    void typedModelsWithoutADeclaredLabel();
    void aDeclaredLabelIsKept();
};

void tst_LabelColumn::reflectedTables_data()
{
    QTest::addColumn<QStringList>("ddl");
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("label"); // empty: none fits

    const QString book = u"CREATE TABLE book (id INTEGER PRIMARY KEY, "
                         "isbn VARCHAR(17) NOT NULL UNIQUE, title TEXT NOT NULL)"_s;
    // A library.
    QTest::newRow("a title, not the unique ISBN") << QStringList {book} << u"book"_s << u"title"_s;
    QTest::newRow("the ISBN declared after the title")
        << QStringList {u"CREATE TABLE book (id INTEGER PRIMARY KEY, title TEXT, "
                        "isbn TEXT UNIQUE)"_s}
        << u"book"_s << u"title"_s;
    QTest::newRow("a book's title in other words")
        << QStringList {u"CREATE TABLE book (id INTEGER PRIMARY KEY, isbn TEXT UNIQUE, "
                        "book_title TEXT)"_s}
        << u"book"_s << u"book_title"_s;
    QTest::newRow("a member's full name, not the unique card or e-mail")
        << QStringList {u"CREATE TABLE member (id INTEGER PRIMARY KEY, card_no TEXT UNIQUE, "
                        "email TEXT UNIQUE, full_name TEXT)"_s}
        << u"member"_s << u"full_name"_s;
    QTest::newRow("a member's e-mail, unique or not")
        << QStringList {u"CREATE TABLE member (id INTEGER PRIMARY KEY, card_no TEXT UNIQUE, "
                        "joined DATE, \"E-mail\" TEXT)"_s}
        << u"member"_s << u"E-mail"_s;
    QTest::newRow("a composite key: nothing to name it by")
        << QStringList {book, u"CREATE TABLE member (id INTEGER PRIMARY KEY, name TEXT)"_s,
                        u"CREATE TABLE loan (book_id INTEGER REFERENCES book (id), "
                        "member_id INTEGER REFERENCES member (id), due DATE, note TEXT, "
                        "PRIMARY KEY (book_id, member_id))"_s}
        << u"loan"_s << QString();

    // Flask-SQLAlchemy's tutorials and seeds.
    QTest::newRow("flask: a user's username before the e-mail")
        << QStringList {u"CREATE TABLE users (id INTEGER PRIMARY KEY, "
                        "username VARCHAR(80) NOT NULL UNIQUE, email VARCHAR(120) NOT NULL "
                        "UNIQUE, password_hash VARCHAR(128))"_s}
        << u"users"_s << u"username"_s;
    QTest::newRow("flask: a user known by e-mail only, never by the password hash")
        << QStringList {u"CREATE TABLE user (id INTEGER PRIMARY KEY, "
                        "password_hash VARCHAR(128) UNIQUE, email VARCHAR(120) UNIQUE)"_s}
        << u"user"_s << u"email"_s;
    QTest::newRow("flask: an account's unique number")
        << QStringList {u"CREATE TABLE account (id INTEGER PRIMARY KEY, "
                        "account_number VARCHAR(20) NOT NULL UNIQUE, balance FLOAT)"_s}
        << u"account"_s << u"account_number"_s;
    QTest::newRow("flask: a player's name, not the team's")
        << QStringList {u"CREATE TABLE team (id INTEGER PRIMARY KEY, name VARCHAR(50))"_s,
                        u"CREATE TABLE player (id INTEGER PRIMARY KEY, team_name VARCHAR(50) "
                        "REFERENCES team (name), number INTEGER, name VARCHAR(50))"_s}
        << u"player"_s << u"name"_s;

    // Chinook and Northwind, written as their authors did.
    QTest::newRow("chinook: Album.Title")
        << QStringList {u"CREATE TABLE Album (AlbumId INTEGER PRIMARY KEY, "
                        "Title NVARCHAR(160) NOT NULL, ArtistId INTEGER NOT NULL)"_s}
        << u"Album"_s << u"Title"_s;
    QTest::newRow("chinook: an employee's last name, not the job title")
        << QStringList {u"CREATE TABLE Employee (EmployeeId INTEGER PRIMARY KEY, "
                        "LastName NVARCHAR(20) NOT NULL, FirstName NVARCHAR(20) NOT NULL, "
                        "Title NVARCHAR(30), Email NVARCHAR(60))"_s}
        << u"Employee"_s << u"LastName"_s;
    QTest::newRow("northwind: a customer's company name")
        << QStringList {u"CREATE TABLE Customers (CustomerID NCHAR(5) PRIMARY KEY, "
                        "CompanyName NVARCHAR(40) NOT NULL, ContactName NVARCHAR(30), "
                        "ContactTitle NVARCHAR(30))"_s}
        << u"Customers"_s << u"CompanyName"_s;
    QTest::newRow("a column of a name-like word that is a number")
        << QStringList {u"CREATE TABLE t (id INTEGER PRIMARY KEY, name_count INTEGER, "
                        "code TEXT UNIQUE)"_s}
        << u"t"_s << u"code"_s;
    QTest::newRow("untyped columns, as SQLite allows")
        << QStringList {u"CREATE TABLE t (id INTEGER PRIMARY KEY, sku UNIQUE, NAME)"_s} << u"t"_s
        << u"NAME"_s;
    QTest::newRow("a text key is unique")
        << QStringList {u"CREATE TABLE word (word TEXT PRIMARY KEY, meaning TEXT)"_s} << u"word"_s
        << u"word"_s;
    QTest::newRow("no column fits")
        << QStringList {u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, at DATETIME)"_s}
        << u"notes"_s << QString();
}

void tst_LabelColumn::reflectedTables()
{
    QFETCH(QStringList, ddl);
    QFETCH(QString, table);
    QFETCH(QString, label);
    // Given a file with these tables,
    auto engine = orm::Engine::create(orm::DatabaseUrl::memory(), {});
    QVERIFY(engine);
    for (const QString &sql : ddl)
        QVERIFY2(engine->connection().exec(sql),
                 qPrintable(engine->connection().lastError().text()));
    // when it is reflected and automapped,
    orm::Error error;
    const auto metadata = orm::reflect(engine->connection(), &error);
    QVERIFY2(metadata, qPrintable(error.text()));
    const orm::Automap map(*metadata);
    const orm::EntityMeta *meta = map.entity(table);
    QVERIFY(meta);
    // then its rows are named by the expected column, by default.
    const int column = meta->labelColumn();
    QCOMPARE(column >= 0 ? meta->column(column).column.name : QString(), label);
    QCOMPARE(meta->defaultLabelColumn(), column);
}

void tst_LabelColumn::typedModelsWithoutADeclaredLabel()
{
    // A typed model that declares no label gets the same rule: its display name, not its
    // unique serial number.
    const orm::EntityMeta &meta = Gadget::staticMeta();
    QCOMPARE(meta.labelColumn(), meta.columnIndex(u"displayName"_s));
    QCOMPARE(orm::chooseLabelColumn(meta), meta.labelColumn());
}

void tst_LabelColumn::aDeclaredLabelIsKept()
{
    // Given a reflected book labelled by its ISBN on purpose,
    auto engine = orm::Engine::create(orm::DatabaseUrl::memory(), {});
    QVERIFY(engine);
    QVERIFY(engine->connection().exec(u"CREATE TABLE book (id INTEGER PRIMARY KEY, "
                                      "isbn TEXT UNIQUE, title TEXT)"_s));
    const auto metadata = orm::reflect(engine->connection());
    QVERIFY(metadata);
    orm::Automap map(*metadata);
    map.setLabelColumn(u"book"_s, u"isbn"_s);
    // the choice holds, and the rule's own choice stays the default to go back to.
    const orm::EntityMeta *book = map.entity(u"book"_s);
    QCOMPARE(book->labelColumn(), book->columnIndex(u"isbn"_s));
    QCOMPARE(book->defaultLabelColumn(), book->columnIndex(u"title"_s));
}

QTEST_GUILESS_MAIN(tst_LabelColumn)
#include "tst_labelcolumn.moc"
