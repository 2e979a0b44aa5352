// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/mapper.h"
#include "orm/mapping/relationship.h"
#include "orm/query/rowquery.h"
#include "orm/session/session.h"
#include "orm/sql/sql.h"

#include <functional>
#include <optional>
#include <vector>

namespace orm {

// One page of results (Flask-SQLAlchemy's Pagination).
template<class E>
struct Page
{
    std::vector<std::shared_ptr<E>> items;
    int page = 1;
    int perPage = 20;
    qint64 total = 0;

    int pages() const
    {
        return perPage <= 0 || total == 0 ? 0 : int((total + perPage - 1) / perPage);
    }
    bool hasPrev() const { return page > 1; }
    bool hasNext() const { return page < pages(); }
    std::optional<int> prevNum() const
    {
        return hasPrev() ? std::optional<int>(page - 1) : std::nullopt;
    }
    std::optional<int> nextNum() const
    {
        return hasNext() ? std::optional<int>(page + 1) : std::nullopt;
    }
};

// One page of keyset ("seek") paging: the rows after where the page before ended.
template<class E>
struct KeysetPage
{
    std::vector<std::shared_ptr<E>> items;
    // Where this page ends (the sort values of its last row, the key's last): what to pass for
    // the page after it. Empty when no row follows.
    QVariantList next;
    bool hasNext() const { return !next.isEmpty(); }
};

// Another name for an entity's table in one statement (SQLAlchemy's aliased()): the other
// side of a self-referential relationship in any() / has() and in joins.
//     auto child = orm::aliased<Node>();
//     query.filter(orm::any(&Node::children, child, child.col(&Node::name) == u"b"_s
//                                                    && orm::col(&Node::name) == u"a"_s));
// Its columns are typed as the entity's. Without a name, each aliased() takes a new one
// (nodes_1, nodes_2, …); naming it keeps a statement's text, and so its prepared statement,
// the same from one query to the next.
template<class T>
class Aliased
{
public:
    explicit Aliased(const QString &name)
        : m_name(name)
    { }
    const QString &name() const { return m_name; }
    const EntityMeta &meta() const { return T::staticMeta(); }
    template<class M, class C>
    Col<T, M> col(M C::*member) const
    {
        M T::*typed = member;
        return Col<T, M>(typed, m_name);
    }

private:
    QString m_name;
};

namespace detail {
QString anonymousAlias(const EntityMeta &meta);
}

template<class T>
Aliased<T> aliased(const QString &name = QString())
{
    return Aliased<T>(name.isEmpty() ? detail::anonymousAlias(T::staticMeta()) : name);
}

// A query over one entity, generative like SQLAlchemy's: every refining call returns a new
// query and leaves the original as it was. Type-erased; orm::Query<T> adds typed results.
// Results are identity-mapped: a row already in the session is the same object (its staged
// edits are kept, not overwritten).
class QueryBase
{
public:
    QueryBase(Session *session, const EntityMeta &meta);

    Session *session() const { return m_session; }
    const EntityMeta &meta() const { return *m_meta; }

    QueryBase filter(const Expr &condition) const;
    QueryBase filterBy(const QString &column, const QVariant &value) const;
    QueryBase orderBy(const OrderTerm &term) const;
    QueryBase orderBy(const QList<OrderTerm> &terms) const;
    QueryBase limit(qint64 n) const;
    QueryBase offset(qint64 n) const;
    QueryBase join(const QString &table, const Expr &on, Join::Type type = Join::Type::Inner) const;
    QueryBase groupBy(const Expr &e) const;
    QueryBase having(const Expr &e) const;
    QueryBase distinct() const;
    // The same query on another session (another connection to the same database, e.g. one
    // owned by a worker thread); the session must outlive the copy.
    QueryBase withSession(Session *session) const;
    // Loading strategies for this query's results (override the declared ones).
    QueryBase options(const LoadOption &option) const;
    QueryBase options(const QList<LoadOption> &options) const;
    // JOIN along a relationship (filters and ordering may then use the target's columns).
    QueryBase join(const RelationshipMeta &rel, Join::Type type = Join::Type::Inner) const;
    // ... with the target named by alias (orm::aliased()); a self-referential join without
    // one names the target by the relationship's name.
    QueryBase join(const RelationshipMeta &rel, const QString &alias,
                   Join::Type type = Join::Type::Inner) const;
    QueryBase outerJoin(const RelationshipMeta &rel) const { return join(rel, Join::Type::Left); }

    std::vector<std::shared_ptr<Entity>> allEntities() const;
    // The objects one by one, as they are read (the eager loads run after the last): a typed
    // result is built without a second vector of the same pointers.
    void fetchEntities(const std::function<void(std::shared_ptr<Entity> &&)> &sink) const;
    std::shared_ptr<Entity> firstEntity() const;
    // Exactly one row: null with Error::Kind::NotFound or MultipleResults otherwise.
    std::shared_ptr<Entity> oneEntity() const;
    // At most one row: null when there is none; null with MultipleResults when more.
    std::shared_ptr<Entity> oneOrNoneEntity() const;

