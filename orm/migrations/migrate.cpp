// SPDX-License-Identifier: MIT
#include "orm/migrations/migrate.h"

#include "orm/migrations/migrate_p.h"

#include "orm/drivers/sqlite/reflection.h"
#include "orm/engine/connection.h"
#include "orm/sql/dialect.h"

#include <QCryptographicHash>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <sqlite3.h>

namespace orm {

namespace detail {

bool isNarrowing(const TypeSpec &from, const TypeSpec &to)
{
    if (to.type == ColumnType::String && to.length > 0) {
        return from.isText() && (from.length == 0 || from.length > to.length);
    }
    if (to.isIntegral()) {
        return !from.isIntegral() && from.type != ColumnType::Boolean;
    }
    if (to.type == ColumnType::Numeric && to.precision > 0) {
        return from.type != ColumnType::Numeric || from.precision == 0
            || from.precision - from.scale > to.precision - to.scale || from.scale > to.scale;
    }
    return false;
}

bool sameForeignKey(const ForeignKey &a, const ForeignKey &b, Deferrability deferrability)
{
    return a.columns == b.columns
        && a.referredTable.compare(b.referredTable, Qt::CaseInsensitive) == 0
        && a.referredColumns == b.referredColumns && a.onDelete == b.onDelete
        && a.onUpdate == b.onUpdate
        && (deferrability == Deferrability::Ignored || a.deferrable == b.deferrable);
}

// A server's casts, as it writes them into the text of defaults and checks it gives back
// ('x'::character varying, (name)::text).
QString withoutCasts(const QString &text)
{
    static const QRegularExpression cast(
        QStringLiteral("::(?:character varying|double precision|bit varying"
                       "|time(?:stamp)?(?:\\(\\d+\\))? with(?:out)? time zone"
                       "|\"?[A-Za-z_][A-Za-z0-9_]*\"?)(?:\\(\\d+(?:,\\s*\\d+)?\\))?(?:\\[\\])*"));
    return QString(text).remove(cast);
}

QString normalizedCheck(const QString &text)
{
    // What a server gives back is its own rewriting of the text: casts and parentheses added,
    // spaces around operators. None of them counts.
    QString t = withoutCasts(text);
    t.remove(QRegularExpression(QStringLiteral("[()\\s]")));
    return t;
}

QString uniqueName(const QString &table, const UniqueConstraint &u)
{
    return u.name.isEmpty() ? QStringLiteral("uq_%1_%2").arg(table, u.columns.join(u'_')) : u.name;
}

QString foreignKeyName(const QString &table, const ForeignKey &fk)
{
    return fk.name.isEmpty() ? QStringLiteral("fk_%1_%2_%3")
                                   .arg(table, fk.columns.join(u'_'),
                                        unqualifiedTableName(fk.referredSchema, fk.referredTable))
                             : fk.name;
}

QString checkName(const QString &table, const CheckConstraint &c)
{
    if (!c.name.isEmpty()) {
        return c.name;
    }
    const QByteArray hash =
        QCryptographicHash::hash(c.sqlText.simplified().toUtf8(), QCryptographicHash::Sha1);
    return QStringLiteral("ck_%1_%2").arg(table, QString::fromLatin1(hash.toHex().left(8)));
}

} // namespace detail

namespace {

using Kind = MigrationOp::Kind;
using detail::isNarrowing;
using detail::normalizedCheck;
using detail::sameForeignKey;

// Alembic's SQLite comparison of defaults: one pair of parentheses and one pair of quotes
// around the text do not count, nor a server's casts ('anon'::character varying).
QString normalizedDefault(const QString &text)
{
    static const QRegularExpression parens(QStringLiteral("^\\((.+)\\)$"));
    static const QRegularExpression quotes(QStringLiteral("^\"?'(.+)'\"?$"));
    QString t = detail::withoutCasts(text).trimmed();
    t.replace(parens, QStringLiteral("\\1"));
    t.replace(quotes, QStringLiteral("\\1"));
    return t;
}

// Alembic's compare_type: the type's name, and its arguments when both sides give them
// (VARCHAR and VARCHAR(80) are the same type, VARCHAR(80) and VARCHAR(120) are not).
bool sameType(const Column &left, const Column &right)
{
    // Two columns of servers compare by the servers' own type names too: timestamp with and
    // without time zone, json and jsonb, uuid and character varying(36) are one column type
    // each. Their arguments compare as below.
    static const QRegularExpression arguments(
        QStringLiteral("\\(\\s*\\d+(?:\\s*,\\s*\\d+)?\\s*\\)"));
    const QString leftOwn = left.ownServerType();
    const QString rightOwn = right.ownServerType();
    if (!leftOwn.isEmpty() && !rightOwn.isEmpty()
        && QString(leftOwn).remove(arguments).simplified().toLower()
            != QString(rightOwn).remove(arguments).simplified().toLower()) {
        return false;
    }
    const TypeSpec &a = left.type;
    const TypeSpec &b = right.type;
    if (a.type != b.type) {
        return false;
    }
    if (a.type == ColumnType::String && a.length > 0 && b.length > 0) {
        return a.length == b.length;
    }
    if (a.type == ColumnType::Numeric && a.precision > 0 && b.precision > 0) {
        return a.precision == b.precision && a.scale == b.scale;
    }
    return true;
}

// SQLite's BINARY is the collation a column without one has; names compare without case.
bool sameCollation(const QString &a, const QString &b)
{
    auto normalized = [](const QString &c) {
        return c.compare(u"BINARY", Qt::CaseInsensitive) == 0 ? QString() : c.toUpper();
    };
    return normalized(a) == normalized(b);
}

bool sameGeneration(const Column &a, const Column &b)
{
    return a.generated == b.generated
        && (!a.isGenerated()
            || normalizedCheck(a.generatedExpression) == normalizedCheck(b.generatedExpression));
}

Table normalizedTable(const Table &in)
{
    Table t(in.name());
    t.setSchema(in.schema());
    t.setWithoutRowid(in.isWithoutRowid());
    t.setSqliteAutoincrement(in.isSqliteAutoincrement());
    t.setStrict(in.isStrict());
    for (const Trigger &trigger : in.triggers()) {
        t.addTrigger(trigger);
    }
    QSet<QString> uniqueSets;
    for (const UniqueConstraint &u : in.uniqueConstraints()) {
        uniqueSets.insert(u.columns.join(u'\x1f'));
        t.addUniqueConstraint(u);
    }
    QSet<QString> indexNames;
    for (const Index &i : in.indexes()) {
        indexNames.insert(i.name);
    }
    QList<Index> columnIndexes;
    for (Column c : in.columns()) {
        if (c.index) {
            const QString name = QStringLiteral("ix_%1_%2").arg(in.name(), c.name);
            if (!indexNames.contains(name)) {
                columnIndexes << Index {name, {c.name}, c.unique};
            }
        } else if (c.unique && !uniqueSets.contains(c.name)) {
            // Reflection marks a column unique through a one-column unique index too: only a
            // model's flag (no index or constraint of its own) becomes a constraint.
            bool covered = false;
            for (const Index &i : in.indexes()) {
                covered = covered || (i.unique && i.columns == QStringList {c.name});
            }
            if (!covered) {
                t.addUniqueConstraint(UniqueConstraint {QString(), {c.name}});
                uniqueSets.insert(c.name);
            }
        }
        c.unique = false;
        c.index = false;
        if (c.primaryKey) {
            c.nullable = false;
        }
        // A server's serial key takes its values from a sequence through its default: the
        // key's, not one of the schema's (SERIAL writes it).
        if (c.autoincrement && c.serverDefault.startsWith(QStringLiteral("nextval("))) {
            c.serverDefault.clear();
        }
        t.addColumn(c);
    }
    for (const Index &i : columnIndexes) {
        t.addIndex(i);
    }
    for (const Index &i : in.indexes()) {
        t.addIndex(i);
    }
    for (const Index &i : in.expressionIndexes()) {
        t.addIndex(i);
    }
    for (const ForeignKey &fk : in.foreignKeys()) {
        t.addForeignKey(fk);
    }
    for (const CheckConstraint &c : in.checks()) {
        t.addCheck(c);
    }
    return t;
}

// A view's or an index's statement in one form for comparing: spaces, quotes of names, case
// and a final semicolon do not count.
QString normalizedStatement(const QString &sql)
{
    QString t = sql.simplified().remove(u'"').toLower();
    while (t.endsWith(u';')) {
        t.chop(1);
    }
    return t.trimmed();
}

// A table rebuilt with different parts (Table has no setters for its lists).
struct TableParts
{
    QList<Column> columns;
    QList<ForeignKey> foreignKeys;
    QList<UniqueConstraint> uniques;
    QList<Index> indexes;
    QList<CheckConstraint> checks;
    QList<Trigger> triggers;

