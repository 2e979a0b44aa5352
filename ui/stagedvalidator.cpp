// SPDX-License-Identifier: MIT
#include "ui/stagedvalidator.h"

#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "ui/backgroundreader.h"
#include "ui/entitycatalog.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace ui {

namespace {
bool sameValue(const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    return a == b;
}
} // namespace

StagedValidator::StagedValidator(orm::Session *session, const EntityCatalog *catalog,
                                 QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_catalog(catalog)
{
    connect(session, &orm::Session::objectChanged, this, &StagedValidator::onObjectChanged);
}

QHash<int, QString> StagedValidator::errors(const orm::Entity &object) const
{
    QHash<int, QString> out = m_entries.value(&object).errors;
    const auto commit = m_commitErrors.constFind(&object);
    if (commit != m_commitErrors.cend()) {
        for (auto it = commit->cbegin(); it != commit->cend(); ++it)
            out.insert(it.key(), it.value());
    }
    const auto refused = m_refused.constFind(&object);
    if (refused != m_refused.cend()) {
        for (auto it = refused->fields.cbegin(); it != refused->fields.cend(); ++it)
            out.insert(it.key(), it.value().second);
    }
    return out;
}

QString StagedValidator::error(const orm::Entity &object, int column) const
{
    const auto refused = m_refused.constFind(&object);
    if (refused != m_refused.cend() && refused->fields.contains(column))
        return refused->fields.value(column).second;
    const auto commit = m_commitErrors.constFind(&object);
    if (commit != m_commitErrors.cend() && commit->contains(column))
        return commit->value(column);
    const auto it = m_entries.constFind(&object);
    return it == m_entries.cend() ? QString() : it->errors.value(column);
}

bool StagedValidator::hasErrors() const
{
    return invalidObjectCount() > 0;
}

int StagedValidator::invalidObjectCount() const
{
    return int(invalidObjects().size());
}

std::vector<std::shared_ptr<orm::Entity>> StagedValidator::invalidObjects() const
{
    // Objects with a validation error, or with a field the database refused (until it changes).
    std::vector<std::shared_ptr<orm::Entity>> out;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (!it->errors.isEmpty() || m_commitErrors.contains(it.key())
            || m_refused.contains(it.key()))
            out.push_back(it->object);
    }
    // A field that refused what was typed, on a record with nothing staged yet.
    for (auto it = m_refused.cbegin(); it != m_refused.cend(); ++it) {
        if (!m_entries.contains(it.key()) && it->object->session())
            out.push_back(it->object);
    }
    return out;
}

void StagedValidator::onObjectChanged(orm::Entity *object, int column)
{
    m_dirty.insert(object);
    const orm::EntityMeta &meta = object->entityMeta();
    for (const QList<int> &set : EntityCatalog::uniqueColumnSets(meta)) {
        if (column < 0 || set.contains(column)) {
            m_touchedMetas.insert(&meta);
            break;
        }
    }
    // A field the user changed no longer carries the database's old complaint; nor does the
    // record, when the database named no field (a value of a type it could not read, a check
    // over several columns): the next commit asks it again.
    auto it = m_commitErrors.find(object);
    if (it != m_commitErrors.end()) {
        if (column < 0) {
            m_commitErrors.erase(it);
            m_commitErrorsChanged = true;
        } else if (it->remove(column) + it->remove(-1) > 0) {
            if (it->isEmpty())
                m_commitErrors.erase(it);
            m_commitErrorsChanged = true;
        }
    }
    // A value given to that field (staged, undone, reverted) replaces the one it refused; the
    // record read again (column -1: another program's change) leaves what was typed shown.
    auto refused = m_refused.find(object);
    if (column >= 0 && refused != m_refused.end() && refused->fields.remove(column) > 0) {
        if (refused->fields.isEmpty())
            m_refused.erase(refused);
        m_commitErrorsChanged = true;
    }
}

void StagedValidator::setRefused(const std::shared_ptr<orm::Entity> &object, int column,
                                 const QVariant &typed, const QString &message)
{
    if (!object)
        return;
    Refused &refused = m_refused[object.get()];
    refused.object = object;
    refused.fields.insert(column, {typed, message});
    Q_EMIT errorsChanged();
}

void StagedValidator::clearRefused(const orm::Entity &object, int column)
{
    auto it = m_refused.find(&object);
    if (it == m_refused.end() || it->fields.remove(column) == 0)
        return;
    if (it->fields.isEmpty())
        m_refused.erase(it);
    Q_EMIT errorsChanged();
}

QVariant StagedValidator::refusedValue(const orm::Entity &object, int column) const
{
    const auto it = m_refused.constFind(&object);
    return it == m_refused.cend() ? QVariant() : it->fields.value(column).first;
}

