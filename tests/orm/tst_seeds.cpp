// SPDX-License-Identifier: MIT
// The examples of the seed documents (Flask-SQLAlchemy tutorials, /work/shared/seeds)
// re-expressed with the ORM, each with its outcome checked: the seeds' models declared as
// Flask-SQLAlchemy declares them, and their examples written as the Python reads.

#include "orm/engine/logging.h"
#include "orm/query/query.h"
#include "ormverify.h"
#include "testengine.h"
#include "testmodels.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace seeds {

// ---- the models ---------------------------------------------------------------------------

struct TimestampMixin
{
    ORM_COLUMN(QDateTime, createdAt, orm::defaultNow);
    ORM_COLUMN(QDateTime, updatedAt, orm::defaultNow, orm::onUpdateNow);
};

struct Post;
struct Tag : orm::Model<Tag>
{
    static constexpr auto tableName = "tags";
    ORM_COLUMN(qint64, id, orm::primaryKey);
    ORM_COLUMN(QString, name, orm::String(50), orm::unique, orm::notNull);
    ORM_RELATIONSHIP(orm::Collection<Post>, posts);
};
constexpr auto postTags = orm::associationTable<Post, Tag>("post_tags");

struct User;
struct Post : orm::Model<Post>
{
    static constexpr auto tableName = "posts";
    ORM_COLUMN(qint64, id, orm::primaryKey);
    ORM_COLUMN(QString, title, orm::String(100), orm::notNull);
    ORM_COLUMN(QString, content, orm::Text, orm::notNull);
    ORM_COLUMN(QDateTime, datePosted, orm::notNull, orm::defaultNow);
    ORM_COLUMN(qint64, userId, orm::foreignKey(u"users.id"_s), orm::notNull);
    ORM_RELATIONSHIP(orm::Reference<User>, author);
    ORM_RELATIONSHIP(orm::Collection<Tag>, tags, orm::secondary(postTags),
                     orm::backref(&Tag::posts));
};

struct UserQuery;
struct User : orm::Model<User, TimestampMixin>
{
    using QueryClass = UserQuery;
    static constexpr auto tableName = "users";
    ORM_COLUMN(qint64, id, orm::primaryKey);
    ORM_COLUMN(QString, username, orm::String(80), orm::unique, orm::notNull);
    ORM_COLUMN(QString, email, orm::String(120), orm::unique, orm::notNull);
    ORM_COLUMN(std::optional<bool>, isActive, orm::defaultValue(true));
    ORM_COLUMN(std::optional<qint64>, age);
    ORM_RELATIONSHIP(orm::Collection<Post>, posts, orm::backref(&Post::author),
                     orm::lazy(orm::LoadStrategy::Dynamic));
};
struct UserQuery : orm::Query<User>
{
    using Query::Query;
    auto findByUsername(const QString &u) const { return filterBy(&User::username, u).first(); }
};

struct Profile : orm::Model<Profile>
{
    ORM_COLUMN(qint64, id, orm::primaryKey);
    ORM_COLUMN(std::optional<qint64>, userId, orm::foreignKey(u"users.id"_s), orm::unique);
    ORM_RELATIONSHIP(orm::Reference<User>, user);
};

struct Group;
constexpr auto memberships = orm::associationTable<User, Group>("memberships");
struct Group : orm::Model<Group>
{
    ORM_COLUMN(qint64, id, orm::primaryKey);
    ORM_RELATIONSHIP(orm::Collection<User>, users, orm::secondary(memberships));
};

struct Account : orm::Model<Account>
{
    ORM_COLUMN(qint64, id, orm::primaryKey);
    ORM_COLUMN(QString, accountNumber, orm::String(20), orm::unique, orm::notNull);
    ORM_COLUMN(double, balance, orm::notNull, orm::defaultValue(0.0));
};

// ---- what the examples use ----------------------------------------------------------------

// db.create_all(), on a fresh database (memory or file; the suite's database on a server,
// emptied first).
std::shared_ptr<orm::Engine> makeEngine(const QString &sqliteUrl = u"sqlite://"_s)
{
    const QString url = testengine::fresh(sqliteUrl);
    orm::Error error;
    auto engine = orm::Engine::create(url, &error);
    const orm::MetaData schema = orm::MetaData::of<User, Post, Tag, Profile, Group, Account>();
    if (!engine || !schema.createAll(engine->connection(), &error))
        qFatal("cannot create %s: %s", qPrintable(url), qPrintable(error.text()));
    return engine;
}

// User(username=…, email=…), Post(title=…, content=…, author=…), Account(…)
std::shared_ptr<User> newUser(const QString &username, const QString &email = QString())
{
    auto u = std::make_shared<User>();
    u->username = username;
    u->email = email.isEmpty() ? username + u"@example.com"_s : email;
    return u;
}

std::shared_ptr<Post> newPost(const QString &title, const QString &content,
                              const std::shared_ptr<User> &author)
{
    auto p = std::make_shared<Post>();
    p->title = title;
    p->content = content;
    p->author = author;
    return p;
}

std::shared_ptr<Account> newAccount(const QString &number, double balance)
{
    auto a = std::make_shared<Account>();
    a->accountNumber = number;
    a->balance = balance;
    return a;
}