    explicit TableParts(const Table &t)
        : columns(t.columns())
        , foreignKeys(t.foreignKeys())
        , uniques(t.uniqueConstraints())
        , indexes(t.indexes())
        , checks(t.checks())
        , triggers(t.triggers())
    { }

    Table build(const QString &name, const Table &like) const
    {
        Table t(name);
        t.setSchema(like.schema());
        t.setWithoutRowid(like.isWithoutRowid());
        t.setSqliteAutoincrement(like.isSqliteAutoincrement());
        t.setStrict(like.isStrict());
        for (const Column &c : columns) {
            t.addColumn(c);
        }
        for (const ForeignKey &fk : foreignKeys) {
            t.addForeignKey(fk);
        }
        for (const UniqueConstraint &u : uniques) {
            t.addUniqueConstraint(u);
        }
        for (const Index &i : indexes) {
            t.addIndex(i);
        }
        for (const CheckConstraint &c : checks) {
            t.addCheck(c);
        }
        for (const Trigger &tr : triggers) {
            t.addTrigger(tr);
        }
        return t;
    }
};

Table applyToTable(const Table &table, const MigrationOp &op)
{
    TableParts p(table);
    QString name = table.name();
    switch (op.kind) {
    case Kind::RenameTable:
        name = op.newName;
        break;
    case Kind::AddColumn:
        p.columns << op.column;
        break;
    case Kind::DropColumn:
        p.columns.removeIf([&](const Column &c) { return c.name == op.column.name; });
        p.indexes.removeIf([&](const Index &i) { return i.columns.contains(op.column.name); });
        p.uniques.removeIf(
            [&](const UniqueConstraint &u) { return u.columns.contains(op.column.name); });
        p.foreignKeys.removeIf(
            [&](const ForeignKey &fk) { return fk.columns.contains(op.column.name); });
        break;
    case Kind::RenameColumn:
        for (Column &c : p.columns) {
            if (c.name == op.oldColumn.name) {
                c.name = op.column.name;
            }
        }
        for (Index &i : p.indexes) {
            i.columns.replaceInStrings(QRegularExpression(QStringLiteral("^%1$").arg(
                                           QRegularExpression::escape(op.oldColumn.name))),
                                       op.column.name);
        }
        for (UniqueConstraint &u : p.uniques) {
            for (QString &c : u.columns) {
                c = c == op.oldColumn.name ? op.column.name : c;
            }
        }
        for (ForeignKey &fk : p.foreignKeys) {
            for (QString &c : fk.columns) {
                c = c == op.oldColumn.name ? op.column.name : c;
            }
        }
        break;
    case Kind::AlterColumn:
        for (Column &c : p.columns) {
            if (c.name == op.column.name) {
                c = op.column;
            }
        }
        break;
    case Kind::CreateIndex:
        p.indexes << op.index;
        break;
    case Kind::DropIndex:
        p.indexes.removeIf([&](const Index &i) { return i.name == op.index.name; });
        break;
    case Kind::AddUnique:
        p.uniques << op.unique;
        break;
    case Kind::DropUnique:
        p.uniques.removeIf(
            [&](const UniqueConstraint &u) { return u.columns == op.unique.columns; });
        break;
    case Kind::AddForeignKey:
        p.foreignKeys << op.foreignKey;
        break;
    case Kind::DropForeignKey:
        p.foreignKeys.removeIf(
            [&](const ForeignKey &fk) { return sameForeignKey(fk, op.foreignKey); });
        break;
    case Kind::AddCheck:
        p.checks << op.check;
        break;
    case Kind::DropCheck:
        p.checks.removeIf([&](const CheckConstraint &c) {
            return normalizedCheck(c.sqlText) == normalizedCheck(op.check.sqlText);
        });
        break;
    case Kind::CreateTable:
    case Kind::DropTable:
    case Kind::CreateView:
    case Kind::DropView:
        break;
    }
    return p.build(name, table);
}

// The rows of a column of table that do not fit type (a narrower type).
QString notFittingCondition(const Dialect &d, const QString &column, const TypeSpec &to)
{
    const QString c = d.quoteIdentifier(column);
    if (to.type == ColumnType::String && to.length > 0) {
        return QStringLiteral("length(%1) > %2").arg(c).arg(to.length);
    }
    if (to.isIntegral()) {
        if (d.name() != u"sqlite") {
            return QStringLiteral("%1 IS NOT NULL AND %1::text !~ '^\\s*[-+]?[0-9]+\\s*$'").arg(c);
        }
        return QStringLiteral("%1 IS NOT NULL AND typeof(%1) <> 'integer'").arg(c);
    }
    return QStringLiteral("%1 IS NOT NULL").arg(c);
}

} // namespace

bool MigrationOp::isDestructive() const
{
    switch (kind) {
    case Kind::DropTable:
    case Kind::DropColumn:
        return true;
    case Kind::AlterColumn:
        return ((changes & TypeChanged) && isNarrowing(oldColumn.type, column.type))
            || ((changes & NullabilityChanged) && !column.nullable)
            || ((changes & GenerationChanged) && !oldColumn.isGenerated() && column.isGenerated());
    default:
        return false;
    }
}

QString MigrationOp::description() const
{
    SqliteDialect d;
    auto cols = [](const QStringList &c) { return c.join(QStringLiteral(", ")); };
    switch (kind) {
    case Kind::CreateTable:
        return QStringLiteral("create table %1").arg(table);
    case Kind::DropTable:
        return QStringLiteral("drop table %1").arg(table);
    case Kind::RenameTable:
        return QStringLiteral("rename table %1 to %2").arg(table, newName);
    case Kind::AddColumn:
        return QStringLiteral("add column %1.%2").arg(table, column.name);
    case Kind::DropColumn:
        return QStringLiteral("drop column %1.%2").arg(table, column.name);
    case Kind::RenameColumn:
        return QStringLiteral("rename column %1.%2 to %3").arg(table, oldColumn.name, column.name);
    case Kind::AlterColumn: {
        QStringList parts;
        if (changes & TypeChanged) {
            // The servers' own types where the type names alone do not tell the two apart
            // (timestamptz and timestamp are both DATETIME).
            QString from = d.typeName(oldColumn.type);
            QString to = d.typeName(column.type);
            if (from == to && !oldColumn.ownServerType().isEmpty()
                && !column.ownServerType().isEmpty()) {
                from = oldColumn.ownServerType();
                to = column.ownServerType();
            }
            parts << QStringLiteral("type %1 -> %2").arg(from, to);
        }
        if (changes & NullabilityChanged) {
            parts << (column.nullable ? QStringLiteral("NULL allowed")
                                      : QStringLiteral("NOT NULL"));
        }
        if (changes & DefaultChanged) {
            parts << QStringLiteral("default %1 -> %2")
                         .arg(oldColumn.serverDefault.isEmpty() ? QStringLiteral("none")
                                                                : oldColumn.serverDefault,
                              column.serverDefault.isEmpty() ? QStringLiteral("none")
                                                             : column.serverDefault);
        }
        if (changes & CollationChanged) {
            parts << QStringLiteral("collation %1 -> %2")
                         .arg(oldColumn.collation.isEmpty() ? QStringLiteral("none")
                                                            : oldColumn.collation,
                              column.collation.isEmpty() ? QStringLiteral("none")
                                                         : column.collation);
        }
        if (changes & GenerationChanged) {
            auto generation = [](const Column &c) {
                if (!c.isGenerated()) {
                    return QStringLiteral("not generated");
                }
                return QStringLiteral("generated as (%1) %2")
                    .arg(c.generatedExpression,
                         c.generated == Column::Generated::Stored ? QStringLiteral("stored")
                                                                  : QStringLiteral("virtual"));
            };
            parts << QStringLiteral("%1 -> %2").arg(generation(oldColumn), generation(column));
        }
        return QStringLiteral("alter column %1.%2: %3")
            .arg(table, column.name, parts.join(QStringLiteral(", ")));
    }
    case Kind::CreateIndex:
        if (!index.sql.isEmpty()) {
            return QStringLiteral("create index %1 on %2: %3").arg(index.name, table, index.sql);
        }
        return QStringLiteral("create %1index %2 on %3 (%4)")
            .arg(index.unique ? QStringLiteral("unique ") : QString(), index.name, table,
                 cols(index.columns));
    case Kind::DropIndex:
        return QStringLiteral("drop index %1 on %2").arg(index.name, table);
    case Kind::AddUnique:
        return QStringLiteral("add unique constraint on %1 (%2)").arg(table, cols(unique.columns));
    case Kind::DropUnique:
        return QStringLiteral("drop unique constraint on %1 (%2)").arg(table, cols(unique.columns));
    case Kind::AddForeignKey:
        return QStringLiteral("add foreign key %1 (%2) -> %3 (%4)")
            .arg(table, cols(foreignKey.columns), foreignKey.referredTable,
                 cols(foreignKey.referredColumns));
    case Kind::DropForeignKey:
        return QStringLiteral("drop foreign key %1 (%2) -> %3 (%4)")
            .arg(table, cols(foreignKey.columns), foreignKey.referredTable,
                 cols(foreignKey.referredColumns));
    case Kind::AddCheck:
        return QStringLiteral("add check on %1 (%2)").arg(table, check.sqlText);
    case Kind::DropCheck:
        return QStringLiteral("drop check on %1 (%2)").arg(table, check.sqlText);
    case Kind::CreateView:
        return QStringLiteral("create view %1").arg(table);
    case Kind::DropView:
        return QStringLiteral("drop view %1").arg(table);
    }
    return QString();
}

std::optional<RenameHint> RenameHint::parse(const QString &text)
{
    const qsizetype colon = text.indexOf(u':');
    if (colon <= 0 || colon == text.size() - 1) {
        return std::nullopt;
    }
    const QString left = text.left(colon);
    RenameHint hint;
    hint.to = text.mid(colon + 1);
    if (const qsizetype dot = left.indexOf(u'.'); dot > 0) {
        hint.table = left.left(dot);
        hint.from = left.mid(dot + 1);
    } else {
        hint.from = left;
    }
    return hint;
}

MetaData normalizedSchema(const MetaData &schema, const QStringList &ignoredTables)
{
    MetaData md;
    for (const Table &t : schema.tables()) {
        if (ignoredTables.contains(t.name(), Qt::CaseInsensitive)
            || t.name().startsWith(QStringLiteral("sqlite_"), Qt::CaseInsensitive)) {
            continue;
        }
        md.addTable(t.isView() ? t : normalizedTable(t));
    }
    return md;
}

namespace {

// One table's comparison: the operations found, each applied to the database's table as it
// is found, so that the next ones compare with the table after it.
class TableComparison
{
public:
    TableComparison(const Table &table, const QString &name, const CompareOptions &options)
        : m_table(table)
        , m_name(name)
        , m_options(options)
    { }

