// SPDX-License-Identifier: MIT
#include "orm/io/tabledefinition_p.h"

#include "orm/sql/dialect.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace orm::detail {

namespace {

// A string literal of text the server gave (a sequence's or a table's quoted name).
QString literal(const QString &text)
{
    return u'\'' + QString(text).replace(u'\'', QStringLiteral("''")) + u'\'';
}

// A sequence's options as CREATE SEQUENCE and an identity column take them, from a row of
// the sequences at offset: type, start, increment, minimum, maximum, cache, cycle. An identity
// column's sequence has the column's type, which it must not repeat.
QString sequenceOptions(const QVariantList &row, int offset, bool withType)
{
    return QStringLiteral("%1START WITH %2 INCREMENT BY %3 MINVALUE %4 MAXVALUE %5 CACHE %6%7")
        .arg(withType ? QStringLiteral("AS ") + row.value(offset).toString() + u' ' : QString(),
             row.value(offset + 1).toString(), row.value(offset + 2).toString(),
             row.value(offset + 3).toString(), row.value(offset + 4).toString(),
             row.value(offset + 5).toString(),
             row.value(offset + 6).toBool() ? QStringLiteral(" CYCLE") : QString());
}

// A dollar-quoted string of text (a DO block's body): its tag found nowhere in the text.
QString dollarQuoted(const QString &text)
{
    QString tag = QStringLiteral("$rowsmith$");
    for (int n = 1; text.contains(tag); ++n)
        tag = QStringLiteral("$rowsmith%1$").arg(n);
    return tag + text + tag;
}

// A JSON array of text, as to_json() writes a text[].
QStringList jsonTexts(const QVariant &json)
{
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(json.toString().toUtf8()).array();
    for (const QJsonValue &v : array)
        out << v.toString();
    return out;
}

struct ServerTable
{
    Connection &connection;
    const Table &table;
    QString quoted; // as the dump names it
    TableDefinition *definition;
    Error *error;

