// SPDX-License-Identifier: MIT
#include "orm/query/query.h"

#include "orm/mapping/related.h"

#include <algorithm>
#include <atomic>
#include <unordered_set>

namespace orm {

QueryBase::QueryBase(Session *session, const EntityMeta &meta)
    : m_session(session)
    , m_meta(&meta)
{
    m_select.fromTable = meta.tableName();
    m_select.fromSchema = meta.schema();
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
        return filter(Expr::raw(QStringLiteral("1 = 0")));
    }
    return filter(m_meta->column(i).expr == value);
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
    q.m_select.joins.append(Join {type, table, QString(), on});
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

QueryBase QueryBase::withSession(Session *session) const
{
    QueryBase q = *this;
    q.m_session = session;
    return q;
}

QueryBase QueryBase::options(const LoadOption &option) const
{
    QueryBase q = *this;
    q.m_options.removeIf(
        [&option](const LoadOption &o) { return o.relationship == option.relationship; });
    q.m_options.append(option);
    return q;
}

QueryBase QueryBase::options(const QList<LoadOption> &options) const
{
    QueryBase q = *this;
    for (const LoadOption &o : options)
        q = q.options(o);
    return q;
}

// ON conditions of a relationship between two table names (or aliases).
static QList<Join> relationshipJoins(const RelationshipMeta &rel, const QString &ownerAlias,
                                     const QString &targetAlias, Join::Type type)
{
    const EntityMeta &owner = *rel.owner;
    const EntityMeta &target = rel.target();
    const QList<int> &local = rel.localColumns();
    const QList<int> &remote = rel.remoteColumns();
    QList<Join> joins;
    if (rel.kind == RelationshipKind::ManyToMany) {
        const QString secondaryAlias = targetAlias == target.tableName()
            ? rel.secondary
            : targetAlias + QStringLiteral("_link");
        QList<Expr> first, second;
        for (int i = 0; i < local.size(); ++i)
            first << (Expr::column(secondaryAlias, rel.secondaryLocal.value(i))
                      == Expr::column(ownerAlias, owner.column(local.at(i)).column.name));
        for (int i = 0; i < remote.size(); ++i)
            second << (Expr::column(targetAlias, target.column(remote.at(i)).column.name)
                       == Expr::column(secondaryAlias, rel.secondaryRemote.value(i)));
        joins << Join {type, rel.secondary, secondaryAlias, Expr::allOf(first),
                       rel.secondarySchema};
        joins << Join {type, target.tableName(), targetAlias, Expr::allOf(second), target.schema()};
        return joins;
    }
    QList<Expr> on;
    for (int i = 0; i < local.size() && i < remote.size(); ++i) {
        if (local.at(i) < 0 || remote.at(i) < 0)
            continue;
        on << (Expr::column(targetAlias, target.column(remote.at(i)).column.name)
               == Expr::column(ownerAlias, owner.column(local.at(i)).column.name));
    }
    joins << Join {type, target.tableName(), targetAlias, Expr::allOf(on), target.schema()};
    return joins;
}

QueryBase QueryBase::join(const RelationshipMeta &rel, const QString &alias, Join::Type type) const
{
    QueryBase q = *this;
    q.m_select.joins.append(relationshipJoins(rel, m_meta->tableName(), alias, type));
    return q;
}

QueryBase QueryBase::join(const RelationshipMeta &rel, Join::Type type) const
{
    QueryBase q = *this;
    // A self-referential join needs an alias; the target's columns are then named by it.
    const QString alias = &rel.target() == m_meta ? rel.name : rel.target().tableName();
    q.m_select.joins.append(relationshipJoins(rel, m_meta->tableName(), alias, type));
    return q;
}

LoadStrategy QueryBase::strategyFor(const RelationshipMeta &rel) const
{
    // A dynamic collection is never loaded as a whole, not even eagerly.
    if (rel.strategy == LoadStrategy::Dynamic)
        return rel.strategy;
    for (const LoadOption &o : m_options) {
        if (o.relationship == rel.name)
            return o.strategy;
    }
    return rel.strategy;
}

namespace detail {
QString anonymousAlias(const EntityMeta &meta)
{
    static std::atomic<int> last {0};
    return meta.tableName() + u'_' + QString::number(++last);
}
} // namespace detail

// EXISTS (SELECT 1 FROM the related rows WHERE they are the owner's AND condition), the related
// rows named by alias when there is one.
static Expr relatedExists(const RelationshipMeta &rel, QString alias, Expr condition)
{
    const EntityMeta &target = rel.target();
    if (alias.isEmpty() && &target == rel.owner) {
        // Self-referential: the related rows are another name of the same table, one the
        // condition does not use already (a nested any() has its own), and the condition's
        // columns of the table are theirs.
        QStringList used;
        condition.collectTableNames(&used);
        for (int n = 1; alias.isEmpty() || used.contains(alias); ++n)
            alias = target.tableName() + u'_' + QString::number(n);
        condition = condition.withTable(target.tableName(), alias);
    }
    const QString related = alias.isEmpty() ? target.tableName() : alias;
    const QString &owner = rel.owner->tableName();
    const QList<int> &local = rel.localColumns();
    const QList<int> &remote = rel.remoteColumns();
    Select sub;
    sub.columns = {Expr::raw(QStringLiteral("1"))};
    QList<Expr> where;
    if (rel.kind == RelationshipKind::ManyToMany) {
        sub.fromTable = rel.secondary;
        sub.fromSchema = rel.secondarySchema;
        QList<Expr> on;
        for (int i = 0; i < remote.size(); ++i)
            on << (Expr::column(related, target.column(remote.at(i)).column.name)
                   == Expr::column(rel.secondary, rel.secondaryRemote.value(i)));
        sub.joins << Join {Join::Type::Inner, target.tableName(), alias, Expr::allOf(on),
                           target.schema()};
        for (int i = 0; i < local.size(); ++i)
            where << (Expr::column(rel.secondary, rel.secondaryLocal.value(i))
                      == Expr::column(owner, rel.owner->column(local.at(i)).column.name));
    } else {
        sub.fromTable = target.tableName();
        sub.fromSchema = target.schema();
        sub.fromAlias = alias;
        for (int i = 0; i < local.size() && i < remote.size(); ++i)
            where << (Expr::column(related, target.column(remote.at(i)).column.name)
                      == Expr::column(owner, rel.owner->column(local.at(i)).column.name));
    }
    sub.where = Expr::allOf(where) && condition;
    return Expr::exists(sub);
}

Expr any(const RelationshipMeta &rel, const Expr &condition)
{
    return relatedExists(rel, QString(), condition);
}

Expr has(const RelationshipMeta &rel, const Expr &condition)
{
    return relatedExists(rel, QString(), condition);
}

Expr any(const RelationshipMeta &rel, const QString &alias, const Expr &condition)
{
    return relatedExists(rel, alias, condition);
}

Expr has(const RelationshipMeta &rel, const QString &alias, const Expr &condition)
{
    return relatedExists(rel, alias, condition);
}

Expr contains(const RelationshipMeta &rel, const Entity &item)
{
    const EntityMeta &target = rel.target();
    QList<Expr> conditions;
    for (int i = 0; i < rel.remoteColumns().size(); ++i) {
        const ColumnMeta &c = target.column(rel.remoteColumns().at(i));
        conditions << (c.expr == c.access->get(item));
    }
    return any(rel, Expr::allOf(conditions));
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
    return m_select.compileWithColumns(m_session->dialect(), m_meta->selectList());
}

std::vector<std::shared_ptr<Entity>> QueryBase::allEntities() const
{
    std::vector<std::shared_ptr<Entity>> out;
    fetchEntities([&out](std::shared_ptr<Entity> &&e) { out.push_back(std::move(e)); });
    if (m_session->lastError().isError())
        out.clear();
    return out;
}

bool QueryBase::hasEagerLoads() const
{
    for (const auto &rel : m_meta->relationships()) {
        const LoadStrategy s = strategyFor(*rel);
        if (s == LoadStrategy::SelectIn || s == LoadStrategy::Raise)
            return true;
    }
    return false;
}

void QueryBase::fetchEntities(const std::function<void(std::shared_ptr<Entity> &&)> &sink) const
{
    Session::ReadScope read(m_session);
    m_session->clearError();
    // Joined eager loads: one LEFT OUTER JOIN per relationship, columns after the owner's.
    QList<const RelationshipMeta *> joined;
    for (const auto &rel : m_meta->relationships()) {
        if (strategyFor(*rel) == LoadStrategy::Joined)
            joined << rel.get();
    }
    SqlText text;
    QVariantList params;
    if (joined.isEmpty()) {
        m_select.compileWithColumns(m_session->dialect(), m_meta->selectList(), &text, &params);
    } else {
        Select s = entitySelect();
        if (s.limit || s.offset) {
            // LIMIT applies to owners, not to joined rows: the owners become a subquery.
            Select inner = s;
            inner.columns = {Expr::raw(m_meta->selectList())};
            s = Select();
            s.fromSubquery = std::make_shared<Select>(inner);
            s.fromTable = m_meta->tableName();
            s.orderBy = inner.orderBy;
        }
        QStringList columns {m_meta->selectList()};
        for (const RelationshipMeta *rel : joined) {
            const QString alias = rel->name + QStringLiteral("_1");
            columns << rel->target().selectList(alias);
            s.joins.append(relationshipJoins(*rel, m_meta->tableName(), alias, Join::Type::Left));
            // The collection's own order, after the query's: its rows arrive in that order.
            for (const OrderTerm &t : rel->orderBy)
                s.orderBy.append(
                    OrderTerm(t.expr.withTable(rel->target().tableName(), alias), t.descending));
        }
        s.columns = {Expr::raw(columns.join(QStringLiteral(", ")))};
        s.compileInto(m_session->dialect(), &text, &params);
    }
    // Inside a transaction (Session::begin(), or after flush()), the rows read stay locked until
    // it ends where the engine locks rows (PostgreSQL: FOR UPDATE): begin(), read, change,
    // commit() is then safe from other writers, as SQLite's write lock makes it.
    const Dialect &d = m_session->dialect();
    if (m_session->connection().inTransaction() && !m_select.distinct
        && m_select.groupBy.isEmpty()) {
        text += d.lockRows(d.quoteIdentifier(m_meta->tableName()));
    }
    Statement st = m_session->connection().prepare(text.view());
    if (!st.isValid()) {
        m_session->setError(m_session->connection().lastError());
        return;
    }
    st.bindValues(params);
    // The objects handed out, for the eager loads that follow the last row.
    std::vector<Entity *> owners;
    const bool eager = hasEagerLoads();
    // Joins repeat the owner row: keep each object once.
    const bool dedupe = !m_select.joins.isEmpty() || !joined.isEmpty();
    std::unordered_set<const Entity *> seen;
    std::unordered_map<const Entity *, std::vector<std::vector<std::shared_ptr<Entity>>>> filling;
    while (st.next()) {
        std::shared_ptr<Entity> obj = m_session->loadRow(*m_meta, st, 0);
        const bool first = !dedupe || seen.insert(obj.get()).second;
        if (!joined.isEmpty()) {
            auto it = filling.find(obj.get());
            if (first) {
                it = filling
                         .emplace(obj.get(),
                                  std::vector<std::vector<std::shared_ptr<Entity>>>(joined.size()))
                         .first;
            }
            int offset = m_meta->columnCount();
            for (int r = 0; r < joined.size(); ++r) {
                const EntityMeta &target = joined.at(r)->target();
                const int pk = target.primaryKeyColumns().value(0, 0);
                if (!st.isNull(offset + pk)) {
                    auto child = m_session->loadRow(target, st, offset);
                    auto &items = it->second[size_t(r)];
                    if (std::find(items.begin(), items.end(), child) == items.end())
                        items.push_back(child);
                }
                offset += target.columnCount();
            }
        }
        if (dedupe && !first)
            continue;
        if (eager)
            owners.push_back(obj.get());
        sink(std::move(obj));
    }
    if (st.hasError()) {
        m_session->setError(m_session->connection().lastError());
        return;
    }
    for (auto &[owner, lists] : filling) {
        for (int r = 0; r < joined.size(); ++r) {
            Entity &o = const_cast<Entity &>(*owner);
            if (!detail::isRelationLoaded(o, *joined.at(r)))
                detail::setRelationLoaded(o, *joined.at(r), std::move(lists[size_t(r)]));
        }
    }
    loadEager(owners);
}

void QueryBase::loadEager(const std::vector<Entity *> &owners) const
{
    if (owners.empty())
        return;
    for (const auto &relPtr : m_meta->relationships()) {
        const RelationshipMeta &rel = *relPtr;
        switch (strategyFor(rel)) {
        case LoadStrategy::SelectIn:
            selectInLoad(rel, owners);
            break;
        case LoadStrategy::Raise:
            for (const auto &o : owners) {
                if (!detail::isRelationLoaded(*o, rel))
                    detail::setRelationRaise(*o, rel);
            }
            break;
        default:
            break;
        }
    }
}

// " ORDER BY …" of a relationship's declared order (order_by=), or nothing.
static QString relationshipOrder(const RelationshipMeta &rel, const Dialect &d,
                                 QVariantList *params)
{
    QString sql;
    for (const OrderTerm &t : rel.orderBy) {
        sql += sql.isEmpty() ? QStringLiteral(" ORDER BY ") : QStringLiteral(", ");
        t.expr.compile(d, &sql, params);
        if (t.descending)
            sql += QStringLiteral(" DESC");
    }
    return sql;
}

void QueryBase::selectInLoad(const RelationshipMeta &rel, const std::vector<Entity *> &owners) const
{
    const EntityMeta &target = rel.target();
    const QList<int> &local = rel.localColumns();
    const QList<int> &remote = rel.remoteColumns();
    if (local.size() != 1 || remote.size() != 1 || local.first() < 0 || remote.first() < 0)
        return; // composite keys: left to lazy loading
    const Dialect &d = m_session->dialect();
    const Column &localColumn = m_meta->column(local.first()).column;
    const ColumnAccess &localAccess = *m_meta->column(local.first()).access;
    const ColumnMeta &remoteMeta = target.column(remote.first());
    QVariantList orderParams;
    const QString order = relationshipOrder(rel, d, &orderParams);
    if (rel.kind != RelationshipKind::ManyToMany && localColumn.type.isIntegral()
        && remoteMeta.column.type.isIntegral() && localAccess.hasDirectValues()
        && remoteMeta.access->hasDirectValues() && orderParams.isEmpty()) {
        selectInLoadIntegerKeys(rel, owners);
        return;
    }

    // Owners still to fill, by the key value the related rows carry.
    QHash<QString, std::vector<Entity *>> byKey;
    QVariantList keys;
    for (const auto &o : owners) {
        if (detail::isRelationLoaded(*o, rel))
            continue;
        const QVariant v = localAccess.get(*o);
        if (v.isNull())
            continue;
        const QVariant stored = storage::toStorage(v, localColumn.type);
        const QString k = stored.toString();
        auto &list = byKey[k];
        if (list.empty())
            keys << stored;
        list.push_back(o);
    }
    std::unordered_map<const Entity *, std::vector<std::shared_ptr<Entity>>> found;
    const bool toOne = !rel.isCollection() && rel.foreignKeyOnOwner;
    if (toOne) {
        // Targets already in the session need no SQL.
        QVariantList missing;
        for (const QVariant &k : std::as_const(keys)) {
            if (m_session->refreshesRows() || !m_session->identityLookup(target, k))
                missing << k;
        }
        keys = missing;
    }
    constexpr int batch = 500;
    for (int start = 0; start < keys.size(); start += batch) {
        const QVariantList chunk = keys.mid(start, batch);
        QStringList marks;
        for (int i = 0; i < chunk.size(); ++i)
            marks << d.placeholder(i + 1);
        QString sql;
        int first = 0;
        const Column &remoteColumn = target.column(remote.first()).column;
        if (rel.kind == RelationshipKind::ManyToMany) {
            sql = QStringLiteral(
                      "SELECT %1.%2, %3 FROM %4 JOIN %9 ON %1.%5 = %6.%7 WHERE %1.%2 IN (%8)")
                      .arg(d.quoteIdentifier(rel.secondary),
                           d.quoteIdentifier(rel.secondaryLocal.value(0)), target.selectList(),
                           d.tableReference(target.schema(), target.tableName()),
                           d.quoteIdentifier(rel.secondaryRemote.value(0)),
                           d.quoteIdentifier(target.tableName()),
                           d.quoteIdentifier(remoteColumn.name), marks.join(QStringLiteral(", ")),
                           d.tableReference(rel.secondarySchema, rel.secondary));
            first = 1;
        } else {
            sql =
                QStringLiteral("SELECT %1 FROM %2 WHERE %3.%4 IN (%5)")
                    .arg(target.selectList(), d.tableReference(target.schema(), target.tableName()),
                         d.quoteIdentifier(target.tableName()),
                         d.quoteIdentifier(remoteColumn.name), marks.join(QStringLiteral(", ")));
        }
        sql += order;
        Statement st = m_session->connection().prepare(sql);
        if (!st.isValid()) {
            m_session->setError(m_session->connection().lastError());
            return;
        }
        st.bindValues(orderParams.isEmpty() ? chunk : chunk + orderParams);
        while (st.next()) {
            auto child = m_session->loadRow(target, st, first);
            if (toOne)
                continue;
            const QString k = rel.kind == RelationshipKind::ManyToMany
                ? st.value(0).toString()
                : storage::toStorage(target.column(remote.first()).access->get(*child),
                                     remoteColumn.type)
                      .toString();
            for (Entity *o : byKey.value(k)) {
                auto &items = found[o];
                if (std::find(items.begin(), items.end(), child) == items.end())
                    items.push_back(child);
            }
        }
        if (st.hasError()) {
            m_session->setError(m_session->connection().lastError());
            return;
        }
    }
    for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
        for (Entity *o : it.value()) {
            if (toOne) {
                std::vector<std::shared_ptr<Entity>> items;
                if (auto t = m_session->identityLookup(
                        target, keys.isEmpty() ? QVariant(it.key()) : QVariant(it.key())))
                    items.push_back(t);
                detail::setRelationLoaded(*o, rel, std::move(items));
            } else {
                auto f = found.find(o);
                detail::setRelationLoaded(*o, rel,
                                          f == found.end() ? std::vector<std::shared_ptr<Entity>>()
                                                           : std::move(f->second));
            }
        }
    }
}

