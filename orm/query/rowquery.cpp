// SPDX-License-Identifier: MIT
#include "orm/query/rowquery.h"

#include "orm/engine/connection.h"
#include "orm/query/query.h"

namespace orm {

RowQuery::RowQuery(Session *session, const Select &select)
    : m_session(session)
    , m_select(select)
{ }

RowQuery::RowQuery(Session *session, const QList<Expr> &columns)
    : m_session(session)
{
    m_select.columns = columns;
    for (const Expr &c : columns) {
        QStringList tables;
        c.collectTableNames(&tables);
        if (!tables.isEmpty()) {
            m_select.fromTable = tables.first();
            break;
        }
    }
}

Compiled RowQuery::compile() const
{
    return m_select.compile(m_session->dialect());
}

RowQuery RowQuery::filter(const Expr &condition) const
{
    RowQuery q = *this;
    q.m_select.where = q.m_select.where && condition;
    return q;
}

RowQuery RowQuery::orderBy(const OrderTerm &term) const
{
    RowQuery q = *this;
    q.m_select.orderBy.append(term);
    return q;
}

RowQuery RowQuery::orderBy(const QList<OrderTerm> &terms) const
{
    RowQuery q = *this;
    q.m_select.orderBy.append(terms);
    return q;
}

RowQuery RowQuery::groupBy(const Expr &e) const
{
    RowQuery q = *this;
    q.m_select.groupBy.append(e);
    return q;
}

RowQuery RowQuery::having(const Expr &e) const
{
    RowQuery q = *this;
    q.m_select.having = q.m_select.having && e;
    return q;
}

RowQuery RowQuery::join(const QString &table, const Expr &on, Join::Type type) const
{
    RowQuery q = *this;
    q.m_select.joins.append(Join {type, table, QString(), on});
    return q;
}

RowQuery RowQuery::limit(qint64 n) const
{
    RowQuery q = *this;
    q.m_select.limit = n;
    return q;
}

RowQuery RowQuery::offset(qint64 n) const
{
    RowQuery q = *this;
    q.m_select.offset = n;
    return q;
}

RowQuery RowQuery::distinct() const
{
    RowQuery q = *this;
    q.m_select.distinct = true;
    return q;
}

bool RowQuery::fetch(qsizetype max, QList<Row> *rows) const
{
    m_session->clearError();
    const Compiled c = compile();
    Statement st = m_session->connection().prepare(c.sql);
    if (!st.isValid()) {
        m_session->setError(m_session->connection().lastError());
        return false;
    }
    st.bindValues(c.params);
    const int n = st.columnCount();
    // A typed expression whose value comes as text (a server's NUMERIC for an average or a sum
    // of integers) reads as its type.
    QList<ColumnType> types;
    for (int i = 0; i < n; ++i)
        types << (i < m_select.columns.size() ? m_select.columns.at(i).type().type
                                              : ColumnType::Null);
    // (one() and scalar() stop at the second row: enough to tell one from many.)
    while ((max < 0 || rows->size() < max) && st.next()) {
        Row row;
        row.reserve(n);
        for (int i = 0; i < n; ++i) {
            QVariant v = st.value(i);
            if (v.typeId() == QMetaType::QString) {
                bool ok = false;
                if (types.at(i) == ColumnType::Float) {
                    const double d = v.toString().toDouble(&ok);
                    if (ok)
                        v = d;
                } else if (types.at(i) == ColumnType::Integer
                           || types.at(i) == ColumnType::BigInteger) {
                    const qint64 k = v.toString().toLongLong(&ok);
                    if (ok)
                        v = k;
                }
            }
            row << std::move(v);
        }
        rows->append(std::move(row));
    }
    if (st.hasError()) {
        m_session->setError(m_session->connection().lastError());
        rows->clear();
        return false;
    }
    return true;
}

void RowQuery::setCountError(Error::Kind kind) const
{
    Error e(kind,
            kind == Error::Kind::NotFound ? QStringLiteral("No row matches")
                                          : QStringLiteral("More than one row matches"));
    e.setTable(m_select.fromTable);
    e.setSql(compile().sql);
    m_session->setError(e);
}

QList<RowQuery::Row> RowQuery::all() const
{
    QList<Row> rows;
    (void)fetch(-1, &rows);
    return rows;
}

std::optional<RowQuery::Row> RowQuery::first() const
{
    QList<Row> rows;
    if (!fetch(1, &rows) || rows.isEmpty())
        return std::nullopt;
    return rows.first();
}

std::optional<RowQuery::Row> RowQuery::one() const
{
    QList<Row> rows;
    if (!fetch(2, &rows))
        return std::nullopt;
    if (rows.size() != 1) {
        setCountError(rows.isEmpty() ? Error::Kind::NotFound : Error::Kind::MultipleResults);
        return std::nullopt;
    }
    return rows.first();
}

std::optional<RowQuery::Row> RowQuery::oneOrNone() const
{
    QList<Row> rows;
    if (!fetch(2, &rows) || rows.isEmpty())
        return std::nullopt;
    if (rows.size() > 1) {
        setCountError(Error::Kind::MultipleResults);
        return std::nullopt;
    }
    return rows.first();
}

QVariant RowQuery::scalar() const
{
    const std::optional<Row> row = oneOrNone();
    return row ? row->value(0) : QVariant();
}

RowQuery QueryBase::withColumns(const QList<Expr> &columns) const
{
    Select s = m_select;
    s.columns = columns;
    return RowQuery(m_session, s);
}

} // namespace orm
