// SPDX-License-Identifier: MIT
#include "orm/session/session.h"

#include "orm/engine/logging.h"
#include "orm/mapping/related.h"
#include "orm/mapping/relationship.h"
#include "orm/session/conflicts_p.h"
#include "orm/session/flush_p.h"
#include "orm/session/session_p.h"
#include "orm/sql/sql.h"

#include <QMetaMethod>
#include <QRandomGenerator>
#include <QSet>
#include <QThread>

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_set>

namespace orm {

// detail::InstanceState keeps an object's state in the low bits of its session's address.
static_assert(alignof(Session) >= 8);

using detail::Journal;
using detail::JournalEntry;

// ---- Savepoint ---------------------------------------------------------------------------

Savepoint::Savepoint(Savepoint &&other) noexcept
    : m_session(std::exchange(other.m_session, nullptr))
    , m_level(other.m_level)
{ }

Savepoint &Savepoint::operator=(Savepoint &&other) noexcept
{
    if (this != &other) {
        rollback();
        m_session = std::exchange(other.m_session, nullptr);
        m_level = other.m_level;
    }
    return *this;
}

Savepoint::~Savepoint()
{
    rollback();
}

bool Savepoint::commit()
{
    if (!m_session)
        return false;
    Session *s = std::exchange(m_session, nullptr);
    return s->savepointCommit(m_level);
}

void Savepoint::rollback()
{
    if (Session *s = std::exchange(m_session, nullptr))
        s->savepointRollback(m_level);
}

// ---- Session -----------------------------------------------------------------------------

Session::Session(std::shared_ptr<Engine> engine, QObject *parent)
    : QObject(parent)
    , m_engine(std::move(engine))
{
    // What other connections have committed from now on is what reads look for.
    m_dataVersion = connection().dataVersion().value_or(-1);
}

Session::~Session()
{
    close();
}

Session::IdentityMap &Session::identityFor(const EntityMeta &meta)
{
    // Loads and flushes ask for the same entity's map row after row; map nodes are stable.
    if (m_lastIdentityMeta != &meta) {
        m_lastIdentity = &m_identity[&meta];
        m_lastIdentityMeta = &meta;
    }
    return *m_lastIdentity;
}

QString Session::keyString(const QVariant &key)
{
    if (key.metaType().id() == QMetaType::QVariantList) {
        QStringList parts;
        for (const QVariant &v : key.toList())
            parts << v.toString();
        return parts.join(QChar(0x1f));
    }
    return key.toString();
}

static QVariant storageKeyOf(const Entity &e)
{
    const EntityMeta &meta = e.entityMeta();
    const QList<int> &pk = meta.primaryKeyColumns();
    QVariantList parts;
    for (int c : pk)
        parts << storage::toStorage(meta.column(c).access->get(e), meta.column(c).column.type);
    return parts.size() == 1 ? parts.first() : QVariant(parts);
}

static QVariant storageKeyOf(const detail::Snapshot &baseline)
{
    const EntityMeta &meta = baseline.meta();
    const QList<int> &pk = meta.primaryKeyColumns();
    QVariantList parts;
    for (int c : pk)
        parts << storage::toStorage(baseline.programValue(c), meta.column(c).column.type);
    return parts.size() == 1 ? parts.first() : QVariant(parts);
}

static QVariant storageKeyOf(const EntityMeta &meta, const QVariant &key)
{
    const QList<int> &pk = meta.primaryKeyColumns();
    if (pk.size() == 1)
        return storage::toStorage(key, meta.column(pk.first()).column.type);
    const QVariantList given = key.toList();
    QVariantList parts;
    for (int i = 0; i < pk.size(); ++i)
        parts << storage::toStorage(given.value(i), meta.column(pk.at(i)).column.type);
    return parts;
}

void Session::identityInsert(const std::shared_ptr<Entity> &object)
{
    const EntityMeta &meta = object->entityMeta();
    IdentityMap &map = identityFor(meta);
    if (meta.hasIntegerKey()) {
        const int pk = meta.primaryKeyColumns().first();
        map.byInt[meta.column(pk).access->toInt64(*object)] = object;
    } else {
        map.byKey.insert(keyString(storageKeyOf(*object)), object);
    }
    st(*object).setInIdentityMap(true);
    noteLoaded();
}

void Session::identityRemove(Entity &object)
{
    detail::InstanceState &s = st(object);
    if (!s.inIdentityMap())
        return;
    const EntityMeta &meta = object.entityMeta();
    IdentityMap &map = identityFor(meta);
    // The key may have been edited: find the object by identity, through its baseline key.
    if (meta.hasIntegerKey()) {
        const int pk = meta.primaryKeyColumns().first();
        auto it = map.byInt.find(s.baseline() ? s.baseline()->toInt64(pk)
                                              : meta.column(pk).access->toInt64(object));
        if (it != map.byInt.end() && it->second.get() == &object) {
            map.byInt.erase(it);
        } else {
            map.byInt.eraseIf([&object](const auto &p) { return p.second.get() == &object; });
        }
    } else {
        auto it = map.byKey.find(
            keyString(s.baseline() ? storageKeyOf(*s.baseline()) : storageKeyOf(object)));
        if (it != map.byKey.end() && it.value().get() == &object)
            map.byKey.erase(it);
        else
            map.byKey.removeIf([&object](const auto &p) { return p.value().get() == &object; });
    }
    s.setInIdentityMap(false);
}

std::shared_ptr<Entity> Session::identityLookup(const EntityMeta &meta, const QVariant &key) const
{
    auto mit = m_identity.find(&meta);
    if (mit == m_identity.end())
        return nullptr;
    const IdentityMap &map = mit->second;
    if (meta.hasIntegerKey()) {
        bool ok = false;
        const qint64 k = key.toLongLong(&ok);
        if (!ok)
            return nullptr;
        auto it = map.byInt.find(k);
        return it == map.byInt.end() ? nullptr : it->second;
    }
    return map.byKey.value(keyString(storageKeyOf(meta, key)));
}

std::vector<std::shared_ptr<Entity>> Session::identityObjects(const EntityMeta &meta) const
{
    std::vector<std::shared_ptr<Entity>> out;
    auto mit = m_identity.find(&meta);
    if (mit == m_identity.end())
        return out;
    for (const auto &[k, v] : mit->second.byInt)
        out.push_back(v);
    for (const auto &v : mit->second.byKey)
        out.push_back(v);
    return out;
}

qsizetype Session::identityCount() const
{
    qsizetype n = 0;
    for (const auto &[meta, map] : m_identity)
        n += qsizetype(map.byInt.size()) + map.byKey.size();
    return n;
}

std::shared_ptr<Entity> Session::sharedFromObject(const Entity &object) const
{
    return std::const_pointer_cast<Entity>(object.shared_from_this());
}

void Session::add(const std::shared_ptr<Entity> &object)
{
    if (!object)
        return;
    detail::InstanceState &s = st(*object);
    if (s.session() == this) {
        return;
    }
    if (s.session()) {
        m_lastError =
            Error(Error::Kind::Usage,
                  QStringLiteral("%1 belongs to another session").arg(object->describe()));
        qCWarning(lcOrmSession) << m_lastError.text();
        return;
    }
    if (object->entityMeta().isReadOnly()) {
        m_lastError = Error(
            Error::Kind::Usage,
            QStringLiteral("%1 is read-only: %2")
                .arg(object->entityMeta().displayName(), object->entityMeta().readOnlyReason()));
        return;
    }
    s.setSession(this);
    if (s.state() == ObjectState::Detached && s.baseline()) {
        s.setState(ObjectState::Persistent);
        identityInsert(object);
    } else {
        s.setState(ObjectState::Pending);
        s.setBaseline(nullptr);
        m_new.push_back(object);
    }
    if (!object->entityMeta().relationships().empty())
        cascadeAdd(*object);
    // Looked up once: add() runs for every object of a bulk insert.
    static const QMetaMethod changedSignal =
        QMetaMethod::fromSignal(&Session::pendingChangesChanged);
    if (isSignalConnected(changedSignal))
        Q_EMIT pendingChangesChanged();
}

void Session::remove(const std::shared_ptr<Entity> &object)
{
    if (object)
        remove(*object);
}

void Session::remove(Entity &object)
{
    detail::InstanceState &s = st(object);
    // Deleted on purpose: no longer an orphan that a new parent would keep.
    if (!m_orphans.empty())
        std::erase_if(m_orphans, [&object](const Orphan &o) { return o.object.get() == &object; });
    if (s.session() != this) {
        m_lastError = Error(Error::Kind::Usage,
                            QStringLiteral("%1 is not in this session").arg(object.describe()));
        return;
    }
    if (s.state() == ObjectState::Pending) {
        std::erase_if(m_new, [&object](const auto &p) { return p.get() == &object; });
        s.setState(ObjectState::Transient);
        s.setSession(nullptr);
    } else if (s.state() == ObjectState::Persistent && !s.markedForDeletion()) {
        s.setMarkedForDeletion(true);
        m_deleted.push_back(sharedFromObject(object));
        if (!object.entityMeta().relationships().empty())
            cascadeRemove(object);
    }
    Q_EMIT pendingChangesChanged();
}

std::shared_ptr<Entity> Session::get(const EntityMeta &meta, const QVariant &key)
{
    m_lastError = Error();
    if (meta.primaryKeyColumns().isEmpty()) {
        m_lastError = Error(Error::Kind::Usage,
                            QStringLiteral("%1 has no primary key").arg(meta.displayName()));
        return nullptr;
    }
    ReadScope read(this);
    std::shared_ptr<Entity> found = identityLookup(meta, key);
    if (found) {
        if (st(*found).markedForDeletion())
            return nullptr;
        // Answered from memory while nobody else writes; read again once someone has.
        if (!refreshesRows())
            return found;
    }
    QStringList conditions;
    const QList<int> &pk = meta.primaryKeyColumns();
    for (int c : pk)
        conditions << dialect().quoteIdentifier(meta.column(c).column.name)
                + QStringLiteral(" = ?");
    const QString sql =
        QStringLiteral("SELECT %1 FROM %2 WHERE %3")
            .arg(meta.selectList(), dialect().tableReference(meta.schema(), meta.tableName()),
                 conditions.join(QStringLiteral(" AND ")));
    Statement stmt = connection().prepare(sql);
    if (!stmt.isValid()) {
        m_lastError = connection().lastError();
        return nullptr;
    }
    const QVariant stored = storageKeyOf(meta, key);
    if (pk.size() == 1) {
        stmt.bindValue(0, stored);
    } else {
        const QVariantList parts = stored.toList();
        for (int i = 0; i < parts.size(); ++i)
            stmt.bindValue(i, parts.at(i));
    }
    if (stmt.next())
        return loadRow(meta, stmt, 0);
    if (stmt.hasError()) {
        m_lastError = connection().lastError();
    } else if (found && !isModified(*found)) {
        // Deleted elsewhere: an object with nothing staged is let go.
        stmt.reset();
        dropConflicts(*found);
        expunge(*found);
    }
    return nullptr;
}

void Session::setNotFound(const EntityMeta &meta, const QVariant &key)
{
    m_lastError = Error(Error::Kind::NotFound,
                        QStringLiteral("%1 %2 not found").arg(meta.name(), keyString(key)));
    m_lastError.setEntity(meta.name());
    m_lastError.setKey(key);
    m_lastError.setTable(meta.tableName());
}

std::shared_ptr<Entity> Session::loadRow(const EntityMeta &meta, const Statement &stmt, int first)
{
    if (m_pollPending) [[unlikely]]
        pollInRead();
    IdentityMap &map = identityFor(meta);
    const bool intKey = meta.hasIntegerKey();
    qint64 k = 0;
    if (intKey) {
        k = stmt.int64(first + meta.primaryKeyColumns().first());
        auto it = map.byInt.find(k);
        if (it != map.byInt.end()) {
            if (m_refreshRows)
                mergeRow(it->second, stmt, first);
            return it->second;
        }
    }
    // The object and its baseline in one allocation.
    void *room = nullptr;
    std::shared_ptr<Entity> obj = meta.createWithRoom(detail::Snapshot::roomBytes(meta), &room);
    // (Destroyed before obj when the row turns out to be in the identity map already.)
    std::unique_ptr<detail::Snapshot> baseline;
    if (room) {
        baseline = detail::Snapshot::readInPlace(room, meta, *obj, stmt, first);
    } else {
        const std::vector<ColumnMeta> &cols = meta.columns();
        for (size_t i = 0; i < cols.size(); ++i)
            cols[i].access->read(stmt, first + int(i), *obj);
    }
    if (!intKey && !meta.primaryKeyColumns().isEmpty()) {
        const QString k = keyString(storageKeyOf(*obj));
        if (auto existing = map.byKey.value(k)) {
            if (m_refreshRows)
                mergeRow(existing, stmt, first);
            return existing;
        }
    }
    detail::InstanceState &s = st(*obj);
    s.setBaseline(baseline ? std::move(baseline) : detail::Snapshot::of(*obj));
    s.setState(ObjectState::Persistent);
    s.setSession(this);
    if (intKey) {
        map.byInt.insertAbsent(k, obj);
        s.setInIdentityMap(true);
        noteLoaded();
    } else if (!meta.primaryKeyColumns().isEmpty()) {
        identityInsert(obj);
    }
    return obj;
}

QList<std::shared_ptr<Entity>> Session::collectDirty() const
{
    QList<std::shared_ptr<Entity>> dirty;
    for (const auto &[meta, map] : m_identity) {
        auto check = [&dirty](const std::shared_ptr<Entity> &obj) {
            const detail::InstanceState &s = st(*obj);
            if (s.state() != ObjectState::Persistent || s.markedForDeletion() || !s.baseline())
                return;
            if (!s.baseline()->matches(*obj))
                dirty.append(obj);
        };
        for (const auto &[k, obj] : map.byInt)
            check(obj);
        for (const auto &obj : map.byKey)
            check(obj);
    }
    return dirty;
}

bool Session::isModified(const Entity &object) const
{
    const detail::InstanceState &s = st(object);
    if (s.session() != this)
        return false;
    if (s.state() == ObjectState::Pending || s.markedForDeletion())
        return true;
    return !modifiedColumns(object).isEmpty();
}

QList<int> Session::modifiedColumns(const Entity &object) const
{
    QList<int> out;
    const detail::InstanceState &s = st(object);
    if (!s.baseline())
        return out;
    s.baseline()->changedColumns(object, &out);
    return out;
}

QVariant Session::committedValue(const Entity &object, int column) const
{
    const detail::InstanceState &s = st(object);
    if (!s.baseline())
        return QVariant();
    return s.baseline()->programValue(column);
}

bool Session::hasPendingChanges() const
{
    return !m_new.empty() || !m_deleted.empty() || !m_associationAdds.isEmpty()
        || !m_associationRemoves.isEmpty() || !collectDirty().isEmpty();
}

int Session::pendingChangeCount() const
{
    return int(m_new.size() + m_deleted.size()) + int(collectDirty().size())
        + int(m_associationAdds.size() + m_associationRemoves.size());
}

QList<PendingChange> Session::pendingChanges() const
{
    QList<PendingChange> out;
    for (const auto &obj : m_new)
        out.append({PendingChange::Kind::New, obj, {}, nullptr, {}});
    for (const auto &obj : collectDirty())
        out.append({PendingChange::Kind::Modified, obj, modifiedColumns(*obj), nullptr, {}});
    for (const auto &obj : m_deleted)
        out.append({PendingChange::Kind::Deleted, obj, {}, nullptr, {}});
    for (const AssociationRow &row : m_associationAdds)
        out.append({PendingChange::Kind::Linked, row.owner, {}, row.rel, row.item});
    for (const AssociationRow &row : m_associationRemoves)
        out.append({PendingChange::Kind::Unlinked, row.owner, {}, row.rel, row.item});
    return out;
}

bool Session::setValue(Entity &object, int column, const QVariant &value)
{
    const EntityMeta &meta = object.entityMeta();
    if (column < 0 || column >= meta.columnCount())
        return false;
    if (meta.isReadOnly()) {
        m_lastError = Error(
            Error::Kind::Usage,
            QStringLiteral("%1 is read-only: %2").arg(meta.displayName(), meta.readOnlyReason()));
        return false;
    }
    if (!meta.column(column).access->set(object, value)) {
        m_lastError =
            Error(Error::Kind::Type,
                  QStringLiteral("%1 is not a valid %2")
                      .arg(value.toString(), typeDisplayName(meta.column(column).column.type)));
        m_lastError.setEntity(meta.name());
        m_lastError.setColumns({meta.column(column).column.name});
        return false;
    }
    if (m_conflicts)
        noteValueSet(object, column);
    Q_EMIT objectChanged(&object, column);
    Q_EMIT pendingChangesChanged();
    return true;
}

void Session::revert(Entity &object, int column)
{
    detail::InstanceState &s = st(object);
    if (s.session() != this)
        return;
    if (s.state() == ObjectState::Pending) {
        if (column < 0) {
            std::erase_if(m_new, [&object](const auto &p) { return p.get() == &object; });
            s.setState(ObjectState::Transient);
            s.setSession(nullptr);
        }
    } else if (s.markedForDeletion() && column < 0) {
        s.setMarkedForDeletion(false);
        std::erase_if(m_deleted, [&object](const auto &p) { return p.get() == &object; });
        // The row as the database has it now, where someone else changed it.
        if (m_conflicts)
            takeTheirs(object, -1);
    } else if (s.baseline()) {
        // Back to the database's value: theirs, where someone else changed it.
        if (m_conflicts)
            takeTheirs(object, column);
        const EntityMeta &meta = object.entityMeta();
        for (int i = 0; i < meta.columnCount(); ++i) {
            if ((column < 0 || column == i) && !s.baseline()->equals(i, object)) {
                s.baseline()->restore(i, object);
                Q_EMIT objectChanged(&object, i);
            }
        }
    }
    Q_EMIT pendingChangesChanged();
}

namespace {

// The identifiers of an SQL expression: quoted ones ("", ``, []) and bare words, without string
// and blob literals, numbers or function names.
QStringList identifiersIn(const QString &sql)
{
    QStringList names;
    const qsizetype n = sql.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = sql.at(i);
        if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            const QChar close = c == u'[' ? QChar(u']') : c;
            QString text;
            qsizetype j = i + 1;
            for (; j < n; ++j) {
                if (sql.at(j) == close) {
                    if (close == u']' || j + 1 >= n || sql.at(j + 1) != close)
                        break;
                    ++j; // a doubled quote stands for itself
                }
                text += sql.at(j);
            }
            if (c != u'\'')
                names << text;
            i = j + 1;
        } else if (c.isLetter() || c == u'_') {
            qsizetype j = i + 1;
            while (j < n
                   && (sql.at(j).isLetterOrNumber() || sql.at(j) == u'_' || sql.at(j) == u'$'))
                ++j;
            qsizetype k = j;
            while (k < n && sql.at(k).isSpace())
                ++k;
            const bool call = k < n && sql.at(k) == u'(';
            const bool blob = j - i == 1 && (c == u'x' || c == u'X') && j < n && sql.at(j) == u'\'';
            if (!call && !blob)
                names << sql.mid(i, j - i);
            i = j;
        } else if (c.isDigit()) {
            while (i < n && (sql.at(i).isLetterOrNumber() || sql.at(i) == u'.'))
                ++i;
        } else {
            ++i;
        }
    }
    return names;
}

