// SPDX-License-Identifier: MIT
// Schema: createAll()/dropAll() in dependency order, composite primary keys, defaults (values,
// functions, server defaults), onupdate, indexes, unique and check constraints, and
// ON DELETE CASCADE.

#include "ormverify.h"
#include "testmodels.h"

#include "orm/mapping/automap.h"
#include "orm/mapping/related.h"
#include "orm/mapping/relationship.h"
#include "orm/sql/dialect.h"

#include <QtTest>

using namespace testmodels;

namespace {

// A column made by hand: its name and type, and whether it is the table's key (an integer
// one the database assigns).
orm::Column makeColumn(const QString &name, const orm::TypeSpec &type, bool key = false)
{
    orm::Column c;
    c.name = name;
    c.type = type;
    c.primaryKey = key;
    c.autoincrement = key;
    return c;
}

// Parent -> child -> grandchild, declared and registered child-first to prove the sorting.
class Department : public orm::Model<Department>
{
public:
    qint64 id = 0;
    QString name;
    static void map(orm::Mapper<Department> &m)
    {
        m.table(u"departments"_s);
        m.column(&Department::id, u"id"_s).primaryKey();
        m.column(&Department::name, u"name"_s, orm::String(50)).notNull().unique();
    }
};

class Employee : public orm::Model<Employee>
{
public:
    qint64 id = 0;
    qint64 departmentId = 0;
    QString name;
    QString email;
    double salary = 0.0;
    std::optional<qint64> managerId;
    static void map(orm::Mapper<Employee> &m)
    {
        m.table(u"employees"_s);
        m.column(&Employee::id, u"id"_s).primaryKey();
        m.column(&Employee::departmentId, u"department_id"_s)
            .notNull()
            .foreignKey(u"departments.id"_s, orm::ReferentialAction::Cascade);
        m.column(&Employee::name, u"name"_s, orm::String(50)).notNull();
        m.column(&Employee::email, u"email"_s, orm::String(120)).unique().index();
        m.column(&Employee::salary, u"salary"_s).notNull().defaultValue(0.0);
        // A self-reference must not block the dependency sort.
        m.column(&Employee::managerId, u"manager_id"_s).foreignKey(u"employees.id"_s);
        m.uniqueConstraint({u"department_id"_s, u"name"_s}, u"uq_employee_department_name"_s);
        m.index(u"ix_employees_department_salary"_s, {u"department_id"_s, u"salary"_s});
        m.check(u"ck_salary_not_negative"_s, u"salary >= 0"_s);
    }
};

// No ON DELETE action: an employee with badges cannot be deleted.
class Badge : public orm::Model<Badge>
{
public:
    qint64 id = 0;
    qint64 employeeId = 0;
    QString code;
    static void map(orm::Mapper<Badge> &m)
    {
        m.table(u"badges"_s);
        m.column(&Badge::id, u"id"_s).primaryKey();
        m.column(&Badge::employeeId, u"employee_id"_s).notNull().foreignKey(u"employees.id"_s);
        m.column(&Badge::code, u"code"_s, orm::String(20)).notNull();
    }
};

// A two-column key (an association with data).
class Membership : public orm::Model<Membership>
{
public:
    qint64 userId = 0;
    qint64 groupId = 0;
    QString role;
    static void map(orm::Mapper<Membership> &m)
    {
        m.table(u"memberships"_s);
        m.column(&Membership::userId, u"user_id"_s).primaryKey();
        m.column(&Membership::groupId, u"group_id"_s).primaryKey();
        m.column(&Membership::role, u"role"_s, orm::String(20)).notNull();
    }
};

// Defaults of every kind; the functions count so that each call is visible.
qint64 g_sequence = 0;

class Task : public orm::Model<Task>
{
public:
    qint64 id = 0;
    QString title;
    QString status;
    std::optional<qint64> priority;
    std::optional<qint64> revision;
    QString note;
    static void map(orm::Mapper<Task> &m)
    {
        m.table(u"tasks"_s);
        m.column(&Task::id, u"id"_s).primaryKey();
        m.column(&Task::title, u"title"_s, orm::String(100)).notNull();
        m.column(&Task::status, u"status"_s, orm::String(20)).notNull().defaultValue(u"draft"_s);
        m.column(&Task::priority, u"priority"_s).defaultFunction([] {
            return QVariant(++g_sequence);
        });
        m.column(&Task::revision, u"revision"_s).defaultValue(0).onUpdate([] {
            return QVariant(++g_sequence);
        });
        m.column(&Task::note, u"note"_s, orm::Text).serverDefault(u"'n/a'"_s);
    }
};

orm::MetaData companyMetadata()
{
    orm::MetaData md;
    md.addTable(Badge::staticMeta().table());
    md.addTable(Employee::staticMeta().table());
    md.addTable(Department::staticMeta().table());
    return md;
}

std::shared_ptr<orm::Engine> makeEngineWith(const orm::MetaData &md)
{
    auto engine = orm::Engine::create(u"sqlite://"_s);
    orm::Error error;
    if (!engine || !md.createAll(engine->connection(), &error))
        qFatal("createAll failed: %s", qPrintable(error.text()));
    return engine;
}

QStringList schemaObjects(orm::Connection &c, const QString &type)
{
    QStringList names;
    const auto rows = c.select(
        u"SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name"_s,
        {type});
    for (const QVariantList &row : *rows)
        names << row.first().toString();
    return names;
}

qint64 countRows(orm::Connection &c, const QString &table)
{
    const auto rows = c.select(u"SELECT count(*) FROM \"%1\""_s.arg(table));
    return rows && !rows->isEmpty() ? rows->first().first().toLongLong() : -1;
}

// The table names of the CREATE TABLE / DROP TABLE statements seen, in order.
QStringList tablesIn(const QStringList &sql, const QString &prefix)
{
    QStringList out;
    for (const QString &s : sql) {
        if (s.startsWith(prefix)) {
            const qsizetype open = s.indexOf(u'"');
            out << s.mid(open + 1, s.indexOf(u'"', open + 1) - open - 1);
        }
    }
    return out;
}

struct Company
{
    std::shared_ptr<orm::Engine> engine = makeEngineWith(companyMetadata());
    std::shared_ptr<Department> sales = std::make_shared<Department>();
    std::shared_ptr<Department> support = std::make_shared<Department>();
    std::shared_ptr<Employee> ann = std::make_shared<Employee>();
    std::shared_ptr<Employee> ben = std::make_shared<Employee>();
    std::shared_ptr<Employee> cat = std::make_shared<Employee>();

