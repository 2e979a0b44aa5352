// SPDX-License-Identifier: MIT
// Queries: filter operators, ordering, limit/offset, first/one/oneOrNone/all/count/exists,
// pagination, aggregates with groupBy/having, bulk update/delete (and the session's objects
// following them), raw SQL, generative refinement and the typed column API.

#include "testmodels.h"

#include <QTemporaryDir>
#include <QtTest>

#include <concepts>

using namespace testmodels;

Q_DECLARE_METATYPE(orm::Expr)
Q_DECLARE_METATYPE(QList<orm::OrderTerm>)

namespace {

// Compile-time type safety of the typed column API: comparing a column with a value of
// another type, filtering or bulk-setting with one, does not compile. These concepts ask the
// compiler whether an expression is well-formed, so that the checks below fail the build if
// the API ever accepted mismatched types.
template<class C, class V>
concept ComparableWith = requires(const C &c, const V &v)
{
    c == v;
};
template<class C, class V>
concept OrderableWith = requires(const C &c, const V &v)
{
    c < v;
};
template<class M, class V>
concept FilterableBy = requires(const orm::Query<User> &q, M User::*m, const V &v)
{
    q.filterBy(m, v);
};
template<class M, class V>
concept SettableTo = requires(M User::*m, const V &v)
{
    orm::set(m, v);
};

using NameColumn = orm::Col<User, QString>;
using AgeColumn = orm::Col<User, std::optional<qint64>>;
using ActiveColumn = orm::Col<User, bool>;
using CreatedColumn = orm::Col<User, QDateTime>;

static_assert(ComparableWith<NameColumn, QString>);
static_assert(!ComparableWith<NameColumn, int>);
static_assert(!ComparableWith<NameColumn, QDateTime>);
static_assert(ComparableWith<AgeColumn, qint64>);
static_assert(ComparableWith<AgeColumn, std::nullopt_t>);
static_assert(!ComparableWith<AgeColumn, QString>);
static_assert(!OrderableWith<AgeColumn, QString>);
static_assert(OrderableWith<CreatedColumn, QDateTime>);
static_assert(!OrderableWith<CreatedColumn, QString>);
static_assert(!ComparableWith<ActiveColumn, QString>);
static_assert(ComparableWith<NameColumn, NameColumn>); // column to column
static_assert(FilterableBy<QString, QString>);
static_assert(!FilterableBy<QString, qint64>);
static_assert(!FilterableBy<std::optional<qint64>, QString>);
static_assert(SettableTo<std::optional<qint64>, qint64>);
static_assert(!SettableTo<std::optional<qint64>, QString>);
static_assert(!SettableTo<QString, QDateTime>);
static_assert(std::same_as<decltype(std::declval<orm::Session &>().query<User>()), UserQuery>);
static_assert(
    std::same_as<decltype(std::declval<orm::Session &>().query<Post>()), orm::Query<Post>>);

QDateTime day(int month, int d)
{
    return QDateTime(QDate(2024, month, d), QTime(0, 0), Qt::UTC);
}

// Eight users (one without an age, one with an upper-case name, two names that differ only
// by '_' vs 'x' to tell LIKE wildcards from escaped text) and three posts.
struct Fixture
{
    enum class Storage { Memory, File }; // a file when a second connection must look
    QTemporaryDir dir;
    QString url;
    std::shared_ptr<orm::Engine> engine;

    explicit Fixture(Storage storage = Storage::Memory)
        : url(testengine::url(storage == Storage::File
                                  ? u"sqlite:///"_s + dir.filePath(u"query.db"_s)
                                  : u"sqlite://"_s))
        , engine(makeEngine(url))
    {
        orm::Session session(engine);
        struct Row
        {
            QString name;
            std::optional<qint64> age;
            bool active;
            QDateTime created;
        };
        const QList<Row> rows {
            {u"alice"_s, 30, true, day(1, 1)},    {u"bob"_s, 25, false, day(1, 10)},
            {u"carol"_s, 35, true, day(1, 20)},   {u"dave"_s, std::nullopt, true, day(2, 1)},
            {u"eve"_s, 25, true, day(2, 10)},     {u"john_doe"_s, 40, false, day(3, 1)},
            {u"johnxdoe"_s, 28, true, day(3, 5)}, {u"Zed"_s, 50, true, day(3, 9)},
        };
        for (const Row &r : rows) {
            auto u = User::make(r.name);
            u->age = r.age;
            u->isActive = r.active;
            u->createdAt = r.created;
            session.add(u);
        }
        if (!session.commit())
            qFatal("fixture: %s", qPrintable(session.lastError().text()));
        const QList<std::pair<QString, qint64>> posts {
            {u"Alice 1"_s, 1}, {u"Alice 2"_s, 1}, {u"Bob 1"_s, 2}};
        for (const auto &[title, userId] : posts) {
            auto p = std::make_shared<Post>();
            p->title = title;
            p->content = u"…"_s;
            p->userId = userId;
            session.add(p);
        }
        if (!session.commit())
            qFatal("fixture: %s", qPrintable(session.lastError().text()));
    }