template<class T>
std::shared_ptr<T> named(const QString &name)
{
    auto t = std::make_shared<T>();
    t->name = name;
    return t;
}

} // namespace seeds

using namespace seeds;

namespace {

// The seed's transfer_funds(): both balances change or neither does; any failure rolls the
// session back (db.session.rollback()).
bool transferFunds(orm::Session &session, qint64 sourceId, qint64 targetId, double amount,
                   QString *message)
{
    if (amount <= 0) {
        *message = u"Transfer amount must be positive."_s;
        return false;
    }
    auto fail = [&](const QString &why) {
        *message = u"Transaction failed: %1. All changes rolled back."_s.arg(why);
        session.rollback();
        return false;
    };
    auto source = session.get<Account>(sourceId);
    auto target = session.get<Account>(targetId);
    if (!source)
        return fail(u"Source account %1 not found."_s.arg(sourceId));
    if (!target)
        return fail(u"Target account %1 not found."_s.arg(targetId));
    if (source->balance < amount)
        return fail(u"Insufficient funds in source account %1."_s.arg(sourceId));
    source->balance -= amount;
    target->balance += amount;
    if (!session.commit())
        return fail(session.lastError().text());
    *message = u"Successfully transferred %1 from %2 to %3."_s.arg(amount).arg(
        source->accountNumber, target->accountNumber);
    return true;
}

// The seed's add_user(): checks first, commits only a new name.
bool addUser(orm::Session &session, const QString &username)
{
    if (session.query<User>().filterBy(&User::username, username).first())
        return false; // "Username already exists."
    session.add(newUser(username));
    return session.commit();
}

// The seed's add_user_with_error(): adds and lets the database refuse a duplicate.
bool addUserWithError(orm::Session &session, const QString &username, orm::Error *error)
{
    session.add(newUser(username, username.toLower() + u"+dup@example.com"_s));
    if (!session.commit()) {
        *error = session.lastError();
        session.rollback();
        return false;
    }
    return true;
}

bool updateUsername(orm::Session &session, const QString &oldName, const QString &newName)
{
    auto user = session.query<User>().filterBy(&User::username, oldName).first();
    if (!user)
        return false; // "User not found."
    user->username = newName;
    return session.commit();
}

bool deleteUser(orm::Session &session, const QString &username)
{
    auto user = session.query<User>().filterBy(&User::username, username).first();
    if (!user)
        return false;
    session.remove(user);
    return session.commit();
}

template<class Range>
QStringList usernames(const Range &users)
{
    QStringList names;
    for (const auto &u : users)
        names << u->username;
    return names;
}

// Echo capture: the messages of the "rowsmith.orm.sql" category, other ones passed on.
QList<std::pair<QtMsgType, QString>> g_echoed;
QtMessageHandler g_previousHandler = nullptr;

void captureEcho(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "rowsmith.orm.sql") == 0) {
        g_echoed.append({type, message});
        return;
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

} // namespace

class tst_Seeds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString message;
        QVERIFY2(testengine::prepare(&message), qPrintable(message));
    }
    void createAllAndDropAll();
    void usersAndPostsBothWays();
    void postsAndTagsManyToMany();
    void profilesAndGroups();
    void transferFunds();
    void transferFundsFailures_data();
    void transferFundsFailures();
    void transferFailingAtCommitRestoresBalances();
    void bothUsersOrNeither();
    void rollbackDiscardsAStagedUser();
    void duplicateIsRefusedWithTheConstraintNamed_data();
    void duplicateIsRefusedWithTheConstraintNamed();
    void crudUpdateAndDelete();
    void filterByFilterLikeOrderBy();
    void readQueries();
    void countAndAverage();
    void pagination_data();
    void pagination();
    void bulkUpdateAndDelete();
    void getMissingKey();
    void customQueryClass();
    void timestampMixin();
    void sqlEcho();
    void userInputIsNeverSql();
};

void tst_Seeds::createAllAndDropAll()
{
    // db.create_all() / db.drop_all(): the seeds' tables, association tables included, appear
    // and disappear.
    auto engine = orm::Engine::create(testengine::url(u"sqlite://"_s));
    QVERIFY(engine);
    const auto db = orm::MetaData::of<User, Post, Tag, Profile, Group, Account>();
    const auto tables = [&engine] {
        const auto reflected = engine->connection().reflect(QString());
        QStringList names;
        for (const orm::Table &t : reflected ? reflected->tables() : QList<orm::Table>())
            names << t.name();
        names.sort();
        return names.join(u',');
    };
    QVERIFY(db.dropAll(engine->connection()));
    QCOMPARE(tables(), QString());
    QVERIFY(db.createAll(engine->connection()));
    QCOMPARE(tables(), u"account,group,memberships,post_tags,posts,profile,tags,users"_s);
    QVERIFY(db.dropAll(engine->connection()));
    QCOMPARE(tables(), QString());
}