    // Departments and employees committed in two steps (foreign keys need the parents' ids).
    bool populate(orm::Session &session)
    {
        sales->name = u"Sales"_s;
        support->name = u"Support"_s;
        session.addAll({sales, support});
        if (!session.commit())
            return false;
        auto setUp = [](Employee &e, qint64 dept, const QString &name, double salary) {
            e.departmentId = dept;
            e.name = name;
            e.email = name.toLower() + u"@example.com"_s;
            e.salary = salary;
        };
        setUp(*ann, sales->id, u"Ann"_s, 5000);
        setUp(*ben, sales->id, u"Ben"_s, 4000);
        setUp(*cat, support->id, u"Cat"_s, 4500);
        session.addAll({ann, ben, cat});
        return session.commit();
    }
};

} // namespace

class tst_Schema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sortedTablesPutParentsFirst();
    void dependencySortSurvivesCycles();
    void createAllInDependencyOrder();
    void createAllIsIdempotent();
    void dropAllInReverseOrder();
    void compositePrimaryKey();
    void compositeKeyEditMovesIdentity();
    void defaultValueAndDefaultFunction();
    void serverDefault();
    void onUpdate();
    void indexesAreCreatedAndUsed();
    void uniqueConstraints_data();
    void uniqueConstraints();
    void checkConstraint();
    void onDeleteCascade();
    void foreignKeyWithoutActionBlocksDelete();
    void tableIsUnique();
    void attachedDatabaseThroughQualifiedNames();
};