    std::shared_ptr<orm::Engine> secondEngine() const { return orm::Engine::create(url); }
};

template<class Range>
QStringList usernames(const Range &users)
{
    QStringList names;
    for (const auto &u : users)
        names << u->username;
    return names;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

const QStringList everyone {u"Zed"_s,  u"alice"_s, u"bob"_s,      u"carol"_s,
                            u"dave"_s, u"eve"_s,   u"john_doe"_s, u"johnxdoe"_s};

} // namespace

class tst_Query : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString message;
        QVERIFY2(testengine::prepare(&message), qPrintable(message));
    }
    void filter_data();
    void filter();
    void ilikeBeyondAscii();
    void filterCallsCombineWithAnd();
    void filterByColumnName();
    void orderBy_data();
    void orderBy();
    void limitAndOffset_data();
    void limitAndOffset();
    void first();
    void one();
    void oneOrNone();
    void oneRespectsTheQuerysLimit();
    void allCountExists();
    void paginate_data();
    void paginate();
    void aggregates();
    void groupByAndHaving();
    void join();
    void bulkUpdate();
    void bulkUpdateSessionObjectsFollow();
    void bulkUpdateWithExpression();
    void bulkDelete();
    void rawSqlPositional();
    void rawSqlNamed();
    void rawSqlErrors();
    void generativeQueries();
    void withSessionRunsTheQueryOnAnotherConnection();
    void typedColumnApi();
    void valuesAreAlwaysBound();
    void longStatementsAndQuotedNames();
};

void tst_Query::filter_data()
{
    QTest::addColumn<orm::Expr>("condition");
    QTest::addColumn<QStringList>("expected"); // sorted

    const auto name = orm::col(&User::username);
    const auto age = orm::col(&User::age);
    const auto active = orm::col(&User::isActive);
    const auto created = orm::col<User>(&User::createdAt);

    QTest::newRow("==") << (name == u"alice"_s) << QStringList {u"alice"_s};
    QTest::newRow("== integer") << (age == 25) << QStringList {u"bob"_s, u"eve"_s};
    QTest::newRow("== nullopt is IS NULL") << (age == std::nullopt) << QStringList {u"dave"_s};
    QTest::newRow("== boolean") << (active == false) << QStringList {u"bob"_s, u"john_doe"_s};
    // SQL semantics: NULL is neither equal nor unequal to anything.
    QTest::newRow("!=") << (age != 25)
                        << QStringList {u"Zed"_s, u"alice"_s, u"carol"_s, u"john_doe"_s,
                                        u"johnxdoe"_s};
    QTest::newRow("<") << (age < 28) << QStringList {u"bob"_s, u"eve"_s};
    QTest::newRow("<=") << (age <= 28) << QStringList {u"bob"_s, u"eve"_s, u"johnxdoe"_s};
    QTest::newRow(">") << (age > 35) << QStringList {u"Zed"_s, u"john_doe"_s};
    QTest::newRow(">=") << (age >= 35) << QStringList {u"Zed"_s, u"carol"_s, u"john_doe"_s};
    QTest::newRow("> datetime") << (created > day(2, 1))
                                << QStringList {u"Zed"_s, u"eve"_s, u"john_doe"_s, u"johnxdoe"_s};
    QTest::newRow(">= datetime") << (created >= day(2, 1))
                                 << QStringList {u"Zed"_s, u"dave"_s, u"eve"_s, u"john_doe"_s,
                                                 u"johnxdoe"_s};
    QTest::newRow("like prefix") << name.like(u"j%"_s)
                                 << QStringList {u"john_doe"_s, u"johnxdoe"_s};
    QTest::newRow("like: _ is a wildcard")
        << name.like(u"john_doe"_s) << QStringList {u"john_doe"_s, u"johnxdoe"_s};
    // LIKE as the engine has it: SQLite's ignores the case of ASCII letters, a server's not.
    QTest::newRow("like follows the engine's case rule")
        << name.like(u"z%"_s) << (testengine::onServer ? QStringList() : QStringList {u"Zed"_s});
    QTest::newRow("notLike") << name.notLike(u"%o%"_s)
                             << QStringList {u"Zed"_s, u"alice"_s, u"dave"_s, u"eve"_s};
    QTest::newRow("contains escapes wildcards")
        << name.contains(u"n_d"_s) << QStringList {u"john_doe"_s};
    QTest::newRow("contains %") << name.contains(u"%"_s) << QStringList();
    QTest::newRow("startsWith") << name.startsWith(u"jo"_s)
                                << QStringList {u"john_doe"_s, u"johnxdoe"_s};
    QTest::newRow("ilike") << name.ilike(u"ALI%"_s) << QStringList {u"alice"_s};
    QTest::newRow("ilike mixed case") << name.ilike(u"zED"_s) << QStringList {u"Zed"_s};
    QTest::newRow("in") << name.in({u"alice"_s, u"bob"_s, u"nobody"_s})
                        << QStringList {u"alice"_s, u"bob"_s};
    QTest::newRow("in integers") << age.in({25, 50}) << QStringList {u"Zed"_s, u"bob"_s, u"eve"_s};
    QTest::newRow("in empty list") << name.in({}) << QStringList();
    QTest::newRow("notIn") << name.notIn({u"alice"_s, u"bob"_s, u"Zed"_s})
                           << QStringList {u"carol"_s, u"dave"_s, u"eve"_s, u"john_doe"_s,
                                           u"johnxdoe"_s};
    QTest::newRow("isNull") << age.isNull() << QStringList {u"dave"_s};
    QTest::newRow("isNotNull") << age.isNotNull()
                               << QStringList {u"Zed"_s, u"alice"_s,    u"bob"_s,     u"carol"_s,
                                               u"eve"_s, u"john_doe"_s, u"johnxdoe"_s};
    QTest::newRow("between (inclusive)")
        << age.between(25, 30) << QStringList {u"alice"_s, u"bob"_s, u"eve"_s, u"johnxdoe"_s};
    QTest::newRow("&&") << (active == true && age < 30) << QStringList {u"eve"_s, u"johnxdoe"_s};
    QTest::newRow("||") << (name == u"alice"_s || age > 45) << QStringList {u"Zed"_s, u"alice"_s};
    QTest::newRow("!") << !(active == true) << QStringList {u"bob"_s, u"john_doe"_s};
    QTest::newRow("! keeps NULL out")
        << !(age > 30) << QStringList {u"alice"_s, u"bob"_s, u"eve"_s, u"johnxdoe"_s};
    // Parentheses follow the tree: without them this would also match bob.
    QTest::newRow("(a || b) && c")
        << ((name == u"bob"_s || name == u"carol"_s) && active == true) << QStringList {u"carol"_s};
    QTest::newRow("a || (b && c)")
        << (name == u"bob"_s || (name == u"carol"_s && active == false)) << QStringList {u"bob"_s};
    QTest::newRow("!(a && b)") << !(active == true && age.isNotNull())
                               << QStringList {u"bob"_s, u"dave"_s, u"john_doe"_s};
    QTest::newRow("allOf") << orm::Expr::allOf({age > 20, age < 30, active == true})
                           << QStringList {u"eve"_s, u"johnxdoe"_s};
    QTest::newRow("anyOf") << orm::Expr::anyOf({name == u"bob"_s, name == u"eve"_s})
                           << QStringList {u"bob"_s, u"eve"_s};
    QTest::newRow("empty allOf matches all") << orm::Expr::allOf({}) << everyone;
}