// The columns of a CHECK the database refused. SQLite reports the constraint's name, or the
// text of an unnamed one's expression, cut to its first identifier when that is quoted (SQLite
// dequotes it as a name); a check the table does not declare is read from that text.
QStringList checkColumns(const Table &table, const QString &reported)
{
    const QString wanted = reported.simplified();
    QString expression = wanted;
    for (const CheckConstraint &check : table.checks()) {
        const QString text = check.sqlText.simplified();
        const bool quotedStart =
            text.startsWith(u'"') || text.startsWith(u'`') || text.startsWith(u'[');
        if ((!check.name.isEmpty() && check.name.compare(wanted, Qt::CaseInsensitive) == 0)
            || text == wanted
            || (check.name.isEmpty() && quotedStart && identifiersIn(text).value(0) == wanted)) {
            expression = check.sqlText;
            break;
        }
    }
    const QStringList names = identifiersIn(expression);
    QStringList columns;
    for (const Column &column : table.columns()) {
        if (names.contains(column.name, Qt::CaseInsensitive))
            columns << column.name;
    }
    return columns;
}

} // namespace

Error Session::errorForObject(const Error &dbError, const Entity &object) const
{
    Error e = dbError;
    const EntityMeta &meta = object.entityMeta();
    e.setEntity(meta.name());
    if (!meta.isKeyUnset(object))
        e.setKey(object.primaryKey());
    if (e.table().isEmpty())
        e.setTable(meta.tableName());
    // SQLite names a refused CHECK, not its columns: the table's declaration tells them, so
    // that the reason can be shown beside the field.
    if (e.constraint() == Error::Constraint::Check && e.columns().isEmpty())
        e.setColumns(checkColumns(meta.table(), e.constraintName()));
    e.setObject(sharedFromObject(object));
    return e;
}

