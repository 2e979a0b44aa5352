// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "orm/drivers/postgresql/pgdialect.h"
#include "orm/mapping/record.h"
#include "orm/sql/dialect.h"
#include "ui/columnfilter.h"
#include "ui/entitycatalog.h"

using namespace uitest;

class tst_ColumnFilter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void quickSearchCoversTextColumnsAndLabels();
    void otherFormsBindTheirOwnValues_data();
    void otherFormsBindTheirOwnValues();
};

void tst_ColumnFilter::parses_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("params");
    QTest::addColumn<bool>("valid");
    QTest::newRow("contains") << u"username"_s << u"ali"_s
                              << u"\"users\".\"username\" LIKE ? ESCAPE '\\'"_s
                              << QVariantList {u"%ali%"_s} << true;
    QTest::newRow("wildcards are literal")
        << u"username"_s << u"a_%"_s << u"LIKE ?"_s << QVariantList {u"%a\\_\\%%"_s} << true;
    QTest::newRow("equals") << u"username"_s << u"=alice"_s << u"\"users\".\"username\" = ?"_s
                            << QVariantList {u"alice"_s} << true;
    QTest::newRow("number") << u"id"_s << u"7"_s << u"\"users\".\"id\" = ?"_s
                            << QVariantList {qint64(7)} << true;
    QTest::newRow("greater") << u"id"_s << u"> 40"_s << u"\"users\".\"id\" > ?"_s
                             << QVariantList {qint64(40)} << true;
    QTest::newRow("range") << u"id"_s << u"3..9"_s << u"BETWEEN ? AND ?"_s
                           << QVariantList {qint64(3), qint64(9)} << true;
    QTest::newRow("not a number") << u"id"_s << u"abc"_s << QString() << QVariantList {} << false;
    QTest::newRow("boolean") << u"is_active"_s << u"yes"_s << u"\"users\".\"is_active\" = ?"_s
                             << QVariantList {qint64(1)} << true;
    QTest::newRow("date prefix") << u"created_at"_s << u"2024-01"_s << u"LIKE ?"_s
                                 << QVariantList {u"2024-01%"_s} << true;
    QTest::newRow("null") << u"email"_s << u"NULL"_s << u"\"users\".\"email\" IS NULL"_s
                          << QVariantList {} << true;
    QTest::newRow("not null") << u"email"_s << u"!NULL"_s << u"IS NOT NULL"_s << QVariantList {}
                              << true;
    // Quoted: the text as written, never an operator.
    QTest::newRow("quoted operator")
        << u"username"_s << u"\"=abc\""_s << u"\"users\".\"username\" LIKE ? ESCAPE '\\'"_s
        << QVariantList {u"%=abc%"_s} << true;
    QTest::newRow("quoted NULL") << u"email"_s << u"\"NULL\""_s << u"LIKE ?"_s
                                 << QVariantList {u"%NULL%"_s} << true;
    QTest::newRow("quoted not equal")
        << u"username"_s << u"\"!=abc\""_s << u"LIKE ?"_s << QVariantList {u"%!=abc%"_s} << true;
    QTest::newRow("quoted greater")
        << u"username"_s << u"\">b\""_s << u"LIKE ?"_s << QVariantList {u"%>b%"_s} << true;
    QTest::newRow("a quote inside") << u"username"_s << u"\"say \\\"hi\\\"\""_s << u"LIKE ?"_s
                                    << QVariantList {u"%say \"hi\"%"_s} << true;
    QTest::newRow("a backslash inside")
        << u"username"_s << u"\"a\\\\\""_s << u"LIKE ?"_s << QVariantList {u"%a\\\\%"_s} << true;
    QTest::newRow("operator, quoted operand")
        << u"username"_s << u"=\" NULL \""_s << u"\"users\".\"username\" = ?"_s
        << QVariantList {u" NULL "_s} << true;
    QTest::newRow("equals the empty text")
        << u"username"_s << u"=\"\""_s << u"\"users\".\"username\" = ?"_s << QVariantList {u""_s}
        << true;
    QTest::newRow("quoted number")
        << u"id"_s << u"\"7\""_s << u"\"users\".\"id\" = ?"_s << QVariantList {qint64(7)} << true;
    QTest::newRow("a quoted range is no range")
        << u"id"_s << u"\"3..9\""_s << QString() << QVariantList {} << false;
    QTest::newRow("unclosed quote")
        << u"username"_s << u"\"abc"_s << QString() << QVariantList {} << false;
    QTest::newRow("text after the quote")
        << u"username"_s << u"\"a\" b"_s << QString() << QVariantList {} << false;
    // Refused before any SQL: LIKE stops at a NUL (it would match every row), and SQLite
    // refuses patterns over 50,000 bytes.
    QTest::newRow("NUL") << u"username"_s << (u"a"_s + QChar(0) + u"b"_s) << QString()
                         << QVariantList {} << false;
    QTest::newRow("pattern over the limit")
        << u"username"_s << QString(50000, u'x') << QString() << QVariantList {} << false;
    QTest::newRow("pattern at the limit")
        << u"username"_s << QString(49998, u'x') << u"LIKE ?"_s
        << QVariantList {QString(u"%"_s + QString(49998, u'x') + u"%"_s)} << true;
    QTest::newRow("injection is a value")
        << u"username"_s << u"'; DROP TABLE users; --"_s << u"LIKE ?"_s
        << QVariantList {u"%'; DROP TABLE users; --%"_s} << true;
}