void tst_Schema::sortedTablesPutParentsFirst()
{
    // Given tables registered child-first, when sorted, then every table follows its parents.
    const orm::MetaData md = companyMetadata();
    QStringList names;
    for (const orm::Table *t : md.sortedTables())
        names << t->name();
    QCOMPARE(names, (QStringList {u"departments"_s, u"employees"_s, u"badges"_s}));
    QCOMPARE(Employee::staticMeta().table().referredTables(), QStringList {u"departments"_s});
}

void tst_Schema::dependencySortSurvivesCycles()
{
    // Given two tables referring to each other, when sorted, then both are listed once.
    orm::Table a(u"a"_s), b(u"b"_s);
    a.addForeignKey(orm::ForeignKey {QString(), {u"b_id"_s}, u"b"_s, {u"id"_s}});
    b.addForeignKey(orm::ForeignKey {QString(), {u"a_id"_s}, u"a"_s, {u"id"_s}});
    QStringList sorted = orm::sortTablesByDependency({&a, &b});
    sorted.sort();
    QCOMPARE(sorted, (QStringList {u"a"_s, u"b"_s}));
}

void tst_Schema::createAllInDependencyOrder()
{
    // Given metadata registered child-first, when createAll() runs,
    auto engine = orm::Engine::create(u"sqlite://"_s);
    StatementCounter counter(engine->connection());
    orm::Error error;
    QVERIFY2(companyMetadata().createAll(engine->connection(), &error), qPrintable(error.text()));
    // then parents are created first, each table before its indexes,
    const QStringList sql = counter.sql();
    QCOMPARE(tablesIn(sql, u"CREATE TABLE"_s),
             (QStringList {u"departments"_s, u"employees"_s, u"badges"_s}));
    const auto position = [&sql](const QString &needle) {
        for (qsizetype i = 0; i < sql.size(); ++i) {
            if (sql.at(i).contains(needle))
                return i;
        }
        return qsizetype(-1);
    };
    QVERIFY(position(u"CREATE UNIQUE INDEX IF NOT EXISTS \"ix_employees_email\""_s)
            > position(u"CREATE TABLE IF NOT EXISTS \"employees\""_s));
    QVERIFY(position(u"CREATE TABLE IF NOT EXISTS \"badges\""_s)
            > position(u"\"ix_employees_department_salary\""_s));
    // and everything exists.
    QCOMPARE(schemaObjects(engine->connection(), u"table"_s),
             (QStringList {u"badges"_s, u"departments"_s, u"employees"_s}));
    QCOMPARE(schemaObjects(engine->connection(), u"index"_s),
             (QStringList {u"ix_employees_department_salary"_s, u"ix_employees_email"_s}));
}

void tst_Schema::createAllIsIdempotent()
{
    // Given tables with rows, when createAll() runs again, then nothing fails and no row is lost.
    Company company;
    orm::Session session(company.engine);
    QVERIFY(company.populate(session));
    QVERIFY(companyMetadata().createAll(company.engine->connection()));
    QCOMPARE(countRows(company.engine->connection(), u"employees"_s), 3);
}

void tst_Schema::dropAllInReverseOrder()
{
    // Given populated tables with foreign keys enforced,
    Company company;
    orm::Session session(company.engine);
    QVERIFY(company.populate(session));
    auto badge = std::make_shared<Badge>();
    badge->employeeId = company.ann->id;
    badge->code = u"B-1"_s;
    session.add(badge);
    QVERIFY(session.commit());
    session.close();
    orm::Connection &c = company.engine->connection();

    // (dropping a referenced table first fails: the order matters)
    QVERIFY(c.begin());
    QVERIFY(!c.exec(u"DROP TABLE employees"_s));
    QCOMPARE(c.lastError().constraint(), orm::Error::Constraint::ForeignKey);
    c.rollback();

    // when dropAll() runs, then children are dropped first and every table is gone.
    StatementCounter counter(c);
    orm::Error error;
    QVERIFY2(companyMetadata().dropAll(c, &error), qPrintable(error.text()));
    QCOMPARE(tablesIn(counter.sql(), u"DROP TABLE"_s),
             (QStringList {u"badges"_s, u"employees"_s, u"departments"_s}));
    QVERIFY(schemaObjects(c, u"table"_s).isEmpty());
    QVERIFY(schemaObjects(c, u"index"_s).isEmpty());
    // Dropping what is not there is harmless (IF EXISTS).
    QVERIFY(companyMetadata().dropAll(c));
}