    QList<MigrationOp> operations(const Table &target)
    {
        renameColumns(target);
        dropConstraints(target);
        compareColumns(target);
        addConstraints(target);
        return m_ops;
    }

private:
    // Models declare no collation, generated column nor deferrable foreign key: the
    // database's own are compared with another database's only.
    bool comparesExtras() const { return m_options.target == CompareOptions::Target::Database; }

    bool same(const ForeignKey &a, const ForeignKey &b) const
    {
        return sameForeignKey(a, b,
                              comparesExtras() ? detail::Deferrability::Compared
                                               : detail::Deferrability::Ignored);
    }

    void add(MigrationOp op)
    {
        op.table = m_name;
        m_ops << op;
        m_table = applyToTable(m_table, op);
    }

    void renameColumns(const Table &target)
    {
        for (const RenameHint &h : m_options.renames) {
            if (h.table == m_name && m_table.column(h.from) && target.column(h.to)
                && !m_table.column(h.to)) {
                MigrationOp op;
                op.kind = Kind::RenameColumn;
                op.oldColumn = *m_table.column(h.from);
                op.column = op.oldColumn;
                op.column.name = h.to;
                add(op);
            }
        }
    }

    // Constraints and indexes that go first, so that dropped columns take nothing along.
    void dropConstraints(const Table &target)
    {
        // A copy: each operation found replaces m_table.
        for (const ForeignKey &fk : QList(m_table.foreignKeys())) {
            if (std::none_of(target.foreignKeys().cbegin(), target.foreignKeys().cend(),
                             [&](const ForeignKey &o) { return same(fk, o); })) {
                MigrationOp op;
                op.kind = Kind::DropForeignKey;
                op.foreignKey = fk;
                add(op);
            }
        }
        // A copy: each operation found replaces m_table.
        for (const Index &i : QList(m_table.indexes())) {
            if (!i.sql.isEmpty() && m_options.target == CompareOptions::Target::Models) {
                continue; // the database's own
            }
            const auto it = std::find_if(target.indexes().cbegin(), target.indexes().cend(),
                                         [&](const Index &o) { return o.name == i.name; });
            if (it == target.indexes().cend() || it->columns != i.columns || it->unique != i.unique
                || normalizedStatement(it->sql) != normalizedStatement(i.sql)) {
                MigrationOp op;
                op.kind = Kind::DropIndex;
                op.index = i;
                add(op);
            }
        }
        // A copy: each operation found replaces m_table.
        for (const UniqueConstraint &u : QList(m_table.uniqueConstraints())) {
            if (std::none_of(target.uniqueConstraints().cbegin(), target.uniqueConstraints().cend(),
                             [&](const UniqueConstraint &o) { return o.columns == u.columns; })) {
                MigrationOp op;
                op.kind = Kind::DropUnique;
                op.unique = u;
                add(op);
            }
        }
        // A copy: each operation found replaces m_table.
        for (const CheckConstraint &c : QList(m_table.checks())) {
            if (std::none_of(target.checks().cbegin(), target.checks().cend(),
                             [&](const CheckConstraint &o) {
                                 return normalizedCheck(o.sqlText) == normalizedCheck(c.sqlText);
                             })) {
                MigrationOp op;
                op.kind = Kind::DropCheck;
                op.check = c;
                add(op);
            }
        }
    }

