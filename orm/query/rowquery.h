// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/mapper.h"
#include "orm/session/session.h"
#include "orm/sql/sql.h"

#include <optional>

namespace orm {

// A query of chosen columns and aggregates whose results are values, not objects (SQLAlchemy's
// session.query(func.avg(User.age)) and query.with_entities(...)). Generative like
// orm::Query: every refining call returns a new query.
//
//     const QVariant avgAge = session.query(orm::func::avg(orm::col(&User::age))).scalar();
//     const auto perAuthor = session.query(orm::col(&Post::userId), orm::func::count())
//                                .groupBy(orm::col(&Post::userId).expr()).all();
//     const auto counts = session.query<User>().filterBy(&User::isActive, true)
//                             .withColumns({orm::func::count()}).one();
//
// The rows come FROM the table of the first column that names one; other tables come in
// through join(). one(), oneOrNone() and scalar() fail as an entity query's do: no row is
// Error::Kind::NotFound, more than one MultipleResults (lastError() tells; nothing is
// thrown).
class RowQuery
{
public:
    using Row = QVariantList;

    RowQuery(Session *session, const Select &select);
    // FROM the table of the first column that names one.
    RowQuery(Session *session, const QList<Expr> &columns);

    Session *session() const { return m_session; }
    const Select &select() const { return m_select; }
    Compiled compile() const;

    RowQuery filter(const Expr &condition) const;
    RowQuery orderBy(const OrderTerm &term) const;
    RowQuery orderBy(const QList<OrderTerm> &terms) const;
    RowQuery groupBy(const Expr &e) const;
    RowQuery having(const Expr &e) const;
    RowQuery join(const QString &table, const Expr &on, Join::Type type = Join::Type::Inner) const;
    RowQuery limit(qint64 n) const;
    RowQuery offset(qint64 n) const;
    RowQuery distinct() const;

    // Every row (empty, with lastError(), when the database refused).
    QList<Row> all() const;
    // The first row; nullopt when there is none or on an error (lastError() tells which).
    std::optional<Row> first() const;
    // Exactly one row: nullopt with Error::Kind::NotFound or MultipleResults otherwise.
    std::optional<Row> one() const;
    // At most one row: nullopt when there is none (no error) or, with MultipleResults, more.
    std::optional<Row> oneOrNone() const;
    // The first column of the one row (SQLAlchemy's Query.scalar()): null when there is no
    // row (no error); null with MultipleResults when there is more than one.
    QVariant scalar() const;

private:
    // At most max rows (-1: all); false on an error.
    bool fetch(qsizetype max, QList<Row> *rows) const;
    void setCountError(Error::Kind kind) const;

    Session *m_session;
    Select m_select;
};

namespace detail {
inline const Expr &expressionOf(const Expr &e)
{
    return e;
}
template<class T, class M>
const Expr &expressionOf(const Col<T, M> &c)
{
    return c.expr();
}
} // namespace detail

template<class C, class... More>
RowQuery Session::query(const C &column, const More &...more)
{
    return RowQuery(this,
                    QList<Expr> {detail::expressionOf(column), detail::expressionOf(more)...});
}

} // namespace orm