void tst_Schema::compositePrimaryKey()
{
    // Given rows of a table with a two-column key,
    orm::MetaData md;
    md.addTable(Membership::staticMeta().table());
    auto engine = makeEngineWith(md);
    {
        orm::Session session(engine);
        for (const auto &[user, group, role] :
             {std::tuple {1, 2, u"admin"_s}, std::tuple {1, 3, u"member"_s},
              std::tuple {2, 2, u"member"_s}}) {
            auto m = std::make_shared<Membership>();
            m->userId = user;
            m->groupId = group;
            m->role = role;
            session.add(m);
        }
        QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    }
    QVERIFY(!Membership::staticMeta().hasAutoincrementKey());
    QCOMPARE(Membership::staticMeta().primaryKeyColumns().size(), 2);

    // when getting by a QVariantList key, then the row is found, once per session,
    orm::Session session(engine);
    auto admin = session.get<Membership>(QVariantList {1, 2});
    QVERIFY(admin);
    QCOMPARE(admin->role, u"admin"_s);
    QCOMPARE(admin->primaryKey(), QVariant(QVariantList {qint64(1), qint64(2)}));
    QCOMPARE(session.get<Membership>(QVariantList {1, 2}).get(), admin.get());
    QCOMPARE(session.identityLookup(Membership::staticMeta(), QVariantList {1, 2}).get(),
             admin.get());
    const auto ofUser1 = session.query<Membership>()
                             .filterBy(&Membership::userId, 1)
                             .orderBy(&Membership::groupId)
                             .all();
    QCOMPARE(ofUser1.size(), size_t(2));
    QCOMPARE(ofUser1.front().get(), admin.get());
    // the key's order matters,
    QVERIFY(!session.get<Membership>(QVariantList {2, 1}));
    QVERIFY(session.getOr404<Membership>(QVariantList {2, 1}).isNotFound());

    // edits and deletions are keyed by both columns,
    admin->role = u"owner"_s;
    session.remove(ofUser1.back());
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    orm::Session other(engine);
    QCOMPARE(other.get<Membership>(QVariantList {1, 2})->role, u"owner"_s);
    QCOMPARE(other.get<Membership>(QVariantList {2, 2})->role, u"member"_s);
    QVERIFY(!other.get<Membership>(QVariantList {1, 3}));

    // and a duplicate key is a PrimaryKey constraint error naming both columns.
    auto dup = std::make_shared<Membership>();
    dup->userId = 2;
    dup->groupId = 2;
    dup->role = u"again"_s;
    other.add(dup);
    QVERIFY(!other.commit());
    QCOMPARE(other.lastError().kind(), orm::Error::Kind::Constraint);
    QCOMPARE(other.lastError().constraint(), orm::Error::Constraint::PrimaryKey);
    QCOMPARE(other.lastError().columns(), (QStringList {u"user_id"_s, u"group_id"_s}));
    QCOMPARE(other.lastError().entity(), u"Membership"_s);
    QCOMPARE(other.lastError().key(), QVariant(QVariantList {qint64(2), qint64(2)}));
    QVERIFY2(other.lastError().text().startsWith(u"Membership (2, 2): user_id, group_id: "_s),
             qPrintable(other.lastError().text()));
}