void tst_Seeds::usersAndPostsBothWays()
{
    auto engine = makeEngine();
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    {
        orm::Session session(engine);
        auto user1 = newUser(u"john_doe"_s, u"john@example.com"_s);
        session.add(user1);
        QVERIFY(session.commit()); // Commit to get an ID for user1
        auto post1 =
            newPost(u"My First Blog Post"_s, u"This is the content of my first post."_s, user1);
        auto post2 = newPost(u"Another Post"_s, u"More great content here!"_s, user1);
        session.addAll({post1, post2});
        QVERIFY(session.commit());
    }
    const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);

    orm::Session session(engine);
    auto retrievedUser = session.query<User>().filterBy(&User::username, u"john_doe"_s).first();
    QVERIFY(retrievedUser);
    QStringList printed;
    for (const auto &post : retrievedUser->posts.items()) // the 'posts' relationship
        printed << u" - Post: %1 by %2"_s.arg(post->title, post->author->username); // 'author'
    QCOMPARE(printed,
             (QStringList {u" - Post: My First Blog Post by john_doe"_s,
                           u" - Post: Another Post by john_doe"_s}));
    auto retrievedPost =
        session.query<Post>().filterBy(&Post::title, u"My First Blog Post"_s).first();
    QCOMPARE(retrievedPost->author->username, u"john_doe"_s); // the author via backref
    // The author is that very user object (identity map), and date_posted defaulted to utcnow.
    QCOMPARE(retrievedPost->author.get(), retrievedUser);
    QVERIFY(retrievedPost->datePosted >= before && retrievedPost->datePosted <= after);
}

void tst_Seeds::postsAndTagsManyToMany()
{
    // python_tag = Tag(name='python'); flask_tag = Tag(name='flask')
    // post = Post(title='Flask Tutorial'); post.tags.append(python_tag); post.tags.append(…)
    auto engine = makeEngine();
    orm::Session session(engine);
    auto pythonTag = named<Tag>(u"python"_s);
    auto flaskTag = named<Tag>(u"flask"_s);
    auto post = newPost(u"Flask Tutorial"_s, u"…"_s, newUser(u"john"_s));
    post->tags.append(pythonTag);
    post->tags.append(flaskTag);
    session.add(post);
    ORM_VERIFY(session.commit(), session);

    // flask_posts = Post.query.filter(Post.tags.any(name='flask')).all()
    const auto flaskPosts = session.query<Post>()
                                .filter(orm::any(&Post::tags, orm::col(&Tag::name) == u"flask"_s))
                                .all();
    QCOMPARE(flaskPosts.size(), size_t(1));
    QCOMPARE(flaskPosts.front(), post);
    // and the backref: the tag lists the post.
    orm::Session other(engine);
    const auto tag = other.query<Tag>().filterBy(&Tag::name, u"python"_s).one();
    QVERIFY(tag);
    QCOMPARE(tag->posts.items().front()->title, u"Flask Tutorial"_s);
    QCOMPARE(engine->connection().select(u"SELECT count(*) FROM post_tags"_s)->first().first(),
             QVariant(qint64(2)));
}

void tst_Seeds::profilesAndGroups()
{
    // One-to-one: each User has one Profile (user_id unique); many-to-many: a User belongs to
    // Groups through memberships.
    auto engine = makeEngine();
    orm::Session session(engine);
    auto deepak = newUser(u"deepak"_s);
    auto john = newUser(u"John"_s);
    auto profile = std::make_shared<Profile>();
    profile->user = deepak;
    auto group = std::make_shared<Group>();
    group->users.append(deepak);
    group->users.append(john);
    session.addAll({profile, group});
    ORM_VERIFY(session.commit(), session);

    orm::Session other(engine);
    const auto read = other.query<Profile>().one();
    QVERIFY(read);
    QCOMPARE(read->user->username, u"deepak"_s);
    QCOMPARE(read->userId, std::optional<qint64>(deepak->id));
    QStringList members;
    for (const auto &u : other.query<Group>().one()->users.items())
        members << u->username;
    members.sort();
    QCOMPARE(members, (QStringList {u"John"_s, u"deepak"_s}));
    // A second profile for the same user breaks user_id's UNIQUE: an IntegrityError.
    auto twin = std::make_shared<Profile>();
    twin->user = other.get<User>(deepak->id);
    other.add(twin);
    QVERIFY(!other.commit());
    QVERIFY(other.lastError().isIntegrityError());
}

void tst_Seeds::transferFunds()
{
    // Given ACC1001 with 1000 and ACC1002 with 500,
    auto engine = makeEngine();
    orm::Session session(engine);
    session.addAll({newAccount(u"ACC1001"_s, 1000.0), newAccount(u"ACC1002"_s, 500.0)});
    QVERIFY(session.commit());
    QString message;

    // when 200 is transferred, then both balances change;
    QVERIFY2(::transferFunds(session, 1, 2, 200.0, &message), qPrintable(message));
    QCOMPARE(message, u"Successfully transferred 200 from ACC1001 to ACC1002."_s);
    {
        orm::Session other(engine);
        QCOMPARE(other.get<Account>(1)->balance, 800.0);
        QCOMPARE(other.get<Account>(2)->balance, 700.0);
    }

    // when 900 is transferred (insufficient funds), then neither changes, in the database
    // and in the session's objects.
    QVERIFY(!::transferFunds(session, 1, 2, 900.0, &message));
    QVERIFY2(message.contains(u"Insufficient funds in source account 1."_s), qPrintable(message));
    QCOMPARE(session.get<Account>(1)->balance, 800.0);
    QCOMPARE(session.get<Account>(2)->balance, 700.0);
    QVERIFY(!session.hasPendingChanges());
    orm::Session other(engine);
    QCOMPARE(other.get<Account>(1)->balance, 800.0);
    QCOMPARE(other.get<Account>(2)->balance, 700.0);
}

