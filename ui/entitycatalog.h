// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/entitymeta.h"

#include <QHash>
#include <QList>

#include <memory>
#include <vector>

namespace orm {
class Session;
} // namespace orm

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
    // What one row of the entity is called, in headings and lists: "User", "Loan", "Audit log"
    // (the entity's name, capitalised and with spaces for '_', as the table list shows a
    // reflected table; a typed model's display name may be the plural, "Users").
    static QString recordName(const orm::EntityMeta &meta);
    // How people recognise the row: its label column ("alice"); a composite key by the rows it
    // refers to, each by its own label ("Dune · Ada Lovelace"), else by the values ("Point
    // 2 · 3"); "New Loan" while a new row has neither; else "User 3". Reads nothing from the
    // database: a referred row not in the session is named by its key ("Book 4"), see
    // loadKeyTargets().
    static QString labelOf(const orm::Entity &object);
    // The label of a new row that is still unnamed: "New Loan".
    static QString newLabel(const orm::EntityMeta &meta);
    // The row by its key, as the form's subtitle shows it: "Post #3", "Loan (1, 2)"; "Loan"
    // while the key is not known (a new row's, a table without one).
    static QString describe(const orm::Entity &object);
    // Reads the rows that the objects' composite keys refer to (and labelOf() names them by)
    // into the session, one query per referred entity, for those it does not hold yet. A read
    // that fails leaves them named by their keys.
    static void loadKeyTargets(orm::Session &session,
                               const std::vector<std::shared_ptr<orm::Entity>> &objects);
    // What loadKeyTargets() reads: per referred entity, the keys of rows the session does not
    // hold, in the objects' order (Document::loadKeyTargets() reads them in the background).
    struct KeyTargets
    {
        const orm::EntityMeta *target = nullptr;
        QVariantList keys;
    };
    static QList<KeyTargets>
    missingKeyTargets(orm::Session &session,
                      const std::vector<std::shared_ptr<orm::Entity>> &objects);
    // Bound values per statement of those reads.
    static constexpr qsizetype keyTargetChunk = 500;

private:
    QList<const orm::EntityMeta *> m_entities;
    QHash<const orm::EntityMeta *, QList<ForeignKeyLink>> m_foreignKeys;
};

} // namespace ui