// ---- flush -------------------------------------------------------------------------------

namespace detail {

QList<const EntityMeta *> dependencyOrder(const QList<const EntityMeta *> &metas)
{
    QList<const Table *> tables;
    for (const EntityMeta *m : metas)
        tables << &m->table();
    QList<const EntityMeta *> out;
    for (const QString &name : sortTablesByDependency(tables)) {
        for (const EntityMeta *m : metas) {
            if (m->tableName() == name && !out.contains(m))
                out << m;
        }
    }
    return out;
}

QString keyCondition(const Dialect &d, const EntityMeta &meta)
{
    QStringList conditions;
    for (int c : meta.primaryKeyColumns())
        conditions << d.quoteIdentifier(meta.column(c).column.name) + QStringLiteral(" = ?");
    return conditions.join(QStringLiteral(" AND "));
}

// The key condition, and that each checked column still holds what the write was based on
// (IS: NULL compares as a value).
QString keyAndCheckCondition(const Dialect &d, const EntityMeta &meta, const QList<int> &checked)
{
    QString sql = keyCondition(d, meta);
    for (int c : checked)
        sql += QStringLiteral(" AND ") + d.quoteIdentifier(meta.column(c).column.name)
            + d.nullSafeEquals();
    return sql;
}

// The checked UPDATE of some columns, and the checked DELETE, as the flush runs them and
// pendingStatements() shows them.
QString checkedUpdateSql(const Dialect &d, const EntityMeta &meta, const QList<int> &columns,
                         const QList<int> &checked)
{
    QStringList sets;
    for (int i : columns)
        sets << d.quoteIdentifier(meta.column(i).column.name) + QStringLiteral(" = ?");
    return QStringLiteral("UPDATE %1 SET %2 WHERE %3")
        .arg(d.tableReference(meta.schema(), meta.tableName()), sets.join(QStringLiteral(", ")),
             keyAndCheckCondition(d, meta, checked));
}

QString updateSetSql(const Dialect &d, const EntityMeta &meta, const QList<int> &columns,
                     const QList<int> &checked)
{
    const auto name = [&](int i) { return d.quoteIdentifier(meta.column(i).column.name); };
    QStringList sets, conditions, aliases;
    for (int i : columns) {
        aliases << QStringLiteral("c%1").arg(aliases.size());
        sets << name(i) + QStringLiteral(" = v.") + aliases.last();
    }
    const int key = meta.primaryKeyColumns().first();
    aliases << QStringLiteral("k");
    conditions << QStringLiteral("t.") + name(key) + QStringLiteral(" = v.k");
    for (int i : checked) {
        aliases << QStringLiteral("c%1").arg(aliases.size());
        conditions << QStringLiteral("t.") + name(i)
                + d.nullSafeEqualsTo(QStringLiteral("v.") + aliases.last());
    }
    const QStringList arrays(aliases.size(), QStringLiteral("?"));
    return QStringLiteral("UPDATE %1 AS t SET %2 FROM unnest(%3) AS v (%4) WHERE %5 RETURNING t.%6")
        .arg(d.quoteTable(meta.schema(), meta.table().name()), sets.join(QStringLiteral(", ")),
             arrays.join(QStringLiteral(", ")), aliases.join(QStringLiteral(", ")),
             conditions.join(QStringLiteral(" AND ")), name(key));
}

QString checkedDeleteSql(const Dialect &d, const EntityMeta &meta, const QList<int> &checked)
{
    return QStringLiteral("DELETE FROM %1 WHERE %2")
        .arg(d.tableReference(meta.schema(), meta.tableName()),
             keyAndCheckCondition(d, meta, checked));
}

// What an UPDATE of the changed columns checks: their loaded values (the key is in the
// condition already; columns the ORM sets itself are not the person's), or the version column.
QList<int> updateChecks(const EntityMeta &meta, const QList<int> &changed)
{
    if (meta.versionColumn() >= 0)
        return {meta.versionColumn()};
    QList<int> checked;
    for (int c : changed) {
        if (!meta.primaryKeyColumns().contains(c) && !meta.column(c).column.onUpdate)
            checked << c;
    }
    return checked;
}

// What a DELETE checks: every loaded column (the person deletes the row they saw), or the
// version column.
QList<int> deleteChecks(const EntityMeta &meta)
{
    if (meta.versionColumn() >= 0)
        return {meta.versionColumn()};
    QList<int> checked;
    for (int c = 0; c < meta.columnCount(); ++c) {
        if (!meta.primaryKeyColumns().contains(c))
            checked << c;
    }
    return checked;
}

Error repeatedKeyError(const EntityMeta &meta, qint64 rows, bool deletion)
{
    QStringList key;
    for (int p : meta.primaryKeyColumns())
        key << meta.column(p).column.name;
    return repeatedKeyError(meta.tableName(), key, rows, deletion);
}

Error repeatedKeyError(const QString &table, const QStringList &key, qint64 rows, bool deletion)
{
    Error e(Error::Kind::MultipleResults,
            QStringLiteral("%1 holds %2 rows with the same %3, which cannot be told apart: "
                           "not %4, so as not to change them all; nothing was written")
                .arg(table)
                .arg(rows)
                .arg(key.join(QStringLiteral(", ")),
                     deletion ? QStringLiteral("deleted") : QStringLiteral("updated")));
    e.setTable(table);
    e.setColumns(key);
    return e;
}

} // namespace detail