void tst_Schema::compositeKeyEditMovesIdentity()
{
    // Given a loaded row with a two-column key, when one key column is edited and committed,
    // then the row is updated where the old key was, and the object answers to its new key.
    orm::MetaData md;
    md.addTable(Membership::staticMeta().table());
    auto engine = makeEngineWith(md);
    QVERIFY(engine->connection().exec(
        u"INSERT INTO memberships (user_id, group_id, role) VALUES (1, 2, 'admin')"_s));
    orm::Session session(engine);
    auto m = session.get<Membership>(QVariantList {1, 2});
    QVERIFY(m);
    m->groupId = 9;
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(session.get<Membership>(QVariantList {1, 9}).get(), m.get());
    QVERIFY(!session.get<Membership>(QVariantList {1, 2}));
    QCOMPARE(countRows(engine->connection(), u"memberships"_s), 1);
}

void tst_Schema::defaultValueAndDefaultFunction()
{
    // Given a model with a default value and a default function,
    orm::MetaData md;
    md.addTable(Task::staticMeta().table());
    auto engine = makeEngineWith(md);
    orm::Session session(engine);
    auto plain = std::make_shared<Task>();
    plain->title = u"plain"_s;
    auto explicitValues = std::make_shared<Task>();
    explicitValues->title = u"explicit"_s;
    explicitValues->status = u"done"_s;
    explicitValues->priority = 7;
    session.addAll({plain, explicitValues});
    const qint64 before = g_sequence;

    // when inserted, then unset columns get the defaults (the function runs once per row),
    // and values that were set are kept.
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(plain->status, u"draft"_s);
    QCOMPARE(plain->priority, std::optional<qint64>(before + 1));
    QCOMPARE(plain->revision, std::optional<qint64>(0));
    QCOMPARE(explicitValues->status, u"done"_s);
    QCOMPARE(explicitValues->priority, std::optional<qint64>(7));
    QCOMPARE(g_sequence, before + 1);
    const auto rows =
        engine->connection().select(u"SELECT status, priority, revision FROM tasks ORDER BY id"_s);
    QCOMPARE(rows->at(0), (QVariantList {u"draft"_s, before + 1, qint64(0)}));
    QCOMPARE(rows->at(1), (QVariantList {u"done"_s, qint64(7), qint64(0)}));
    // Defaults are client-side (SQLAlchemy's default=): the DDL has no DEFAULT for them.
    const QString ddl = orm::SqliteDialect().createTable(Task::staticMeta().table()).first();
    QVERIFY2(!ddl.contains(u"'draft'"_s), qPrintable(ddl));
}

void tst_Schema::serverDefault()
{
    // Given a column with a server default, when a row leaves it unset, then the DDL carries
    // the DEFAULT, the INSERT does not send the column, and the database fills it.
    orm::MetaData md;
    md.addTable(Task::staticMeta().table());
    auto engine = makeEngineWith(md);
    const QString ddl = orm::SqliteDialect().createTable(Task::staticMeta().table()).first();
    QVERIFY2(ddl.contains(u"\"note\" TEXT DEFAULT 'n/a'"_s), qPrintable(ddl));
    orm::Session session(engine);
    auto t = std::make_shared<Task>();
    t->title = u"server"_s;
    auto withNote = std::make_shared<Task>();
    withNote->title = u"noted"_s;
    withNote->note = u"mine"_s;
    session.addAll({t, withNote});
    StatementCounter counter(engine->connection());
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    const QStringList inserts = counter.sql().filter(u"INSERT"_s);
    QCOMPARE(inserts.size(), 2);
    QVERIFY2(!inserts.at(0).contains(u"\"note\""_s), qPrintable(inserts.at(0)));
    QVERIFY2(inserts.at(1).contains(u"\"note\""_s), qPrintable(inserts.at(1)));
    QCOMPARE(engine->connection().select(u"SELECT note FROM tasks ORDER BY id"_s)->at(0).first(),
             QVariant(u"n/a"_s));
    QVERIFY(session.refresh(*t));
    QCOMPARE(t->note, u"n/a"_s);
    QCOMPARE(withNote->note, u"mine"_s);
}

