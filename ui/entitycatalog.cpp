#include "ui/entitycatalog.h"

#include "orm/relationship.h"

#include <QCoreApplication>

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
    return !c.nullable && !c.autoincrement && !c.hasDefault();
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

QString EntityCatalog::labelOf(const orm::Entity &object)
{
    const orm::EntityMeta &meta = object.entityMeta();
    if (meta.labelColumn() >= 0) {
        const QVariant v = object.value(meta.labelColumn());
        if (!v.isNull() && !v.toString().isEmpty())
            return v.toString();
    }
    if (meta.hasAutoincrementKey() && meta.isKeyUnset(object))
        return QCoreApplication::translate("ui::EntityCatalog", "new %1").arg(meta.name());
    return object.describe();
}

} // namespace ui