using detail::checkedDeleteSql;
using detail::checkedUpdateSql;
using detail::deleteChecks;
using detail::keyCondition;
using detail::updateChecks;

bool Session::doFlush(Journal &journal, const QList<std::shared_ptr<Entity>> &dirty,
                      bool *batchFailed)
{
    return detail::Flush(*this, journal, dirty, batchFailed).run();
}

namespace {
// The column sets of a table that no two rows may share: the primary key, unique columns,
// unique constraints and unique indexes.
QList<QList<int>> uniqueColumnSets(const EntityMeta &meta)
{
    QList<QList<int>> sets;
    auto add = [&](const QStringList &names) {
        QList<int> set;
        for (const QString &n : names) {
            const int c = meta.columnIndex(n);
            if (c < 0)
                return;
            set << c;
        }
        if (!set.isEmpty() && !sets.contains(set))
            sets << set;
    };
    const Table &table = meta.table();
    add(table.primaryKey());
    for (const Column &c : table.columns()) {
        if (c.unique)
            add({c.name});
    }
    for (const UniqueConstraint &u : table.uniqueConstraints())
        add(u.columns);
    for (const Index &i : table.indexes()) {
        if (i.unique)
            add(i.columns);
    }
    return sets;
}

// One unique value: a set's values in their stored form. Values of different storage types
// never match (text "1" is not integer 1), numbers of equal value do, as in SQLite. Most sets
// have one column: its value is held without a list.
struct UniqueValue
{
    const EntityMeta *meta = nullptr;
    int set = -1;
    QVariant value; // the first column's; null when a value is NULL (NULLs never collide)
    QVariantList more;
    size_t hash = 0;

    bool isNull() const { return value.isNull(); }
    bool operator==(const UniqueValue &o) const
    {
        return hash == o.hash && meta == o.meta && set == o.set && value == o.value
            && more == o.more;
    }
};

size_t hashStored(const QVariant &v)
{
    switch (v.metaType().id()) {
    case QMetaType::QString:
        return qHash(*static_cast<const QString *>(v.constData()));
    case QMetaType::QByteArray:
        return qHash(*static_cast<const QByteArray *>(v.constData()));
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return qHash(v.toDouble()); // 1 and 1.0 compare equal: they hash alike
    default:
        return qHash(v.toString());
    }
}

struct UniqueValueHash
{
    size_t operator()(const UniqueValue &u) const noexcept { return u.hash; }
};

template<typename ValueOf>
UniqueValue uniqueValue(const EntityMeta &meta, int set, const QList<int> &columns,
                        const ValueOf &valueOf)
{
    UniqueValue u {&meta, set, {}, {}, 0};
    size_t h = qHashMulti(0, quintptr(&meta), set);
    for (int i = 0; i < columns.size(); ++i) {
        const int c = columns.at(i);
        QVariant v = storage::toStorage(valueOf(c), meta.column(c).column.type);
        if (v.isNull())
            return UniqueValue {&meta, set, {}, {}, 0};
        h = qHashMulti(h, hashStored(v));
        if (i == 0)
            u.value = std::move(v);
        else
            u.more << std::move(v);
    }
    u.hash = h;
    return u;
}
} // namespace

bool Session::freeUniqueValues(Journal &journal, const QList<std::shared_ptr<Entity>> &dirty,
                               const std::function<bool(const std::shared_ptr<Entity> &)> &update)
{
    // The unique values rows give up in this flush (deleted rows, changed unique columns),
    // and the row giving each up. Looked for only among deleted and changed rows: a flush of
    // new rows alone does no more work.
    std::unordered_map<const EntityMeta *, QList<QList<int>>> setsOf;
    auto sets = [&setsOf](const EntityMeta &meta) -> const QList<QList<int>> & {
        auto it = setsOf.find(&meta);
        if (it == setsOf.end())
            it = setsOf.emplace(&meta, uniqueColumnSets(meta)).first;
        return it->second;
    };
    std::unordered_map<UniqueValue, std::shared_ptr<Entity>, UniqueValueHash> freed;
    freed.reserve(size_t(dirty.size()) + m_deleted.size());
    auto giveUp = [&](const std::shared_ptr<Entity> &obj, bool deleted) {
        const detail::Snapshot *baseline = st(*obj).baseline();
        if (!baseline)
            return;
        const EntityMeta &meta = obj->entityMeta();
        const QList<QList<int>> &all = sets(meta);
        for (int i = 0; i < all.size(); ++i) {
            const QList<int> &set = all.at(i);
            if (!deleted && std::all_of(set.begin(), set.end(), [&](int c) {
                    return baseline->equals(c, *obj);
                }))
                continue;
            UniqueValue key =
                uniqueValue(meta, i, set, [baseline](int c) { return baseline->value(c); });
            if (!key.isNull())
                freed.insert_or_assign(std::move(key), obj);
        }
    };
    for (const auto &obj : m_deleted) {
        if (st(*obj).state() == ObjectState::Persistent && st(*obj).markedForDeletion())
            giveUp(obj, true);
    }
    for (const auto &obj : dirty)
        giveUp(obj, false);
    if (freed.empty())
        return true;

    // The rows that take one of those values: each row giving one up goes first, before the
    // row taking it is inserted or updated. A changed row may give up one value and take
    // another: the rows it takes from go before it.
    std::vector<std::shared_ptr<Entity>> first;
    std::unordered_map<const Entity *, std::vector<std::shared_ptr<Entity>>> takesFrom;
    auto take = [&](const std::shared_ptr<Entity> &obj) {
        const EntityMeta &meta = obj->entityMeta();
        if (!setsOf.count(&meta))
            return; // nothing of its table is given up
        const detail::Snapshot *baseline = st(*obj).baseline();
        const QList<QList<int>> &all = sets(meta);
        for (int i = 0; i < all.size(); ++i) {
            const QList<int> &set = all.at(i);
            if (baseline && std::all_of(set.begin(), set.end(), [&](int c) {
                    return baseline->equals(c, *obj);
                }))
                continue; // kept, not taken
            const UniqueValue key = uniqueValue(
                meta, i, set, [&obj, &meta](int c) { return meta.column(c).access->get(*obj); });
            if (key.isNull())
                continue;
            const auto it = freed.find(key);
            if (it == freed.end() || it->second == obj)
                continue;
            first.push_back(it->second);
            takesFrom[obj.get()].push_back(it->second);
        }
    };
    for (const auto &obj : m_new)
        take(obj);
    for (const auto &obj : dirty) {
        if (!st(*obj).markedForDeletion())
            take(obj);
    }

    std::unordered_set<const Entity *> done;
    std::function<bool(const std::shared_ptr<Entity> &)> giveUpFirst =
        [&](const std::shared_ptr<Entity> &obj) {
            if (!done.insert(obj.get()).second)
                return true;
            if (st(*obj).markedForDeletion())
                return deleteWithChildren(journal, obj);
            for (const auto &other : takesFrom[obj.get()]) {
                if (!giveUpFirst(other))
                    return false;
            }
            // Its foreign keys are written with it, unless one waits for a row not yet inserted.
            bool deferred = false;
            if (!syncRelationKeys(journal, *obj, KeySync::All, &deferred))
                return false;
            return deferred || update(obj);
        };
    for (const auto &obj : first) {
        if (!giveUpFirst(obj))
            return false;
    }
    return true;
}