void tst_Schema::onUpdate()
{
    // Given a committed row with an onupdate column,
    orm::MetaData md;
    md.addTable(Task::staticMeta().table());
    auto engine = makeEngineWith(md);
    orm::Session session(engine);
    auto t = std::make_shared<Task>();
    t->title = u"first"_s;
    session.add(t);
    QVERIFY(session.commit());
    QCOMPARE(t->revision, std::optional<qint64>(0));

    // when another column changes, then the UPDATE also sets the onupdate value,
    StatementCounter counter(engine->connection());
    t->title = u"second"_s;
    QVERIFY(session.commit());
    const qint64 afterFirstEdit = g_sequence;
    QCOMPARE(t->revision, std::optional<qint64>(afterFirstEdit));
    QVERIFY(counter.sql().filter(u"UPDATE"_s).first().contains(u"\"revision\""_s));
    QCOMPARE(engine->connection().select(u"SELECT revision FROM tasks"_s)->first().first(),
             QVariant(afterFirstEdit));

    // a commit without changes writes nothing (and does not call it),
    counter.clear();
    QVERIFY(session.commit());
    QCOMPARE(counter.count(), 0);
    QCOMPARE(g_sequence, afterFirstEdit);

    // and a value set explicitly wins over onupdate.
    t->title = u"third"_s;
    t->revision = 1000;
    QVERIFY(session.commit());
    QCOMPARE(t->revision, std::optional<qint64>(1000));
    QCOMPARE(engine->connection().select(u"SELECT revision FROM tasks"_s)->first().first(),
             QVariant(qint64(1000)));
}

void tst_Schema::indexesAreCreatedAndUsed()
{
    // Given index() on a column and a named composite index, when the schema is created,
    // then SQLite has both indexes on the right columns, and uses the column's for lookups.
    auto engine = makeEngineWith(companyMetadata());
    orm::Connection &c = engine->connection();
    const auto indexColumns = [&c](const QString &index) {
        QStringList columns;
        const auto rows = c.select(u"SELECT name FROM pragma_index_info(?)"_s, {index});
        for (const QVariantList &row : *rows)
            columns << row.first().toString();
        return columns;
    };
    QCOMPARE(indexColumns(u"ix_employees_email"_s), QStringList {u"email"_s});
    QCOMPARE(indexColumns(u"ix_employees_department_salary"_s),
             (QStringList {u"department_id"_s, u"salary"_s}));
    const auto unique = c.select(
        u"SELECT \"unique\" FROM pragma_index_list('employees') WHERE name = 'ix_employees_email'"_s);
    QCOMPARE(unique->first().first().toLongLong(), 1);
    const auto plan =
        c.select(u"EXPLAIN QUERY PLAN SELECT id FROM employees WHERE email = ?"_s, {u"x"_s});
    QVERIFY(plan && !plan->isEmpty());
    QVERIFY2(plan->first().last().toString().contains(u"ix_employees_email"_s),
             qPrintable(plan->first().last().toString()));
}

void tst_Schema::uniqueConstraints_data()
{
    QTest::addColumn<QString>("department");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QStringList>("columns"); // empty: accepted

    QTest::newRow("unique column")
        << u"Sales"_s << u"Dan"_s << u"ann@example.com"_s << QStringList {u"email"_s};
    QTest::newRow("composite unique") << u"Sales"_s << u"Ann"_s << u"ann2@example.com"_s
                                      << (QStringList {u"department_id"_s, u"name"_s});
    QTest::newRow("same name, other department")
        << u"Support"_s << u"Ann"_s << u"ann3@example.com"_s << QStringList();
}

