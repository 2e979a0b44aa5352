// SPDX-License-Identifier: MIT
#include "orm/drivers/postgresql/pgreflection.h"

#include "orm/drivers/postgresql/pgconnection.h"
#include "orm/sql/dialect.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace orm::postgresql {

namespace {

bool fail(Connection &connection, Error *error)
{
    if (error)
        *error = connection.lastError();
    return false;
}

// A JSON array of names, as to_json() writes a name[] (no quoting rules of PostgreSQL's array
// text to undo).
QStringList names(const QVariant &json)
{
    QStringList result;
    const QJsonArray array = QJsonDocument::fromJson(json.toString().toUtf8()).array();
    for (const QJsonValue &v : array)
        result << v.toString();
    return result;
}

ReferentialAction action(const QString &code)
{
    // pg_constraint.confdeltype / confupdtype
    switch (code.isEmpty() ? u'a' : code.at(0).unicode()) {
    case u'r':
        return ReferentialAction::Restrict;
    case u'c':
        return ReferentialAction::Cascade;
    case u'n':
        return ReferentialAction::SetNull;
    case u'd':
        return ReferentialAction::SetDefault;
    default:
        return ReferentialAction::NoAction;
    }
}

} // namespace

TypeSpec typeFromServerName(const QString &name)
{
    static const QRegularExpression shape(
        QStringLiteral("^([a-z ]+?)(?:\\((\\d+)(?:,(\\d+))?\\))?( with(?:out)? time zone)?$"));
    const QRegularExpressionMatch m = shape.match(name.trimmed().toLower());
    if (!m.hasMatch())
        return TypeSpec {}; // arrays ("integer[]"), quoted user types, …
    const QString base = m.captured(1);
    const int first = m.captured(2).toInt();
    const int second = m.captured(3).toInt();
    if (base == u"integer" || base == u"smallint")
        return Integer;
    if (base == u"bigint")
        return BigInteger;
    if (base == u"character varying" || base == u"character")
        return String(first);
    if (base == u"text" || base == u"citext")
        return Text;
    if (base == u"boolean")
        return Boolean;
    if (base == u"numeric") // every digit, as the server gives it: never through a double
        return Numeric(first, second).storedAs(StoredForm::DecimalText);
    if (base == u"real" || base == u"double precision")
        return Float;
    if (base == u"timestamp")
        return DateTime;
    if (base == u"date")
        return Date;
    if (base == u"bytea")
        return LargeBinary;
    if (base == u"json" || base == u"jsonb")
        return Json;
    if (base == u"uuid")
        return String(36);
    return TypeSpec {};
}

std::optional<QStringList> schemas(Connection &connection, Error *error)
{
    const auto rows = connection.select(
        QStringLiteral("SELECT nspname FROM pg_catalog.pg_namespace "
                       "WHERE nspname NOT IN ('pg_catalog', 'information_schema') "
                       "AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%' "
                       "ORDER BY nspname"));
    if (!rows) {
        fail(connection, error);
        return std::nullopt;
    }
    QStringList result;
    for (const QVariantList &row : *rows)
        result << row.value(0).toString();
    return result;
}

namespace {

// The relations read: the schema's own, and those of other schemas its foreign keys refer to
// (so that every foreign key resolves). Each query below joins pg_class c and pg_namespace n
// and binds the schema twice for this condition.
constexpr auto relationsRead = "(n.nspname = ? OR c.oid IN (SELECT rc.confrelid "
                               "FROM pg_catalog.pg_constraint rc "
                               "JOIN pg_catalog.pg_class rt ON rt.oid = rc.conrelid "
                               "JOIN pg_catalog.pg_namespace rn ON rn.oid = rt.relnamespace "
                               "WHERE rn.nspname = ? AND rc.contype = 'f'))";

// The tables another transaction holds in ACCESS EXCLUSIVE (a long ALTER TABLE), as `locked`:
// pg_get_expr() and pg_get_indexdef() would wait for them. Put before a query's SELECT.
#define LOCKED_TABLES                                                                              \
    "WITH locked AS MATERIALIZED (SELECT l.relation FROM pg_catalog.pg_locks l "                   \
    "WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.granted "              \
    "AND l.pid <> pg_catalog.pg_backend_pid()) "

// What one reflect() call reads into, table by table.
struct Reflection
{
    Connection &connection;
    QString schema; // the schema read
    QString defaultSchema; // the connection's (current_schema()): its tables are unqualified
    QList<Table> tables;
    QHash<qint64, qsizetype> byOid;