    void compareColumns(const Table &target)
    {
        for (const Column &c : target.columns()) {
            const Column *old = m_table.column(c.name);
            if (!old) {
                MigrationOp op;
                op.kind = Kind::AddColumn;
                op.column = c;
                add(op);
                continue;
            }
            int changed = 0;
            if (!sameType(*old, c)) {
                changed |= MigrationOp::TypeChanged;
            }
            if (old->nullable != c.nullable) {
                changed |= MigrationOp::NullabilityChanged;
            }
            if (normalizedDefault(old->serverDefault) != normalizedDefault(c.serverDefault)) {
                changed |= MigrationOp::DefaultChanged;
            }
            if (comparesExtras() && !sameCollation(old->collation, c.collation)) {
                changed |= MigrationOp::CollationChanged;
            }
            if (comparesExtras() && !sameGeneration(*old, c)) {
                changed |= MigrationOp::GenerationChanged;
            }
            if (changed) {
                MigrationOp op;
                op.kind = Kind::AlterColumn;
                op.oldColumn = *old;
                op.column = *old;
                op.column.type = c.type;
                op.column.serverType = c.serverType;
                op.column.serverTypeReadAs = c.serverTypeReadAs;
                op.column.nullable = c.nullable;
                op.column.serverDefault = c.serverDefault;
                if (comparesExtras()) {
                    op.column.collation = c.collation;
                    op.column.generated = c.generated;
                    op.column.generatedExpression = c.generatedExpression;
                }
                op.changes = changed;
                add(op);
            }
        }
        // A copy: each operation found replaces m_table.
        for (const Column &c : QList(m_table.columns())) {
            if (!target.column(c.name)) {
                MigrationOp op;
                op.kind = Kind::DropColumn;
                op.column = c;
                add(op);
            }
        }
    }