void tst_Seeds::transferFundsFailures_data()
{
    QTest::addColumn<qint64>("source");
    QTest::addColumn<qint64>("target");
    QTest::addColumn<double>("amount");
    QTest::addColumn<QString>("reason");
    QTest::newRow("insufficient funds")
        << qint64(1) << qint64(2) << 1000.01 << u"Insufficient funds in source account 1."_s;
    QTest::newRow("negative amount")
        << qint64(1) << qint64(2) << -5.0 << u"Transfer amount must be positive."_s;
    QTest::newRow("zero amount") << qint64(1) << qint64(2) << 0.0
                                 << u"Transfer amount must be positive."_s;
    QTest::newRow("missing source")
        << qint64(9) << qint64(2) << 10.0 << u"Source account 9 not found."_s;
    QTest::newRow("missing target")
        << qint64(1) << qint64(9) << 10.0 << u"Target account 9 not found."_s;
}

void tst_Seeds::transferFundsFailures()
{
    // Given two accounts, when a transfer fails for any reason, then the message says why and
    // both balances are unchanged.
    QFETCH(qint64, source);
    QFETCH(qint64, target);
    QFETCH(double, amount);
    QFETCH(QString, reason);
    auto engine = makeEngine();
    orm::Session session(engine);
    session.addAll({newAccount(u"ACC1001"_s, 1000.0), newAccount(u"ACC1002"_s, 500.0)});
    QVERIFY(session.commit());
    QString message;
    QVERIFY(!::transferFunds(session, source, target, amount, &message));
    QVERIFY2(message.contains(reason), qPrintable(message));
    orm::Session other(engine);
    QCOMPARE(other.get<Account>(1)->balance, 1000.0);
    QCOMPARE(other.get<Account>(2)->balance, 500.0);
}

void tst_Seeds::transferFailingAtCommitRestoresBalances()
{
    // Given both accounts loaded ("Before transfer: print(Account.query.get(1))"), and the
    // target account frozen meanwhile by another connection (a trigger refuses its updates),
    QTemporaryDir dir;
    const QString url = u"sqlite:///"_s + dir.filePath(u"bank.db"_s);
    auto engine = makeEngine(url);
    orm::Session session(engine);
    auto a = newAccount(u"ACC1001"_s, 1000.0);
    auto b = newAccount(u"ACC1002"_s, 500.0);
    session.addAll({a, b});
    QVERIFY(session.commit());
    auto other = orm::Engine::create(testengine::url(url));
    if (testengine::onServer) {
        ORM_VERIFY(other->connection().exec(
                       u"CREATE OR REPLACE FUNCTION refuse_frozen() RETURNS trigger AS $$ BEGIN "
                       "RAISE EXCEPTION 'account ACC1002 is frozen'; END $$ LANGUAGE plpgsql"_s),
                   other->connection());
        ORM_VERIFY(other->connection().exec(
                       u"CREATE TRIGGER frozen BEFORE UPDATE ON account FOR EACH ROW WHEN "
                       "(OLD.account_number = 'ACC1002') EXECUTE FUNCTION refuse_frozen()"_s),
                   other->connection());
    } else {
        QVERIFY(other->connection().exec(
            u"CREATE TRIGGER frozen BEFORE UPDATE ON account WHEN OLD.account_number = 'ACC1002' "
            "BEGIN SELECT RAISE(ABORT, 'account ACC1002 is frozen'); END"_s));
    }

    // when a transfer has already debited the source and the commit fails (a database error,
    // as the seed's except clause covers), then rollback() restores the source balance, in
    // memory and in the database.
    QString message;
    QVERIFY(!::transferFunds(session, a->id, b->id, 100.0, &message));
    QVERIFY2(message.contains(u"frozen"_s), qPrintable(message));
    QCOMPARE(a->balance, 1000.0);
    QCOMPARE(other->connection()
                 .select(u"SELECT balance FROM account ORDER BY id"_s)
                 ->first()
                 .first()
                 .toDouble(),
             1000.0);
}

void tst_Seeds::bothUsersOrNeither()
{
    // The seed's transaction example: user1 and user2 committed together; then a pair where
    // the second is a duplicate: neither is added, and after rollback() and close() the
    // session is clean.
    auto engine = makeEngine();
    orm::Session session(engine);
    session.add(newUser(u"user1"_s, u"user1@email.com"_s));
    session.add(newUser(u"user2"_s, u"user2@email.com"_s));
    QVERIFY(session.commit());
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(2));

    auto user3 = newUser(u"user3"_s, u"user3@email.com"_s);
    session.add(user3);
    session.add(newUser(u"user4"_s, u"user1@email.com"_s)); // duplicate e-mail
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().column(), u"email"_s);
    session.rollback();
    session.close();
    QCOMPARE(user3->objectState(), orm::ObjectState::Transient);
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(2));
    QVERIFY(!session.query<User>().findByUsername(u"user3"_s));
}

