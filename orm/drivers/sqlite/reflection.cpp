// SPDX-License-Identifier: MIT
#include "orm/drivers/sqlite/reflection.h"

#include "orm/drivers/sqlite/createtable_p.h"

#include "orm/engine/connection.h"
#include "orm/sql/dialect.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace orm {

namespace {

ReferentialAction actionFrom(const QString &text)
{
    const QString t = text.toUpper();
    if (t == u"CASCADE")
        return ReferentialAction::Cascade;
    if (t == u"SET NULL")
        return ReferentialAction::SetNull;
    if (t == u"SET DEFAULT")
        return ReferentialAction::SetDefault;
    if (t == u"RESTRICT")
        return ReferentialAction::Restrict;
    return ReferentialAction::NoAction;
}

// CHECK (…) clauses of a CREATE TABLE statement, with their constraint names when given.
// A small scanner that respects quotes and nesting; the text is only displayed, never run.
QList<CheckConstraint> checksFromSql(const QString &sql)
{
    QList<CheckConstraint> checks;
    const QString upper = sql.toUpper();
    qsizetype i = 0;
    while ((i = upper.indexOf(QStringLiteral("CHECK"), i)) >= 0) {
        const bool wordStart =
            i == 0 || !(upper.at(i - 1).isLetterOrNumber() || upper.at(i - 1) == u'_');
        qsizetype j = i + 5;
        while (j < sql.size() && sql.at(j).isSpace())
            ++j;
        if (!wordStart || j >= sql.size() || sql.at(j) != u'(') {
            i += 5;
            continue;
        }
        int depth = 0;
        QChar quote;
        qsizetype k = j;
        for (; k < sql.size(); ++k) {
            const QChar c = sql.at(k);
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
                continue;
            }
            if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
                quote = c == u'[' ? QChar(u']') : c;
            } else if (c == u'(') {
                ++depth;
            } else if (c == u')') {
                if (--depth == 0)
                    break;
            }
        }
        CheckConstraint check;
        check.sqlText = sql.mid(j + 1, k - j - 1).trimmed();
        // "CONSTRAINT name CHECK (…)"
        const QString before = sql.left(i).trimmed();
        const qsizetype c = before.toUpper().lastIndexOf(QStringLiteral("CONSTRAINT"));
        if (c >= 0 && before.size() - c < 200) {
            QString name = before.mid(c + 10).trimmed();
            if (!name.contains(u',') && !name.contains(u'(')) {
                if (name.size() >= 2
                    && (name.front() == u'"' || name.front() == u'`' || name.front() == u'['))
                    name = name.mid(1, name.size() - 2);
                check.name = name;
            }
        }
        checks << check;
        i = k;
    }
    return checks;
}

// The event of a CREATE TRIGGER statement: the first INSERT, UPDATE or DELETE word outside
// quotes and comments ("CREATE TRIGGER "update log" AFTER UPDATE ON …" is an UPDATE).
QString triggerEvent(const QString &sql)
{
    QString word;
    QChar quote;
    auto ends = [&word]() -> QString {
        const QString w = word.toUpper();
        word.clear();
        return w == u"INSERT" || w == u"UPDATE" || w == u"DELETE" ? w : QString();
    };
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'"' || c == u'\'' || c == u'`' || c == u'[') {
            word.clear();
            quote = c == u'[' ? QChar(u']') : c;
        } else if (c == u'-' && i + 1 < sql.size() && sql.at(i + 1) == u'-') {
            i = sql.indexOf(u'\n', i);
            if (i < 0)
                break;
        } else if (c.isLetterOrNumber() || c == u'_') {
            word += c;
        } else if (const QString event = ends(); !event.isEmpty()) {
            return event;
        }
    }
    return ends();
}