    void addConstraints(const Table &target)
    {
        for (const UniqueConstraint &u : target.uniqueConstraints()) {
            if (std::none_of(m_table.uniqueConstraints().cbegin(),
                             m_table.uniqueConstraints().cend(),
                             [&](const UniqueConstraint &o) { return o.columns == u.columns; })) {
                MigrationOp op;
                op.kind = Kind::AddUnique;
                op.unique = u;
                add(op);
            }
        }
        for (const ForeignKey &fk : target.foreignKeys()) {
            if (std::none_of(m_table.foreignKeys().cbegin(), m_table.foreignKeys().cend(),
                             [&](const ForeignKey &o) { return same(fk, o); })) {
                MigrationOp op;
                op.kind = Kind::AddForeignKey;
                op.foreignKey = fk;
                add(op);
            }
        }
        for (const CheckConstraint &c : target.checks()) {
            if (std::none_of(m_table.checks().cbegin(), m_table.checks().cend(),
                             [&](const CheckConstraint &o) {
                                 return normalizedCheck(o.sqlText) == normalizedCheck(c.sqlText);
                             })) {
                MigrationOp op;
                op.kind = Kind::AddCheck;
                op.check = c;
                add(op);
            }
        }
        for (const Index &i : target.indexes()) {
            if (std::none_of(m_table.indexes().cbegin(), m_table.indexes().cend(),
                             [&](const Index &o) { return o.name == i.name; })) {
                MigrationOp op;
                op.kind = Kind::CreateIndex;
                op.index = i;
                add(op);
            }
        }
    }