void tst_Schema::uniqueConstraints()
{
    // Given employees, when another one repeats a unique value (alone or as a composite),
    // then the commit fails with a Unique error naming the column(s), and nothing is written.
    QFETCH(QString, department);
    QFETCH(QString, name);
    QFETCH(QString, email);
    QFETCH(QStringList, columns);
    Company company;
    orm::Session session(company.engine);
    QVERIFY(company.populate(session));
    auto e = std::make_shared<Employee>();
    e->departmentId = department == u"Sales" ? company.sales->id : company.support->id;
    e->name = name;
    e->email = email;
    session.add(e);
    const bool committed = session.commit();
    QCOMPARE(committed, columns.isEmpty());
    QCOMPARE(countRows(company.engine->connection(), u"employees"_s), committed ? 4 : 3);
    if (!committed) {
        QCOMPARE(session.lastError().kind(), orm::Error::Kind::Constraint);
        QCOMPARE(session.lastError().constraint(), orm::Error::Constraint::Unique);
        QCOMPARE(session.lastError().columns(), columns);
        QCOMPARE(session.lastError().table(), u"employees"_s);
        QCOMPARE(e->objectState(), orm::ObjectState::Pending);
    }
}

void tst_Schema::checkConstraint()
{
    // Given a CHECK constraint declared on the model, when a row violates it, then the error
    // is a Check constraint carrying the constraint's name.
    Company company;
    orm::Session session(company.engine);
    QVERIFY(company.populate(session));
    const QString ddl = orm::SqliteDialect().createTable(Employee::staticMeta().table()).first();
    QVERIFY(ddl.contains(u"CONSTRAINT \"ck_salary_not_negative\" CHECK (salary >= 0)"_s));
    company.ben->salary = -1;
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().constraint(), orm::Error::Constraint::Check);
    QCOMPARE(session.lastError().constraintName(), u"ck_salary_not_negative"_s);
    QCOMPARE(session.lastError().object().get(), company.ben.get());
    QCOMPARE(company.ben->salary, -1.0);
}

void tst_Schema::onDeleteCascade()
{
    // Given a department with employees (ON DELETE CASCADE), when the department is deleted,
    // then its employees are deleted by the database, the other department's are not.
    Company company;
    orm::Session session(company.engine);
    QVERIFY(company.populate(session));
    session.remove(company.sales);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    orm::Connection &c = company.engine->connection();
    QCOMPARE(countRows(c, u"departments"_s), 1);
    const auto names = c.select(u"SELECT name FROM employees"_s);
    QCOMPARE(names->size(), 1);
    QCOMPARE(names->first().first().toString(), u"Cat"_s);
}

void tst_Schema::foreignKeyWithoutActionBlocksDelete()
{
    // Given an employee with a badge (no ON DELETE action), when the employee is deleted,
    // then the commit fails with a ForeignKey error and the deletion stays staged; deleting
    // the badge too succeeds (children are deleted first).
    Company company;
    orm::Session session(company.engine);
    QVERIFY(company.populate(session));
    auto badge = std::make_shared<Badge>();
    badge->employeeId = company.ben->id;
    badge->code = u"B-7"_s;
    session.add(badge);
    QVERIFY(session.commit());

    session.remove(company.ben);
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().constraint(), orm::Error::Constraint::ForeignKey);
    QCOMPARE(session.lastError().entity(), u"Employee"_s);
    QVERIFY(session.isMarkedForDeletion(*company.ben));

    session.remove(badge);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(countRows(company.engine->connection(), u"employees"_s), 2);
    QCOMPARE(countRows(company.engine->connection(), u"badges"_s), 0);
}

void tst_Schema::tableIsUnique()
{
    // Given the declared constraints, then Table::isUnique() knows which column sets are unique.
    const orm::Table &t = Employee::staticMeta().table();
    QVERIFY(t.isUnique({u"id"_s}));
    QVERIFY(t.isUnique({u"email"_s}));
    QVERIFY(t.isUnique({u"name"_s, u"department_id"_s}));
    QVERIFY(!t.isUnique({u"name"_s}));
    QVERIFY(!t.isUnique({u"department_id"_s, u"salary"_s}));
    QCOMPARE(t.primaryKey(), QStringList {u"id"_s});
    QCOMPARE(Membership::staticMeta().table().primaryKey(),
             (QStringList {u"user_id"_s, u"group_id"_s}));
}