void StagedValidator::update(const QList<orm::PendingChange> &changes)
{
    bool changed = std::exchange(m_commitErrorsChanged, false);
    QHash<const orm::Entity *, std::shared_ptr<orm::Entity>> staged;
    m_stagedByMeta.clear();
    for (const orm::PendingChange &c : changes) {
        if (c.kind != orm::PendingChange::Kind::New && c.kind != orm::PendingChange::Kind::Modified)
            continue;
        staged.insert(c.object.get(), c.object);
        m_stagedByMeta[&c.object->entityMeta()].push_back(c.object);
    }
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (!staged.contains(it.key())) {
            if (!it->errors.isEmpty())
                changed = true;
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = m_commitErrors.begin(); it != m_commitErrors.end();) {
        if (!staged.contains(it.key()) && !m_session->isMarkedForDeletion(*it.key())) {
            it = m_commitErrors.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    // A record let go (its rows read again without it) is no longer shown anywhere: what was
    // typed into it cannot be fixed, and must not hold the commit up.
    for (auto it = m_refused.begin(); it != m_refused.end();) {
        if (!it->object->session() && !staged.contains(it.key())) {
            it = m_refused.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    for (auto it = staged.cbegin(); it != staged.cend(); ++it) {
        const orm::Entity *key = it.key();
        const bool known = m_entries.contains(key);
        if (known && !m_dirty.contains(key) && !m_touchedMetas.contains(&key->entityMeta()))
            continue;
        QHash<int, QString> errors = validate(*it.value());
        Entry &entry = m_entries[key];
        if (!known || entry.errors != errors)
            changed = true;
        entry.object = it.value();
        entry.errors = std::move(errors);
    }
    m_dirty.clear();
    m_touchedMetas.clear();
    if (changed)
        Q_EMIT errorsChanged();
}

void StagedValidator::recheck(const QList<orm::PendingChange> &changes)
{
    if (!std::exchange(m_unanswered, false))
        return;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        m_dirty.insert(it.key());
    update(changes);
}

void StagedValidator::setBackgroundReader(BackgroundReader *reader)
{
    if (m_reader)
        disconnect(m_reader, nullptr, this, nullptr);
    m_reader = reader;
    if (m_reader)
        connect(m_reader, &BackgroundReader::rowsReady, this, &StagedValidator::onRowsReady);
}

bool StagedValidator::ask(const orm::QueryBase &query, const QList<orm::Expr> &columns,
                          const QString &cacheKey, const orm::EntityMeta *uniqueOf) const
{
    if (!m_reader)
        return false;
    if (!m_askedKeys.contains(cacheKey)) {
        m_askedKeys.insert(cacheKey);
        m_asked.insert(m_reader->requestRows(query, columns), {cacheKey, uniqueOf, m_generation});
    }
    return true;
}

void StagedValidator::onRowsReady(quint64 id, const QList<QVariantList> &rows, const QString &error)
{
    const auto it = m_asked.constFind(id);
    if (it == m_asked.cend())
        return; // another reader of the window's
    const Asked asked = *it;
    m_asked.erase(it);
    if (asked.generation != m_generation)
        return; // asked before a commit or a discard: read again if still wanted
    m_askedKeys.remove(asked.cacheKey);
    if (!error.isEmpty())
        return; // unknown, as a check that met a lock: the commit is the last word
    if (asked.uniqueOf)
        m_uniqueCache.insert(asked.cacheKey, conflictsOf(*asked.uniqueOf, rows));
    else
        m_existsCache.insert(asked.cacheKey, !rows.isEmpty());
    m_unanswered = true; // what recheck() looks for
    Q_EMIT answered();
}

void StagedValidator::reset()
{
    m_uniqueCache.clear();
    m_existsCache.clear();
    ++m_generation;
    m_askedKeys.clear();
    if (!m_refused.isEmpty()) {
        m_refused.clear();
        m_commitErrorsChanged = true;
    }
    if (!m_commitErrors.isEmpty()) {
        m_commitErrors.clear();
        m_commitErrorsChanged = true;
    }
}

void StagedValidator::setCommitError(const orm::Error &error)
{
    const std::shared_ptr<orm::Entity> object = error.object();
    if (!object)
        return;
    const orm::EntityMeta &meta = object->entityMeta();
    QHash<int, QString> &fields = m_commitErrors[object.get()];
    const QString reason = [&error] {
        switch (error.constraint()) {
        case orm::Error::Constraint::Unique:
            return QCoreApplication::translate(
                "ui::StagedValidator", "already used by another row (refused by the database)");
        case orm::Error::Constraint::NotNull:
            return QCoreApplication::translate("ui::StagedValidator",
                                               "required (refused by the database)");
        case orm::Error::Constraint::ForeignKey:
            return QCoreApplication::translate(
                "ui::StagedValidator",
                "refers to a row that does not exist, or is still referred to");
        default:
            return error.message();
        }
    }();
    bool placed = false;
    for (const orm::Error::FieldError &f : error.fieldErrors()) {
        const int column = meta.columnIndex(f.column);
        fields.insert(column, f.message);
        placed = true;
    }
    if (!placed) {
        for (const QString &name : error.columns()) {
            const int column = meta.columnIndex(name);
            if (column >= 0) {
                fields.insert(column, reason);
                placed = true;
            }
        }
    }
    if (!placed)
        fields.insert(-1, error.message().isEmpty() ? error.text() : error.message());
    Q_EMIT errorsChanged();
}

QHash<int, QString> StagedValidator::validate(const orm::Entity &object) const
{
    QHash<int, QString> errors;
    const orm::EntityMeta &meta = object.entityMeta();
    for (int i = 0; i < meta.columnCount(); ++i) {
        // A value kept as stored is flagged as such, and written back unchanged: it does not
        // block the commit of other edits (the session checks only what changed, too).
        if (EntityCatalog::isGeneratedKey(meta, i) || meta.column(i).access->isStoredAsIs(object))
            continue;
        const QString message = columnError(object, i, object.value(i));
        if (!message.isEmpty())
            errors.insert(i, message);
    }
    for (const QList<int> &set : EntityCatalog::uniqueColumnSets(meta)) {
        QVariantList values;
        bool skip = false;
        for (int c : set) {
            const QVariant v = object.value(c);
            if (v.isNull() || errors.contains(c)) {
                skip = true;
                break;
            }
            values << v;
        }
        if (skip)
            continue;
        const QString message = uniqueError(object, set, values);
        if (!message.isEmpty())
            errors.insert(set.last(), message);
    }
    for (const auto &validator : meta.entityValidators()) {
        for (const orm::Error::FieldError &f : validator(object)) {
            const int column = meta.columnIndex(f.column);
            if (!errors.contains(column))
                errors.insert(column, f.message);
        }
    }
    return errors;
}

QString StagedValidator::checkValue(const orm::Entity &object, int column,
                                    const QVariant &value) const
{
    const orm::EntityMeta &meta = object.entityMeta();
    QString message = columnError(object, column, value);
    if (!message.isEmpty())
        return message;
    for (const QList<int> &set : EntityCatalog::uniqueColumnSets(meta)) {
        if (!set.contains(column))
            continue;
        QVariantList values;
        bool skip = false;
        for (int c : set) {
            const QVariant v = c == column ? value : object.value(c);
            if (v.isNull()) {
                skip = true;
                break;
            }
            values << v;
        }
        if (!skip) {
            message = uniqueError(object, set, values);
            if (!message.isEmpty())
                return message;
        }
    }
    return {};
}

QString StagedValidator::columnError(const orm::Entity &object, int column,
                                     const QVariant &value) const
{
    const orm::EntityMeta &meta = object.entityMeta();
    const QString message = meta.validateValue(column, value);
    if (!message.isEmpty())
        return message;
    return foreignKeyError(object, column, value);
}

QString StagedValidator::foreignKeyError(const orm::Entity &object, int column,
                                         const QVariant &value) const
{
    if (!m_catalog || value.isNull())
        return {};
    const ForeignKeyLink link = m_catalog->foreignKey(object.entityMeta(), column);
    if (!link.isValid())
        return {};
    auto &self = const_cast<orm::Entity &>(object);
    // Linked through the relationship to an object that has no key yet: the session sets the
    // foreign key when it inserts them.
    if (link.relationship && m_session->isRelationLoaded(self, *link.relationship)
        && m_session->relatedOne(self, *link.relationship)) {
        return {};
    }
    const orm::EntityMeta &target = *link.target;
    const bool isKey = target.primaryKeyColumns() == QList<int> {link.targetColumn};
    if (isKey) {
        if (const auto found = m_session->identityLookup(target, value)) {
            if (m_session->isMarkedForDeletion(*found)) {
                return QCoreApplication::translate("ui::StagedValidator",
                                                   "%1 is marked for deletion")
                    .arg(EntityCatalog::labelOf(*found));
            }
            return {};
        }
    }
    const QString cacheKey =
        target.name() + u'\x1f' + QString::number(link.targetColumn) + u'\x1f' + value.toString();
    auto it = m_existsCache.constFind(cacheKey);
    if (it == m_existsCache.cend()) {
        const orm::Column &key = target.column(link.targetColumn).column;
        const orm::QueryBase query = m_session->query(target).filterBy(key.name, value).limit(1);
        const QList<orm::Expr> columns {orm::Expr::column(target.tableName(), key.name, key.type)};
        if (ask(query, columns, cacheKey, nullptr))
            return {}; // no error until the answer comes
        const auto found = query.rows(columns);
        if (!found) {
            m_unanswered = true; // not known yet: no error, and asked again
            return {};
        }
        it = m_existsCache.insert(cacheKey, !found->isEmpty());
    }
    if (*it)
        return {};
    const bool unset =
        value.toLongLong() == 0 && target.column(link.targetColumn).column.type.isIntegral();
    if (unset && !object.entityMeta().column(column).column.nullable)
        return QCoreApplication::translate("orm", "required");
    return QCoreApplication::translate("ui::StagedValidator", "no %1 has the key %2")
        .arg(EntityCatalog::recordName(target).toLower(), value.toString());
}

QString StagedValidator::uniqueError(const orm::Entity &object, const QList<int> &columns,
                                     const QVariantList &values) const
{
    const orm::EntityMeta &meta = object.entityMeta();
    // Against the other staged objects of the same entity.
    for (const auto &other : m_stagedByMeta.value(&meta)) {
        if (other.get() == &object)
            continue;
        bool same = true;
        for (int k = 0; k < columns.size() && same; ++k)
            same = sameValue(other->value(columns.at(k)), values.at(k));
        if (same) {
            return QCoreApplication::translate("ui::StagedValidator",
                                               "also used by %1 (not committed yet)")
                .arg(EntityCatalog::labelOf(*other));
        }
    }
    // Against the database, without the row itself.
    const QList<int> &pk = meta.primaryKeyColumns();
    if (pk.isEmpty())
        return {};
    const bool persistent = object.objectState() == orm::ObjectState::Persistent;
    QString cacheKey = meta.name();
    for (int k = 0; k < columns.size(); ++k)
        cacheKey += u'\x1f' + QString::number(columns.at(k)) + u'=' + values.at(k).toString();
    if (persistent) {
        for (int p : pk)
            cacheKey += u'\x1e' + m_session->committedValue(object, p).toString();
    }
    auto it = m_uniqueCache.constFind(cacheKey);
    if (it == m_uniqueCache.cend()) {
        orm::QueryBase query = m_session->query(meta);
        for (int k = 0; k < columns.size(); ++k)
            query = query.filterBy(meta.column(columns.at(k)).column.name, values.at(k));
        if (persistent) {
            QList<orm::Expr> same;
            for (int p : pk) {
                const orm::Column &c = meta.column(p).column;
                same << (orm::Expr::column(meta.tableName(), c.name, c.type)
                         == m_session->committedValue(object, p));
            }
            query = query.filter(!orm::Expr::allOf(same));
        }
        QList<orm::Expr> wanted;
        for (int p : pk)
            wanted << orm::Expr::column(meta.tableName(), meta.column(p).column.name);
        const int label = meta.labelColumn();
        if (label >= 0)
            wanted << orm::Expr::column(meta.tableName(), meta.column(label).column.name);
        query = query.limit(5);
        if (ask(query, wanted, cacheKey, &meta))
            return {}; // no error until the answer comes
        const auto rows = query.rows(wanted);
        if (!rows) {
            m_unanswered = true; // not known yet: no error, and asked again
            return {};
        }
        it = m_uniqueCache.insert(cacheKey, conflictsOf(meta, *rows));
    }
    for (const Conflict &c : *it) {
        // A row whose staged edit or deletion frees the value is no conflict.
        if (const auto other = m_session->identityLookup(meta, c.key)) {
            if (other.get() == &object || m_session->isMarkedForDeletion(*other))
                continue;
            bool same = true;
            for (int k = 0; k < columns.size() && same; ++k)
                same = sameValue(other->value(columns.at(k)), values.at(k));
            if (!same)
                continue;
        }
        return QCoreApplication::translate("ui::StagedValidator", "already used by %1")
            .arg(c.label);
    }
    return {};
}

QList<StagedValidator::Conflict> StagedValidator::conflictsOf(const orm::EntityMeta &meta,
                                                              const QList<QVariantList> &rows)
{
    const QList<int> &pk = meta.primaryKeyColumns();
    const bool labelled = meta.labelColumn() >= 0;
    QList<Conflict> conflicts;
    for (const QVariantList &row : rows) {
        QVariant key;
        if (pk.size() == 1) {
            key = orm::storage::fromStorage(row.value(0), meta.column(pk.first()).column.type);
        } else {
            QVariantList parts;
            for (int k = 0; k < pk.size(); ++k)
                parts << orm::storage::fromStorage(row.value(k), meta.column(pk.at(k)).column.type);
            key = parts;
        }
        conflicts.append({key, labelled ? row.value(pk.size()).toString() : key.toString()});
    }
    return conflicts;
}

} // namespace ui