    Table m_table;
    QString m_name;
    const CompareOptions &m_options;
    QList<MigrationOp> m_ops;
};

} // namespace

namespace {

// The views to drop (gone, or changed) and to create (new, or changed), by their statements.
std::pair<QList<MigrationOp>, QList<MigrationOp>>
compareViews(const MetaData &database, const MetaData &target, const CompareOptions &options)
{
    QList<MigrationOp> drops, creates;
    if (options.target == CompareOptions::Target::Models) {
        return {};
    }
    // A view of one schema that the other has not, or has with another statement.
    auto differs = [](const Table &t, const MetaData &other) {
        const Table *o = other.table(t.name());
        return t.isView() && !t.viewSql().isEmpty()
            && (!o || !o->isView()
                || normalizedStatement(o->viewSql()) != normalizedStatement(t.viewSql()));
    };
    auto view = [](Kind kind, const Table &t) {
        MigrationOp op;
        op.kind = kind;
        op.table = t.name();
        op.definition = t;
        return op;
    };
    for (const Table &t : database.tables()) {
        if (differs(t, target)) {
            drops << view(Kind::DropView, t);
        }
    }
    for (const Table &t : target.tables()) {
        if (differs(t, database)) {
            creates << view(Kind::CreateView, t);
        }
    }
    return {drops, creates};
}

} // namespace

QList<MigrationOp> compareSchemas(const MetaData &databaseSchema, const MetaData &targetSchema,
                                  const CompareOptions &options)
{
    const MetaData target = normalizedSchema(targetSchema, options.ignoredTables);
    // A server's reflection brings the tables of other schemas that its foreign keys refer to
    // (known by their qualified names): they are not this schema's to change.
    const MetaData normalized = normalizedSchema(databaseSchema, options.ignoredTables);
    MetaData database;
    for (const Table &t : normalized.tables()) {
        if (t.schema().isEmpty() || target.table(t.qualifiedName()))
            database.addTable(t);
    }
    QList<MigrationOp> creates, changes, drops;

    // Table renames from hints: the old table is compared with the new one under its new name.
    QHash<QString, QString> renamedTo; // old name -> new name
    for (const RenameHint &h : options.renames) {
        if (h.table.isEmpty() && database.table(h.from) && target.table(h.to)
            && !database.table(h.to)) {
            renamedTo.insert(h.from, h.to);
        }
    }

    for (const Table *t : target.sortedTables()) {
        if (t->isView()) {
            continue;
        }
        const bool renamedHere = std::any_of(renamedTo.cbegin(), renamedTo.cend(),
                                             [&](const QString &n) { return n == t->name(); });
        if (!database.table(t->name()) && !renamedHere) {
            MigrationOp op;
            op.kind = Kind::CreateTable;
            op.table = t->name();
            op.definition = *t;
            creates << op;
        }
    }
    for (const Table &dbTableIn : database.tables()) {
        const QString newName = renamedTo.value(dbTableIn.name(), dbTableIn.name());
        const Table *targetTable = target.table(newName);
        if (!targetTable || dbTableIn.isView() || targetTable->isView()) {
            continue;
        }
        Table dbTable = dbTableIn;
        if (newName != dbTableIn.name()) {
            MigrationOp op;
            op.kind = Kind::RenameTable;
            op.table = dbTableIn.name();
            op.newName = newName;
            changes << op;
            dbTable = applyToTable(dbTable, op);
        }
        changes << TableComparison(dbTable, newName, options).operations(*targetTable);
    }
    const QList<const Table *> sorted = database.sortedTables();
    for (auto it = sorted.crbegin(); it != sorted.crend(); ++it) {
        const Table *t = *it;
        if (!t->isView() && !target.table(t->name()) && !renamedTo.contains(t->name())) {
            MigrationOp op;
            op.kind = Kind::DropTable;
            op.table = t->name();
            op.definition = *t;
            drops << op;
        }
    }
    const auto [viewDrops, viewCreates] = compareViews(database, target, options);
    return viewDrops + creates + changes + drops + viewCreates;
}

MetaData applyToSchema(const MetaData &schema, const QList<MigrationOp> &ops)
{
    QList<Table> tables = schema.tables();
    for (const MigrationOp &op : ops) {
        auto it = std::find_if(tables.begin(), tables.end(),
                               [&](const Table &t) { return t.name() == op.table; });
        if (op.kind == Kind::CreateTable || op.kind == Kind::CreateView) {
            tables << op.definition;
        } else if (op.kind == Kind::DropTable || op.kind == Kind::DropView) {
            if (it != tables.end()) {
                tables.erase(it);
            }
        } else if (it != tables.end()) {
            *it = applyToTable(*it, op);
        }
    }
    MetaData md;
    for (const Table &t : tables) {
        md.addTable(t);
    }
    return md;
}

// ---- SQLite ------------------------------------------------------------------------------

namespace {

bool needsRebuild(const MigrationOp &op)
{
    switch (op.kind) {
    case Kind::RenameTable:
    case Kind::RenameColumn:
    case Kind::CreateIndex:
    case Kind::DropIndex:
        return false;
    case Kind::AddColumn: {
        // What SQLite's ADD COLUMN takes: no key, no UNIQUE, NOT NULL only with a default, a
        // constant default.
        // A generated column is copied in (ADD COLUMN refuses STORED ones).
        const Column &c = op.column;
        const QString d = c.serverDefault.trimmed().toUpper();
        const bool constantDefault = SqliteDialect::isLiteralDefault(c.serverDefault)
            && !d.startsWith(QStringLiteral("CURRENT_"));
        return c.primaryKey || c.unique || (!c.nullable && c.serverDefault.isEmpty())
            || !constantDefault || c.isGenerated();
    }
    default:
        return true;
    }
}

QString columnList(const SqliteDialect &d, const QStringList &names)
{
    QStringList quoted;
    for (const QString &n : names) {
        quoted << d.quoteIdentifier(n);
    }
    return quoted.join(QStringLiteral(", "));
}

QString indexStatement(const SqliteDialect &d, const QString &table, const Index &i)
{
    if (!i.sql.isEmpty()) {
        return i.sql; // over expressions, or partial: as it was written
    }
    return QStringLiteral("CREATE %1INDEX %2 ON %3 (%4)")
        .arg(i.unique ? QStringLiteral("UNIQUE ") : QString(), d.quoteIdentifier(i.name),
             d.quoteIdentifier(table), columnList(d, i.columns));
}

// An SQL string literal.
QString sqlLiteral(const QString &text)
{
    return u'\'' + QString(text).replace(u'\'', QStringLiteral("''")) + u'\'';
}

// The rebuild of one table from before to after (SQLite's "making other kinds of table schema
// changes"): the columns both have are copied, a renamed column from its old name, a column
// turned NOT NULL takes its default where it held NULL.
QStringList rebuildStatements(const SqliteDialect &d, const Table &before, const Table &after,
                              const QHash<QString, QString> &renamedFrom)
{
    const QString temporary = QStringLiteral("_rowsmith_new_") + after.name();
    Table created = after;
    created.setName(temporary);
    QStringList out;
    const QStringList create = d.createTable(created);
    out << create.first(); // the indexes come after the rename, under their own table
    QStringList targets, sources;
    for (const Column &c : after.columns()) {
        const QString source = renamedFrom.value(c.name, c.name);
        const Column *old = before.column(source);
        if (!old || c.isGenerated()) {
            continue; // a generated column is computed again, never written
        }
        targets << c.name;
        QString expr = d.quoteIdentifier(source);
        if (!c.nullable && old->nullable && !c.serverDefault.isEmpty()) {
            expr = QStringLiteral("coalesce(%1, %2)").arg(expr, c.serverDefault);
        }
        sources << expr;
    }
    if (!targets.isEmpty()) {
        out << QStringLiteral("INSERT INTO %1 (%2) SELECT %3 FROM %4")
                   .arg(d.quoteIdentifier(temporary), columnList(d, targets),
                        sources.join(QStringLiteral(", ")), d.quoteIdentifier(before.name()));
    }
    if (before.isSqliteAutoincrement() && after.isSqliteAutoincrement()) {
        // The highest key ever given, not the highest left: the copy's own value is replaced by
        // the old table's (sqlite_sequence names tables as values; the rename carries it over).
        out << QStringLiteral("DELETE FROM sqlite_sequence WHERE name = %1")
                   .arg(sqlLiteral(temporary));
        out << QStringLiteral("INSERT INTO sqlite_sequence (name, seq) SELECT %1, seq FROM "
                              "sqlite_sequence WHERE name = %2")
                   .arg(sqlLiteral(temporary), sqlLiteral(before.name()));
    }
    out << QStringLiteral("DROP TABLE %1").arg(d.quoteIdentifier(before.name()));
    out << QStringLiteral("ALTER TABLE %1 RENAME TO %2")
               .arg(d.quoteIdentifier(temporary), d.quoteIdentifier(after.name()));
    for (const Index &i : after.indexes()) {
        out << indexStatement(d, after.name(), i);
    }
    for (const Trigger &t : before.triggers()) {
        out << t.sql;
    }
    return out;
}

} // namespace

QStringList SqliteMigrationDialect::statements(const MetaData &current,
                                               const QList<MigrationOp> &ops) const
{
    SqliteDialect d;
    QStringList out;
    // Renames inside a rebuild must not rewrite the other tables' and triggers' references
    // to the table moved (SQLite's documented procedure).
    out << QStringLiteral("PRAGMA legacy_alter_table = ON");
    MetaData schema = normalizedSchema(current);
    qsizetype i = 0;
    while (i < ops.size()) {
        const MigrationOp &op = ops.at(i);
        if (op.kind == Kind::CreateTable) {
            Table t = op.definition;
            out << d.createTable(t);
            schema = applyToSchema(schema, {op});
            ++i;
            continue;
        }
        if (op.kind == Kind::DropTable) {
            out << QStringLiteral("DROP TABLE %1").arg(d.quoteIdentifier(op.table));
            schema = applyToSchema(schema, {op});
            ++i;
            continue;
        }
        if (op.kind == Kind::CreateView || op.kind == Kind::DropView) {
            out << (op.kind == Kind::CreateView
                        ? op.definition.viewSql()
                        : QStringLiteral("DROP VIEW %1").arg(d.quoteIdentifier(op.table)));
            schema = applyToSchema(schema, {op});
            ++i;
            continue;
        }
        // The run of operations on this table.
        qsizetype end = i;
        bool rebuild = false;
        QString tableName = op.table;
        while (end < ops.size() && ops.at(end).kind != Kind::CreateTable
               && ops.at(end).kind != Kind::DropTable && ops.at(end).kind != Kind::CreateView
               && ops.at(end).kind != Kind::DropView && (ops.at(end).table == tableName)) {
            rebuild = rebuild || needsRebuild(ops.at(end));
            if (ops.at(end).kind == Kind::RenameTable) {
                tableName = ops.at(end).newName;
            }
            ++end;
        }
        const QList<MigrationOp> run = ops.mid(i, end - i);
        const Table *before = schema.table(op.table);
        if (!rebuild || !before) {
            for (const MigrationOp &o : run) {
                switch (o.kind) {
                case Kind::RenameTable:
                    out << QStringLiteral("ALTER TABLE %1 RENAME TO %2")
                               .arg(d.quoteIdentifier(o.table), d.quoteIdentifier(o.newName));
                    break;
                case Kind::RenameColumn:
                    out << QStringLiteral("ALTER TABLE %1 RENAME COLUMN %2 TO %3")
                               .arg(d.quoteIdentifier(o.table), d.quoteIdentifier(o.oldColumn.name),
                                    d.quoteIdentifier(o.column.name));
                    break;
                case Kind::CreateIndex:
                    out << indexStatement(d, o.table, o.index);
                    break;
                case Kind::DropIndex:
                    out << QStringLiteral("DROP INDEX %1").arg(d.quoteIdentifier(o.index.name));
                    break;
                case Kind::AddColumn:
                    out << QStringLiteral("ALTER TABLE %1 ADD COLUMN %2")
                               .arg(d.quoteIdentifier(o.table), d.columnDefinition(o.column));
                    break;
                default:
                    break;
                }
            }
            schema = applyToSchema(schema, run);
        } else {
            // Table renames first (plain ALTER), then one rebuild for the rest.
            QHash<QString, QString> renamedFrom;
            Table from = *before;
            QList<MigrationOp> rest;
            for (const MigrationOp &o : run) {
                if (o.kind == Kind::RenameTable) {
                    out << QStringLiteral("ALTER TABLE %1 RENAME TO %2")
                               .arg(d.quoteIdentifier(o.table), d.quoteIdentifier(o.newName));
                    schema = applyToSchema(schema, {o});
                    from = *schema.table(o.newName);
                } else {
                    if (o.kind == Kind::RenameColumn) {
                        renamedFrom.insert(o.column.name,
                                           renamedFrom.value(o.oldColumn.name, o.oldColumn.name));
                    }
                    rest << o;
                }
            }
            schema = applyToSchema(schema, rest);
            const Table *after = schema.table(from.name());
            out << rebuildStatements(d, from, *after, renamedFrom);
        }
        i = end;
    }
    out << QStringLiteral("PRAGMA legacy_alter_table = OFF");
    return out;
}

bool SqliteMigrationDialect::run(Connection &connection, const QStringList &statements,
                                 const std::function<bool()> &work, Error *error) const
{
    auto fail = [&](const Error &e) {
        if (error) {
            *error = e;
        }
        if (connection.inTransaction()) {
            connection.rollback();
        }
        (void)connection.exec(QStringLiteral("PRAGMA legacy_alter_table = OFF"));
        if (connection.options().foreignKeys) {
            (void)connection.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        }
        return false;
    };
    // Foreign keys off during the move (it cannot change inside a transaction), checked
    // before the commit.
    if (!connection.exec(QStringLiteral("PRAGMA foreign_keys = OFF"))
        || !connection.begin(Connection::TransactionMode::Immediate)) {
        return fail(connection.lastError());
    }
    // Triggers and views that compile now, to tell which ones the change breaks.
    auto brokenObjects = [&connection]() -> std::optional<QHash<QString, QString>> {
        QHash<QString, QString> broken;
        const auto triggers = reflectTriggers(connection);
        if (!triggers) {
            return std::nullopt;
        }
        for (const Trigger &t : *triggers) {
            if (!t.error.isEmpty()) {
                broken.insert(QStringLiteral("trigger %1").arg(t.name), t.error);
            }
        }
        const auto views =
            connection.select(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'view'"));
        if (!views) {
            return std::nullopt;
        }
        SqliteDialect d;
        for (const QVariantList &v : *views) {
            const QString problem = connection.prepareError(
                QStringLiteral("SELECT * FROM %1").arg(d.quoteIdentifier(v.value(0).toString())));
            if (!problem.isEmpty()) {
                broken.insert(QStringLiteral("view %1").arg(v.value(0).toString()), problem);
            }
        }
        return broken;
    };
    const auto brokenBefore = brokenObjects();
    if (!brokenBefore) {
        return fail(connection.lastError());
    }
    static const QRegularExpression createIndex(
        QStringLiteral("^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
                       "(\"(?:[^\"]|\"\")+\"|[^\\s(]+)"),
        QRegularExpression::CaseInsensitiveOption);
    for (const QString &sql : statements) {
        if (!connection.exec(sql)) {
            Error e = connection.lastError();
            e.setSql(sql);
            // An index made again after a rebuild that no longer compiles (over an expression,
            // or partial, naming a column the change removed) is named as a broken view is.
            if (const auto m = createIndex.match(sql);
                m.hasMatch() && e.kind() != Error::Kind::Constraint) {
                e = Error(Error::Kind::Usage,
                          QStringLiteral("The change would break index %1: %2")
                              .arg(QString(m.captured(1)).remove(u'"'), e.message()));
                e.setSql(sql);
            }
            return fail(e);
        }
    }
    const auto brokenAfter = brokenObjects();
    if (!brokenAfter) {
        return fail(connection.lastError());
    }
    QStringList newlyBroken;
    for (auto it = brokenAfter->cbegin(); it != brokenAfter->cend(); ++it) {
        if (!brokenBefore->contains(it.key())) {
            newlyBroken << QStringLiteral("%1: %2").arg(it.key(), it.value());
        }
    }
    if (!newlyBroken.isEmpty()) {
        newlyBroken.sort();
        return fail(Error(Error::Kind::Usage,
                          QStringLiteral("The change would break %1")
                              .arg(newlyBroken.join(QStringLiteral("; ")))));
    }
    const auto dangling = connection.select(QStringLiteral("PRAGMA foreign_key_check"));
    if (!dangling) {
        return fail(connection.lastError());
    }
    if (!dangling->isEmpty()) {
        Error e(Error::Kind::Constraint,
                QStringLiteral("%n row(s) would refer to rows that do not exist (first: table "
                               "%1, row %2, referring to %3)")
                    .replace(QStringLiteral("%n"), QString::number(dangling->size()))
                    .arg(dangling->first().value(0).toString(),
                         dangling->first().value(1).toString(),
                         dangling->first().value(2).toString()));
        e.setConstraint(Error::Constraint::ForeignKey);
        e.setTable(dangling->first().value(0).toString());
        return fail(e);
    }
    if (work && !work()) {
        return fail(connection.lastError().isError()
                        ? connection.lastError()
                        : Error(Error::Kind::Usage, QStringLiteral("The migration was refused")));
    }
    if (!connection.commit()) {
        return fail(connection.lastError());
    }
    if (connection.options().foreignKeys) {
        (void)connection.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    }
    return true;
}

std::unique_ptr<MigrationDialect> migrationDialectFor(const Connection &connection)
{
    if (connection.dialect().name() == u"postgresql") {
        return std::make_unique<PostgresMigrationDialect>();
    }
    return std::make_unique<SqliteMigrationDialect>();
}

std::optional<QStringList> dataLoss(Connection &connection, const MetaData &current,
                                    const QList<MigrationOp> &ops, Error *error)
{
    const Dialect &d = connection.dialect();
    QStringList lines;
    MetaData schema = current;
    for (const MigrationOp &op : ops) {
        const bool exists = schema.table(op.table) != nullptr;
        QString sql;
        QString what;
        if (op.kind == Kind::DropTable && exists) {
            sql = QStringLiteral("SELECT count(*) FROM %1").arg(d.quoteIdentifier(op.table));
            what = QStringLiteral("%1: %2 row(s) deleted");
        } else if (op.kind == Kind::DropColumn && exists) {
            sql = QStringLiteral("SELECT count(%1) FROM %2")
                      .arg(d.quoteIdentifier(op.column.name), d.quoteIdentifier(op.table));
            what = QStringLiteral("%1: %2 value(s) deleted");
        } else if (op.kind == Kind::AlterColumn && exists && op.isDestructive()) {
            QStringList conditions;
            if ((op.changes & MigrationOp::TypeChanged)
                && isNarrowing(op.oldColumn.type, op.column.type)) {
                conditions << notFittingCondition(d, op.column.name, op.column.type);
                what = QStringLiteral("%1: %2 value(s) do not fit the new type");
            }
            if ((op.changes & MigrationOp::NullabilityChanged) && !op.column.nullable) {
                conditions << QStringLiteral("%1 IS NULL").arg(d.quoteIdentifier(op.column.name));
                what = conditions.size() > 1
                    ? QStringLiteral("%1: %2 value(s) do not fit the new type or are NULL")
                    : QStringLiteral("%1: %2 NULL value(s) under NOT NULL");
            }
            if ((op.changes & MigrationOp::GenerationChanged) && !op.oldColumn.isGenerated()
                && op.column.isGenerated()) {
                // Its values give way to the expression's: every one it holds is lost.
                conditions = {
                    QStringLiteral("%1 IS NOT NULL").arg(d.quoteIdentifier(op.column.name))};
                what = QStringLiteral("%1: %2 value(s) replaced by the generated ones");
            }
            sql = QStringLiteral("SELECT count(*) FROM %1 WHERE %2")
                      .arg(d.quoteIdentifier(op.table),
                           QStringLiteral("(") + conditions.join(QStringLiteral(") OR ("))
                               + QStringLiteral(")"));
        }
        if (!sql.isEmpty()) {
            const auto rows = connection.select(sql);
            if (!rows) {
                if (error) {
                    *error = connection.lastError();
                }
                return std::nullopt;
            }
            const qint64 count = rows->value(0).value(0).toLongLong();
            if (count > 0 || op.kind == Kind::DropTable || op.kind == Kind::DropColumn) {
                lines << what.arg(op.description()).arg(count);
            }
        }
        schema = applyToSchema(schema, {op});
    }
    return lines;
}

QStringList splitSqlStatements(const QString &text)
{
    QStringList out;
    QString pending;
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        if (pending.isEmpty()
            && (line.trimmed().isEmpty() || line.trimmed().startsWith(QStringLiteral("--")))) {
            continue;
        }
        pending += line + u'\n';
        if (sqlite3_complete(pending.toUtf8().constData())) {
            QString s = pending.trimmed();
            while (s.endsWith(u';')) {
                s.chop(1);
                s = s.trimmed();
            }
            if (!s.isEmpty()) {
                out << s;
            }
            pending.clear();
        }
    }
    if (!pending.trimmed().isEmpty()) {
        out << pending.trimmed();
    }
    return out;
}

Migration::Migration(Connection &connection)
    : m_connection(connection)
{ }

bool Migration::run(const QList<MigrationOp> &ops, Destructive destructive,
                    const std::function<bool()> &work)
{
    m_error = Error();
    const auto current = m_connection.reflect(QString(), &m_error);
    if (!current) {
        return false;
    }
    if (destructive == Destructive::Refuse) {
        const auto loss = dataLoss(m_connection, *current, ops, &m_error);
        if (!loss) {
            return false;
        }
        if (!loss->isEmpty()) {
            m_error = Error(Error::Kind::Usage,
                            QStringLiteral("Refused: the change would lose data (confirm to run "
                                           "it anyway):\n  ")
                                + loss->join(QStringLiteral("\n  ")));
            return false;
        }
    }
    const auto dialect = migrationDialectFor(m_connection);
    return dialect->run(m_connection, dialect->statements(*current, ops), work, &m_error);
}

bool Migration::runStatements(const QStringList &statements, const std::function<bool()> &work)
{
    m_error = Error();
    return migrationDialectFor(m_connection)->run(m_connection, statements, work, &m_error);
}

} // namespace orm