// A statement that fires the triggers of an event on a table, to be compiled, never run.
QString firingStatement(Connection &connection, const QString &table, const QString &event)
{
    SqliteDialect dialect;
    const QString quoted = dialect.quoteIdentifier(table);
    if (event == u"DELETE")
        return QStringLiteral("DELETE FROM %1 WHERE 0").arg(quoted);
    if (event == u"INSERT")
        return QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(quoted);
    if (event != u"UPDATE")
        return {};
    // Every ordinary column, so that UPDATE OF triggers fire too.
    const auto columns = connection.select(
        QStringLiteral("SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0"), {table});
    if (!columns || columns->isEmpty())
        return {};
    QStringList set;
    for (const QVariantList &c : *columns) {
        const QString name = dialect.quoteIdentifier(c.value(0).toString());
        set << name + QStringLiteral(" = ") + name;
    }
    return QStringLiteral("UPDATE %1 SET %2 WHERE 0").arg(quoted, set.join(QStringLiteral(", ")));
}

// Whether a CREATE TABLE statement says AUTOINCREMENT (outside quoted names and literals).
bool hasAutoincrement(const QString &sql)
{
    QString bare;
    QChar quote;
    for (const QChar c : sql) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            quote = c == u'[' ? QChar(u']') : c;
            bare += u' ';
            continue;
        }
        bare += c;
    }
    static const QRegularExpression keyword(QStringLiteral("\\bAUTOINCREMENT\\b"),
                                            QRegularExpression::CaseInsensitiveOption);
    return bare.contains(keyword);
}

} // namespace

std::optional<QList<Trigger>> reflectTriggers(Connection &connection, Error *error)
{
    const auto rows = connection.select(
        QStringLiteral("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' "
                       "ORDER BY tbl_name, name"));
    if (!rows) {
        if (error)
            *error = connection.lastError();
        return std::nullopt;
    }
    QList<Trigger> triggers;
    QHash<QString, QString> errors; // by table and event: one compile each
    for (const QVariantList &row : *rows) {
        Trigger t;
        t.name = row.value(0).toString();
        t.table = row.value(1).toString();
        t.sql = row.value(2).toString();
        t.event = triggerEvent(t.sql);
        if (!t.event.isEmpty()) {
            const QString key = t.table + u'\x1f' + t.event;
            auto it = errors.constFind(key);
            if (it == errors.cend()) {
                const QString sql = firingStatement(connection, t.table, t.event);
                it = errors.insert(key, sql.isEmpty() ? QString() : connection.prepareError(sql));
            }
            t.error = *it;
        }
        triggers << t;
    }
    return triggers;
}

