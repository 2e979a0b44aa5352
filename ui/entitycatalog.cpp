// SPDX-License-Identifier: MIT
#include "ui/entitycatalog.h"

#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "orm/session/session.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ui {

EntityCatalog::EntityCatalog(const QList<const orm::EntityMeta *> &entities)
    : m_entities(entities)
{
    for (const orm::EntityMeta *meta : entities) {
        QList<ForeignKeyLink> links;
        auto addLink = [&links](const ForeignKeyLink &link) {
            for (ForeignKeyLink &existing : links) {
                if (existing.column == link.column) {
                    if (!existing.relationship)
                        existing.relationship = link.relationship;
                    return;
                }
            }
            links.append(link);
        };
        // Relationships first: they name the target explicitly.
        for (const auto &rel : meta->relationships()) {
            const bool ownerSide = rel->kind == orm::RelationshipKind::ManyToOne
                || (rel->kind == orm::RelationshipKind::OneToOne && rel->foreignKeyOnOwner);
            if (!ownerSide || rel->localColumns().size() != 1 || rel->remoteColumns().size() != 1)
                continue;
            addLink(ForeignKeyLink {rel->localColumns().first(), &rel->target(),
                                    rel->remoteColumns().first(), rel.get()});
        }
        for (const orm::ForeignKey &fk : meta->table().foreignKeys()) {
            if (fk.columns.size() != 1)
                continue;
            const int column = meta->columnIndex(fk.columns.first());
            const orm::EntityMeta *target = entityForTable(fk.referredTable);
            if (column < 0 || !target)
                continue;
            int targetColumn =
                fk.referredColumns.isEmpty() ? -1 : target->columnIndex(fk.referredColumns.first());
            if (targetColumn < 0 && target->primaryKeyColumns().size() == 1)
                targetColumn = target->primaryKeyColumns().first();
            if (targetColumn >= 0)
                addLink(ForeignKeyLink {column, target, targetColumn, nullptr});
        }
        m_foreignKeys.insert(meta, links);
    }
}

const orm::EntityMeta *EntityCatalog::entityForTable(const QString &table) const
{
    for (const orm::EntityMeta *meta : m_entities) {
        if (meta->tableName() == table)
            return meta;
    }
    return nullptr;
}

const orm::EntityMeta *EntityCatalog::entityByName(const QString &name) const
{
    for (const orm::EntityMeta *meta : m_entities) {
        if (meta->name() == name)
            return meta;
    }
    return nullptr;
}

ForeignKeyLink EntityCatalog::foreignKey(const orm::EntityMeta &meta, int column) const
{
    const auto it = m_foreignKeys.constFind(&meta);
    if (it == m_foreignKeys.cend())
        return {};
    for (const ForeignKeyLink &link : *it) {
        if (link.column == column)
            return link;
    }
    return {};
}

QList<ForeignKeyLink> EntityCatalog::foreignKeys(const orm::EntityMeta &meta) const
{
    return m_foreignKeys.value(&meta);
}

QString EntityCatalog::columnLabel(const orm::EntityMeta &meta, int column)
{
    const orm::ColumnMeta &c = meta.column(column);
    return c.label.isEmpty() ? c.column.name : c.label;
}

bool EntityCatalog::isRequired(const orm::EntityMeta &meta, int column)
{
    const orm::Column &c = meta.column(column).column;
    return !c.nullable && !c.autoincrement && !c.hasDefault() && !c.isGenerated();
}

bool EntityCatalog::isGeneratedKey(const orm::EntityMeta &meta, int column)
{
    return column == meta.autoincrementColumn();
}

QList<int> EntityCatalog::textColumns(const orm::EntityMeta &meta)
{
    QList<int> out;
    for (int i = 0; i < meta.columnCount(); ++i) {
        if (meta.column(i).column.type.isText())
            out << i;
    }
    return out;
}

bool EntityCatalog::leadsAnIndex(const orm::EntityMeta &meta, int column)
{
    const orm::Column &c = meta.column(column).column;
    if (c.unique || c.index || meta.primaryKeyColumns().value(0, -1) == column)
        return true;
    for (const orm::UniqueConstraint &u : meta.table().uniqueConstraints()) {
        if (u.columns.value(0) == c.name)
            return true;
    }
    for (const orm::Index &i : meta.table().indexes()) {
        if (i.columns.value(0) == c.name)
            return true;
    }
    return false;
}

QList<QList<int>> EntityCatalog::uniqueColumnSets(const orm::EntityMeta &meta)
{
    QList<QList<int>> sets;
    auto add = [&sets, &meta](const QStringList &names) {
        QList<int> set;
        for (const QString &n : names) {
            const int i = meta.columnIndex(n);
            if (i < 0)
                return;
            set << i;
        }
        std::sort(set.begin(), set.end());
        if (set.isEmpty() || sets.contains(set))
            return;
        QList<int> key = meta.primaryKeyColumns();
        std::sort(key.begin(), key.end());
        if (set == key)
            return;
        sets << set;
    };
    for (int i = 0; i < meta.columnCount(); ++i) {
        const orm::Column &c = meta.column(i).column;
        if (c.unique && !c.primaryKey)
            add({c.name});
    }
    for (const orm::UniqueConstraint &u : meta.table().uniqueConstraints())
        add(u.columns);
    for (const orm::Index &index : meta.table().indexes()) {
        if (index.unique)
            add(index.columns);
    }
    return sets;
}