bool Session::deleteWithChildren(Journal &journal, const std::shared_ptr<Entity> &object)
{
    // The related rows deleted with it (cascades) go before it.
    for (const auto &rel : object->entityMeta().relationships()) {
        if (rel->foreignKeyOnOwner || rel->kind == RelationshipKind::ManyToMany)
            continue;
        const RelationBase &rs = rel->access->state(*object);
        if (!rs.isLoaded())
            continue;
        for (const auto &child : rs.m_items.toVector()) {
            if (child.get() != object.get() && st(*child).markedForDeletion()
                && !deleteWithChildren(journal, child))
                return false;
        }
    }
    return deleteObject(journal, object);
}

bool Session::isLeafForDelete(const Entity &object) const
{
    for (const auto &rel : object.entityMeta().relationships()) {
        if (!rel->foreignKeyOnOwner || rel->kind == RelationshipKind::ManyToMany)
            return false;
    }
    return true;
}

QList<std::shared_ptr<Entity>> Session::orderForDelete(const EntityMeta &meta) const
{
    QList<std::shared_ptr<Entity>> group;
    for (const auto &o : m_deleted) {
        if (&o->entityMeta() == &meta)
            group << o;
    }
    if (group.size() < 2 || meta.relationships().empty())
        return group;
    // The rows that refer to another deleted row of this table go before it.
    std::unordered_set<const Entity *> inGroup;
    for (const auto &o : group)
        inGroup.insert(o.get());
    QList<std::shared_ptr<Entity>> ordered;
    std::unordered_set<const Entity *> done;
    std::function<void(const std::shared_ptr<Entity> &)> visit =
        [&](const std::shared_ptr<Entity> &o) {
            if (!done.insert(o.get()).second)
                return;
            for (const auto &rel : meta.relationships()) {
                if (rel->foreignKeyOnOwner || rel->kind == RelationshipKind::ManyToMany
                    || &rel->target() != &meta)
                    continue;
                const RelationBase &rs = rel->access->state(*o);
                if (!rs.isLoaded())
                    continue;
                for (const auto &child : rs.m_items) {
                    if (inGroup.count(child.get()))
                        visit(child);
                }
            }
            ordered << o;
        };
    for (const auto &o : group)
        visit(o);
    return ordered;
}

bool Session::deleteObject(Journal &journal, const std::shared_ptr<Entity> &obj)
{
    const EntityMeta *meta = &obj->entityMeta();
    if (st(*obj).state() != ObjectState::Persistent || !st(*obj).markedForDeletion())
        return true; // already deleted earlier in this flush
    Connection &c = connection();
    const Dialect &d = dialect();
    const QList<int> checked = deleteChecks(*meta);
    Statement stmt = c.prepare(checkedDeleteSql(d, *meta, checked));
    if (!stmt.isValid()) {
        m_lastError = errorForObject(c.lastError(), *obj);
        return false;
    }
    if (!meta->relationships().empty()
        && (!deleteAssociationRows(*obj) || !handleChildrenOfDeleted(journal, *obj)))
        return false;
    const detail::Snapshot &baseline = *st(*obj).baseline();
    int k = 0;
    for (int p : meta->primaryKeyColumns())
        baseline.bind(p, stmt, k++);
    for (int i : checked)
        baseline.bind(i, stmt, k++);
    if (!stmt.exec()) {
        m_lastError = errorForObject(c.lastError(), *obj);
        return false;
    }
    if (const qint64 deleted = c.changes(); deleted > 1) {
        m_lastError = errorForObject(detail::repeatedKeyError(*meta, deleted, true), *obj);
        return false;
    }
    if (c.changes() != 1) {
        stmt.reset();
        m_lastError = writeConflictError(*obj, checked, true);
        if (m_lastError.isError())
            return false;
        Statement byKey = c.prepare(
            QStringLiteral("DELETE FROM %1 WHERE %2")
                .arg(d.tableReference(meta->schema(), meta->tableName()), keyCondition(d, *meta)));
        if (!byKey.isValid()) {
            m_lastError = errorForObject(c.lastError(), *obj);
            return false;
        }
        int b = 0;
        for (int p : meta->primaryKeyColumns())
            baseline.bind(p, byKey, b++);
        const bool ran = byKey.exec();
        if (ran && c.changes() > 1) {
            m_lastError = errorForObject(detail::repeatedKeyError(*meta, c.changes(), true), *obj);
            return false;
        }
        if (!ran || c.changes() != 1) {
            m_lastError = errorForObject(c.lastError(), *obj);
            return false;
        }
    }
    journal.record(obj);
    identityRemove(*obj);
    detail::InstanceState &s = st(*obj);
    s.setState(ObjectState::Deleted);
    s.setMarkedForDeletion(false);
    return true;
}

void Session::restoreJournal(Journal &journal, RestoreMode mode)
{
    std::unordered_set<const Entity *> inNew, inDeleted;
    for (const auto &o : m_new)
        inNew.insert(o.get());
    for (const auto &o : m_deleted)
        inDeleted.insert(o.get());
    std::vector<std::shared_ptr<Entity>> reNew, reDeleted;
    for (auto it = journal.entries.rbegin(); it != journal.entries.rend(); ++it) {
        JournalEntry &e = *it;
        Entity &obj = *e.object;
        detail::InstanceState &s = st(obj);
        if (s.inIdentityMap())
            identityRemove(obj);
        const EntityMeta &meta = obj.entityMeta();
        for (auto u = e.valueUndo.rbegin(); u != e.valueUndo.rend(); ++u)
            (void)meta.column(u->first).access->set(obj, u->second);
        if (e.baselineSaved)
            s.setBaseline(std::move(e.oldBaseline));
        s.setState(e.oldState);
        s.setMarkedForDeletion(e.oldMarked);
        if (e.oldInIdentity)
            identityInsert(e.object);
        if (mode == RestoreMode::Discard) {
            if (e.oldState == ObjectState::Pending) {
                s.setState(ObjectState::Transient);
                s.setSession(nullptr);
                s.setBaseline(nullptr);
            }
            s.setMarkedForDeletion(false);
        } else {
            if (e.oldState == ObjectState::Pending && !inNew.count(&obj))
                reNew.push_back(e.object);
            if (e.oldMarked && !inDeleted.count(&obj))
                reDeleted.push_back(e.object);
        }
    }
    if (mode == RestoreMode::KeepStaged) {
        auto putBack = [](const QList<AssociationRow> &from, detail::AssociationSet &to) {
            detail::AssociationSet merged;
            for (const AssociationRow &r : from)
                merged.insert(r);
            for (const AssociationRow &r : to)
                merged.insert(r);
            to = merged;
        };
        putBack(journal.associationAdds, m_associationAdds);
        putBack(journal.associationRemoves, m_associationRemoves);
        // Objects staged earlier come before those staged later, in their original order.
        std::reverse(reNew.begin(), reNew.end());
        std::reverse(reDeleted.begin(), reDeleted.end());
        m_new.insert(m_new.begin(), reNew.begin(), reNew.end());
        m_deleted.insert(m_deleted.begin(), reDeleted.begin(), reDeleted.end());
    }
    journal.entries.clear();
    journal.index.clear();
    journal.associationAdds.clear();
    journal.associationRemoves.clear();
}