// selectInLoad() for single integer keys held by typed members (the usual foreign key): keys
// read, bound and matched as integers, without QVariant or text keys per row.
void QueryBase::selectInLoadIntegerKeys(const RelationshipMeta &rel,
                                        const std::vector<Entity *> &owners) const
{
    const EntityMeta &target = rel.target();
    const ColumnAccess &localAccess = *m_meta->column(rel.localColumns().first()).access;
    const ColumnAccess &remoteAccess = *target.column(rel.remoteColumns().first()).access;
    const bool toOne = !rel.isCollection() && rel.foreignKeyOnOwner;

    struct Group
    {
        qint64 key;
        std::vector<Entity *> owners;
        std::vector<std::shared_ptr<Entity>> items;
    };
    std::vector<Group> groups;
    detail::FlatIndex<qint64> byKey;
    for (const auto &o : owners) {
        if (detail::isRelationLoaded(*o, rel) || localAccess.isNull(*o))
            continue;
        const qint64 k = localAccess.toInt64(*o);
        qsizetype at = byKey.value(k);
        if (at < 0) {
            at = qsizetype(groups.size());
            byKey.insert(k, groups.size());
            groups.push_back(Group {k, {}, {}});
        }
        groups[size_t(at)].owners.push_back(o);
    }
    std::vector<qint64> keys;
    keys.reserve(groups.size());
    for (const Group &g : groups) {
        // Targets already in the session need no SQL, unless another program may have
        // changed them.
        if (!toOne || m_session->refreshesRows() || !m_session->identityLookup(target, g.key))
            keys.push_back(g.key);
    }

    // Keys that form one run without gaps (owners loaded in key order, the usual page of
    // parents) are one range condition: the index is walked once, with no IN list to build,
    // parse and probe. Anything else goes in IN batches.
    bool range = keys.size() > 1;
    if (range) {
        const auto [lo, hi] = std::minmax_element(keys.begin(), keys.end());
        // Distinct keys (one group each) spanning exactly their count have no gap.
        range = quint64(*hi) - quint64(*lo) == keys.size() - 1;
        if (range)
            keys = {*lo, *hi};
    }

    const Dialect &d = m_session->dialect();
    QVariantList noParams; // (an order with bound values goes the other way)
    const QString order = relationshipOrder(rel, d, &noParams);
    const QString select =
        QStringLiteral("SELECT %1 FROM %2 WHERE %3.%4")
            .arg(target.selectList(), d.tableReference(target.schema(), target.tableName()),
                 d.quoteIdentifier(target.tableName()),
                 d.quoteIdentifier(target.column(rel.remoteColumns().first()).column.name));
    constexpr size_t batch = 500;
    for (size_t start = 0; start < keys.size(); start += batch) {
        const size_t n = range ? 2 : std::min(batch, keys.size() - start);
        QString sql = select;
        if (range) {
            sql += QStringLiteral(" BETWEEN %1 AND %2").arg(d.placeholder(1), d.placeholder(2));
        } else {
            sql += QStringLiteral(" IN (");
            for (size_t i = 0; i < n; ++i) {
                if (i)
                    sql += QStringLiteral(", ");
                sql += d.placeholder(int(i) + 1);
            }
            sql += u')';
        }
        sql += order;
        Statement st = m_session->connection().prepare(sql);
        if (!st.isValid()) {
            m_session->setError(m_session->connection().lastError());
            return;
        }
        for (size_t i = 0; i < n; ++i)
            st.bindInt64(int(i), keys[start + i]);
        while (st.next()) {
            auto child = m_session->loadRow(target, st, 0);
            if (toOne || remoteAccess.isNull(*child))
                continue;
            // A row is read once per query and its key is in one batch: no duplicates.
            const qsizetype at = byKey.value(remoteAccess.toInt64(*child));
            if (at >= 0)
                groups[size_t(at)].items.push_back(std::move(child));
        }
        if (st.hasError()) {
            m_session->setError(m_session->connection().lastError());
            return;
        }
    }
    for (Group &g : groups) {
        std::vector<std::shared_ptr<Entity>> targetOf;
        if (toOne) {
            if (auto t = m_session->identityLookup(target, g.key))
                targetOf.push_back(t);
        }
        std::vector<std::shared_ptr<Entity>> &items = toOne ? targetOf : g.items;
        for (size_t i = 0; i < g.owners.size(); ++i) {
            if (i + 1 == g.owners.size())
                detail::setRelationLoaded(*g.owners[i], rel, std::move(items));
            else
                detail::setRelationLoaded(*g.owners[i], rel, items);
        }
    }
}