void tst_Query::filter()
{
    // Given eight users, when filtering with the condition, then exactly the expected rows
    // match (counted and listed).
    QFETCH(orm::Expr, condition);
    QFETCH(QStringList, expected);
    Fixture f;
    orm::Session session(f.engine);
    const auto query = session.query<User>().filter(condition);
    const auto users = query.all();
    QVERIFY2(!session.lastError().isError(), qPrintable(session.lastError().text()));
    QCOMPARE(sorted(usernames(users)), expected);
    QCOMPARE(query.count(), std::optional<qint64>(expected.size()));
    QCOMPARE(query.exists(), !expected.isEmpty());
}

void tst_Query::ilikeBeyondAscii()
{
    // Given a name with a non-ASCII capital, when searched case-insensitively, then it matches
    // (Expr::ilike promises case-insensitivity for any script).
    Fixture f;
    orm::Session session(f.engine);
    session.add(User::make(u"Émile"_s, u"emile@example.com"_s));
    QVERIFY(session.commit());
    const auto found =
        session.query<User>().filter(orm::col(&User::username).ilike(u"émile"_s)).all();
    QCOMPARE(usernames(found), QStringList {u"Émile"_s});
}

void tst_Query::filterCallsCombineWithAnd()
{
    // Given two filter() calls, then both conditions apply (SQLAlchemy's chaining).
    Fixture f;
    orm::Session session(f.engine);
    const auto users = session.query<User>()
                           .filter(orm::col(&User::isActive) == true)
                           .filter(orm::col(&User::age) < 30)
                           .filterBy(&User::username, u"eve"_s)
                           .all();
    QCOMPARE(usernames(users), QStringList {u"eve"_s});
}

void tst_Query::filterByColumnName()
{
    // Given a column named at run time (the UI's generic path), when filtering by it, then it
    // works like the typed one; an unknown column matches nothing rather than everything.
    Fixture f;
    orm::Session session(f.engine);
    QCOMPARE(usernames(session.query<User>().filterBy(u"username"_s, u"carol"_s).all()),
             QStringList {u"carol"_s});
    QCOMPARE(session.query<User>().filterBy(u"age"_s, 25).count(), std::optional<qint64>(2));
    QCOMPARE(session.query<User>().filterBy(u"age"_s, QVariant()).count(),
             std::optional<qint64>(1));
    QCOMPARE(session.query<User>().filterBy(u"no_such_column"_s, 1).count(),
             std::optional<qint64>(0));
}

void tst_Query::orderBy_data()
{
    QTest::addColumn<QList<orm::OrderTerm>>("terms");
    QTest::addColumn<QStringList>("expected");

    const auto name = orm::col(&User::username);
    const auto age = orm::col(&User::age);
    const auto active = orm::col(&User::isActive);

    // BINARY collation: upper case sorts before lower case (as the seed's output shows).
    QTest::newRow("username ascending") << QList<orm::OrderTerm> {name.asc()} << everyone;
    QStringList reversed = everyone;
    std::reverse(reversed.begin(), reversed.end());
    QTest::newRow("username descending") << QList<orm::OrderTerm> {name.desc()} << reversed;
    // NULL (dave has no age) sorts where the engine puts it: before every value on SQLite,
    // after them on a server (both as SQLAlchemy leaves it).
    const auto nullAge = [](QStringList names, qsizetype sqlitePlace, qsizetype serverPlace) {
        names.insert(testengine::onServer ? serverPlace : sqlitePlace, u"dave"_s);
        return names;
    };
    QTest::newRow("age descending, then username")
        << QList<orm::OrderTerm> {age.desc(), name.asc()}
        << nullAge(
               {u"Zed"_s, u"john_doe"_s, u"carol"_s, u"alice"_s, u"johnxdoe"_s, u"bob"_s, u"eve"_s},
               7, 0);
    QTest::newRow("age ascending, then username descending")
        << QList<orm::OrderTerm> {age.asc(), name.desc()}
        << nullAge(
               {u"eve"_s, u"bob"_s, u"johnxdoe"_s, u"alice"_s, u"carol"_s, u"john_doe"_s, u"Zed"_s},
               0, 7);
    QTest::newRow("active, then age descending")
        << QList<orm::OrderTerm> {active.asc(), orm::desc(age.expr())}
        << nullAge(
               {u"john_doe"_s, u"bob"_s, u"Zed"_s, u"carol"_s, u"alice"_s, u"johnxdoe"_s, u"eve"_s},
               7, 2);
    QTest::newRow("expression: lower(username)")
        << QList<orm::OrderTerm> {orm::asc(orm::func::lower(name.expr()))}
        << QStringList {u"alice"_s, u"bob"_s,      u"carol"_s,    u"dave"_s,
                        u"eve"_s,   u"john_doe"_s, u"johnxdoe"_s, u"Zed"_s};
}