void tst_Seeds::rollbackDiscardsAStagedUser()
{
    // "If you realize you made an error in adding a new user: db.session.rollback()".
    auto engine = makeEngine();
    orm::Session session(engine);
    auto john = newUser(u"john"_s, u"john@example.com"_s);
    session.add(john);
    session.rollback();
    QVERIFY(session.commit());
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(0));
    QCOMPARE(john->objectState(), orm::ObjectState::Transient);
}

void tst_Seeds::duplicateIsRefusedWithTheConstraintNamed_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("column");
    QTest::newRow("add_user_with_error('John'): username")
        << u"John"_s << u"other@example.com"_s << u"username"_s;
    QTest::newRow("create_user: duplicate e-mail")
        << u"Johnny"_s << u"john@example.com"_s << u"email"_s;
}

void tst_Seeds::duplicateIsRefusedWithTheConstraintNamed()
{
    QFETCH(QString, username);
    QFETCH(QString, email);
    QFETCH(QString, column);
    // Given John added with the checking add_user(), which refuses a second John itself,
    auto engine = makeEngine();
    orm::Session session(engine);
    QVERIFY(addUser(session, u"John"_s));
    QVERIFY(session.query<User>().filterBy(&User::username, u"John"_s).first());
    QVERIFY(!addUser(session, u"John"_s));
    QVERIFY(!session.lastError().isError());
    session.query<User>().findByUsername(u"John"_s)->email = u"john@example.com"_s;
    QVERIFY(session.commit());

    // when a duplicate goes to the database, then the commit fails with the constraint named
    // (IntegrityError: UNIQUE constraint failed: users.<column>), and the count is unchanged;
    auto dup = newUser(username, email);
    session.add(dup);
    QVERIFY(!session.commit());
    const orm::Error e = session.lastError();
    QVERIFY(e.isIntegrityError()); // except IntegrityError: db.session.rollback()
    QCOMPARE(e.kind(), orm::Error::Kind::Constraint);
    QCOMPARE(e.constraint(), orm::Error::Constraint::Unique);
    QCOMPARE(e.entity(), u"User"_s);
    QCOMPARE(e.table(), u"users"_s);
    QCOMPARE(e.column(), column);
    // (the engine's own words: SQLite's as the seed shows them, or the server's with the
    // constraint's name)
    QVERIFY2(e.text().contains(testengine::onServer
                                   ? u"users_%1_key"_s.arg(column)
                                   : u"UNIQUE constraint failed: users."_s + column),
             qPrintable(e.text()));
    // the rollback discards the attempt.
    session.rollback();
    QCOMPARE(dup->objectState(), orm::ObjectState::Transient);
    QVERIFY(!session.hasPendingChanges());
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(1));

    // add_user_with_error() itself: the same error, rolled back.
    orm::Error error;
    QVERIFY(!addUserWithError(session, u"John"_s, &error));
    QCOMPARE(error.constraint(), orm::Error::Constraint::Unique);
    QCOMPARE(error.column(), u"username"_s);
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(1));
}

void tst_Seeds::crudUpdateAndDelete()
{
    // Given the seed's users deepak, user1, John, user2 … user5,
    auto engine = makeEngine();
    orm::Session session(engine);
    for (const QString &name :
         {u"deepak"_s, u"user1"_s, u"John"_s, u"user2"_s, u"user3"_s, u"user4"_s, u"user5"_s})
        QVERIFY(addUser(session, name));
    const auto users = session.query<User>().orderBy(&User::id).all();
    QCOMPARE(usernames(users),
             (QStringList {u"deepak"_s, u"user1"_s, u"John"_s, u"user2"_s, u"user3"_s, u"user4"_s,
                           u"user5"_s}));

    // when update_username('user1', 'user100') runs, then the list already held shows it
    // (one object per row);
    QVERIFY(updateUsername(session, u"user1"_s, u"user100"_s));
    QCOMPARE(users.at(1)->username, u"user100"_s);
    QVERIFY(!updateUsername(session, u"nobody"_s, u"x"_s));

    // when delete_user('user100') runs, then the user is gone;
    QVERIFY(deleteUser(session, u"user100"_s));
    QVERIFY(!deleteUser(session, u"user100"_s));
    QCOMPARE(users.at(1)->objectState(), orm::ObjectState::Detached);

    // and order_by(username) lists the rest as the seed printed (upper case first).
    const auto sortedUsers = session.query<User>().orderBy(&User::username).all();
    QCOMPARE(
        usernames(sortedUsers),
        (QStringList {u"John"_s, u"deepak"_s, u"user2"_s, u"user3"_s, u"user4"_s, u"user5"_s}));

    // CRUD through get(): user = User.query.get(1); user.username = …; delete.
    auto first = session.get<User>(1);
    first->username = u"new_username"_s;
    QVERIFY(session.commit());
    orm::Session other(engine);
    QCOMPARE(other.get<User>(1)->username, u"new_username"_s);
    session.remove(session.get<User>(1));
    QVERIFY(session.commit());
    orm::Session third(engine);
    QVERIFY(!third.get<User>(1));
    QCOMPARE(third.query<User>().count(), std::optional<qint64>(5));
}