std::shared_ptr<Entity> QueryBase::firstEntity() const
{
    const auto rows = m_select.joins.isEmpty() ? limit(1).allEntities() : allEntities();
    return rows.empty() ? nullptr : rows.front();
}

// Two rows are enough to tell one from many; a query's own smaller LIMIT stays.
static qint64 probeLimit(const Select &s)
{
    return s.limit && *s.limit < 2 ? *s.limit : 2;
}

std::shared_ptr<Entity> QueryBase::oneEntity() const
{
    const auto rows =
        m_select.joins.isEmpty() ? limit(probeLimit(m_select)).allEntities() : allEntities();
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
    const auto rows =
        m_select.joins.isEmpty() ? limit(probeLimit(m_select)).allEntities() : allEntities();
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
    const bool simple =
        s.joins.isEmpty() && s.groupBy.isEmpty() && !s.distinct && !s.limit && !s.offset;
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

std::optional<qint64> QueryBase::estimatedCount() const
{
    const Dialect &dialect = m_session->dialect();
    const QString sql = dialect.estimatedRowCount();
    const Select &s = m_select;
    if (sql.isEmpty() || !s.where.isEmpty() || !s.joins.isEmpty() || !s.groupBy.isEmpty()
        || s.distinct || s.limit || s.offset || s.fromSubquery)
        return std::nullopt;
    const auto rows = runRows(
        m_session, Compiled {sql, {dialect.quoteTable(m_meta->schema(), m_meta->table().name())}});
    if (!rows || rows->isEmpty())
        return std::nullopt;
    const qint64 n = rows->first().value(0).toLongLong();
    // 0 is also what a table nobody analysed yet may say: no estimate rather than a wrong one.
    return n > 0 ? std::optional<qint64>(n) : std::nullopt;
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

std::optional<QList<QVariantList>> QueryBase::storedRows() const
{
    return runRows(m_session, compile());
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

// The rows strictly after `after` in `order` (each term's value in `after`), NULLs where the
// engine sorts them: (t0 after v0) OR (t0 = v0 AND t1 after v1) OR …
static Expr afterPosition(const QList<OrderTerm> &order, const QVariantList &after, bool nullsLast)
{
    QList<Expr> alternatives;
    QList<Expr> equalSoFar;
    for (qsizetype i = 0; i < order.size(); ++i) {
        const Expr &t = order.at(i).expr;
        const bool descending = order.at(i).descending;
        // Whether NULLs come after every value in this term's direction.
        const bool nullsAfter = nullsLast != descending;
        const QVariant &v = after.at(i);
        Expr beyond;
        if (v.isNull()) {
            beyond = nullsAfter ? Expr::raw(QStringLiteral("1 = 0")) : t.isNotNull();
        } else {
            beyond = descending ? t < v : t > v;
            if (nullsAfter)
                beyond = beyond || t.isNull();
        }
        alternatives << Expr::allOf(QList<Expr>(equalSoFar) << beyond);
        equalSoFar << (v.isNull() ? t.isNull() : t == v);
    }
    return Expr::anyOf(alternatives);
}

KeysetPage<Entity> QueryBase::keysetPageEntities(const QVariantList &after, int perPage) const
{
    KeysetPage<Entity> page;
    // The query's order, then the key's columns it does not name: a total order.
    QList<OrderTerm> order = m_select.orderBy;
    QList<int> columns;
    for (const OrderTerm &t : std::as_const(order)) {
        const int c = t.expr.kind() == Expr::Kind::Column && t.expr.table() == m_meta->tableName()
            ? m_meta->columnIndex(t.expr.name())
            : -1;
        if (c < 0) {
            m_session->setError(Error(Error::Kind::Usage,
                                      QStringLiteral("Keyset paging orders by columns of %1 only")
                                          .arg(m_meta->tableName())));
            return page;
        }
        columns << c;
    }
    for (int k : m_meta->primaryKeyColumns()) {
        if (!columns.contains(k)) {
            const Column &key = m_meta->column(k).column;
            order << OrderTerm(Expr::column(m_meta->tableName(), key.name, key.type));
            columns << k;
        }
    }
    if (!after.isEmpty() && after.size() != order.size()) {
        m_session->setError(
            Error(Error::Kind::Usage,
                  QStringLiteral("A keyset position has %1 values; the order has %2")
                      .arg(after.size())
                      .arg(order.size())));
        return page;
    }
    QueryBase q = *this;
    q.m_select.orderBy = order;
    q.m_select.offset.reset();
    // One row more than the page: whether another page follows.
    q.m_select.limit = qint64(qMax(1, perPage)) + 1;
    if (!after.isEmpty()) {
        q.m_select.where =
            q.m_select.where && afterPosition(order, after, m_session->dialect().sortsNullsLast());
    }
    page.items = q.allEntities();
    if (page.items.size() > size_t(qMax(1, perPage))) {
        page.items.resize(size_t(qMax(1, perPage)));
        const Entity &last = *page.items.back();
        for (int c : std::as_const(columns))
            page.next << m_meta->column(c).access->get(last);
    }
    return page;
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
    if (!m_session->begin())
        return std::nullopt;
    const QVariantList keys = matchingKeys(m_session, *m_meta, m_select);
    const Compiled c = compileUpdate(m_session->dialect(), m_meta->schema(), m_meta->tableName(),
                                     assignments, keyInSubquery(*m_meta, m_select));
    Statement st = m_session->connection().prepare(c.sql);
    if (!st.isValid() || (st.bindValues(c.params), !st.exec())) {
        m_session->setError(m_session->connection().lastError());
        return std::nullopt;
    }
    const qint64 n = m_session->connection().changes();
    QList<std::pair<int, QVariant>> values;
    QList<int> computed; // assignments such as age = age + 1: read back what the database made
    for (const Assignment &a : assignments) {
        const int i = m_meta->columnIndex(a.column);
        if (i < 0)
            continue;
        if (a.value.kind() == Expr::Kind::Value)
            values.append(
                {i, storage::fromStorage(a.value.literal(), m_meta->column(i).column.type)});
        else
            computed << i;
    }
    if (computed.isEmpty() || keys.isEmpty()) {
        m_session->syncAfterBulkUpdate(*m_meta, keys, values);
        return n;
    }
    const Dialect &d = m_session->dialect();
    QStringList names, conditions;
    for (int i : computed)
        names << d.quoteIdentifier(m_meta->column(i).column.name);
    for (int k : m_meta->primaryKeyColumns())
        conditions << d.quoteIdentifier(m_meta->column(k).column.name) + QStringLiteral(" = ?");
    const QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE %3")
                            .arg(names.join(QStringLiteral(", ")),
                                 d.tableReference(m_meta->schema(), m_meta->tableName()),
                                 conditions.join(QStringLiteral(" AND ")));
    for (const QVariant &key : keys) {
        Statement read = m_session->connection().prepare(sql);
        if (!read.isValid())
            break;
        read.bindValues(key.metaType().id() == QMetaType::QVariantList ? key.toList()
                                                                       : QVariantList {key});
        if (!read.next())
            continue;
        QList<std::pair<int, QVariant>> own = values;
        for (int c = 0; c < computed.size(); ++c)
            own.append(
                {computed.at(c),
                 storage::fromStorage(read.value(c), m_meta->column(computed.at(c)).column.type)});
        m_session->syncAfterBulkUpdate(*m_meta, {key}, own);
    }
    return n;
}

std::optional<qint64> QueryBase::remove() const
{
    if (!m_session->begin())
        return std::nullopt;
    const QVariantList keys = matchingKeys(m_session, *m_meta, m_select);
    const Compiled c = compileDelete(m_session->dialect(), m_meta->schema(), m_meta->tableName(),
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

// Defined here rather than with the session: a session knows nothing of queries.
QueryBase Session::query(const EntityMeta &meta)
{
    return QueryBase(this, meta);
}

// The rows of a relationship as a query (as above, a query the session only hands out): the
// target's rows whose foreign key names the owner, or joined through the association table.
QueryBase Session::relatedQuery(const Entity &owner, const RelationshipMeta &rel)
{
    const EntityMeta &target = rel.target();
    QueryBase q(this, target);
    const QList<int> &local = rel.localColumns();
    const QList<int> &remote = rel.remoteColumns();
    QVariantList ownerKey;
    for (int c : local)
        ownerKey << (c >= 0 ? owner.entityMeta().column(c).access->get(owner) : QVariant());
    QList<Expr> conditions;
    if (rel.kind == RelationshipKind::ManyToMany) {
        QList<Expr> on;
        for (int i = 0; i < remote.size(); ++i) {
            on << (Expr::column(rel.secondary, rel.secondaryRemote.value(i))
                   == Expr::column(target.tableName(), target.column(remote.at(i)).column.name));
        }
        q = q.join(rel.secondary, Expr::allOf(on));
        for (int i = 0; i < local.size(); ++i) {
            const Column &c = rel.owner->column(local.at(i)).column;
            conditions << (Expr::column(rel.secondary, rel.secondaryLocal.value(i), c.type)
                           == ownerKey.value(i));
        }
    } else {
        for (int i = 0; i < remote.size(); ++i) {
            if (remote.at(i) < 0)
                continue;
            conditions << (target.column(remote.at(i)).expr == ownerKey.value(i));
        }
    }
    const bool nullKey =
        std::any_of(ownerKey.begin(), ownerKey.end(), [](const QVariant &v) { return v.isNull(); });
    if (nullKey || owner.entityMeta().isKeyUnset(owner))
        conditions << Expr::raw(QStringLiteral("1 = 0"));
    q = q.filter(Expr::allOf(conditions));
    return rel.orderBy.isEmpty() ? q : q.orderBy(rel.orderBy);
}

} // namespace orm
