// SPDX-License-Identifier: MIT
// orm::RowQuery: queries of columns and aggregates, read as values (SQLAlchemy's
// session.query(func.avg(User.age)).scalar()).

#include "testmodels.h"

#include <QtTest>

using namespace testmodels;

namespace {
// Four users aged 20, 30, 40 and unknown; d is inactive.
std::shared_ptr<orm::Engine> usersEngine()
{
    auto engine = makeEngine();
    orm::Session session(engine);
    for (const auto &[name, age] : {std::pair {u"a"_s, std::optional<qint64>(20)},
                                    std::pair {u"b"_s, std::optional<qint64>(30)},
                                    std::pair {u"c"_s, std::optional<qint64>(40)},
                                    std::pair {u"d"_s, std::optional<qint64>()}}) {
        auto u = User::make(name);
        u->age = age;
        u->isActive = name != u"d"_s;
        session.add(u);
    }
    if (!session.commit())
        qFatal("%s", qPrintable(session.lastError().text()));
    return engine;
}
} // namespace

class tst_RowQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scalarOfAnAggregate();
    void oneOneOrNoneAndScalar_data();
    void oneOneOrNoneAndScalar();
    void rowsPerGroup();
    void withColumnsKeepsTheQuerysFilters();
    void aRefusedStatementBearsItsError();
};

void tst_RowQuery::scalarOfAnAggregate()
{
    // avg_age = db.session.query(func.avg(User.age)).scalar(): NULL ages left out.
    auto engine = usersEngine();
    orm::Session session(engine);
    const QVariant avgAge = session.query(orm::func::avg(orm::col(&User::age))).scalar();
    QVERIFY(!session.lastError().isError());
    QCOMPARE(avgAge.toDouble(), 30.0);
    QCOMPARE(session.query(orm::func::max(orm::col(&User::age))).scalar().toLongLong(), 40);
    QCOMPARE(session.query(orm::func::count()).scalar().toLongLong(), 1); // no FROM: one row
    QCOMPARE(session.query(orm::func::count(orm::col(&User::id))).scalar().toLongLong(), 4);
}

void tst_RowQuery::oneOneOrNoneAndScalar_data()
{
    QTest::addColumn<QString>("pattern"); // usernames LIKE pattern
    QTest::addColumn<int>("rows");
    QTest::newRow("no row") << u"z%"_s << 0;
    QTest::newRow("one row") << u"b"_s << 1;
    QTest::newRow("more rows") << u"_"_s << 4;
}

void tst_RowQuery::oneOneOrNoneAndScalar()
{
    // Given the usernames matching a pattern as values,
    QFETCH(QString, pattern);
    QFETCH(int, rows);
    auto engine = usersEngine();
    orm::Session session(engine);
    const orm::RowQuery names = session.query(orm::col(&User::username), orm::col(&User::age))
                                    .filter(orm::col(&User::username).like(pattern));
    // the entity query's one() fails with a kind of error,
    const auto entity = session.query<User>().filter(orm::col(&User::username).like(pattern)).one();
    const orm::Error::Kind entityKind = session.lastError().kind();
    QCOMPARE(bool(entity), rows == 1);

    // then one() fails with the same kind: NotFound for none, MultipleResults for more;
    const auto one = names.one();
    QCOMPARE(session.lastError().kind(), entityKind);
    QCOMPARE(one.has_value(), rows == 1);
    if (rows != 1)
        QCOMPARE(session.lastError().table(), u"users"_s);
    else
        QCOMPARE(*one, (QVariantList {u"b"_s, qint64(30)}));

    // oneOrNone() accepts none, without an error;
    const auto oneOrNone = names.oneOrNone();
    QCOMPARE(oneOrNone.has_value(), rows == 1);
    QCOMPARE(session.lastError().kind(),
             rows > 1 ? orm::Error::Kind::MultipleResults : orm::Error::Kind::None);

    // scalar() is the first column of the one row, null for none (no error), null with
    // MultipleResults for more (SQLAlchemy's Query.scalar());
    const QVariant scalar = names.scalar();
    QCOMPARE(scalar, rows == 1 ? QVariant(u"b"_s) : QVariant());
    QCOMPARE(session.lastError().kind(),
             rows > 1 ? orm::Error::Kind::MultipleResults : orm::Error::Kind::None);

    // all() and first() read them all, or the first.
    QCOMPARE(names.all().size(), rows);
    QCOMPARE(names.first().has_value(), rows > 0);
    QVERIFY(!session.lastError().isError());
}

void tst_RowQuery::rowsPerGroup()
{
    // Given users active and not, the number of each, ordered (query(User.is_active,
    // func.count()).group_by(User.is_active)).
    auto engine = usersEngine();
    orm::Session session(engine);
    const auto active = orm::col(&User::isActive);
    const QList<QVariantList> rows = session.query(active, orm::func::count())
                                         .groupBy(active.expr())
                                         .orderBy(active.desc())
                                         .all();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0), (QVariantList {qint64(1), qint64(3)}));
    QCOMPARE(rows.at(1), (QVariantList {qint64(0), qint64(1)}));
    const auto grouped = session.query(active, orm::func::count())
                             .groupBy(active.expr())
                             .having(orm::func::count() > 1)
                             .one();
    QVERIFY(grouped);
    QCOMPARE(grouped->value(1).toLongLong(), 3);
}

void tst_RowQuery::withColumnsKeepsTheQuerysFilters()
{
    // User.query.filter_by(is_active=True).with_entities(func.count(), func.sum(User.age))
    auto engine = usersEngine();
    orm::Session session(engine);
    const auto row = session.query<User>()
                         .filterBy(&User::isActive, true)
                         .withColumns({orm::func::count(), orm::func::sum(orm::col(&User::age))})
                         .one();
    QVERIFY(row);
    QCOMPARE(*row, (QVariantList {qint64(3), qint64(90)}));
}

void tst_RowQuery::aRefusedStatementBearsItsError()
{
    // A column of a table the query does not read: the database refuses the statement, and
    // every result says so through lastError().
    auto engine = usersEngine();
    orm::Session session(engine);
    const orm::RowQuery q =
        session.query(orm::col(&User::username)).filter(orm::col(&Post::title) == u"x"_s);
    QVERIFY(q.all().isEmpty());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Sql);
    QVERIFY(!q.one());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Sql);
    QVERIFY(q.scalar().isNull());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Sql);
}

QTEST_GUILESS_MAIN(tst_RowQuery)
#include "tst_rowquery.moc"