void Session::mergeIntoParent(std::unique_ptr<Journal> journal)
{
    if (m_journals.empty()) {
        m_journals.push_back(std::move(journal));
        return;
    }
    Journal &parent = *m_journals.back();
    parent.associationAdds += journal->associationAdds;
    parent.associationRemoves += journal->associationRemoves;
    for (JournalEntry &e : journal->entries) {
        const qsizetype at = parent.index.value(e.object.get());
        if (at < 0) {
            parent.index.insert(e.object.get(), parent.entries.size());
            parent.entries.push_back(std::move(e));
            continue;
        }
        JournalEntry &p = parent.entries[size_t(at)];
        if (!p.baselineSaved && e.baselineSaved) {
            p.oldBaseline = std::move(e.oldBaseline);
            p.baselineSaved = true;
        }
        for (auto &u : e.valueUndo) {
            const bool seen = std::any_of(p.valueUndo.begin(), p.valueUndo.end(),
                                          [&u](const auto &q) { return q.first == u.first; });
            if (!seen)
                p.valueUndo.push_back(std::move(u));
        }
    }
}

bool Session::flushInternal(bool *nothingToFlush)
{
    m_lastError = Error();
    releaseUnusedIfDue();
    // One scan for modified objects per flush (the identity map may hold every row).
    const QList<std::shared_ptr<Entity>> dirty = collectDirty();
    const bool pending = !m_new.empty() || !m_deleted.empty() || !m_associationAdds.isEmpty()
        || !m_associationRemoves.isEmpty() || !dirty.isEmpty();
    if (nothingToFlush)
        *nothingToFlush = !pending;
    if (!pending)
        return true;
    Connection &c = connection();
    // The flush runs in a transaction of its own, or in a savepoint of the one already open.
    const bool began = !c.inTransaction();
    const QString savepoint =
        began ? QString() : QStringLiteral("rowsmith_flush_%1").arg(++m_savepointCounter);
    auto open = [&] {
        if (began ? !beginImmediate() : !c.savepoint(savepoint)) {
            m_lastError = c.lastError();
            return false;
        }
        m_ownsTransaction = m_ownsTransaction || began;
        return true;
    };
    auto journal = std::make_unique<Journal>();
    auto undo = [&] {
        if (began) {
            c.rollback();
            m_ownsTransaction = false;
        } else {
            c.rollbackToSavepoint(savepoint);
        }
        restoreJournal(*journal, RestoreMode::KeepStaged);
    };
    if (!open())
        return false;
    bool batchFailed = false;
    bool ok = doFlush(*journal, dirty, &batchFailed);
    const Error::Constraint constraint = m_lastError.constraint();
    if (!ok
        && (batchFailed || constraint == Error::Constraint::Unique
            || constraint == Error::Constraint::PrimaryKey)) {
        // A multi-row INSERT failed, or rows trade unique values: the same flush row by row,
        // unique values given up first, writes everything if the order was the trouble, and
        // tells which object an error is about.
        undo();
        if (!open())
            return false;
        ok = doFlush(*journal, dirty, nullptr);
    }
    if (!ok) {
        undo();
        qCInfo(lcOrmSession) << "flush failed, staged changes kept:" << m_lastError.text();
        if (m_lastError.kind() == Error::Kind::Conflict) {
            // Known now: the row as it is, the conflicting fields marked, the edits kept.
            if (const std::shared_ptr<Entity> object = m_lastError.object()) {
                const Error error = m_lastError;
                (void)mergeFromDatabase(object);
                m_lastError = error;
            }
        }
        return false;
    }
    if (!began && !c.releaseSavepoint(savepoint)) {
        m_lastError = c.lastError();
        undo();
        return false;
    }
    m_new.clear();
    m_deleted.clear();
    m_orphans.clear();
    m_associationAdds.clear();
    m_associationRemoves.clear();
    mergeIntoParent(std::move(journal));
    return true;
}

bool Session::flush()
{
    const bool ok = flushInternal();
    Q_EMIT pendingChangesChanged();
    return ok;
}

bool Session::beginImmediate()
{
    Connection &c = connection();
    const ConnectionOptions &options = c.options();
    int pause = qMax(1, options.busyBackoffMs);
    for (int attempt = 0;; ++attempt) {
        if (c.begin(Connection::TransactionMode::Immediate))
            return true;
        if (c.lastError().kind() != Error::Kind::Busy || attempt >= options.busyRetries)
            return false;
        // Nothing was done yet: wait, and ask again (with jitter, so that waiting writers
        // do not wake together).
        QThread::msleep(ulong(pause + int(QRandomGenerator::global()->bounded(pause))));
        pause = qMin(pause * 2, 1000);
    }
}

bool Session::begin()
{
    m_lastError = Error();
    Connection &c = connection();
    if (!c.inTransaction()) {
        if (!beginImmediate()) {
            m_lastError = c.lastError();
            return false;
        }
        m_ownsTransaction = true;
    }
    if (m_journals.empty())
        m_journals.push_back(std::make_unique<Journal>());
    return true;
}

bool Session::transaction(const std::function<bool(Session &)> &work)
{
    m_lastError = Error();
    if (connection().inTransaction() || hasPendingChanges()) {
        m_lastError = Error(Error::Kind::Usage,
                            QStringLiteral("transaction() needs a session without staged changes "
                                           "and without an open transaction"));
        return false;
    }
    const ConnectionOptions &options = connection().options();
    int pause = qMax(1, options.busyBackoffMs);
    for (int attempt = 0;; ++attempt) {
        if (begin() && work(*this) && commit())
            return true;
        const Error error = m_lastError;
        rollback();
        m_lastError = error;
        if (error.kind() != Error::Kind::Busy || attempt >= options.busyRetries)
            return false;
        QThread::msleep(ulong(pause + int(QRandomGenerator::global()->bounded(pause))));
        pause = qMin(pause * 2, 1000);
    }
}

void Session::finishCommit()
{
    std::vector<Entity *> detached;
    for (const auto &journal : m_journals) {
        for (JournalEntry &e : journal->entries) {
            detail::InstanceState &s = st(*e.object);
            if (s.state() == ObjectState::Deleted) {
                s.setState(ObjectState::Detached);
                s.setSession(nullptr);
                detached.push_back(e.object.get());
            }
        }
    }
    forgetCommittedRelationChanges();
    m_relationChanged.clear();
    m_relationChangedSet.clear();
    if (!detached.empty())
        pruneDetachedFromRelations(detached);
    m_journals.clear();
    m_savepointNames.clear();
    m_ownsTransaction = false;
}

bool Session::commit()
{
    m_lastError = Error();
    Connection &c = connection();
    const bool inTransaction = c.inTransaction();
    bool nothingToFlush = false;
    if (!flushInternal(&nothingToFlush)) {
        Q_EMIT pendingChangesChanged();
        return false;
    }
    if (nothingToFlush && !inTransaction) {
        Q_EMIT committed();
        return true;
    }
    if (c.inTransaction() && !c.commit()) {
        m_lastError = c.lastError();
        c.rollback();
        for (auto it = m_journals.rbegin(); it != m_journals.rend(); ++it)
            restoreJournal(**it, RestoreMode::KeepStaged);
        m_journals.clear();
        m_savepointNames.clear();
        m_ownsTransaction = false;
        Q_EMIT pendingChangesChanged();
        return false;
    }
    finishCommit();
    if (m_conflicts)
        clearConflicts();
    Q_EMIT committed();
    Q_EMIT pendingChangesChanged();
    return true;
}