    std::optional<qint64> count() const;
    // The rows of the whole table as the engine's statistics estimate them, without reading
    // them (PostgreSQL's pg_class.reltuples, as of the last VACUUM or ANALYZE): a moment's
    // answer where count() may take seconds. nullopt where the engine keeps no such statistics
    // (SQLite), where they were never gathered or say no rows, and for a query with a
    // condition or a join (only the whole table is estimated).
    std::optional<qint64> estimatedCount() const;
    bool exists() const;
    // A single aggregate or value: query.scalar(func::avg(...)).
    QVariant scalar(const Expr &e) const;
    // Rows of chosen expressions (with groupBy / having): aggregates per group.
    std::optional<QList<QVariantList>> rows(const QList<Expr> &columns) const;
    // The entity's columns of the rows allEntities() would read, as plain values
    // (orm::StoredRows): read on a worker thread's session, given to the objects' own
    // session's loadStoredRows(). Eager loads are not read; rows a join repeats stay repeated.
    std::optional<QList<QVariantList>> storedRows() const;
    // The same query giving chosen columns and aggregates instead of objects, with one(),
    // oneOrNone() and scalar() (SQLAlchemy's with_entities()).
    RowQuery withColumns(const QList<Expr> &columns) const;

    // Bulk UPDATE / DELETE of the matching rows, inside the session's transaction (commit()
    // makes them durable, rollback() undoes them). Objects in the session follow.
    std::optional<qint64> update(const QList<Assignment> &assignments) const;
    std::optional<qint64> remove() const;

    Select select() const { return m_select; }
    Compiled compile() const;

protected:
    void setSelect(const Select &s) { m_select = s; }
    LoadStrategy strategyFor(const RelationshipMeta &rel) const;
    bool hasEagerLoads() const;
    void loadEager(const std::vector<Entity *> &owners) const;
    void selectInLoad(const RelationshipMeta &rel, const std::vector<Entity *> &owners) const;
    void selectInLoadIntegerKeys(const RelationshipMeta &rel,
                                 const std::vector<Entity *> &owners) const;
    QList<LoadOption> m_options;
    Page<Entity> paginateEntities(int page, int perPage) const;
    KeysetPage<Entity> keysetPageEntities(const QVariantList &after, int perPage) const;
    Select entitySelect() const;

    Session *m_session;
    const EntityMeta *m_meta;
    Select m_select;
};

template<class T>
class Query : public QueryBase
{
public:
    explicit Query(Session *session)
        : QueryBase(session, T::staticMeta())
    { }
    Query(const QueryBase &base)
        : QueryBase(base)
    { }
    // Every typed refinement returns the base's new query: taken over, not copied again.
    Query(QueryBase &&base)
        : QueryBase(std::move(base))
    { }

    Query filter(const Expr &condition) const { return QueryBase::filter(condition); }
    // filter_by(username='alice'): query.filterBy(&User::username, "alice")
    template<class M, class C>
    Query filterBy(M C::*member, const std::type_identity_t<M> &value) const
    {
        M T::*typed = member;
        return filter(Col<T, M>(typed) == value);
    }
    Query filterBy(const QString &column, const QVariant &value) const
    {
        return QueryBase::filterBy(column, value);
    }
    Query orderBy(const OrderTerm &term) const { return QueryBase::orderBy(term); }
    Query orderBy(const QList<OrderTerm> &terms) const { return QueryBase::orderBy(terms); }
    template<class M, class C>
    Query orderBy(M C::*member) const
    {
        M T::*typed = member;
        return orderBy(Col<T, M>(typed).asc());
    }
    Query limit(qint64 n) const { return QueryBase::limit(n); }
    Query offset(qint64 n) const { return QueryBase::offset(n); }
    Query join(const QString &table, const Expr &on, Join::Type type = Join::Type::Inner) const
    {
        return QueryBase::join(table, on, type);
    }
    Query groupBy(const Expr &e) const { return QueryBase::groupBy(e); }
    Query having(const Expr &e) const { return QueryBase::having(e); }
    Query distinct() const { return QueryBase::distinct(); }
    Query options(const LoadOption &option) const { return QueryBase::options(option); }
    Query options(const QList<LoadOption> &o) const { return QueryBase::options(o); }
    template<class R, class C>
    Query join(R C::*relationship, Join::Type type = Join::Type::Inner) const
    {
        return QueryBase::join(relationshipOf<T>(relationship), type);
    }
    template<class R, class C>
    Query outerJoin(R C::*relationship) const
    {
        return QueryBase::join(relationshipOf<T>(relationship), Join::Type::Left);
    }
    template<class R, class C, class X>
    Query join(R C::*relationship, const Aliased<X> &alias,
               Join::Type type = Join::Type::Inner) const
    {
        static_assert(std::is_same_v<typename detail::RelatedType<R>::type, X>,
                      "the alias names the relationship's target");
        return QueryBase::join(relationshipOf<T>(relationship), alias.name(), type);
    }
    template<class R, class C, class X>
    Query outerJoin(R C::*relationship, const Aliased<X> &alias) const
    {
        return join(relationship, alias, Join::Type::Left);
    }