    std::optional<QList<QVariantList>> select(const char *sql)
    {
        auto rows = connection.select(QString::fromLatin1(sql), {quoted});
        if (!rows)
            *error = connection.lastError();
        return rows;
    }
    bool run();
    bool userTypes();
};

// The enum and domain types the columns use (arrays of them too), and those the domains are
// made of, each made before what uses it. A type made already (by the dump of another table
// that uses it) is left as it is: the script makes each only where it is missing.
bool ServerTable::userTypes()
{
    const auto types = select(
        "WITH RECURSIVE used(oid, depth) AS ("
        "SELECT CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END, 0 "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
        "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped "
        "UNION ALL SELECT CASE WHEN b.typcategory = 'A' AND b.typelem <> 0 THEN b.typelem "
        "ELSE b.oid END, u.depth + 1 FROM used u "
        "JOIN pg_catalog.pg_type t ON t.oid = u.oid AND t.typtype = 'd' "
        "JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype WHERE u.depth < 16) "
        "SELECT pg_catalog.format_type(t.oid, NULL), t.typtype, "
        "to_json(ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e "
        "WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder))::text, "
        "pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault, "
        "to_json(ARRAY(SELECT 'CONSTRAINT ' || pg_catalog.quote_ident(c.conname) || ' ' || "
        "pg_catalog.pg_get_constraintdef(c.oid) FROM pg_catalog.pg_constraint c "
        "WHERE c.contypid = t.oid ORDER BY c.conname))::text "
        "FROM (SELECT oid, max(depth) AS depth FROM used GROUP BY oid) u "
        "JOIN pg_catalog.pg_type t ON t.oid = u.oid WHERE t.typtype IN ('e', 'd') "
        "ORDER BY u.depth DESC, t.typname");
    if (!types)
        return false;
    for (const QVariantList &row : *types) {
        const QString name = row.value(0).toString();
        QString create;
        if (row.value(1).toString() == u"e") {
            QStringList labels;
            for (const QString &label : jsonTexts(row.value(2)))
                labels << literal(label);
            create = QStringLiteral("CREATE TYPE %1 AS ENUM (%2)")
                         .arg(name, labels.join(QStringLiteral(", ")));
        } else {
            create = QStringLiteral("CREATE DOMAIN %1 AS %2").arg(name, row.value(3).toString());
            if (!row.value(5).isNull())
                create += QStringLiteral(" DEFAULT ") + row.value(5).toString();
            if (row.value(4).toBool())
                create += QStringLiteral(" NOT NULL");
            for (const QString &check : jsonTexts(row.value(6)))
                create += u' ' + check;
        }
        definition->before << QStringLiteral("DO %1").arg(dollarQuoted(
            QStringLiteral("BEGIN IF pg_catalog.to_regtype(%1) IS NULL THEN %2; END IF; END")
                .arg(literal(name), create)));
    }
    return true;
}

bool ServerTable::run()
{
    // The sequences of serial columns ('a': owned by the column) and identity columns ('i').
    const auto sequences = select(
        "SELECT a.attname, s.oid::regclass::text, d.deptype, "
        "pg_catalog.format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement, q.seqmin, "
        "q.seqmax, q.seqcache, q.seqcycle, pg_catalog.pg_sequence_last_value(s.oid) "
        "FROM pg_catalog.pg_depend d "
        "JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
        "JOIN pg_catalog.pg_sequence q ON q.seqrelid = s.oid "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
        "WHERE d.classid = 'pg_catalog.pg_class'::regclass "
        "AND d.refclassid = 'pg_catalog.pg_class'::regclass "
        "AND d.refobjid = ?::regclass AND d.deptype IN ('a', 'i') ORDER BY a.attnum");
    const auto columns =
        select("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
               "pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, "
               "CASE WHEN a.attcollation <> t.typcollation THEN (SELECT pg_catalog.quote_ident("
               "cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) "
               "FROM pg_catalog.pg_collation co "
               "JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace "
               "WHERE co.oid = a.attcollation) END "
               "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
               "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
               "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped "
               "ORDER BY a.attnum");
    const auto constraints = select("SELECT conname, contype, pg_catalog.pg_get_constraintdef(oid) "
                                    "FROM pg_catalog.pg_constraint WHERE conrelid = ?::regclass "
                                    "AND contype IN ('p', 'u', 'c', 'f', 'x') "
                                    "ORDER BY position(contype IN 'pucxf'), conname");
    const auto indexes = select(
        "SELECT pg_catalog.pg_get_indexdef(i.indexrelid), pg_catalog.quote_ident(n.nspname) "
        "|| '.' || pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_index i "
        "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
        "WHERE i.indrelid = ?::regclass AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint "
        "con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')) "
        "ORDER BY ic.relname");
    if (!sequences || !columns || !constraints || !indexes || !userTypes())
        return false;
    const Dialect &dialect = connection.dialect();

    QHash<QString, QVariantList> sequenceOf; // by column
    for (const QVariantList &row : *sequences) {
        const QString column = row.value(0).toString();
        sequenceOf.insert(column, row);
        const bool serial = row.value(2).toString() == u"a";
        const QString sequence = row.value(1).toString();
        if (serial) {
            definition->before << QStringLiteral("CREATE SEQUENCE %1 %2")
                                      .arg(sequence, sequenceOptions(row, 3, true));
        }
        // Where the sequence was, once the rows are in (pg_dump's setval); a sequence never
        // used is where a new one starts.
        if (!row.value(10).isNull()) {
            const QString target = serial
                ? literal(sequence)
                : QStringLiteral("pg_catalog.pg_get_serial_sequence(%1, %2)")
                      .arg(literal(quoted), literal(column));
            definition->after << QStringLiteral("SELECT pg_catalog.setval(%1, %2, true)")
                                     .arg(target, row.value(10).toString());
        }
    }

    QStringList lines;
    for (const QVariantList &row : *columns) {
        const QString name = row.value(0).toString();
        QString line = dialect.quoteIdentifier(name) + u' ' + row.value(1).toString();
        if (!row.value(6).isNull())
            line += QStringLiteral(" COLLATE ") + row.value(6).toString();
        const QString identity = row.value(4).toString();
        const QString generated = row.value(5).toString();
        if (!generated.isEmpty()) {
            line += QStringLiteral(" GENERATED ALWAYS AS (%1) STORED").arg(row.value(3).toString());
            definition->generatedColumns << name;
        } else if (!identity.isEmpty()) {
            line += identity == u"a" ? QStringLiteral(" GENERATED ALWAYS AS IDENTITY")
                                     : QStringLiteral(" GENERATED BY DEFAULT AS IDENTITY");
            if (sequenceOf.contains(name))
                line +=
                    QStringLiteral(" (%1)").arg(sequenceOptions(sequenceOf.value(name), 3, false));
            definition->overridingSystemValue |= identity == u"a";
        } else if (!row.value(3).isNull()) {
            line += QStringLiteral(" DEFAULT ") + row.value(3).toString();
        }
        if (row.value(2).toBool())
            line += QStringLiteral(" NOT NULL");
        lines << line;
    }
    QStringList foreignKeys;
    for (const QVariantList &row : *constraints) {
        const QString text =
            QStringLiteral("CONSTRAINT %1 %2")
                .arg(dialect.quoteIdentifier(row.value(0).toString()), row.value(2).toString());
        // Foreign keys once the rows are in: a row may refer to one that comes after it.
        if (row.value(1).toString() == u"f")
            foreignKeys << QStringLiteral("ALTER TABLE %1 ADD %2").arg(quoted, text);
        else
            lines << text;
    }
    definition->before << QStringLiteral("CREATE TABLE %1 (\n\t%2\n)")
                              .arg(quoted, lines.join(QStringLiteral(",\n\t")));
    for (const QVariantList &row : *sequences) {
        if (row.value(2).toString() == u"a")
            definition->before << QStringLiteral("ALTER SEQUENCE %1 OWNED BY %2.%3")
                                      .arg(row.value(1).toString(), quoted,
                                           dialect.quoteIdentifier(row.value(0).toString()));
    }
    // The server names the table with its schema; the dump names it as it does elsewhere, so
    // that the script makes the table in the schema it is run in.
    for (const QVariantList &row : *indexes) {
        QString statement = row.value(0).toString();
        const QString on = QStringLiteral(" ON ") + row.value(1).toString() + u' ';
        const QString onOnly = QStringLiteral(" ON ONLY ") + row.value(1).toString() + u' ';
        if (const qsizetype at = statement.indexOf(on); at >= 0)
            statement.replace(at, on.size(), QStringLiteral(" ON ") + quoted + u' ');
        else if (const qsizetype only = statement.indexOf(onOnly); only >= 0)
            statement.replace(only, onOnly.size(), QStringLiteral(" ON ONLY ") + quoted + u' ');
        definition->before << statement;
    }
    definition->after << foreignKeys;
    return true;
}

} // namespace

