// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/entitymeta.h"
#include "orm/sql/schema.h"

#include <memory>
#include <vector>

namespace orm {

// Descriptions of reflected tables as entities, with relationships built from the foreign
// keys in both directions, as SQLAlchemy's automap does: many-to-one plus its one-to-many
// collection, one-to-one where the foreign key is unique, many-to-many where a table is a plain
// association table (only foreign-key columns: two of them, with or without a primary key).
// Association tables are not entities of their own. Tables without a primary key, views, a
// view that cannot be read (Table::error()) and a table with a trigger that cannot run are
// read-only, with the reason in EntityMeta::readOnlyReason().
class Automap
{
public:
    explicit Automap(const MetaData &metadata);
    Automap(const Automap &) = delete;
    Automap &operator=(const Automap &) = delete;
    ~Automap();

    const MetaData &metadata() const { return m_metadata; }
    QList<const EntityMeta *> entities() const;
    const EntityMeta *entity(const QString &tableName) const;
    // Association tables mapped as many-to-many relationships rather than entities.
    QStringList associationTables() const { return m_associations; }

    // Chooses the column shown for rows of this entity (foreign-key labels, breadcrumbs).
    void setLabelColumn(const QString &tableName, const QString &column);

private:
    void buildRelationships();
    MetaData m_metadata;
    std::vector<std::unique_ptr<EntityMeta>> m_entities;
    QStringList m_associations;
};

// Whether a table is a plain association table (two foreign-key columns and nothing else).
bool isAssociationTable(const Table &table);

} // namespace orm