void tst_ColumnFilter::parses()
{
    QFETCH(QString, column);
    QFETCH(QString, text);
    QFETCH(QString, sql);
    QFETCH(QVariantList, params);
    QFETCH(bool, valid);
    const orm::EntityMeta &meta = blog::User::staticMeta();
    const ui::EntityCatalog catalog(blog::entities());
    const ui::ColumnFilter::Result r =
        ui::ColumnFilter::parse(meta, meta.columnIndex(column), text, &catalog);
    QCOMPARE(r.error.isEmpty(), valid);
    QCOMPARE(r.condition.isEmpty(), !valid);
    if (!valid)
        return;
    orm::SqliteDialect dialect;
    QString compiled;
    QVariantList bound;
    r.condition.compile(dialect, &compiled, &bound);
    QVERIFY2(compiled.contains(sql), qPrintable(compiled));
    QCOMPARE(bound, params);
}

void tst_ColumnFilter::quickSearchCoversTextColumnsAndLabels()
{
    const ui::EntityCatalog catalog(blog::entities());
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    const orm::Expr e = ui::ColumnFilter::quickSearch(posts, u"alice"_s, &catalog);
    orm::SqliteDialect dialect;
    QString sql;
    QVariantList params;
    e.compile(dialect, &sql, &params);
    // title and body, and the author's username through a subquery.
    QVERIFY2(sql.contains(u"\"posts\".\"title\" LIKE"_s), qPrintable(sql));
    QVERIFY2(sql.contains(u"\"posts\".\"body\" LIKE"_s), qPrintable(sql));
    QVERIFY2(sql.contains(u"\"posts\".\"user_id\" IN (SELECT"_s), qPrintable(sql));
    QVERIFY2(sql.contains(u" OR "_s), qPrintable(sql));
    for (const QVariant &p : params)
        QCOMPARE(p.toString(), u"%alice%"_s);
    QVERIFY(ui::ColumnFilter::quickSearch(posts, u"  "_s, &catalog).isEmpty());
    QVERIFY2(!sql.contains(u"CAST"_s), qPrintable(sql)); // SQLite's LIKE reads any value

    // A server's ILIKE takes text only: a column that may be of another type there (a
    // VARCHAR(36) is also how a uuid reads) is compared as its text; TEXT is text already.
    orm::postgresql::PostgresDialect server;
    sql.clear();
    params.clear();
    e.compile(server, &sql, &params);
    QVERIFY2(sql.contains(u"CAST(\"posts\".\"title\" AS TEXT) ILIKE ?"_s), qPrintable(sql));
    QVERIFY2(sql.contains(u"\"posts\".\"body\" ILIKE ?"_s), qPrintable(sql));
}

