// SPDX-License-Identifier: MIT
// Searching a server database through the window: the quick search and the column filters on
// columns of the server's own types (a Django UUIDField, timestamptz, an enum, inet, xml),
// typed as a person does, and a read the server refuses said where the person looks.

#include "gui/guitestsupport.h"
#include "postgresql/serverdatabase.h"
#include "ui/filterheader.h"

#include <QLabel>

using namespace guitest;

class tst_PgSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void quickSearchFindsTheTextOfEveryType_data();
    void quickSearchFindsTheTextOfEveryType();
    void dateFiltersOnTimestampWithTimeZone_data();
    void dateFiltersOnTimestampWithTimeZone();
    void aRefusedReadIsSaid();

private:
    Window open();
    // Products shown and counted.
    bool showProducts(Window &w);
    // The values of the name column of the rows shown, once they are counted; "(still
    // counting)" when the count never ends.
    QStringList shownNames(Window &w);

    QTemporaryDir m_dir;
    testserver::ServerDatabase m_database {u"rowsmith_search"_s};
    QString m_url;
};

void tst_PgSearch::initTestCase()
{
    QVERIFY(m_dir.isValid());
    isolateSettings(m_dir.path());
    withoutKeychain(m_dir.path());
    QString error;
    m_url = m_database.create(&error);
    QVERIFY2(!m_url.isEmpty(), qPrintable(error));
}

void tst_PgSearch::cleanupTestCase()
{
    m_database.drop();
}

void tst_PgSearch::init()
{
    // As Django makes a model with a UUIDField and a DateTimeField (USE_TZ), with the types
    // an application adds by hand.
    QString error;
    QVERIFY2(
        m_database.run(
            {
                u"DROP VIEW IF EXISTS failing"_s,
                u"DROP TABLE IF EXISTS products"_s,
                u"DROP TYPE IF EXISTS mood"_s,
                u"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')"_s,
                u"CREATE TABLE products (id SERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL, "
                "sku UUID NOT NULL UNIQUE, created TIMESTAMP WITH TIME ZONE NOT NULL, "
                "mood mood, address INET, doc XML)"_s,
                u"INSERT INTO products (name, sku, created, mood, address, doc) VALUES "
                "('lamp', '0bbf3b3e-1d1b-4f0b-9c55-2d1f0a8f5e01', '2024-05-01 09:00+00', 'sad', "
                "'10.1.2.3', '<note>blue</note>'), "
                "('desk', '7c2a41d0-5e3f-4a8b-b1c2-d3e4f5a6b7c8', '2024-05-12 10:20:30+00', 'ok', "
                "'192.168.7.9', '<note>oak</note>'), "
                "('chair', 'f00dcafe-0000-4000-8000-000000000003', '2024-05-19 23:30+00', 'happy', "
                "NULL, NULL)"_s,
                // A view whose rows the server cannot compute: every read of it is refused.
                u"CREATE VIEW failing AS SELECT g AS id, 'x' || g AS name FROM "
                "generate_series(1, 3) g WHERE 1 / (g - 2) >= -100"_s,
            },
            &error),
        qPrintable(error));
}

Window tst_PgSearch::open()
{
    return showWindow(
        std::make_unique<ui::MainWindow>(std::make_shared<ui::ReflectingSchemaProvider>()), m_url);
}

bool tst_PgSearch::showProducts(Window &w)
{
    if (!clickEntity(*w, u"Products"_s))
        return false;
    return QTest::qWaitFor([&] {
        ui::EntityTableModel *model = tableModel(*w);
        return model && !model->isCounting() && model->rowCount() == 3 && model->objectAt(2);
    });
}

QStringList tst_PgSearch::shownNames(Window &w)
{
    ui::EntityTableModel *model = tableModel(*w);
    if (!QTest::qWaitFor([model] { return !model->isCounting(); }))
        return {u"(still counting)"_s};
    const int name = columnOf(*w, u"name"_s);
    QStringList names;
    for (int r = 0; r < model->rowCount(); ++r) {
        if (!QTest::qWaitFor([&] { return model->objectAt(r) != nullptr; }))
            return {u"(row %1 never read)"_s.arg(r)};
        names << model->objectAt(r)->value(name).toString();
    }
    return names;
}