void Session::restoreValuesFromBaseline()
{
    for (auto &[meta, map] : m_identity) {
        auto restore = [meta = meta, this](const std::shared_ptr<Entity> &obj) {
            const detail::InstanceState &s = st(*obj);
            if (!s.baseline())
                return;
            for (int i = 0; i < meta->columnCount(); ++i) {
                if (!s.baseline()->equals(i, *obj)) {
                    s.baseline()->restore(i, *obj);
                    Q_EMIT objectChanged(obj.get(), i);
                }
            }
        };
        for (const auto &[k, obj] : map.byInt)
            restore(obj);
        for (const auto &obj : map.byKey)
            restore(obj);
    }
}

void Session::rollback()
{
    savepointRollback(0);
}

Savepoint Session::beginNested()
{
    if (!flushInternal())
        return Savepoint();
    if (!begin())
        return Savepoint();
    const QString name = QStringLiteral("rowsmith_sp_%1").arg(++m_savepointCounter);
    if (!connection().savepoint(name)) {
        m_lastError = connection().lastError();
        return Savepoint();
    }
    m_savepointNames.push_back(name);
    m_journals.push_back(std::make_unique<Journal>());
    return Savepoint(this, int(m_journals.size()) - 1);
}

bool Session::savepointCommit(int level)
{
    if (level != int(m_journals.size()) - 1 || m_savepointNames.empty()) {
        m_lastError =
            Error(Error::Kind::Usage, QStringLiteral("Savepoints must end innermost first"));
        return false;
    }
    if (!flushInternal())
        return false;
    const QString name = m_savepointNames.back();
    if (!connection().releaseSavepoint(name)) {
        m_lastError = connection().lastError();
        return false;
    }
    m_savepointNames.pop_back();
    std::unique_ptr<Journal> journal = std::move(m_journals.back());
    m_journals.pop_back();
    mergeIntoParent(std::move(journal));
    Q_EMIT pendingChangesChanged();
    return true;
}

// The one way back, for a savepoint (level: its journal) and for the whole transaction (level
// 0): the journals from level on are undone innermost first, in the database and in memory.
void Session::savepointRollback(int level)
{
    Connection &c = connection();
    const bool whole = level <= 0;
    if (whole && c.inTransaction() && m_ownsTransaction)
        c.rollback();
    while (int(m_journals.size()) > qMax(level, 0)) {
        if (!whole) {
            if (m_savepointNames.empty())
                break;
            c.rollbackToSavepoint(m_savepointNames.back());
            m_savepointNames.pop_back();
        }
        restoreJournal(*m_journals.back(), RestoreMode::Discard);
        m_journals.pop_back();
    }
    if (whole) {
        m_savepointNames.clear();
        m_ownsTransaction = false;
    }
    expireRelations(true);
    for (const auto &obj : m_new) {
        detail::InstanceState &s = st(*obj);
        s.setState(ObjectState::Transient);
        s.setSession(nullptr);
    }
    m_new.clear();
    for (const auto &obj : m_deleted)
        st(*obj).setMarkedForDeletion(false);
    m_deleted.clear();
    m_orphans.clear();
    // After the whole transaction, the last committed values are the database's: theirs, where
    // someone else changed them.
    if (whole && m_conflicts) {
        takeAllTheirs();
        clearConflicts();
    }
    restoreValuesFromBaseline();
    if (whole)
        Q_EMIT rolledBack();
    Q_EMIT pendingChangesChanged();
}

bool Session::refresh(Entity &object)
{
    ReadScope read(this);
    detail::InstanceState &s = st(object);
    if (s.session() != this || !s.baseline()) {
        m_lastError =
            Error(Error::Kind::Usage,
                  QStringLiteral("%1 is not persistent in this session").arg(object.describe()));
        return false;
    }
    const EntityMeta &meta = object.entityMeta();
    const QString sql =
        QStringLiteral("SELECT %1 FROM %2 WHERE %3")
            .arg(meta.selectList(), dialect().tableReference(meta.schema(), meta.tableName()),
                 keyCondition(dialect(), meta));
    Statement stmt = connection().prepare(sql);
    if (!stmt.isValid()) {
        m_lastError = connection().lastError();
        return false;
    }
    int k = 0;
    for (int p : meta.primaryKeyColumns())
        s.baseline()->bind(p, stmt, k++);
    if (!stmt.next()) {
        m_lastError = stmt.hasError()
            ? connection().lastError()
            : errorForObject(Error(Error::Kind::StaleData,
                                   QStringLiteral("%1 no longer exists").arg(object.describe())),
                             object);
        if (!stmt.hasError()) {
            // Deleted elsewhere: the object is let go.
            stmt.reset();
            const std::shared_ptr<Entity> keep = sharedFromObject(object);
            dropConflicts(object);
            expunge(object);
            Q_EMIT pendingChangesChanged();
        }
        return false;
    }
    for (int i = 0; i < meta.columnCount(); ++i) {
        meta.column(i).access->read(stmt, i, object);
        s.baseline()->read(i, stmt, i);
    }
    if (m_conflicts)
        dropConflicts(object);
    Q_EMIT objectChanged(&object, -1);
    Q_EMIT pendingChangesChanged();
    return true;
}

void Session::expunge(Entity &object)
{
    detail::InstanceState &s = st(object);
    if (s.session() != this)
        return;
    if (m_conflicts)
        dropConflicts(object);
    identityRemove(object);
    for (const auto &rel : object.entityMeta().relationships()) {
        RelationBase &rs = rel->access->state(object);
        rs.m_items.clear();
        rs.pendingAdd().clear();
        rs.setLoadedFlag(false);
    }
    std::erase_if(m_new, [&object](const auto &p) { return p.get() == &object; });
    std::erase_if(m_deleted, [&object](const auto &p) { return p.get() == &object; });
    std::erase_if(m_orphans, [&object](const Orphan &o) { return o.object.get() == &object; });
    s.setState(s.state() == ObjectState::Pending ? ObjectState::Transient : ObjectState::Detached);
    s.setMarkedForDeletion(false);
    s.setSession(nullptr);
}

void Session::expungeAll()
{
    // Related objects refer to each other: clearing the states breaks those cycles.
    expireRelations(false);
    for (auto &[meta, map] : m_identity) {
        auto detach = [](const std::shared_ptr<Entity> &obj) {
            detail::InstanceState &s = st(*obj);
            s.setState(ObjectState::Detached);
            s.setSession(nullptr);
            s.setInIdentityMap(false);
            s.setMarkedForDeletion(false);
        };
        for (const auto &[k, obj] : map.byInt)
            detach(obj);
        for (const auto &obj : map.byKey)
            detach(obj);
    }
    m_identity.clear();
    m_lastIdentityMeta = nullptr;
    m_lastIdentity = nullptr;
    if (m_conflicts)
        clearConflicts();
    for (const auto &obj : m_new) {
        st(*obj).setState(ObjectState::Transient);
        st(*obj).setSession(nullptr);
    }
    m_new.clear();
    m_deleted.clear();
    m_orphans.clear();
}

void Session::close()
{
    if (m_ownsTransaction && connection().inTransaction())
        connection().rollback();
    m_journals.clear();
    m_savepointNames.clear();
    m_ownsTransaction = false;
    expungeAll();
}

std::optional<ResultSet> Session::runRaw(Statement &stmt)
{
    ResultSet result;
    const int n = stmt.columnCount();
    for (int i = 0; i < n; ++i)
        result.columns << stmt.columnName(i);
    while (stmt.next()) {
        QVariantList row;
        row.reserve(n);
        for (int i = 0; i < n; ++i)
            row << stmt.value(i);
        result.rows << row;
    }
    if (stmt.hasError()) {
        m_lastError = connection().lastError();
        return std::nullopt;
    }
    result.rowsAffected = n == 0 ? connection().changes() : 0;
    return result;
}