void tst_Query::orderBy()
{
    // Given eight users, when ordered by several terms, then the rows come in that order
    // (both with one orderBy() per term and with a list).
    QFETCH(QList<orm::OrderTerm>, terms);
    QFETCH(QStringList, expected);
    Fixture f;
    orm::Session session(f.engine);
    // Query<T> has no list overload (it hides QueryBase's): go through the base.
    const orm::Query<User> listed = session.query<User>().QueryBase::orderBy(terms);
    QCOMPARE(usernames(listed.all()), expected);
    orm::Query<User> chained = session.query<User>();
    for (const orm::OrderTerm &t : terms)
        chained = chained.orderBy(t);
    QCOMPARE(usernames(chained.all()), expected);
}

void tst_Query::limitAndOffset_data()
{
    QTest::addColumn<int>("limit"); // -1: none
    QTest::addColumn<int>("offset"); // -1: none
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("limit") << 3 << -1 << QStringList {u"Zed"_s, u"alice"_s, u"bob"_s};
    QTest::newRow("limit and offset") << 3 << 2 << QStringList {u"bob"_s, u"carol"_s, u"dave"_s};
    QTest::newRow("offset only") << -1 << 6 << QStringList {u"john_doe"_s, u"johnxdoe"_s};
    QTest::newRow("limit beyond the end") << 5 << 6 << QStringList {u"john_doe"_s, u"johnxdoe"_s};
    QTest::newRow("offset beyond the end") << 5 << 100 << QStringList();
    QTest::newRow("limit 0") << 0 << -1 << QStringList();
}

void tst_Query::limitAndOffset()
{
    // Given users ordered by name, when limited and offset, then that window is returned and
    // count() counts the window.
    QFETCH(int, limit);
    QFETCH(int, offset);
    QFETCH(QStringList, expected);
    Fixture f;
    orm::Session session(f.engine);
    orm::Query<User> q = session.query<User>().orderBy(&User::username);
    if (limit >= 0)
        q = q.limit(limit);
    if (offset >= 0)
        q = q.offset(offset);
    QCOMPARE(usernames(q.all()), expected);
    QCOMPARE(q.count(), std::optional<qint64>(expected.size()));
}

void tst_Query::first()
{
    // Given an ordered query, first() is its first row (fetched with LIMIT 1); with no row,
    // it is null and that is not an error.
    Fixture f;
    orm::Session session(f.engine);
    StatementCounter counter(f.engine->connection());
    auto oldest = session.query<User>()
                      .filter(orm::col(&User::age).isNotNull())
                      .orderBy(orm::col(&User::age).desc())
                      .first();
    QVERIFY(oldest);
    QCOMPARE(oldest->username, u"Zed"_s);
    QVERIFY(counter.records().last().sql.contains(u"LIMIT ?"_s));
    QCOMPARE(counter.records().last().params.last(), QVariant(qint64(1)));
    auto none = session.query<User>().filterBy(&User::username, u"nobody"_s).first();
    QVERIFY(!none);
    QVERIFY(!session.lastError().isError());
}

void tst_Query::one()
{
    // Given queries matching one, none and several rows, one() returns the single row, or
    // null with NotFound / MultipleResults.
    Fixture f;
    orm::Session session(f.engine);
    auto alice = session.query<User>().filterBy(&User::username, u"alice"_s).one();
    QVERIFY(alice);
    QCOMPARE(alice->age, std::optional<qint64>(30));
    QVERIFY(!session.lastError().isError());

    QVERIFY(!session.query<User>().filterBy(&User::username, u"nobody"_s).one());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::NotFound);
    QCOMPARE(session.lastError().entity(), u"User"_s);

    QVERIFY(!session.query<User>().filter(orm::col(&User::age) == 25).one());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::MultipleResults);
}

void tst_Query::oneOrNone()
{
    // Given queries matching one, none and several rows, oneOrNone() returns the row, null
    // without an error, or null with MultipleResults.
    Fixture f;
    orm::Session session(f.engine);
    QVERIFY(session.query<User>().filterBy(&User::username, u"bob"_s).oneOrNone());
    QVERIFY(!session.query<User>().filterBy(&User::username, u"nobody"_s).oneOrNone());
    QVERIFY(!session.lastError().isError());
    QVERIFY(!session.query<User>().filter(orm::col(&User::isActive) == false).oneOrNone());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::MultipleResults);
}

void tst_Query::oneRespectsTheQuerysLimit()
{
    // Given a query limited to one row, when one() / oneOrNone() run, then that row is the
    // result (SQLAlchemy applies one() to the query as written).
    Fixture f;
    orm::Session session(f.engine);
    const auto firstByName = session.query<User>().orderBy(&User::username).limit(1);
    QCOMPARE(firstByName.all().size(), size_t(1));
    QVERIFY(firstByName.one());
    QVERIFY(firstByName.oneOrNone());
}

void tst_Query::allCountExists()
{
    // Given eight users, all() returns eight objects (each once in the identity map), count()
    // counts without loading, exists() asks without loading.
    Fixture f;
    orm::Session session(f.engine);
    StatementCounter counter(f.engine->connection());
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(8));
    QVERIFY(counter.records().last().sql.startsWith(u"SELECT count(*) FROM \"users\""_s));
    QVERIFY(session.query<User>().filterBy(&User::username, u"eve"_s).exists());
    QVERIFY(counter.records().last().sql.startsWith(u"SELECT EXISTS ("_s));
    QVERIFY(!session.query<User>().filterBy(&User::username, u"nobody"_s).exists());
    QCOMPARE(session.identityCount(), 0);
    const auto all = session.query<User>().all();
    QCOMPARE(all.size(), size_t(8));
    QCOMPARE(session.identityCount(), 8);
    QCOMPARE(session.query<User>().all().front().get(), all.front().get());
}