void tst_PgSearch::quickSearchFindsTheTextOfEveryType_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("a uuid's digits") << u"5e3f-4a8b"_s << QStringList {u"desk"_s};
    QTest::newRow("a uuid, upper case") << u"F00DCAFE"_s << QStringList {u"chair"_s};
    QTest::newRow("an enum's label") << u"sad"_s << QStringList {u"lamp"_s};
    QTest::newRow("an address") << u"192.168"_s << QStringList {u"desk"_s};
    QTest::newRow("an XML text") << u"oak"_s << QStringList {u"desk"_s};
    QTest::newRow("a name") << u"LAMP"_s << QStringList {u"lamp"_s};
    QTest::newRow("nothing") << u"zebra"_s << QStringList {};
}

void tst_PgSearch::quickSearchFindsTheTextOfEveryType()
{
    QFETCH(QString, text);
    QFETCH(QStringList, names);
    // Given products whose columns are of the server's own types,
    Window w = open();
    QVERIFY(showProducts(w));
    // when the person types a piece of a value into the quick search,
    searchFor(*w, text);
    QTRY_COMPARE(tableModel(*w)->searchText(), text);
    // the rows whose value shows that text are listed, and counted.
    QCOMPARE(shownNames(w), names);
    auto *count = w->findChild<QLabel *>(u"rowCount"_s);
    QVERIFY2(count->text().contains(u"match"_s), qPrintable(count->text()));
    QVERIFY(!w->findChild<QLabel *>(u"browserNote"_s)->isVisible());
}

void tst_PgSearch::dateFiltersOnTimestampWithTimeZone_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("a day's start") << u"2024-05-1"_s << QStringList {u"desk"_s, u"chair"_s};
    QTest::newRow("a day") << u"2024-05-12"_s << QStringList {u"desk"_s};
    QTest::newRow("a minute") << u"2024-05-19 23:30"_s << QStringList {u"chair"_s};
    QTest::newRow("after a month's start")
        << u">=2024-05-02"_s << QStringList {u"desk"_s, u"chair"_s};
    QTest::newRow("before a day") << u"<2024-05-12"_s << QStringList {u"lamp"_s};
    QTest::newRow("a range") << u"2024-05-01..2024-05-12"_s << QStringList {u"lamp"_s, u"desk"_s};
    QTest::newRow("a month") << u"=2024-05"_s << QStringList {u"lamp"_s, u"desk"_s, u"chair"_s};
}

void tst_PgSearch::dateFiltersOnTimestampWithTimeZone()
{
    QFETCH(QString, filter);
    QFETCH(QStringList, names);
    // Given the products, made at times with a zone,
    Window w = open();
    QVERIFY(showProducts(w));
    // when the person types a date into the Created column's filter,
    QLineEdit *field = w->browser()->filterHeader()->filterEditor(columnOf(*w, u"created"_s));
    QVERIFY(field && field->isVisible());
    retype(field, filter);
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(tableModel(*w)->columnFilterError(columnOf(*w, u"created"_s)), QString());
    QTRY_COMPARE(tableModel(*w)->columnFilter(columnOf(*w, u"created"_s)), filter);
    // the rows made then are listed (times in UTC, as the grid shows them).
    QCOMPARE(shownNames(w), names);
    QVERIFY(!w->findChild<QLabel *>(u"browserNote"_s)->isVisible());
}

void tst_PgSearch::aRefusedReadIsSaid()
{
    // Given a view whose rows the server refuses to compute,
    Window w = open();
    QVERIFY(clickEntity(*w, u"Failing"_s));
    // its grid stays empty, but the note beside the search field says why,
    auto *note = w->findChild<QLabel *>(u"browserNote"_s);
    QTRY_VERIFY(note->isVisible());
    QVERIFY2(note->text().contains(u"cannot be read"_s), qPrintable(note->text()));
    QVERIFY2(note->text().contains(u"division by zero"_s), qPrintable(note->text()));
    // and the count is not left "counting…" for good.
    auto *count = w->findChild<QLabel *>(u"rowCount"_s);
    QTRY_COMPARE(count->text(), u"not counted"_s);
    QVERIFY2(count->toolTip().contains(u"division by zero"_s), qPrintable(count->toolTip()));
    QTRY_VERIFY(!tableModel(*w)->isReading()); // the rows too: nothing left under way

    // Another table reads as before, without the note;
    QVERIFY(showProducts(w));
    QVERIFY(!note->isVisible());
    // and back on the view, the failure is still said.
    QVERIFY(clickEntity(*w, u"Failing"_s));
    QTRY_VERIFY(note->isVisible());
    QVERIFY2(note->text().contains(u"division by zero"_s), qPrintable(note->text()));
}

QTEST_MAIN(tst_PgSearch)
#include "tst_pgsearch.moc"