QString EntityCatalog::recordName(const orm::EntityMeta &meta)
{
    QString name = meta.name();
    name.replace(u'_', u' ');
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name;
}

QString EntityCatalog::newLabel(const orm::EntityMeta &meta)
{
    return QCoreApplication::translate("ui::EntityCatalog", "New %1").arg(recordName(meta));
}

namespace {

bool isNew(const orm::Entity &object)
{
    return object.objectState() == orm::ObjectState::Pending
        || object.objectState() == orm::ObjectState::Transient;
}

// The many-to-one over this key column alone, to a single-column key: the row that a part of a
// composite key names.
const orm::RelationshipMeta *keyReference(const orm::EntityMeta &meta, int column)
{
    for (const auto &rel : meta.relationships()) {
        const bool ownerSide = rel->kind == orm::RelationshipKind::ManyToOne
            || (rel->kind == orm::RelationshipKind::OneToOne && rel->foreignKeyOnOwner);
        if (ownerSide && rel->localColumns() == QList<int> {column}
            && rel->remoteColumns() == rel->target().primaryKeyColumns()
            && rel->remoteColumns().size() == 1)
            return rel.get();
    }
    return nullptr;
}

QString compositeLabel(const orm::Entity &object)
{
    const orm::EntityMeta &meta = object.entityMeta();
    orm::Session *session = object.session();
    QStringList parts;
    bool referred = false;
    bool unset = false;
    for (int column : meta.primaryKeyColumns()) {
        const QVariant value = object.value(column);
        if (const orm::RelationshipMeta *rel = keyReference(meta, column)) {
            std::shared_ptr<orm::Entity> target;
            if (session) {
                target = session->pendingReference(object, column);
                if (!target && !value.isNull())
                    target = session->identityLookup(rel->target(), value);
            }
            if (target || !value.isNull()) {
                referred = true;
                parts << (target
                              ? EntityCatalog::labelOf(*target)
                              : EntityCatalog::recordName(rel->target()) + u' ' + value.toString());
                continue;
            }
        }
        unset = unset || value.isNull();
        parts << (value.isNull() ? u"NULL"_s : value.toString());
    }
    if (unset && isNew(object))
        return EntityCatalog::newLabel(meta);
    const QString joined = parts.join(u" · "_s);
    return referred ? joined : EntityCatalog::recordName(meta) + u' ' + joined;
}

} // namespace

QString EntityCatalog::labelOf(const orm::Entity &object)
{
    const orm::EntityMeta &meta = object.entityMeta();
    if (meta.labelColumn() >= 0) {
        const QVariant v = object.value(meta.labelColumn());
        if (!v.isNull() && !v.toString().isEmpty())
            return v.toString();
    }
    const QList<int> &key = meta.primaryKeyColumns();
    if (key.size() > 1)
        return compositeLabel(object);
    if (key.isEmpty())
        return recordName(meta);
    const QString value = object.value(key.first()).toString();
    if (isNew(object) && (meta.isKeyUnset(object) || value.isEmpty()))
        return newLabel(meta);
    return recordName(meta) + u' ' + value;
}

QString EntityCatalog::describe(const orm::Entity &object)
{
    const orm::EntityMeta &meta = object.entityMeta();
    const QList<int> &key = meta.primaryKeyColumns();
    if (key.isEmpty() || meta.isKeyUnset(object))
        return recordName(meta);
    QStringList parts;
    for (int column : key) {
        const QVariant value = object.value(column);
        if (value.isNull())
            return recordName(meta);
        parts << value.toString();
    }
    if (key.size() == 1)
        return recordName(meta) + u" #"_s + parts.first();
    return recordName(meta) + u" ("_s + parts.join(u", "_s) + u')';
}

QList<EntityCatalog::KeyTargets>
EntityCatalog::missingKeyTargets(orm::Session &session,
                                 const std::vector<std::shared_ptr<orm::Entity>> &objects)
{
    // The keys to read, per referred entity (in a list: the order of the objects).
    QList<KeyTargets> wanted;
    QSet<QString> seen;
    for (const auto &object : objects) {
        const orm::EntityMeta &meta = object->entityMeta();
        if (meta.primaryKeyColumns().size() < 2)
            continue;
        for (int column : meta.primaryKeyColumns()) {
            const orm::RelationshipMeta *rel = keyReference(meta, column);
            const QVariant value = object->value(column);
            if (!rel || value.isNull() || rel->target().labelColumn() < 0
                || session.identityLookup(rel->target(), value))
                continue;
            const orm::EntityMeta *target = &rel->target();
            if (seen.contains(target->name() + u'\x1f' + value.toString()))
                continue;
            seen.insert(target->name() + u'\x1f' + value.toString());
            auto it = std::find_if(wanted.begin(), wanted.end(),
                                   [target](const auto &w) { return w.target == target; });
            if (it == wanted.end())
                it = wanted.insert(wanted.end(), {target, {}});
            it->keys << value;
        }
    }
    return wanted;
}

void EntityCatalog::loadKeyTargets(orm::Session &session,
                                   const std::vector<std::shared_ptr<orm::Entity>> &objects)
{
    for (const KeyTargets &wanted : missingKeyTargets(session, objects)) {
        const orm::EntityMeta &target = *wanted.target;
        const orm::Expr &key = target.column(target.primaryKeyColumns().first()).expr;
        for (qsizetype at = 0; at < wanted.keys.size(); at += keyTargetChunk)
            session.query(target).filter(key.in(wanted.keys.mid(at, keyTargetChunk))).allEntities();
    }
}

} // namespace ui