void tst_Seeds::filterByFilterLikeOrderBy()
{
    // Given the seed's users, filter_by, filter(like('u%')) and combined filter_by + order_by
    // give the seed's results.
    auto engine = makeEngine();
    orm::Session session(engine);
    for (const QString &name :
         {u"deepak"_s, u"John"_s, u"user2"_s, u"user3"_s, u"user4"_s, u"user5"_s})
        QVERIFY(addUser(session, name));
    session.add(newUser(u"john"_s, u"john@example.com"_s));
    QVERIFY(session.commit());

    QCOMPARE(usernames(session.query<User>().filterBy(&User::username, u"john"_s).all()),
             QStringList {u"john"_s});
    const auto filtered = session.query<User>()
                              .filter(orm::col(&User::username).like(u"u%"_s))
                              .orderBy(&User::id)
                              .all();
    QCOMPARE(usernames(filtered), (QStringList {u"user2"_s, u"user3"_s, u"user4"_s, u"user5"_s}));
    const auto combined = session.query<User>()
                              .filterBy(&User::email, u"john@example.com"_s)
                              .orderBy(&User::username)
                              .all();
    QCOMPARE(usernames(combined), QStringList {u"john"_s});
}

void tst_Seeds::readQueries()
{
    // Given users created over the last weeks, some admins, one inactive,
    auto engine = makeEngine();
    orm::Session session(engine);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    struct Row
    {
        QString name;
        int daysAgo;
        bool active;
    };
    for (const Row &r :
         {Row {u"alice"_s, 30, true}, Row {u"site_admin"_s, 10, true}, Row {u"bob"_s, 3, true},
          Row {u"admin2"_s, 2, false}, Row {u"admin_carol"_s, 1, true}}) {
        auto u = newUser(r.name);
        u->createdAt = now.addDays(-r.daysAgo);
        u->isActive = r.active;
        session.add(u);
    }
    QVERIFY(session.commit());
    orm::Session s(engine);

    // User.query.all(), get(1), get_or_404(1), filter_by(username='alice').first()
    QCOMPARE(s.query<User>().all().size(), size_t(5));
    QCOMPARE(s.query<User>().get(1)->username, u"alice"_s);
    QCOMPARE(s.query<User>().getOr404(1)->username, u"alice"_s);
    QCOMPARE(s.query<User>().filterBy(&User::username, u"alice"_s).first()->id, 1);

    // users created in the last 7 days
    const QDateTime weekAgo = now.addDays(-7);
    const auto recent =
        s.query<User>().filter(orm::col<User>(&User::createdAt) > weekAgo).orderBy(&User::id).all();
    QCOMPARE(usernames(recent), (QStringList {u"bob"_s, u"admin2"_s, u"admin_carol"_s}));

    // filter(User.is_active == True, User.username.like('%admin%'))
    const auto activeAdmins = s.query<User>()
                                  .filter(orm::col(&User::isActive) == true)
                                  .filter(orm::col(&User::username).like(u"%admin%"_s))
                                  .orderBy(&User::id)
                                  .all();
    QCOMPARE(usernames(activeAdmins), (QStringList {u"site_admin"_s, u"admin_carol"_s}));

    // order_by(User.created_at.desc())
    const auto newestFirst = s.query<User>().orderBy(orm::col<User>(&User::createdAt).desc()).all();
    QCOMPARE(usernames(newestFirst),
             (QStringList {u"admin_carol"_s, u"admin2"_s, u"bob"_s, u"site_admin"_s, u"alice"_s}));
}

void tst_Seeds::countAndAverage()
{
    // Given users aged 20, 30 and 40 and one of unknown age, User.query.count() is 4 and
    // db.session.query(func.avg(User.age)).scalar() is 30 (NULL ignored).
    auto engine = makeEngine();
    orm::Session session(engine);
    for (const auto &[name, age] : {std::pair {u"a"_s, std::optional<qint64>(20)},
                                    std::pair {u"b"_s, std::optional<qint64>(30)},
                                    std::pair {u"c"_s, std::optional<qint64>(40)},
                                    std::pair {u"d"_s, std::optional<qint64>()}}) {
        auto u = newUser(name);
        u->age = age;
        session.add(u);
    }
    QVERIFY(session.commit());
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(4));
    const QVariant avgAge = session.query(orm::func::avg(orm::col(&User::age))).scalar();
    QCOMPARE(avgAge.metaType(), QMetaType::fromType<double>());
    QCOMPARE(avgAge.toDouble(), 30.0);
    QCOMPARE(session.query(orm::func::min(orm::col(&User::age))).scalar().toLongLong(), 20);
    QCOMPARE(session.query(orm::func::max(orm::col(&User::age))).scalar().toLongLong(), 40);
    // .one() of an aggregate row: exactly one row, or NotFound / MultipleResults.
    const auto row =
        session.query(orm::func::min(orm::col(&User::age)), orm::func::max(orm::col(&User::age)))
            .one();
    QVERIFY(row);
    QCOMPARE(*row, (QVariantList {qint64(20), qint64(40)}));
}