void tst_Query::paginate_data()
{
    QTest::addColumn<int>("page");
    QTest::addColumn<int>("perPage");
    QTest::addColumn<bool>("activeOnly");
    QTest::addColumn<QStringList>("items");
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("pages");
    QTest::addColumn<bool>("hasPrev");
    QTest::addColumn<bool>("hasNext");

    QTest::newRow("first page") << 1 << 3 << false << QStringList {u"Zed"_s, u"alice"_s, u"bob"_s}
                                << 8 << 3 << false << true;
    QTest::newRow("last, partial page")
        << 3 << 3 << false << QStringList {u"john_doe"_s, u"johnxdoe"_s} << 8 << 3 << true << false;
    QTest::newRow("beyond the last page")
        << 4 << 3 << false << QStringList() << 8 << 3 << true << false;
    QTest::newRow("page 0 is page 1")
        << 0 << 3 << false << QStringList {u"Zed"_s, u"alice"_s, u"bob"_s} << 8 << 3 << false
        << true;
    QTest::newRow("filtered") << 2 << 4 << true << QStringList {u"johnxdoe"_s} << 5 << 2 << true
                              << false;
    QTest::newRow("one page holds all") << 1 << 20 << false << everyone << 8 << 1 << false << false;
}

void tst_Query::paginate()
{
    // Given ordered users, when paginated, then the page has the right items, total, page
    // count and neighbours.
    QFETCH(int, page);
    QFETCH(int, perPage);
    QFETCH(bool, activeOnly);
    QFETCH(QStringList, items);
    QFETCH(int, total);
    QFETCH(int, pages);
    QFETCH(bool, hasPrev);
    QFETCH(bool, hasNext);
    Fixture f;
    orm::Session session(f.engine);
    orm::Query<User> q = session.query<User>().orderBy(&User::username);
    if (activeOnly)
        q = q.filter(orm::col(&User::isActive) == true && orm::col(&User::age).isNotNull());
    const orm::Page<User> p = q.paginate(page, perPage);
    QCOMPARE(usernames(p.items), items);
    QCOMPARE(p.total, total);
    QCOMPARE(p.pages(), pages);
    QCOMPARE(p.hasPrev(), hasPrev);
    QCOMPARE(p.hasNext(), hasNext);
    QCOMPARE(p.prevNum().has_value(), hasPrev);
    QCOMPARE(p.nextNum().has_value(), hasNext);
    if (hasNext)
        QCOMPARE(*p.nextNum(), p.page + 1);
}

void tst_Query::aggregates()
{
    // Given ages 30, 25, 35, NULL, 25, 40, 28, 50, when aggregated, then count/sum/avg/min/max
    // follow SQL (NULL ignored), over the whole table or a filtered query.
    Fixture f;
    orm::Session session(f.engine);
    const auto q = session.query<User>();
    const auto age = orm::col(&User::age);
    QCOMPARE(q.scalar(orm::func::count()).toLongLong(), 8);
    QCOMPARE(q.scalar(orm::func::count(age)).toLongLong(), 7);
    QCOMPARE(q.scalar(orm::func::count(age, true)).toLongLong(), 6);
    QCOMPARE(q.scalar(orm::func::sum(age)).toLongLong(), 233);
    QCOMPARE(q.scalar(orm::func::avg(age)).toDouble(), 233.0 / 7);
    QCOMPARE(q.scalar(orm::func::min(age)).toLongLong(), 25);
    QCOMPARE(q.scalar(orm::func::max(age)).toLongLong(), 50);
    const auto active = q.filter(orm::col(&User::isActive) == false);
    QCOMPARE(active.scalar(orm::func::max(age)).toLongLong(), 40);
    QCOMPARE(active.scalar(orm::func::avg(age)).toDouble(), 32.5);
    // An aggregate over no rows is NULL (sum) or 0 (count).
    const auto nobody = q.filterBy(&User::username, u"nobody"_s);
    QVERIFY(nobody.scalar(orm::func::sum(age)).isNull());
    QCOMPARE(nobody.scalar(orm::func::count()).toLongLong(), 0);
}

void tst_Query::groupByAndHaving()
{
    // Given users grouped by is_active, when rows of aggregates are asked for, then there is
    // one row per group; having() keeps the groups whose aggregate matches.
    Fixture f;
    orm::Session session(f.engine);
    const auto active = orm::col(&User::isActive);
    const auto age = orm::col(&User::age);
    const auto groups =
        session.query<User>()
            .groupBy(active.expr())
            .orderBy(active.asc())
            .rows({active.expr(), orm::func::count(), orm::func::avg(age), orm::func::max(age)});
    QVERIFY(groups);
    QCOMPARE(groups->size(), 2);
    QCOMPARE(groups->at(0), (QVariantList {qint64(0), qint64(2), 32.5, qint64(40)}));
    QCOMPARE(groups->at(1), (QVariantList {qint64(1), qint64(6), 33.6, qint64(50)}));

    const auto repeated = session.query<User>()
                              .groupBy(age.expr())
                              .having(orm::func::count() > 1)
                              .rows({age.expr(), orm::func::count()});
    QVERIFY(repeated);
    QCOMPARE(*repeated, (QList<QVariantList> {{qint64(25), qint64(2)}}));

    const auto filtered = session.query<User>()
                              .filter(age.isNotNull())
                              .groupBy(active.expr())
                              .having(orm::func::min(age) >= 25 && orm::func::count() > 2)
                              .rows({active.expr(), orm::func::sum(age)});
    QCOMPARE(*filtered, (QList<QVariantList> {{qint64(1), qint64(168)}}));

    // Objects are whole rows: a query of objects leaves its grouping to rows().
    const auto grouped = session.query<User>()
                             .groupBy(active.expr())
                             .having(orm::func::count() > 1)
                             .orderBy(orm::col(&User::id).asc());
    const QString sql = grouped.compile().sql;
    QVERIFY2(!sql.contains(u"GROUP BY"_s) && !sql.contains(u"HAVING"_s), qPrintable(sql));
    QVERIFY2(sql.startsWith(u"SELECT \"users\".\"id\", "_s), qPrintable(sql));
    QCOMPARE(grouped.all().size(), size_t(8));
}