    std::vector<std::shared_ptr<T>> all() const
    {
        std::vector<std::shared_ptr<T>> out;
        fetchEntities([&out](std::shared_ptr<Entity> &&e) {
            out.push_back(std::static_pointer_cast<T>(std::move(e)));
        });
        if (m_session->lastError().isError())
            out.clear();
        return out;
    }
    std::shared_ptr<T> first() const { return std::static_pointer_cast<T>(firstEntity()); }
    std::shared_ptr<T> one() const { return std::static_pointer_cast<T>(oneEntity()); }
    std::shared_ptr<T> oneOrNone() const { return std::static_pointer_cast<T>(oneOrNoneEntity()); }
    std::shared_ptr<T> get(const QVariant &key) const { return m_session->template get<T>(key); }
    Fetched<T> getOr404(const QVariant &key) const { return m_session->template getOr404<T>(key); }

    // Keyset paging: perPage rows after `after` (the page before's `next`; empty for the
    // first page) in the query's order, the primary key breaking ties. Where an index serves
    // the order, a page deep into a large table costs what the first does (OFFSET reads every
    // row it skips), and rows added or removed before it do not shift it. The order must be
    // by the entity's own columns; NULLs sort where the engine puts them.
    KeysetPage<T> pageAfter(const QVariantList &after, int perPage = 20) const
    {
        KeysetPage<Entity> p = keysetPageEntities(after, perPage);
        KeysetPage<T> out;
        out.items = cast(std::move(p.items));
        out.next = std::move(p.next);
        return out;
    }

    Page<T> paginate(int page, int perPage = 20) const
    {
        Page<Entity> p = paginateEntities(page, perPage);
        Page<T> out;
        out.items = cast(std::move(p.items));
        out.page = p.page;
        out.perPage = p.perPage;
        out.total = p.total;
        return out;
    }

private:
    static std::vector<std::shared_ptr<T>> cast(std::vector<std::shared_ptr<Entity>> &&in)
    {
        // Moved, not copied: no reference-count traffic per object.
        std::vector<std::shared_ptr<T>> out;
        out.reserve(in.size());
        for (auto &e : in)
            out.push_back(std::static_pointer_cast<T>(std::move(e)));
        return out;
    }
};

// Conditions across relationships (SQLAlchemy's any(), has(), contains()), as EXISTS
// subqueries. In a self-referential one the related rows are another name of the same table,
// as in SQLAlchemy: without an alias it is implicit, and the condition's columns of the table
// are the related row's (orm::any(&Node::children, orm::col(&Node::name) == u"b"_s): nodes
// with a child named b). With an alias (orm::aliased()), the condition names the related rows
// through it and the query's own rows by the table.
Expr any(const RelationshipMeta &rel, const Expr &condition = Expr());
Expr has(const RelationshipMeta &rel, const Expr &condition = Expr());
Expr any(const RelationshipMeta &rel, const QString &alias, const Expr &condition);
Expr has(const RelationshipMeta &rel, const QString &alias, const Expr &condition);
Expr contains(const RelationshipMeta &rel, const Entity &item);

template<class R, class C>
Expr any(R C::*relationship, const Expr &condition = Expr())
{
    return any(relationshipOf<C>(relationship), condition);
}
template<class R, class C>
Expr has(R C::*relationship, const Expr &condition = Expr())
{
    return has(relationshipOf<C>(relationship), condition);
}
template<class R, class C, class X>
Expr any(R C::*relationship, const Aliased<X> &alias, const Expr &condition = Expr())
{
    static_assert(std::is_same_v<typename detail::RelatedType<R>::type, X>,
                  "the alias names the relationship's target");
    return any(relationshipOf<C>(relationship), alias.name(), condition);
}
template<class R, class C, class X>
Expr has(R C::*relationship, const Aliased<X> &alias, const Expr &condition = Expr())
{
    static_assert(std::is_same_v<typename detail::RelatedType<R>::type, X>,
                  "the alias names the relationship's target");
    return has(relationshipOf<C>(relationship), alias.name(), condition);
}
template<class R, class C>
Expr contains(R C::*relationship, const Entity &item)
{
    return contains(relationshipOf<C>(relationship), item);
}

template<class T>
Query<T> Collection<T>::query() const
{
    detail::configureTarget<T>();
    Session *s = owner()->session();
    Q_ASSERT_X(s, "orm::Collection::query", "the owner is not in a session");
    return Query<T>(s->relatedQuery(*owner(), meta()));
}

} // namespace orm
