#pragma once

#include "orm/entitymeta.h"

#include <QHash>
#include <QList>

namespace ui {

// Where a foreign-key column points: the target entity and the column it refers to.
struct ForeignKeyLink
{
    int column = -1;
    const orm::EntityMeta *target = nullptr;
    int targetColumn = -1;
    const orm::RelationshipMeta *relationship = nullptr; // the many-to-one over it, if declared

    bool isValid() const { return target != nullptr && targetColumn >= 0; }
};

// The entities of one database and what the user interface derives from their metadata:
// foreign keys (from the table's foreign keys and the many-to-one relationships), labels,
// required and unique columns. Generic: it knows nothing of any particular model.
class EntityCatalog
{
public:
    EntityCatalog() = default;
    explicit EntityCatalog(const QList<const orm::EntityMeta *> &entities);

    const QList<const orm::EntityMeta *> &entities() const { return m_entities; }
    const orm::EntityMeta *entityForTable(const QString &table) const;
    const orm::EntityMeta *entityByName(const QString &name) const;

    // An invalid link when the column is not a foreign key to a known entity.
    ForeignKeyLink foreignKey(const orm::EntityMeta &meta, int column) const;
    QList<ForeignKeyLink> foreignKeys(const orm::EntityMeta &meta) const;

    // "Username" (the declared label, else the column name).
    static QString columnLabel(const orm::EntityMeta &meta, int column);
    // Must be given by the user: NOT NULL, no default, not assigned by the database.
    static bool isRequired(const orm::EntityMeta &meta, int column);
    // The key the database assigns (shown, never edited).
    static bool isGeneratedKey(const orm::EntityMeta &meta, int column);
    static QList<int> textColumns(const orm::EntityMeta &meta);
    // The column comes first in an index (the primary key, a unique constraint or an index):
    // ordering by it, or looking up a range of it, needs no scan of the table.
    static bool leadsAnIndex(const orm::EntityMeta &meta, int column);
    // Each set of columns whose values must be unique together (single unique columns,
    // unique constraints and unique indexes); the primary key is left out.
    static QList<QList<int>> uniqueColumnSets(const orm::EntityMeta &meta);
    // "alice" / "new User" / "User 3".
    static QString labelOf(const orm::Entity &object);

private:
    QList<const orm::EntityMeta *> m_entities;
    QHash<const orm::EntityMeta *, QList<ForeignKeyLink>> m_foreignKeys;
};

} // namespace ui