void tst_Query::join()
{
    // Given posts of alice (2) and bob (1), when posts are joined to their users and filtered
    // on a user column, then only that user's posts come back; joined users are not repeated.
    Fixture f;
    orm::Session session(f.engine);
    const auto posts = session.query<Post>()
                           .join(u"users"_s, orm::col(&Post::userId) == orm::col(&User::id))
                           .filter(orm::col(&User::username) == u"alice"_s)
                           .orderBy(&Post::title)
                           .all();
    QCOMPARE(posts.size(), size_t(2));
    QCOMPARE(posts.at(0)->title, u"Alice 1"_s);
    const auto authors = session.query<User>()
                             .join(u"posts"_s, orm::col(&Post::userId) == orm::col(&User::id))
                             .orderBy(&User::username)
                             .all();
    QCOMPARE(usernames(authors), (QStringList {u"alice"_s, u"bob"_s}));
    QCOMPARE(session.query<User>()
                 .join(u"posts"_s, orm::col(&Post::userId) == orm::col(&User::id))
                 .count(),
             std::optional<qint64>(2));
}

void tst_Query::bulkUpdate()
{
    // Given users aged 25, when a bulk update sets their age, then the number of rows is
    // returned, another connection sees nothing before commit() and everything after.
    Fixture f(Fixture::Storage::File);
    orm::Session session(f.engine);
    const auto q = session.query<User>().filter(orm::col(&User::age) == 25);
    const auto n = q.update({orm::set(&User::age, 26)});
    QCOMPARE(n, std::optional<qint64>(2));
    auto second = f.secondEngine();
    orm::Session other(second);
    QCOMPARE(other.query<User>().filter(orm::col(&User::age) == 26).count(),
             std::optional<qint64>(0));
    QVERIFY(session.commit());
    QCOMPARE(other.query<User>().filter(orm::col(&User::age) == 26).count(),
             std::optional<qint64>(2));
    QCOMPARE(other.query<User>().filter(orm::col(&User::age) == 25).count(),
             std::optional<qint64>(0));
}

void tst_Query::bulkUpdateSessionObjectsFollow()
{
    // Given loaded users, one with a staged edit of another column,
    Fixture f(Fixture::Storage::File);
    orm::Session session(f.engine);
    auto bob = session.query<User>().findByUsername(u"bob"_s);
    auto eve = session.query<User>().findByUsername(u"eve"_s);
    auto alice = session.query<User>().findByUsername(u"alice"_s);
    bob->email = u"staged@example.com"_s;

    // when a bulk update matches some of them, then those objects take the new value as
    // their committed value (not a pending change), the others are untouched, and the staged
    // edit stays staged;
    const auto n = session.query<User>()
                       .filter(orm::col(&User::age) == 25)
                       .update({orm::set(&User::isActive, false)});
    QCOMPARE(n, std::optional<qint64>(2));
    QVERIFY(!bob->isActive);
    QVERIFY(!eve->isActive);
    QVERIFY(alice->isActive);
    QVERIFY(!session.isModified(*eve));
    QCOMPARE(session.modifiedColumns(*bob), QList<int> {orm::col(&User::email).index()});

    // when the session rolls back, then the update is undone in the database and in memory,
    session.rollback();
    QVERIFY(eve->isActive);
    QVERIFY(!bob->isActive); // bob was inactive before
    QCOMPARE(bob->email, u"bob@example.com"_s);
    QCOMPARE(session.query<User>().filter(orm::col(&User::isActive) == false).count(),
             std::optional<qint64>(2));
    QVERIFY(!session.hasPendingChanges());

    // and done again and committed, it lasts.
    QCOMPARE(session.query<User>()
                 .filter(orm::col(&User::age) == 25)
                 .update({orm::set(&User::isActive, false)}),
             std::optional<qint64>(2));
    QVERIFY(session.commit());
    QVERIFY(!eve->isActive);
    orm::Session other(f.secondEngine());
    QVERIFY(!other.query<User>().findByUsername(u"eve"_s)->isActive);
}

void tst_Query::bulkUpdateWithExpression()
{
    // Given a loaded user, when a bulk update assigns an expression (age = age + 1), then the
    // database has the new value and so does the loaded object.
    Fixture f;
    orm::Session session(f.engine);
    auto alice = session.query<User>().findByUsername(u"alice"_s);
    const auto age = orm::col(&User::age);
    const auto n = session.query<User>()
                       .filter(age.isNotNull())
                       .update({orm::Assignment {age.name(), age.expr() + 1}});
    QCOMPARE(n, std::optional<qint64>(7));
    QCOMPARE(session.query<User>().filter(age == 31).count(), std::optional<qint64>(1));
    QCOMPARE(alice->age, std::optional<qint64>(31));
}