bool tableDefinition(Connection &connection, const Table &table, TableDefinition *definition,
                     Error *error)
{
    *definition = TableDefinition();
    const Dialect &dialect = connection.dialect();
    if (dialect.name() == u"postgresql")
        return ServerTable {connection, table, dialect.quoteTable(table), definition, error}.run();
    // The statements as the file keeps them; a table the file has none for (a virtual one's
    // shadow, say) as the dialect writes it.
    const QString master = table.schema().isEmpty()
        ? QStringLiteral("sqlite_master")
        : dialect.quoteIdentifier(table.schema()) + QStringLiteral(".sqlite_master");
    const auto statements = connection.select(
        QStringLiteral("SELECT type, sql FROM %1 WHERE tbl_name = ? AND type IN ('table', "
                       "'index') AND sql IS NOT NULL ORDER BY type = 'index', rowid")
            .arg(master),
        {table.name()});
    if (!statements) {
        *error = connection.lastError();
        return false;
    }
    for (const QVariantList &row : *statements)
        definition->before << row.value(1).toString();
    if (definition->before.isEmpty() || statements->first().value(0).toString() != u"table")
        definition->before = dialect.createTable(table);
    // AUTOINCREMENT's counter, where the table has one, as the sqlite3 shell's .dump sets it.
    const QString sequence = table.schema().isEmpty()
        ? QStringLiteral("sqlite_sequence")
        : dialect.quoteIdentifier(table.schema()) + QStringLiteral(".sqlite_sequence");
    const auto hasSequence = connection.select(
        QStringLiteral("SELECT 1 FROM %1 WHERE type = 'table' AND name = 'sqlite_sequence'")
            .arg(master));
    if (hasSequence && !hasSequence->isEmpty()) {
        const auto seq = connection.select(
            QStringLiteral("SELECT seq FROM %1 WHERE name = ?").arg(sequence), {table.name()});
        if (seq && !seq->isEmpty()) {
            const QString name =
                u'\'' + QString(table.name()).replace(u'\'', QStringLiteral("''")) + u'\'';
            definition->after
                << QStringLiteral("DELETE FROM sqlite_sequence WHERE name = %1").arg(name)
                << QStringLiteral("INSERT INTO sqlite_sequence (name, seq) VALUES (%1, %2)")
                       .arg(name, seq->first().value(0).toString());
        }
    }
    return true;
}

} // namespace orm::detail
