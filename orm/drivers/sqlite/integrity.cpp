// SPDX-License-Identifier: MIT
#include "orm/drivers/sqlite/integrity.h"

#include "orm/engine/connection.h"
#include "orm/sql/dialect.h"

#include <QRegularExpression>

namespace orm {

IntegrityCheck::IntegrityCheck(Connection &connection)
    : m_connection(connection)
{ }

bool IntegrityCheck::prepare()
{
    m_steps.clear();
    // Virtual tables have no pages of their own to check.
    const auto tables = m_connection.select(QStringLiteral(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"));
    if (!tables) {
        m_lastError = m_connection.lastError();
        return false;
    }
    for (const QVariantList &t : *tables)
        m_steps.append({Step::What::Table, t.value(0).toString()});
    for (const QVariantList &t : *tables)
        m_steps.append({Step::What::ForeignKeys, t.value(0).toString()});
    m_steps.append({Step::What::File, QString()});
    return true;
}

QVariant IntegrityCheck::keyOf(const QString &table, qint64 rowid)
{
    // The key columns in key order; none (or the rowid alias) reads the rowid itself.
    const auto pk = m_connection.select(
        QStringLiteral("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk"), {table});
    if (!pk || pk->isEmpty())
        return rowid;
    SqliteDialect dialect;
    QStringList columns;
    for (const QVariantList &c : *pk)
        columns << dialect.quoteIdentifier(c.value(0).toString());
    const auto rows = m_connection.select(
        QStringLiteral("SELECT %1 FROM %2 WHERE rowid = ?")
            .arg(columns.join(QStringLiteral(", ")), dialect.quoteIdentifier(table)),
        {rowid});
    if (!rows || rows->isEmpty())
        return {};
    const QVariantList &row = rows->first();
    return row.size() == 1 ? row.first() : QVariant(row);
}

std::optional<QList<IntegrityFinding>> IntegrityCheck::runStep(int step)
{
    if (step < 0 || step >= m_steps.size()) {
        m_lastError = Error(Error::Kind::Usage, QStringLiteral("No such step"));
        return std::nullopt;
    }
    const Step &s = m_steps.at(step);
    QList<IntegrityFinding> findings;
    if (s.what == Step::What::ForeignKeys) {
        // table, rowid, parent, fkid: the row's foreign key number fkid names no parent row.
        const auto rows = m_connection.select(
            QStringLiteral("SELECT c.rowid, c.parent, group_concat(f.\"from\", ', ') "
                           "FROM pragma_foreign_key_check(?) AS c "
                           "LEFT JOIN pragma_foreign_key_list(?) AS f ON f.id = c.fkid "
                           "GROUP BY c.rowid, c.parent, c.fkid ORDER BY c.rowid"),
            {s.table, s.table});
        if (!rows) {
            m_lastError = m_connection.lastError();
            return std::nullopt;
        }
        for (const QVariantList &r : *rows) {
            IntegrityFinding f;
            f.kind = IntegrityFinding::Kind::ForeignKey;
            f.table = s.table;
            f.rowid = r.value(0).isNull() ? -1 : r.value(0).toLongLong();
            if (f.rowid >= 0)
                f.key = keyOf(s.table, f.rowid);
            f.parent = r.value(1).toString();
            f.columns = r.value(2).toString().split(QStringLiteral(", "), Qt::SkipEmptyParts);
            f.message = QStringLiteral("%1 refers to a row of %2 that does not exist")
                            .arg(r.value(2).toString(), f.parent);
            findings << f;
        }
        return findings;
    }
    const auto rows = s.what == Step::What::Table
        ? m_connection.select(QStringLiteral("SELECT * FROM pragma_integrity_check(?)"), {s.table})
        : m_connection.select(QStringLiteral("SELECT * FROM pragma_quick_check"));
    if (!rows) {
        // A page too damaged to be walked stops the check: that is a finding too.
        if (m_connection.lastError().kind() != Error::Kind::Corrupt) {
            m_lastError = m_connection.lastError();
            return std::nullopt;
        }
        IntegrityFinding f;
        f.table = s.table;
        f.message = m_connection.lastError().message();
        findings << f;
        return findings;
    }
    static const QRegularExpression rowPattern(QStringLiteral("\\brow (\\d+)\\b"));
    for (const QVariantList &r : *rows) {
        const QString message = r.value(0).toString();
        if (message == u"ok")
            continue;
        IntegrityFinding f;
        f.table = s.table;
        f.message = message;
        if (!s.table.isEmpty()) {
            const QRegularExpressionMatch m = rowPattern.match(message);
            if (m.hasMatch()) {
                f.rowid = m.captured(1).toLongLong();
                f.key = keyOf(s.table, f.rowid);
            }
        }
        findings << f;
    }
    return findings;
}

} // namespace orm