namespace {

// A table's columns (pragma_table_xinfo). False when the table cannot be read (the error is
// the connection's).
bool readColumns(Connection &connection, Table &table)
{
    const auto columns = connection.select(
        QStringLiteral("SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden "
                       "FROM pragma_table_xinfo(?)"),
        {table.name()});
    if (!columns)
        return false;
    for (const QVariantList &row : *columns) {
        const int hidden = row.at(6).toInt();
        if (hidden == 1)
            continue; // a hidden column of a virtual table
        Column c;
        // 2: a generated VIRTUAL column, 3: STORED (its expression comes from the DDL).
        if (hidden == 2 || hidden == 3)
            c.generated = hidden == 3 ? Column::Generated::Stored : Column::Generated::Virtual;
        c.name = row.at(1).toString();
        c.type = SqliteDialect::typeFromDeclaration(row.at(2).toString());
        c.nullable = row.at(3).toInt() == 0;
        if (!row.at(4).isNull())
            c.serverDefault = row.at(4).toString();
        // A composite key keeps the table's column order (EntityMeta takes key columns so);
        // the order it was declared in is the column's place in it.
        c.primaryKey = row.at(5).toInt() > 0;
        c.keyPosition = row.at(5).toInt();
        table.addColumn(c);
    }
    return true;
}

// A table's indexes and unique constraints (pragma_index_list, pragma_index_info); those over
// expressions and partial ones apart, with their statement.
bool readIndexes(Connection &connection, Table &table)
{
    const auto indexes = connection.select(
        QStringLiteral("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)"),
        {table.name()});
    if (!indexes)
        return false;
    for (const QVariantList &idx : *indexes) {
        const QString origin = idx.at(2).toString();
        if (origin == u"pk")
            continue;
        const auto cols = connection.select(
            QStringLiteral("SELECT name FROM pragma_index_info(?) ORDER BY seqno"),
            {idx.at(0).toString()});
        if (!cols)
            return false;
        QStringList names;
        for (const QVariantList &c : *cols)
            names << c.at(0).toString();
        const bool unique = idx.at(1).toInt() != 0;
        if (names.contains(QString()) || idx.at(3).toInt() != 0) {
            // Over an expression, or partial: kept apart, with its statement.
            const auto statement = connection.select(
                QStringLiteral("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?"),
                {idx.at(0).toString()});
            if (!statement)
                return false;
            names.removeAll(QString());
            table.addExpressionIndex(Index {idx.at(0).toString(), names, unique,
                                            statement->value(0).value(0).toString()});
            continue;
        }
        if (unique && names.size() == 1) {
            for (Column &c : table.columns()) {
                if (c.name == names.first())
                    c.unique = true;
            }
        }
        if (origin == u"u")
            table.addUniqueConstraint(UniqueConstraint {QString(), names});
        else
            table.addIndex(Index {idx.at(0).toString(), names, unique});
    }
    return true;
}

// A table's foreign keys (pragma_foreign_key_list), composite ones as one.
bool readForeignKeys(Connection &connection, Table &table)
{
    const auto fks = connection.select(
        QStringLiteral("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete "
                       "FROM pragma_foreign_key_list(?) ORDER BY id, seq"),
        {table.name()});
    if (!fks)
        return false;
    QMap<int, ForeignKey> byId;
    for (const QVariantList &row : *fks) {
        ForeignKey &fk = byId[row.at(0).toInt()];
        fk.referredTable = row.at(2).toString();
        fk.columns << row.at(3).toString();
        fk.referredColumns << row.at(4).toString(); // empty: the referred table's key
        fk.onUpdate = actionFrom(row.at(5).toString());
        fk.onDelete = actionFrom(row.at(6).toString());
    }
    for (const ForeignKey &fk : std::as_const(byId))
        table.addForeignKey(fk);
    return true;
}

// The tables with the referred columns of foreign keys that name none (the referred table's
// primary key).
QList<Table> withReferredKeys(const MetaData &md)
{
    QList<Table> fixed;
    for (Table t : md.tables()) {
        for (ForeignKey &fk : t.foreignKeys()) {
            if (std::all_of(fk.referredColumns.begin(), fk.referredColumns.end(),
                            [](const QString &c) { return c.isEmpty(); })) {
                if (const Table *target = md.table(fk.referredTable))
                    fk.referredColumns = target->primaryKeyAsDeclared();
            }
        }
        fixed << t;
    }
    return fixed;
}

// What the pragmas do not tell, from the table's CREATE TABLE text: collations, generated
// columns' expressions, foreign keys' deferrability, WITHOUT ROWID and STRICT.
void readCreateTableClauses(const QString &sql, Table &table)
{
    const detail::CreateTableClauses clauses = detail::parseCreateTable(sql);
    if (!clauses.valid)
        return;
    table.setWithoutRowid(clauses.withoutRowid);
    table.setStrict(clauses.strict);
    for (Column &c : table.columns()) {
        const detail::ColumnClauses *clause = clauses.column(c.name);
        if (!clause)
            continue;
        c.collation = clause->collation;
        if (c.isGenerated())
            c.generatedExpression = clause->generatedExpression;
    }
    auto sameNames = [](const QStringList &a, const QStringList &b) {
        if (a.size() != b.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (a.at(i).compare(b.at(i), Qt::CaseInsensitive) != 0)
                return false;
        }
        return true;
    };
    QList<bool> used(clauses.foreignKeys.size(), false);
    for (ForeignKey &fk : table.foreignKeys()) {
        for (qsizetype i = 0; i < clauses.foreignKeys.size(); ++i) {
            const detail::ForeignKeyClauses &clause = clauses.foreignKeys.at(i);
            if (!used.at(i) && sameNames(clause.columns, fk.columns)
                && clause.referredTable.compare(fk.referredTable, Qt::CaseInsensitive) == 0) {
                used[i] = true;
                fk.deferrable = clause.deferrable;
                break;
            }
        }
    }
}

// What a table's BOOLEAN, DATE and DATETIME columns hold, so that values written to them keep
// the form its rows show (StoredForm: another framework's 't' / 'f', epoch integers, ISO text
// with 'T'). A bounded sample, cheap on any table: the non-null values of the first rows, at
// most kSampleRows rows read, until each column has kSamples. A column without values keeps
// SQLAlchemy's form, and so does a table that cannot be read (its error shows where it is
// read).
void detectStoredForms(Connection &connection, Table &table)
{
    constexpr int kSampleRows = 10000;
    constexpr qsizetype kSamples = 40;
    QList<int> candidates;
    QStringList names;
    for (int i = 0; i < table.columns().size(); ++i) {
        const Column &c = table.columns().at(i);
        if (c.type.type == ColumnType::Boolean || c.type.type == ColumnType::Date
            || c.type.type == ColumnType::DateTime) {
            candidates << i;
            names << connection.dialect().quoteIdentifier(c.name);
        }
    }
    if (candidates.isEmpty())
        return;
    Statement st =
        connection.prepare(QStringLiteral("SELECT %1 FROM %2 LIMIT %3")
                               .arg(names.join(u", "), connection.dialect().quoteTable(table))
                               .arg(kSampleRows));
    if (!st.isValid()) {
        connection.clearError();
        return;
    }
    QList<QList<QVariant>> samples(candidates.size());
    qsizetype full = 0;
    while (full < candidates.size() && st.next()) {
        for (qsizetype k = 0; k < candidates.size(); ++k) {
            if (samples[k].size() >= kSamples)
                continue;
            QVariant v = st.value(int(k));
            if (v.isNull())
                continue;
            samples[k] << std::move(v);
            if (samples[k].size() == kSamples)
                ++full;
        }
    }
    if (st.hasError()) {
        connection.clearError();
        return;
    }
    for (qsizetype k = 0; k < candidates.size(); ++k) {
        Column &c = table.columns()[candidates[k]];
        c.type.form = storage::detectStoredForm(c.type.type, samples[k]);
    }
}

} // namespace