void tst_Schema::attachedDatabaseThroughQualifiedNames()
{
    // Given an attached database ("aux") and a table of the same name in main and in it,
    QTemporaryDir dir;
    auto engine = orm::Engine::create(u"sqlite:///"_s + dir.filePath(u"main.db"_s));
    QVERIFY(engine);
    orm::Connection &c = engine->connection();
    QVERIFY(c.exec(u"ATTACH DATABASE ? AS aux"_s, {dir.filePath(u"aux.db"_s)}));
    orm::Table own(u"item"_s);
    own.addColumn(makeColumn(u"id"_s, orm::Integer, true));
    own.addColumn(makeColumn(u"name"_s, orm::Text));
    orm::Table other = own;
    other.setSchema(u"aux"_s);
    other.columns()[1].index = true;
    orm::Table link(u"link"_s);
    link.addColumn(makeColumn(u"id"_s, orm::Integer, true));
    link.addColumn(makeColumn(u"item_id"_s, orm::Integer));
    link.setSchema(u"aux"_s);
    orm::ForeignKey fk;
    fk.columns = {u"item_id"_s};
    fk.referredTable = u"aux.item"_s;
    fk.referredSchema = u"aux"_s;
    fk.referredColumns = {u"id"_s};
    link.addForeignKey(fk);
    orm::MetaData md;
    md.addTable(own);
    md.addTable(other);
    md.addTable(link);
    orm::Error error;
    QVERIFY2(md.createAll(c, &error), qPrintable(error.text()));
    QVERIFY(c.exec(u"INSERT INTO main.item (name) VALUES ('main one')"_s));
    QCOMPARE(c.select(u"SELECT count(*) FROM aux.sqlite_schema WHERE name = 'ix_item_name'"_s)
                 ->first()
                 .first()
                 .toInt(),
             1);
    // when each is mapped, queried and written through the session,
    const orm::Automap map(md);
    const orm::EntityMeta *mainItem = map.entity(u"item"_s);
    const orm::EntityMeta *auxItem = map.entity(u"aux.item"_s);
    QVERIFY(mainItem && auxItem && mainItem != auxItem);
    orm::Session s(engine);
    auto added = auxItem->create();
    QVERIFY(added->setValue(u"name"_s, u"aux one"_s));
    s.add(added);
    ORM_VERIFY(s.commit(), s);
    // then each table keeps its own rows,
    QCOMPARE(s.query(*auxItem).count().value_or(-1), 1);
    QCOMPARE(s.query(*mainItem).count().value_or(-1), 1);
    QCOMPARE(s.query(*auxItem).firstEntity()->value(u"name"_s).toString(), u"aux one"_s);
    QCOMPARE(c.select(u"SELECT name FROM aux.item"_s)->first().first().toString(), u"aux one"_s);
    // and relationships, updates and deletes go to the attached one.
    const orm::EntityMeta *linkMeta = map.entity(u"aux.link"_s);
    QVERIFY(linkMeta);
    auto l = linkMeta->create();
    s.add(l);
    QVERIFY(s.setRelated(*l, *linkMeta->relationship(u"item"_s), added));
    QVERIFY(s.setValue(*added, auxItem->columnIndex(u"name"_s), u"aux 1"_s));
    ORM_VERIFY(s.commit(), s);
    QCOMPARE(c.select(u"SELECT item_id FROM aux.link"_s)->first().first().toLongLong(),
             added->value(u"id"_s).toLongLong());
    QCOMPARE(s.related(*added, *auxItem->relationship(u"links"_s)).size(), size_t(1));
    s.remove(l);
    s.remove(added);
    ORM_VERIFY(s.commit(), s);
    QCOMPARE(c.select(u"SELECT count(*) FROM aux.item"_s)->first().first().toInt(), 0);
    QCOMPARE(c.select(u"SELECT count(*) FROM main.item"_s)->first().first().toInt(), 1);
    QCOMPARE(orm::SqliteDialect().quoteTable(u"aux"_s, u"it\"em"_s), u"\"aux\".\"it\"\"em\""_s);
}

QTEST_GUILESS_MAIN(tst_Schema)
#include "tst_schema.moc"