void tst_Query::bulkDelete()
{
    Fixture f(Fixture::Storage::File);
    orm::Session session(f.engine);
    auto bob = session.query<User>().findByUsername(u"bob"_s);
    auto zed = session.query<User>().findByUsername(u"Zed"_s);
    auto alice = session.query<User>().findByUsername(u"alice"_s);

    // Given bob, who has a post, a bulk delete that includes him is refused by the foreign
    // key: nothing is deleted and the session's objects are untouched;
    const auto inactive = session.query<User>().filter(orm::col(&User::isActive) == false);
    QVERIFY(!inactive.remove());
    QCOMPARE(session.lastError().constraint(), orm::Error::Constraint::ForeignKey);
    QCOMPARE(bob->objectState(), orm::ObjectState::Persistent);
    session.rollback();

    // when users without posts are bulk-deleted, then their loaded objects are deleted (out
    // of the identity map) and the others untouched;
    const auto old = session.query<User>().filter(orm::col(&User::age) >= 40);
    QCOMPARE(old.remove(), std::optional<qint64>(2));
    QCOMPARE(zed->objectState(), orm::ObjectState::Deleted);
    QVERIFY(!session.get<User>(zed->id));
    QCOMPARE(alice->objectState(), orm::ObjectState::Persistent);
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(6));

    // rolled back, everything is back;
    session.rollback();
    QCOMPARE(zed->objectState(), orm::ObjectState::Persistent);
    QCOMPARE(session.get<User>(zed->id).get(), zed.get());
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(8));

    // done again and committed, the rows are gone for everyone and the objects detached.
    QCOMPARE(old.remove(), std::optional<qint64>(2));
    QVERIFY(session.commit());
    QCOMPARE(zed->objectState(), orm::ObjectState::Detached);
    orm::Session other(f.secondEngine());
    QCOMPARE(other.query<User>().count(), std::optional<qint64>(6));
    QVERIFY(!other.query<User>().findByUsername(u"john_doe"_s));
    QVERIFY(other.query<User>().findByUsername(u"bob"_s));
}

void tst_Query::rawSqlPositional()
{
    // Given raw SQL with positional parameters, when executed, then the values are bound
    // (never pasted) and the rows come back with their column names.
    Fixture f;
    orm::Session session(f.engine);
    const auto result = session.execute(
        u"SELECT username, age FROM users WHERE age > ? AND is_active = ? ORDER BY username"_s,
        {29, true});
    QVERIFY2(result, qPrintable(session.lastError().text()));
    QCOMPARE(result->columns, (QStringList {u"username"_s, u"age"_s}));
    QCOMPARE(result->rows.size(), 3);
    QCOMPARE(result->rows.at(0), (QVariantList {u"Zed"_s, qint64(50)}));
    QCOMPARE(result->rows.at(1), (QVariantList {u"alice"_s, qint64(30)}));
    QCOMPARE(result->rows.at(2), (QVariantList {u"carol"_s, qint64(35)}));

    const auto injected =
        session.execute(u"SELECT count(*) FROM users WHERE username = ?"_s, {u"' OR 1=1 --"_s});
    QCOMPARE(injected->rows.first().first().toLongLong(), 0);

    const auto updated = session.execute(u"UPDATE users SET age = ? WHERE age = ?"_s, {26, 25});
    QVERIFY(updated);
    QCOMPARE(updated->rowsAffected, 2);
    QVERIFY(updated->columns.isEmpty());
}

void tst_Query::rawSqlNamed()
{
    // Given raw SQL with :name and @name parameters, when executed with a map, then each name
    // is bound to its value.
    Fixture f;
    orm::Session session(f.engine);
    const auto result = session.execute(
        u"SELECT username FROM users WHERE username = :name OR age = @age ORDER BY username"_s,
        QVariantMap {{u"name"_s, u"alice"_s}, {u"age"_s, 50}});
    QVERIFY2(result, qPrintable(session.lastError().text()));
    QCOMPARE(result->rows, (QList<QVariantList> {{u"Zed"_s}, {u"alice"_s}}));
    const auto again = session.execute(u"SELECT count(*) FROM users WHERE username = :name"_s,
                                       QVariantMap {{u":name"_s, u"bob"_s}});
    QVERIFY(again);
    QCOMPARE(again->rows.first().first().toLongLong(), 1);
}

void tst_Query::rawSqlErrors()
{
    // Given raw SQL that is wrong, then execute() returns nothing with a clear error: a syntax
    // error is Kind::Sql, a parameter name the statement does not have is Kind::Usage.
    Fixture f;
    orm::Session session(f.engine);
    QVERIFY(!session.execute(u"SELEC 1"_s));
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Sql);
    QVERIFY(
        !session.execute(u"SELECT * FROM users WHERE id = :id"_s, QVariantMap {{u"ident"_s, 1}}));
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Usage);
    QVERIFY(session.lastError().message().contains(u"ident"_s));
    QVERIFY(!session.execute(u"INSERT INTO users (username, email) VALUES (?, ?)"_s,
                             {u"alice"_s, u"x@example.com"_s}));
    QCOMPARE(session.lastError().constraint(), orm::Error::Constraint::Unique);
}

void tst_Query::generativeQueries()
{
    // Given a base query, when it is refined step by step, then each step is a new query and
    // every earlier one is unchanged (SQLAlchemy's generative style).
    Fixture f;
    orm::Session session(f.engine);
    const orm::Query<User> base = session.query<User>();
    const auto active = base.filter(orm::col(&User::isActive) == true);
    const auto ordered = active.orderBy(orm::col(&User::username).desc());
    const auto limited = ordered.limit(2);
    const auto moreFiltered = active.filter(orm::col(&User::age) < 30);

    QCOMPARE(base.count(), std::optional<qint64>(8));
    QCOMPARE(active.count(), std::optional<qint64>(6));
    QCOMPARE(moreFiltered.count(), std::optional<qint64>(2));
    QCOMPARE(usernames(limited.all()), (QStringList {u"johnxdoe"_s, u"eve"_s}));
    QCOMPARE(ordered.all().size(), size_t(6));
    QCOMPARE(active.count(), std::optional<qint64>(6));

    const QString baseSql = base.compile().sql;
    QVERIFY2(!baseSql.contains(u"WHERE"_s) && !baseSql.contains(u"ORDER BY"_s),
             qPrintable(baseSql));
    QVERIFY(!active.compile().sql.contains(u"ORDER BY"_s));
    QVERIFY(!ordered.compile().sql.contains(u"LIMIT"_s));
    QVERIFY(limited.compile().sql.contains(u"LIMIT"_s));
    QCOMPARE(active.compile().params.size(), 1);
    QCOMPARE(moreFiltered.compile().params.size(), 2);
}

