#include "orm/query.h"

#include <unordered_set>

namespace orm {

QueryBase::QueryBase(Session *session, const EntityMeta &meta)
    : m_session(session)
    , m_meta(&meta)
{
    m_select.fromTable = meta.tableName();
}

QueryBase QueryBase::filter(const Expr &condition) const
{
    QueryBase q = *this;
    q.m_select.where = q.m_select.where && condition;
    return q;
}

QueryBase QueryBase::filterBy(const QString &column, const QVariant &value) const
{
    const int i = m_meta->columnIndex(column);
    if (i < 0) {
        // An unknown column matches nothing rather than everything.
        return filter(Expr::raw(QStringLiteral("0")));
    }
    const Column &c = m_meta->column(i).column;
    return filter(Expr::column(m_meta->tableName(), c.name, c.type) == value);
}

QueryBase QueryBase::orderBy(const OrderTerm &term) const
{
    QueryBase q = *this;
    q.m_select.orderBy.append(term);
    return q;
}

QueryBase QueryBase::orderBy(const QList<OrderTerm> &terms) const
{
    QueryBase q = *this;
    q.m_select.orderBy.append(terms);
    return q;
}

QueryBase QueryBase::limit(qint64 n) const
{
    QueryBase q = *this;
    q.m_select.limit = n;
    return q;
}

QueryBase QueryBase::offset(qint64 n) const
{
    QueryBase q = *this;
    q.m_select.offset = n;
    return q;
}

QueryBase QueryBase::join(const QString &table, const Expr &on, Join::Type type) const
{
    QueryBase q = *this;
    q.m_select.joins.append(Join{type, table, QString(), on});
    return q;
}

QueryBase QueryBase::groupBy(const Expr &e) const
{
    QueryBase q = *this;
    q.m_select.groupBy.append(e);
    return q;
}

QueryBase QueryBase::having(const Expr &e) const
{
    QueryBase q = *this;
    q.m_select.having = q.m_select.having && e;
    return q;
}

QueryBase QueryBase::distinct() const
{
    QueryBase q = *this;
    q.m_select.distinct = true;
    return q;
}

Select QueryBase::entitySelect() const
{
    Select s = m_select;
    s.columns = {Expr::raw(m_meta->selectList())};
    s.groupBy.clear();
    s.having = Expr();
    return s;
}

Compiled QueryBase::compile() const
{
    return entitySelect().compile(m_session->dialect());
}

std::vector<std::shared_ptr<Entity>> QueryBase::allEntities() const
{
    std::vector<std::shared_ptr<Entity>> out;
    m_session->clearError();
    const Compiled c = compile();
    Statement st = m_session->connection().prepare(c.sql);
    if (!st.isValid()) {
        m_session->setError(m_session->connection().lastError());
        return out;
    }
    st.bindValues(c.params);
    // Joins along one-to-many relationships repeat the parent row: keep each object once.
    const bool dedupe = !m_select.joins.isEmpty();
    std::unordered_set<const Entity *> seen;
    while (st.next()) {
        std::shared_ptr<Entity> obj = m_session->loadRow(*m_meta, st, 0);
        if (dedupe && !seen.insert(obj.get()).second)
            continue;
        out.push_back(std::move(obj));
    }
    if (st.hasError()) {
        m_session->setError(m_session->connection().lastError());
        out.clear();
    }
    return out;
}

std::shared_ptr<Entity> QueryBase::firstEntity() const
{
    const auto rows = m_select.joins.isEmpty() ? limit(1).allEntities() : allEntities();
    return rows.empty() ? nullptr : rows.front();
}

std::shared_ptr<Entity> QueryBase::oneEntity() const
{
    const auto rows = m_select.joins.isEmpty() ? limit(2).allEntities() : allEntities();
    if (rows.size() == 1)
        return rows.front();
    if (!m_session->lastError().isError()) {
        Error e = rows.empty()
                ? Error(Error::Kind::NotFound, QStringLiteral("No %1 matches").arg(m_meta->name()))
                : Error(Error::Kind::MultipleResults,
                        QStringLiteral("More than one %1 matches").arg(m_meta->name()));
        e.setEntity(m_meta->name());
        e.setTable(m_meta->tableName());
        m_session->setError(e);
    }
    return nullptr;
}

std::shared_ptr<Entity> QueryBase::oneOrNoneEntity() const
{
    const auto rows = m_select.joins.isEmpty() ? limit(2).allEntities() : allEntities();
    if (rows.size() == 1)
        return rows.front();
    if (rows.size() > 1) {
        Error e(Error::Kind::MultipleResults,
                QStringLiteral("More than one %1 matches").arg(m_meta->name()));
        e.setEntity(m_meta->name());
        m_session->setError(e);
    }
    return nullptr;
}

static std::optional<QList<QVariantList>> runRows(Session *session, const Compiled &c)
{
    session->clearError();
    Statement st = session->connection().prepare(c.sql);
    if (!st.isValid()) {
        session->setError(session->connection().lastError());
        return std::nullopt;
    }
    st.bindValues(c.params);
    QList<QVariantList> rows;
    const int n = st.columnCount();
    while (st.next()) {
        QVariantList row;
        row.reserve(n);
        for (int i = 0; i < n; ++i)
            row << st.value(i);
        rows << row;
    }
    if (st.hasError()) {
        session->setError(session->connection().lastError());
        return std::nullopt;
    }
    return rows;
}

std::optional<qint64> QueryBase::count() const
{
    Select s = m_select;
    s.orderBy.clear();
    Compiled c;
    const bool simple = s.joins.isEmpty() && s.groupBy.isEmpty() && !s.distinct && !s.limit
            && !s.offset;
    if (simple) {
        s.columns = {func::count()};
        c = s.compile(m_session->dialect());
    } else {
        // count the entities the query returns: distinct keys of the inner query
        QList<Expr> keyColumns;
        for (int k : m_meta->primaryKeyColumns())
            keyColumns << Expr::column(m_meta->tableName(), m_meta->column(k).column.name);
        if (keyColumns.isEmpty())
            keyColumns << Expr::raw(QStringLiteral("1"));
        s.columns = keyColumns;
        s.distinct = !s.joins.isEmpty() || s.distinct;
        c.sql = QStringLiteral("SELECT count(*) FROM (");
        s.compileInto(m_session->dialect(), &c.sql, &c.params);
        c.sql += QStringLiteral(") AS anon_1");
    }
    const auto rows = runRows(m_session, c);
    if (!rows || rows->isEmpty())
        return std::nullopt;
    return rows->first().value(0).toLongLong();
}

bool QueryBase::exists() const
{
    Select s = m_select;
    s.orderBy.clear();
    s.columns = {Expr::raw(QStringLiteral("1"))};
    s.limit = 1;
    Compiled c;
    c.sql = QStringLiteral("SELECT EXISTS (");
    s.compileInto(m_session->dialect(), &c.sql, &c.params);
    c.sql += u')';
    const auto rows = runRows(m_session, c);
    return rows && !rows->isEmpty() && rows->first().value(0).toLongLong() != 0;
}

QVariant QueryBase::scalar(const Expr &e) const
{
    const auto result = rows({e});
    if (!result || result->isEmpty())
        return QVariant();
    return result->first().value(0);
}

std::optional<QList<QVariantList>> QueryBase::rows(const QList<Expr> &columns) const
{
    Select s = m_select;
    s.columns = columns;
    return runRows(m_session, s.compile(m_session->dialect()));
}

Page<Entity> QueryBase::paginateEntities(int page, int perPage) const
{
    Page<Entity> p;
    p.page = qMax(1, page);
    p.perPage = qMax(1, perPage);
    QueryBase unlimited = *this;
    unlimited.m_select.limit.reset();
    unlimited.m_select.offset.reset();
    p.total = unlimited.count().value_or(0);
    p.items = unlimited.limit(p.perPage).offset(qint64(p.page - 1) * p.perPage).allEntities();
    return p;
}

// The keys of the rows a bulk statement touches, to bring the session's objects in step.
static QVariantList matchingKeys(Session *session, const EntityMeta &meta, const Select &base)
{
    QVariantList keys;
    if (session->identityObjects(meta).empty())
        return keys;
    Select s = base;
    s.orderBy.clear();
    s.columns.clear();
    for (int k : meta.primaryKeyColumns())
        s.columns << Expr::column(meta.tableName(), meta.column(k).column.name);
    const auto rows = runRows(session, s.compile(session->dialect()));
    if (!rows)
        return keys;
    for (const QVariantList &row : *rows)
        keys << (row.size() == 1 ? row.first() : QVariant(row));
    return keys;
}

static Expr keyInSubquery(const EntityMeta &meta, const Select &base)
{
    if (base.joins.isEmpty() && !base.limit && !base.offset)
        return base.where;
    Select s = base;
    s.orderBy.clear();
    s.columns = {Expr::column(meta.tableName(), QStringLiteral("rowid"))};
    return Expr::column(meta.tableName(), QStringLiteral("rowid")).in(s);
}

std::optional<qint64> QueryBase::update(const QList<Assignment> &assignments) const
{
    if (!m_session->ensureTransaction())
        return std::nullopt;
    const QVariantList keys = matchingKeys(m_session, *m_meta, m_select);
    const Compiled c = compileUpdate(m_session->dialect(), m_meta->tableName(), assignments,
                                     keyInSubquery(*m_meta, m_select));
    Statement st = m_session->connection().prepare(c.sql);
    if (!st.isValid() || (st.bindValues(c.params), !st.exec())) {
        m_session->setError(m_session->connection().lastError());
        return std::nullopt;
    }
    const qint64 n = m_session->connection().changes();
    QList<std::pair<int, QVariant>> values;
    for (const Assignment &a : assignments) {
        const int i = m_meta->columnIndex(a.column);
        if (i >= 0 && a.value.kind() == Expr::Kind::Value)
            values.append({i, storage::fromStorage(a.value.literal(), m_meta->column(i).column.type)});
    }
    m_session->syncAfterBulkUpdate(*m_meta, keys, values);
    return n;
}

std::optional<qint64> QueryBase::remove() const
{
    if (!m_session->ensureTransaction())
        return std::nullopt;
    const QVariantList keys = matchingKeys(m_session, *m_meta, m_select);
    const Compiled c = compileDelete(m_session->dialect(), m_meta->tableName(),
                                     keyInSubquery(*m_meta, m_select));
    Statement st = m_session->connection().prepare(c.sql);
    if (!st.isValid() || (st.bindValues(c.params), !st.exec())) {
        m_session->setError(m_session->connection().lastError());
        return std::nullopt;
    }
    const qint64 n = m_session->connection().changes();
    m_session->syncAfterBulkDelete(*m_meta, keys);
    return n;
}

} // namespace orm