std::optional<ResultSet> Session::execute(const QString &sql, const QVariantList &params)
{
    m_lastError = Error();
    Statement stmt = connection().prepare(sql);
    if (!stmt.isValid()) {
        m_lastError = connection().lastError();
        return std::nullopt;
    }
    stmt.bindValues(params);
    return runRaw(stmt);
}

std::optional<ResultSet> Session::execute(const QString &sql, const QVariantMap &named)
{
    m_lastError = Error();
    Statement stmt = connection().prepare(sql);
    if (!stmt.isValid()) {
        m_lastError = connection().lastError();
        return std::nullopt;
    }
    for (auto it = named.cbegin(); it != named.cend(); ++it) {
        if (!stmt.bindNamed(it.key(), it.value())) {
            m_lastError =
                Error(Error::Kind::Usage,
                      QStringLiteral("The statement has no parameter named %1").arg(it.key()));
            return std::nullopt;
        }
    }
    return runRaw(stmt);
}

void Session::syncAfterBulkUpdate(const EntityMeta &meta, const QVariantList &keys,
                                  const QList<std::pair<int, QVariant>> &assignments)
{
    if (m_journals.empty())
        m_journals.push_back(std::make_unique<Journal>());
    Journal &journal = *m_journals.back();
    for (const QVariant &key : keys) {
        auto obj = identityLookup(meta, key);
        if (!obj)
            continue;
        JournalEntry &entry = journal.record(obj);
        std::unique_ptr<detail::Snapshot> baseline = st(*obj).baseline()->clone();
        for (const auto &[column, value] : assignments) {
            (void)baseline->setValue(column, value);
            Journal::setValue(entry, column, value);
        }
        Journal::replaceBaseline(entry, std::move(baseline));
        Q_EMIT objectChanged(obj.get(), -1);
    }
}

void Session::syncAfterBulkDelete(const EntityMeta &meta, const QVariantList &keys)
{
    if (m_journals.empty())
        m_journals.push_back(std::make_unique<Journal>());
    Journal &journal = *m_journals.back();
    for (const QVariant &key : keys) {
        auto obj = identityLookup(meta, key);
        if (!obj)
            continue;
        journal.record(obj);
        identityRemove(*obj);
        std::erase_if(m_deleted, [&obj](const auto &p) { return p == obj; });
        detail::InstanceState &s = st(*obj);
        s.setState(ObjectState::Deleted);
        s.setMarkedForDeletion(false);
    }
}

QStringList Session::pendingSql() const
{
    QStringList out;
    for (const PendingStatement &statement : pendingStatements())
        out << statement.sql;
    return out;
}

std::shared_ptr<Entity> Session::pendingReference(const Entity &object, int column) const
{
    for (const auto &rel : object.entityMeta().relationships()) {
        if (!rel->foreignKeyOnOwner || rel->isCollection() || !rel->localColumns().contains(column))
            continue;
        // Loaded: relatedOne() answers from memory, without SQL.
        auto &owner = const_cast<Entity &>(object);
        if (!isRelationLoaded(owner, *rel))
            continue;
        auto *self = const_cast<Session *>(this);
        const std::shared_ptr<Entity> target = self->relatedOne(owner, *rel);
        if (target && target->entityMeta().isKeyUnset(*target))
            return target;
    }
    return nullptr;
}

std::vector<Session::PendingStatement> Session::pendingStatements() const
{
    std::vector<PendingStatement> out;
    const Dialect &d = dialect();
    // A column's staged value, or the new row whose key it receives.
    auto staged = [this](const Entity &object, int column) {
        PendingValue v {object.entityMeta().column(column).access->get(object), nullptr, false};
        if (auto target = pendingReference(object, column)) {
            v.value = QVariant();
            v.keyOf = std::move(target);
        }
        return v;
    };
    auto committed = [this](const Entity &object, int column) {
        return PendingValue {committedValue(object, column), nullptr, false};
    };
    // The key and the checked columns of a WHERE, as keyAndCheckCondition() writes it.
    auto where = [&committed](PendingStatement &statement, const Entity &object,
                              const QList<int> &checked) {
        const EntityMeta &meta = object.entityMeta();
        for (int p : meta.primaryKeyColumns())
            statement.values.push_back(committed(object, p));
        for (int c : checked)
            statement.values.push_back(committed(object, c));
    };
    // The key of one side of an association row.
    auto keyOf = [](const std::shared_ptr<Entity> &object, const QList<int> &columns) {
        std::vector<PendingValue> values;
        const bool unset = object->entityMeta().isKeyUnset(*object);
        for (int c : columns) {
            values.push_back(PendingValue {
                unset || c < 0 ? QVariant() : object->entityMeta().column(c).access->get(*object),
                unset ? object : nullptr, false});
        }
        return values;
    };
    for (const PendingChange &change : pendingChanges()) {
        const EntityMeta &meta = change.object->entityMeta();
        const Entity &object = *change.object;
        PendingStatement statement;
        switch (change.kind) {
        case PendingChange::Kind::New: {
            QStringList names;
            for (int i = 0; i < meta.columnCount(); ++i) {
                if (i != meta.autoincrementColumn() || !meta.isKeyUnset(object)) {
                    names << meta.column(i).column.name;
                    statement.values.push_back(staged(object, i));
                }
            }
            statement.sql = compileInsert(d, meta.schema(), meta.tableName(), names).sql;
            break;
        }
        case PendingChange::Kind::Modified: {
            QList<int> columns = change.columns;
            const QList<int> checked = updateChecks(meta, columns);
            for (int i : std::as_const(columns))
                statement.values.push_back(staged(object, i));
            for (int i = 0; i < meta.columnCount(); ++i) {
                const Column &c = meta.column(i).column;
                if (columns.contains(i))
                    continue;
                if (i == meta.versionColumn()) {
                    columns << i;
                    statement.values.push_back(
                        {committedValue(object, i).toLongLong() + 1, nullptr, true});
                } else if (c.onUpdate) {
                    columns << i;
                    statement.values.push_back({c.onUpdate(), nullptr, true});
                }
            }
            statement.sql = checkedUpdateSql(d, meta, columns, checked);
            where(statement, object, checked);
            break;
        }
        case PendingChange::Kind::Deleted: {
            const QList<int> checked = deleteChecks(meta);
            statement.sql = checkedDeleteSql(d, meta, checked);
            where(statement, object, checked);
            break;
        }
        case PendingChange::Kind::Linked:
        case PendingChange::Kind::Unlinked: {
            const RelationshipMeta &rel = *change.relationship;
            QStringList columns = rel.secondaryLocal + rel.secondaryRemote;
            for (PendingValue &v : keyOf(change.object, rel.localColumns()))
                statement.values.push_back(std::move(v));
            for (PendingValue &v : keyOf(change.related, rel.remoteColumns()))
                statement.values.push_back(std::move(v));
            if (change.kind == PendingChange::Kind::Linked) {
                // The link's other columns that were given, as the flush writes them.
                const QVariantMap extra = linkValues(*change.object, rel, *change.related);
                for (const Column &c : rel.secondaryExtra) {
                    if (const auto it = extra.constFind(c.name); it != extra.cend()) {
                        columns << c.name;
                        statement.values.push_back(PendingValue {it.value(), nullptr, false});
                    }
                }
                statement.sql = compileInsert(d, rel.secondarySchema, rel.secondary, columns).sql;
            } else {
                QStringList conditions;
                for (const QString &col : columns)
                    conditions << d.quoteIdentifier(col) + QStringLiteral(" = ?");
                statement.sql = QStringLiteral("DELETE FROM %1 WHERE %2")
                                    .arg(d.tableReference(rel.secondarySchema, rel.secondary),
                                         conditions.join(QStringLiteral(" AND ")));
            }
            break;
        }
        }
        out.push_back(std::move(statement));
    }
    return out;
}

} // namespace orm
