// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/entitymeta.h"
#include "orm/sql/schema.h"

#include <memory>
#include <optional>
#include <vector>

namespace orm {

// How a table links rows of two others (a many-to-many relationship), in the shapes frameworks
// write:
//  - only the two foreign-key columns, with or without a primary key (SQLAlchemy's
//    db.Table(), Prisma's implicit _AToB with its unique index over A and B);
//  - a surrogate key besides them, and a unique constraint or index over the pair (Django);
//  - other columns besides them: timestamps, or others (a role) where the table is named after
//    its two ends (a Laravel pivot, project_user) and the pair is the key, unique, or the
//    table has no key at all (Laravel's default pivot, a Rails join table with a column);
//  - the same shapes without foreign keys, matched by their names (inferred): a_b holding
//    a_id and b_id where tables for a and b exist, by the name or its plural (Rails'
//    create_join_table: categories_products holding category_id and product_id).
// A table with a surrogate key or the pair unique never holds the same link twice; a table
// without either may, as SQLAlchemy and Laravel allow.
// Not supported: a table of two references and values of its own named otherwise (an order
// line, a loan with its due date, SQLAlchemy's association objects), and any table but the
// plain shape that other rows refer to: those stay entities.
struct AssociationShape
{
    // The columns referring to each end, and the ends' qualified names.
    QString leftColumn;
    QString rightColumn;
    QString leftTable;
    QString rightTable;
    QString leftSchema; // the ends' schemas (empty: the default one)
    QString rightSchema;
    // Columns other than the two and a surrogate key.
    QList<Column> extra;
    // Matched by names alone: no foreign key declares the links.
    bool inferred = false;
};
std::optional<AssociationShape> associationShape(const Table &table, const MetaData &metadata);

// Descriptions of reflected tables as entities, with relationships built from the foreign
// keys in both directions, as SQLAlchemy's automap does: many-to-one plus its one-to-many
// collection, one-to-one where the foreign key is unique, many-to-many where a table is an
// association table (associationShape()). Association tables are entities of their own too,
// apart (linkEntities(): for a person who wants to see their rows), with their many-to-one
// relationships to each end and none back; one without a key of its own is keyed by the pair.
// Tables without a primary key, views, a view that cannot be read (Table::error()) and a table with
// a trigger that cannot run are read-only, with the reason in EntityMeta::readOnlyReason().
class Automap
{
public:
    explicit Automap(const MetaData &metadata);
    Automap(const Automap &) = delete;
    Automap &operator=(const Automap &) = delete;
    ~Automap();

    const MetaData &metadata() const { return m_metadata; }
    QList<const EntityMeta *> entities() const;
    // The association tables' own entities.
    QList<const EntityMeta *> linkEntities() const;
    const EntityMeta *entity(const QString &tableName) const;
    // An association table's own entity.
    const EntityMeta *linkEntity(const QString &tableName) const;
    // Association tables mapped as many-to-many relationships rather than entities.
    QStringList associationTables() const { return m_associations; }

    // Chooses the column shown for rows of this entity (foreign-key labels, breadcrumbs).
    void setLabelColumn(const QString &tableName, const QString &column);
    // A framework's bookkeeping table (bookkeepingOwner()) is read-only, saying whose it is,
    // until unlocked here.
    void setUnlocked(const QString &tableName, bool unlocked);

private:
    // link: the table's shape, where it is an association table.
    std::unique_ptr<EntityMeta> describe(const Table &table,
                                         const AssociationShape *link = nullptr) const;
    void buildRelationships();
    void buildManyToMany(const QString &table, const AssociationShape &shape);
    void buildLinkRelationships();
    MetaData m_metadata;
    std::vector<std::unique_ptr<EntityMeta>> m_entities;
    std::vector<std::unique_ptr<EntityMeta>> m_linkEntities;
    std::vector<std::pair<QString, AssociationShape>> m_shapes;
    QStringList m_associations;
};

// Whether a table is an association table whose two foreign keys declare the links (the shapes
// of associationShape() but the inferred one).
bool isAssociationTable(const Table &table);

// The framework that keeps a bookkeeping table (django_migrations: "Django"), or empty for a
// table of the application's data.
QString bookkeepingOwner(const QString &tableName);

} // namespace orm