void tst_Seeds::pagination_data()
{
    QTest::addColumn<int>("page");
    QTest::addColumn<int>("itemCount");
    QTest::addColumn<QString>("firstItem");
    QTest::addColumn<bool>("hasPrev");
    QTest::addColumn<bool>("hasNext");
    QTest::addColumn<int>("prevNum"); // 0: none
    QTest::addColumn<int>("nextNum"); // 0: none
    QTest::newRow("page 1") << 1 << 20 << u"user01"_s << false << true << 0 << 2;
    QTest::newRow("page 2") << 2 << 20 << u"user21"_s << true << true << 1 << 3;
    QTest::newRow("page 3") << 3 << 5 << u"user41"_s << true << false << 2 << 0;
}

void tst_Seeds::pagination()
{
    // Given 45 users, when paginated 20 per page (User.query.paginate(page=…, per_page=20)),
    // then pages 1 to 3 hold 20, 20 and 5 items, total 45, 3 pages, with their neighbours.
    QFETCH(int, page);
    QFETCH(int, itemCount);
    QFETCH(QString, firstItem);
    QFETCH(bool, hasPrev);
    QFETCH(bool, hasNext);
    QFETCH(int, prevNum);
    QFETCH(int, nextNum);
    auto engine = makeEngine();
    orm::Session session(engine);
    for (int i = 1; i <= 45; ++i)
        session.add(newUser(u"user%1"_s.arg(i, 2, 10, QChar(u'0'))));
    QVERIFY(session.commit());

    const orm::Page<User> p = session.query<User>().orderBy(&User::id).paginate(page, 20);
    QCOMPARE(int(p.items.size()), itemCount);
    QCOMPARE(p.items.front()->username, firstItem);
    QCOMPARE(p.page, page);
    QCOMPARE(p.perPage, 20);
    QCOMPARE(p.total, 45);
    QCOMPARE(p.pages(), 3);
    QCOMPARE(p.hasPrev(), hasPrev);
    QCOMPARE(p.hasNext(), hasNext);
    QCOMPARE(p.prevNum().value_or(0), prevNum);
    QCOMPARE(p.nextNum().value_or(0), nextNum);
}

void tst_Seeds::bulkUpdateAndDelete()
{
    // Given five users, two inactive,
    auto engine = makeEngine();
    orm::Session session(engine);
    for (int i = 1; i <= 5; ++i) {
        auto u = newUser(u"u%1"_s.arg(i));
        u->isActive = i > 2;
        session.add(u);
    }
    QVERIFY(session.commit());
    const auto inactive = [](orm::Session &s) {
        return s.query<User>().filterBy(&User::isActive, false).count().value_or(-1);
    };

    // User.query.filter_by(is_active=False).update({'is_active': True}); commit()
    QCOMPARE(session.query<User>()
                 .filterBy(&User::isActive, false)
                 .update({orm::set(&User::isActive, true)}),
             std::optional<qint64>(2));
    QVERIFY(session.commit());
    {
        orm::Session other(engine);
        QCOMPARE(inactive(other), 0);
    }

    // User.query.filter_by(is_active=False).delete(); commit()
    QCOMPARE(session.query<User>()
                 .filter(orm::col(&User::id) <= 3)
                 .update({orm::set(&User::isActive, false)}),
             std::optional<qint64>(3));
    QCOMPARE(session.query<User>().filterBy(&User::isActive, false).remove(),
             std::optional<qint64>(3));
    QVERIFY(session.commit());
    orm::Session other(engine);
    QCOMPARE(inactive(other), 0);
    QCOMPARE(usernames(other.query<User>().orderBy(&User::id).all()),
             (QStringList {u"u4"_s, u"u5"_s}));
}

void tst_Seeds::getMissingKey()
{
    // User.query.get(…) is None for a missing key; get_or_404 says "not found".
    auto engine = makeEngine();
    orm::Session session(engine);
    session.add(newUser(u"alice"_s));
    QVERIFY(session.commit());
    QVERIFY(!session.get<User>(999));
    QVERIFY(!session.lastError().isError());
    const orm::Fetched<User> missing = session.getOr404<User>(999);
    QVERIFY(missing.isNotFound());
    QVERIFY(!missing.isFound());
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind(), orm::Error::Kind::NotFound);
    QCOMPARE(missing.error().entity(), u"User"_s);
    QCOMPARE(missing.error().key(), QVariant(999));
    QVERIFY(session.query<User>().getOr404(999).isNotFound());
    const orm::Fetched<User> found = session.getOr404<User>(1);
    QVERIFY(found.isFound());
    QVERIFY(!found.isNotFound());
    QCOMPARE(found->username, u"alice"_s);
}

void tst_Seeds::customQueryClass()
{
    // User.query_class = UserQuery; User.query.find_by_username("john_doe").
    auto engine = makeEngine();
    orm::Session session(engine);
    session.add(newUser(u"john_doe"_s));
    QVERIFY(session.commit());
    static_assert(std::is_same_v<decltype(session.query<User>()), UserQuery>);
    auto user = session.query<User>().findByUsername(u"john_doe"_s);
    QVERIFY(user);
    QCOMPARE(user->username, u"john_doe"_s);
    QVERIFY(!session.query<User>().findByUsername(u"jane"_s));
    // The custom class stays generative: refined queries keep the helper.
    const UserQuery active = session.query<User>().filter(orm::col(&User::isActive) == false);
    QVERIFY(!active.findByUsername(u"john_doe"_s));
}