std::optional<MetaData> reflect(Connection &connection, Error *error)
{
    auto fail = [&connection, error]() -> std::optional<MetaData> {
        if (error)
            *error = connection.lastError();
        return std::nullopt;
    };
    const auto objects = connection.select(
        QStringLiteral("SELECT type, name, sql FROM sqlite_schema WHERE type IN ('table', 'view') "
                       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"));
    if (!objects)
        return fail();
    MetaData md;
    for (const QVariantList &object : *objects) {
        Table table(object.at(1).toString());
        const QString sql = object.at(2).toString();
        table.setView(object.at(0).toString() == u"view"
                      || sql.trimmed().toUpper().startsWith(QStringLiteral("CREATE VIRTUAL")));
        table.setWithoutRowid(sql.simplified().toUpper().contains(QStringLiteral("WITHOUT ROWID")));
        table.setSqliteAutoincrement(!table.isView() && hasAutoincrement(sql));
        if (object.at(0).toString() == u"view")
            table.setViewSql(sql);
        if (!readColumns(connection, table)) {
            if (connection.lastError().kind() == Error::Kind::Busy)
                return fail();
            // A view that fails to prepare (a function SQLite does not know): listed with
            // the reason, and everything else opens.
            table.setError(connection.lastError().message());
            md.addTable(table);
            continue;
        }
        if (!table.isView()) {
            if (!readIndexes(connection, table) || !readForeignKeys(connection, table))
                return fail();
            for (const CheckConstraint &check : checksFromSql(sql))
                table.addCheck(check);
            readCreateTableClauses(sql, table);
            detectStoredForms(connection, table);
        }
        md.addTable(table);
    }
    QList<Table> fixed = withReferredKeys(md);
    const std::optional<QList<Trigger>> triggers = reflectTriggers(connection, error);
    if (!triggers)
        return std::nullopt;
    MetaData result;
    for (Table &t : fixed) {
        for (const Trigger &trigger : *triggers) {
            if (trigger.table.compare(t.name(), Qt::CaseInsensitive) == 0)
                t.addTrigger(trigger);
        }
        result.addTable(t);
    }
    return result;
}

} // namespace orm