void tst_ColumnFilter::otherFormsBindTheirOwnValues_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("params");
    QTest::newRow("after a day, epoch ms")
        << u"at"_s << u">=2024-01-01"_s << u"\"events\".\"at\" >= ?"_s
        << QVariantList {qint64(1704067200000)};
    QTest::newRow("past a day") << u"at"_s << u">2024-01-01"_s << u"\"events\".\"at\" >= ?"_s
                                << QVariantList {qint64(1704153600000)};
    QTest::newRow("up to an hour") << u"at"_s << u"<=2024-01-01 10"_s << u"\"events\".\"at\" < ?"_s
                                   << QVariantList {qint64(1704106800000)};
    QTest::newRow("a month") << u"at"_s << u"2024-05"_s << u"\"events\".\"at\" >= ?"_s
                             << QVariantList {qint64(1714521600000), qint64(1717200000000)};
    QTest::newRow("days, epoch s")
        << u"day"_s << u"2024-05-01..2024-05-03"_s << u"\"events\".\"day\" < ?"_s
        << QVariantList {qint64(1714521600), qint64(1714780800)};
    QTest::newRow("a day, ISO Z") << u"iso"_s << u"2024-05-01"_s << u"\"events\".\"iso\" >= ?"_s
                                  << QVariantList {u"2024-05-01T00:00:00.000Z"_s,
                                                   u"2024-05-02T00:00:00.000Z"_s};
    QTest::newRow("'t' / 'f'") << u"flag"_s << u"yes"_s << u"\"events\".\"flag\" = ?"_s
                               << QVariantList {u"t"_s};
    QTest::newRow("not a date") << u"at"_s << u"soon"_s << QString() << QVariantList {};
}

void tst_ColumnFilter::otherFormsBindTheirOwnValues()
{
    // Given columns stored as another framework stores them (epoch integers, ISO text, 't'),
    QFETCH(QString, column);
    QFETCH(QString, text);
    QFETCH(QString, sql);
    QFETCH(QVariantList, params);
    orm::Table table(u"events"_s);
    const auto add = [&table](const QString &name, const orm::TypeSpec &type) {
        orm::Column c;
        c.name = name;
        c.type = type;
        c.primaryKey = name == u"id";
        table.addColumn(c);
    };
    using F = orm::StoredForm;
    add(u"id"_s, orm::Integer);
    add(u"at"_s, orm::DateTime.storedAs(F::EpochMilliseconds));
    add(u"day"_s, orm::Date.storedAs(F::EpochSeconds));
    add(u"iso"_s, orm::DateTime.storedAs(F {F::IsoText, F::UtcZ, 3}));
    add(u"flag"_s, orm::Boolean.storedAs(F::BooleanTF));
    const auto meta = orm::makeRecordMeta(u"events"_s, table);
    // when a person filters one by a date (or yes), the values bound are in its form.
    const ui::ColumnFilter::Result r =
        ui::ColumnFilter::parse(*meta, meta->columnIndex(column), text, nullptr);
    QCOMPARE(r.error.isEmpty(), !sql.isEmpty());
    if (sql.isEmpty())
        return;
    orm::SqliteDialect dialect;
    QString compiled;
    QVariantList bound;
    r.condition.compile(dialect, &compiled, &bound);
    QVERIFY2(compiled.contains(sql), qPrintable(compiled));
    QCOMPARE(bound, params);
}

QTEST_MAIN(tst_ColumnFilter)
#include "tst_columnfilter.moc"