void tst_Seeds::timestampMixin()
{
    // Given a user inserted, then created_at and updated_at are set to the current UTC time
    // and stored as SQLAlchemy's DATETIME text;
    auto engine = makeEngine();
    orm::Session session(engine);
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    auto u = newUser(u"stamped"_s);
    session.add(u);
    QVERIFY(session.commit());
    const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);
    QVERIFY(u->createdAt >= before && u->createdAt <= after);
    QVERIFY(u->updatedAt >= before && u->updatedAt <= after);
    // (as SQLAlchemy stores it on SQLite; a server's TIMESTAMP to the microsecond)
    const QString stored =
        engine->connection()
            .select(testengine::onServer
                        ? u"SELECT to_char(created_at, 'YYYY-MM-DD HH24:MI:SS.US') FROM users"_s
                        : u"SELECT created_at FROM users"_s)
            ->first()
            .first()
            .toString();
    QCOMPARE(stored, orm::storage::formatDateTime(u->createdAt));

    // when the row is updated (updated_at made old first, so that a change is visible without
    // waiting), then updated_at is set again and created_at is left alone.
    QVERIFY(
        engine->connection().exec(u"UPDATE users SET updated_at = '2000-01-01 00:00:00.000000'"_s));
    QVERIFY(session.refresh(*u));
    QCOMPARE(u->updatedAt, QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC));
    const QDateTime created = u->createdAt;
    const QDateTime beforeUpdate = QDateTime::currentDateTimeUtc().addMSecs(-1);
    testmodels::StatementCounter counter(engine->connection());
    u->email = u"new@example.com"_s;
    QVERIFY(session.commit());
    QVERIFY(u->updatedAt >= beforeUpdate);
    QCOMPARE(u->createdAt, created);
    const QString update = counter.sql().filter(u"UPDATE"_s).first();
    QVERIFY2(update.contains(u"\"updated_at\""_s) && !update.contains(u"\"created_at\""_s),
             qPrintable(update));
    orm::Session other(engine);
    QCOMPARE(other.get<User>(u->id)->updatedAt, u->updatedAt);
}

void tst_Seeds::sqlEcho()
{
    // Given SQLALCHEMY_ECHO = True (Engine::setEcho), when statements run, then each is logged
    // through the "rowsmith.orm.sql" category with its bound values and its duration;
    auto engine = makeEngine();
    QCOMPARE(orm::lcOrmSql().categoryName(), "rowsmith.orm.sql");
    g_echoed.clear();
    g_previousHandler = qInstallMessageHandler(captureEcho);
    engine->setEcho(true);
    QVERIFY(engine->echo());
    orm::Session session(engine);
    session.add(newUser(u"john_doe"_s));
    const bool committed = session.commit();
    auto found = session.query<User>().findByUsername(u"john_doe"_s);
    const auto echoedWhileOn = g_echoed;
    // when echo is off, nothing more is logged.
    engine->setEcho(false);
    (void)session.query<User>().findByUsername(u"john_doe"_s);
    const qsizetype afterOff = g_echoed.size();
    qInstallMessageHandler(g_previousHandler);

    QVERIFY(committed);
    QVERIFY(found);
    QCOMPARE(afterOff, echoedWhileOn.size());
    QStringList messages;
    for (const auto &[type, message] : echoedWhileOn) {
        QCOMPARE(type, QtInfoMsg);
        messages << message;
    }
    const QStringList inserts = messages.filter(u"INSERT INTO \"users\""_s);
    QCOMPARE(inserts.size(), 1);
    QVERIFY2(inserts.first().contains(u"'john_doe'"_s), qPrintable(inserts.first()));
    const QStringList selects = messages.filter(u"WHERE \"users\".\"username\" = ?"_s);
    QCOMPARE(selects.size(), 1);
    QVERIFY2(selects.first().contains(u"['john_doe', 1]"_s), qPrintable(selects.first()));
    static const QRegularExpression duration(u"\\(\\d+\\.\\d{3} ms\\)"_s);
    QVERIFY2(duration.match(selects.first()).hasMatch(), qPrintable(selects.first()));
    QVERIFY(messages.filter(testengine::onServer ? u"BEGIN"_s : u"BEGIN IMMEDIATE"_s).size() == 1);
    QVERIFY(messages.filter(u"COMMIT"_s).size() == 1);

    // ConnectionOptions::echo turns it on from the start.
    orm::ConnectionOptions options;
    options.echo = true;
    auto echoing = orm::Engine::create(testengine::url(u"sqlite://"_s), options);
    QVERIFY(echoing->echo());
}

void tst_Seeds::userInputIsNeverSql()
{
    // "Avoid: SELECT * FROM users WHERE username='" + user_input + "'"; do
    // User.query.filter_by(username=user_input): the input is a bound value, matched literally.
    auto engine = makeEngine();
    orm::Session session(engine);
    session.add(newUser(u"alice"_s));
    QVERIFY(session.commit());
    const QString userInput = u"' OR '1'='1"_s;
    QVERIFY(!session.query<User>().filterBy(&User::username, userInput).first());
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(1));
}

QTEST_GUILESS_MAIN(tst_Seeds)
#include "tst_seeds.moc"