    std::optional<QList<QVariantList>> select(const char *sql)
    {
        return connection.select(QString::fromLatin1(sql).arg(QLatin1String(relationsRead)),
                                 {schema, schema});
    }
    Table *table(const QVariant &oid)
    {
        const qsizetype at = byOid.value(oid.toLongLong(), -1);
        return at < 0 ? nullptr : &tables[at];
    }
    // The schema a table is named with: none in the connection's default one.
    QString schemaFor(const QString &nspname) const
    {
        return nspname == defaultSchema ? QString() : nspname;
    }
};

// Tables and views, by OID.
bool readRelations(Reflection &r)
{
    const auto relations =
        r.select("SELECT c.oid, n.nspname, c.relname, c.relkind, CASE WHEN c.relkind = 'v' THEN "
                 "pg_catalog.pg_get_viewdef(c.oid, true) END FROM pg_catalog.pg_class c "
                 "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                 "WHERE %1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                 "AND NOT c.relispartition ORDER BY c.relname, n.nspname");
    if (!relations)
        return false;
    for (const QVariantList &row : *relations) {
        Table t(row.value(2).toString());
        t.setSchema(r.schemaFor(row.value(1).toString()));
        const QString kind = row.value(3).toString();
        t.setView(kind == u"v" || kind == u"m");
        if (kind == u"v") {
            const QString name = t.schema().isEmpty()
                ? Dialect::standardQuoted(t.name())
                : Dialect::standardQuoted(t.schema()) + u'.' + Dialect::standardQuoted(t.name());
            t.setViewSql(QStringLiteral("CREATE VIEW %1 AS %2")
                             .arg(name, row.value(4).toString().trimmed()));
        }
        r.byOid.insert(row.value(0).toLongLong(), r.tables.size());
        r.tables << t;
    }
    return true;
}

// Columns, with their types as the server writes them, defaults and identity.
bool readColumns(Reflection &r)
{
    // pg_get_expr() opens the table: one another transaction holds in ACCESS EXCLUSIVE (a long
    // ALTER TABLE) would hold up the whole description. Its defaults are left unknown.
    const auto columns = r.select(
        LOCKED_TABLES
        "SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
        "a.attnotnull, CASE WHEN a.attrelid IN (SELECT relation FROM locked) THEN NULL "
        "ELSE pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, a.attidentity, "
        "a.attgenerated FROM pg_catalog.pg_attribute a "
        "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE %1 AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attrelid, a.attnum");
    if (!columns)
        return false;
    for (const QVariantList &row : *columns) {
        Table *t = r.table(row.value(0));
        if (!t)
            continue;
        Column c;
        c.name = row.value(1).toString();
        c.serverType = row.value(2).toString();
        c.type = typeFromServerName(c.serverType);
        c.serverTypeReadAs = c.type;
        c.nullable = !row.value(3).toBool();
        // attidentity: 'a' ALWAYS, 'd' BY DEFAULT, '' none.
        const QString identity = row.value(5).toString();
        c.identity = identity == u"a" ? Column::Identity::Always
            : identity == u"d"        ? Column::Identity::ByDefault
                                      : Column::Identity::No;
        // attgenerated: 's' STORED (the only kind before PostgreSQL 18), 'v' VIRTUAL, '' none.
        // pg_attrdef holds the expression: no default. The values are the server's, never
        // written (the form shows them read-only, the flush leaves them out).
        const QString generated = row.value(6).toString();
        c.serverDefault = generated.isEmpty() ? row.value(4).toString() : QString();
        if (!generated.isEmpty()) {
            c.generated =
                generated == u"v" ? Column::Generated::Virtual : Column::Generated::Stored;
            c.generatedExpression = row.value(4).toString();
        }
        // An identity column, or a serial one (a default taking the next value of a sequence):
        // the server assigns the key.
        c.autoincrement = c.identity != Column::Identity::No
            || (c.type.isIntegral() && c.serverDefault.startsWith(QStringLiteral("nextval(")));
        t->addColumn(c);
    }
    return true;
}

// One row of pg_constraint (see readConstraints()) into its table.
void addConstraint(const Reflection &r, Table &t, const QVariantList &row)
{
    const QString name = row.value(1).toString();
    const QString kind = row.value(2).toString();
    const QStringList keyColumns = names(row.value(3));
    if (kind == u"p") {
        for (Column &c : t.columns())
            c.primaryKey = keyColumns.contains(c.name);
        // Only a single integer key is assigned by the server; a composite one is given.
        if (keyColumns.size() != 1) {
            for (Column &c : t.columns())
                c.autoincrement = false;
        }
    } else if (kind == u"u") {
        t.addUniqueConstraint(UniqueConstraint {name, keyColumns});
        if (keyColumns.size() == 1) {
            for (Column &c : t.columns())
                c.unique = c.unique || c.name == keyColumns.first();
        }
    } else if (kind == u"f") {
        ForeignKey fk;
        fk.name = name;
        fk.columns = keyColumns;
        fk.referredSchema = r.schemaFor(row.value(4).toString());
        fk.referredTable = qualifiedTableName(fk.referredSchema, row.value(5).toString());
        fk.referredColumns = names(row.value(6));
        fk.onDelete = action(row.value(7).toString());
        fk.onUpdate = action(row.value(8).toString());
        t.addForeignKey(fk);
    } else if (kind == u"c") {
        // "CHECK (age >= 0)": the expression inside, as SQLite's reflection keeps it.
        QString text = row.value(9).toString();
        if (text.startsWith(QStringLiteral("CHECK (")) && text.endsWith(u')'))
            text = text.mid(7, text.size() - 8);
        t.addCheck(CheckConstraint {name, text});
    }
}

// Constraints: primary keys, unique, foreign keys, checks.
bool readConstraints(Reflection &r)
{
    const auto constraints = r.select(
        "SELECT con.conrelid, con.conname, con.contype, "
        "to_json(ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, i) "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num "
        "ORDER BY k.i))::text, "
        "fn.nspname, fc.relname, "
        "to_json(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, i) "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num "
        "ORDER BY k.i))::text, "
        "con.confdeltype, con.confupdtype, pg_catalog.pg_get_constraintdef(con.oid, true) "
        "FROM pg_catalog.pg_constraint con "
        "JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid "
        "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace "
        "WHERE %1 AND con.contype IN ('p', 'u', 'f', 'c') "
        "ORDER BY con.conrelid, con.conname");
    if (!constraints)
        return false;
    for (const QVariantList &row : *constraints) {
        if (Table *t = r.table(row.value(0)))
            addConstraint(r, *t, row);
    }
    // Columns that are not part of the primary key are never assigned by the server as a key.
    for (Table &t : r.tables) {
        for (Column &c : t.columns())
            c.autoincrement = c.autoincrement && c.primaryKey;
    }
    return true;
}

// Indexes over columns that no constraint made (a constraint's index is the constraint).
bool readIndexes(Reflection &r)
{
    // pg_get_indexdef() waits for a table another transaction holds in ACCESS EXCLUSIVE: such
    // a table's indexes over expressions are left out (readColumns()).
    const auto indexes =
        r.select(LOCKED_TABLES
                 "SELECT i.indrelid, ic.relname, i.indisunique, "
                 "to_json(ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY "
                 "k(num, o) JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid "
                 "AND a.attnum = k.num ORDER BY k.o))::text, "
                 "i.indnkeyatts, 0 = ANY (i.indkey::int2[]), i.indpred IS NOT NULL, "
                 "CASE WHEN i.indrelid IN (SELECT relation FROM locked) THEN NULL "
                 "ELSE pg_catalog.pg_get_indexdef(i.indexrelid) END "
                 "FROM pg_catalog.pg_index i "
                 "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
                 "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
                 "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                 "WHERE %1 AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con "
                 "WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')) "
                 "ORDER BY i.indrelid, ic.relname");
    if (!indexes)
        return false;
    for (const QVariantList &row : *indexes) {
        Table *t = r.table(row.value(0));
        if (!t)
            continue;
        QStringList indexColumns = names(row.value(3)).mid(0, row.value(4).toInt());
        if (row.value(5).toBool() || row.value(6).toBool()) {
            // Over expressions, or partial: kept apart, with its statement (unknown while
            // another transaction holds the table).
            if (row.value(7).isNull())
                continue;
            indexColumns.removeAll(QString());
            t->addExpressionIndex(Index {row.value(1).toString(), indexColumns,
                                         row.value(2).toBool(), row.value(7).toString()});
            continue;
        }
        t->addIndex(Index {row.value(1).toString(), indexColumns, row.value(2).toBool()});
    }
    return true;
}

// Triggers (not those the server makes for foreign keys).
bool readTriggers(Reflection &r)
{
    const auto triggers =
        r.select("SELECT t.tgrelid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), "
                 "(t.tgtype & 4) <> 0, (t.tgtype & 8) <> 0, (t.tgtype & 16) <> 0 "
                 "FROM pg_catalog.pg_trigger t "
                 "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
                 "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                 "WHERE %1 AND NOT t.tgisinternal ORDER BY t.tgrelid, t.tgname");
    if (!triggers)
        return false;
    for (const QVariantList &row : *triggers) {
        Table *t = r.table(row.value(0));
        if (!t)
            continue;
        Trigger trigger;
        trigger.name = row.value(1).toString();
        trigger.table = t->qualifiedName();
        trigger.sql = row.value(2).toString();
        // tgtype's bits: 4 INSERT, 8 DELETE, 16 UPDATE (one event named when there is one).
        const bool insert = row.value(3).toBool();
        const bool remove = row.value(4).toBool();
        const bool update = row.value(5).toBool();
        if (int(insert) + int(remove) + int(update) == 1)
            trigger.event = insert ? QStringLiteral("INSERT")
                : remove           ? QStringLiteral("DELETE")
                                   : QStringLiteral("UPDATE");
        t->addTrigger(trigger);
    }
    return true;
}

} // namespace

std::optional<MetaData> reflect(Connection &connection, const QString &schema, Error *error)
{
    // The connection's default schema: the first of its search_path that exists (the URL's
    // options=-csearch_path=…), or none.
    const auto current = connection.select(QStringLiteral("SELECT current_schema()"));
    if (!current) {
        fail(connection, error);
        return std::nullopt;
    }
    const QString defaultSchema = current->value(0).value(0).toString();
    Reflection r {connection, schema, defaultSchema, {}, {}};
    if (r.schema.isEmpty())
        r.schema = defaultSchema.isEmpty() ? QStringLiteral("public") : defaultSchema;
    if (!readRelations(r) || !readColumns(r) || !readConstraints(r) || !readIndexes(r)
        || !readTriggers(r)) {
        fail(connection, error);
        return std::nullopt;
    }
    MetaData metadata;
    for (const Table &t : std::as_const(r.tables))
        metadata.addTable(t);
    return metadata;
}

} // namespace orm::postgresql