void tst_Query::withSessionRunsTheQueryOnAnotherConnection()
{
    // Given a query built on one session and a second session on its own connection,
    Fixture f(Fixture::Storage::File);
    orm::Session session(f.engine);
    orm::Session other(f.secondEngine());
    const orm::Query<User> query = session.query<User>()
                                       .filter(orm::col(&User::isActive) == true)
                                       .orderBy(orm::col(&User::username))
                                       .limit(2)
                                       .offset(1);
    const auto alice = session.query<User>().filterBy(&User::username, u"alice"_s).one();
    QVERIFY(alice);
    alice->username = u"aaron"_s; // staged in the first session only

    // when the copy runs there, it reads that connection and fills that session,
    const orm::QueryBase moved = query.withSession(&other);
    QCOMPARE(moved.session(), &other);
    const auto rows = moved.rows({orm::col(&User::username).expr()});
    QVERIFY(rows);
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0).value(0).toString(), u"alice"_s);
    QCOMPARE(rows->at(1).value(0).toString(), u"carol"_s);
    QCOMPARE(moved.count(), std::optional<qint64>(2));
    QCOMPARE(other.identityCount(), 0);
    const auto objects = orm::Query<User>(moved).all();
    // (its own objects: the staged name of the first session's alice is not seen there)
    QCOMPARE(usernames(objects), (QStringList {u"alice"_s, u"carol"_s}));
    QCOMPARE(other.identityCount(), 2);
    QVERIFY(objects.front() != alice);

    // and the original still belongs to the first session.
    QCOMPARE(query.session(), &session);
    QCOMPARE(alice->username, u"aaron"_s);
}

void tst_Query::typedColumnApi()
{
    // Given member pointers, when made into typed columns, then they name the mapped column
    // (mixin members too) with its type, and typed helpers build the same SQL as the generic
    // ones. (Type safety is checked at compile time by the static_asserts above.)
    const auto age = orm::col(&User::age);
    QCOMPARE(age.name(), u"age"_s);
    QCOMPARE(age.index(), User::staticMeta().columnIndex(u"age"_s));
    QCOMPARE(age.expr().table(), u"users"_s);
    QCOMPARE(age.expr().type(), orm::Integer);
    const auto created = orm::col<User>(&User::createdAt);
    QCOMPARE(created.name(), u"created_at"_s);
    QCOMPARE(created.expr().type(), orm::DateTime);
    QCOMPARE(orm::col(&User::username).expr().type(), orm::String(80));

    const orm::Assignment a = orm::set(&User::isActive, false);
    QCOMPARE(a.column, u"is_active"_s);
    QCOMPARE(a.value.literal(), QVariant(qint64(0))); // stored form of false

    Fixture f;
    orm::Session session(f.engine);
    const orm::Compiled typed =
        session.query<User>().filterBy(&User::username, u"alice"_s).compile();
    const orm::Compiled generic =
        session.query<User>().filterBy(u"username"_s, u"alice"_s).compile();
    QCOMPARE(typed.sql, generic.sql);
    QCOMPARE(typed.params, generic.params);
    QVERIFY2(typed.sql.endsWith(u"FROM \"users\" WHERE \"users\".\"username\" = ?"_s),
             qPrintable(typed.sql));
    // A typed datetime value is bound in the stored format, so text comparison works.
    const orm::Compiled byDate = session.query<User>().filter(created > day(2, 1)).compile();
    QCOMPARE(byDate.params, QVariantList {u"2024-02-01 00:00:00.000000"_s});
}

void tst_Query::valuesAreAlwaysBound()
{
    // Given values that look like SQL, when used in filters, then they appear only as bound
    // parameters, never in the statement text.
    Fixture f;
    orm::Session session(f.engine);
    const QString evil = u"x' OR '1'='1"_s;
    const auto q = session.query<User>().filter(orm::col(&User::username) == evil
                                                || orm::col(&User::username).like(evil)
                                                || orm::col(&User::username).in({evil}));
    const orm::Compiled c = q.compile();
    QVERIFY2(!c.sql.contains(u"OR '1'"_s), qPrintable(c.sql));
    QCOMPARE(c.params, (QVariantList {evil, evil, evil}));
    QCOMPARE(q.count(), std::optional<qint64>(0));
}

void tst_Query::longStatementsAndQuotedNames()
{
    // Given a select whose text outgrows the inline buffer and names with quotes in them,
    // when compiled, then every piece is there in order and each quote is doubled.
    orm::SqliteDialect dialect;
    orm::Select s;
    s.fromTable = u"odd\"table"_s;
    QString expected = u"SELECT "_s;
    for (int i = 0; i < 60; ++i) {
        const QString name = u"a_rather_long_column_name_%1"_s.arg(i);
        s.columns << orm::Expr::column(s.fromTable, name);
        expected += (i ? u", "_s : QString()) + u"\"odd\"\"table\".\""_s + name + u'"';
    }
    s.where = orm::Expr::column(QString(), u"say \"hi\""_s) == QVariant(u"x"_s);
    expected += u" FROM \"odd\"\"table\" WHERE \"say \"\"hi\"\"\" = ?"_s;
    const orm::Compiled c = s.compile(dialect);
    QVERIFY(c.sql.size() > 2000);
    QCOMPARE(c.sql, expected);
    QCOMPARE(c.params, QVariantList {u"x"_s});
}

QTEST_GUILESS_MAIN(tst_Query)
#include "tst_query.moc"
