// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace orm {
class EntityMeta;
class MetaData;
} // namespace orm

namespace ui {

class Document;

// What an entity-relationship diagram shows of one database: its tables and views with their
// columns, and the relationships their foreign keys make. Built from the descriptions the
// document already holds (reflected tables, or typed entities), never from SQL.
struct ErColumn
{
    QString name;
    QString type; // the ORM's name of its type ("Integer", "String(80)")
    bool primaryKey = false;
    bool foreignKey = false;
    bool notNull = false;
    bool unique = false;
};

struct ErTable
{
    enum class Kind { Table, View, Association };
    QString name;
    Kind kind = Kind::Table;
    // What opening it shows in the browser; null for an association table (a relationship,
    // not an entity) and for a table the document does not map.
    const orm::EntityMeta *entity = nullptr;
    QList<ErColumn> columns;
    int triggerCount = 0;
    QString note; // why it is read-only, when it is

    int columnIndex(const QString &name) const;
};

struct ErRelation
{
    // OneToOne: a unique foreign key; OneToMany: a foreign key; ManyToMany: an association
    // table's two foreign keys.
    enum class Kind { OneToOne, OneToMany, ManyToMany };
    Kind kind = Kind::OneToMany;
    int child = -1; // the table with the foreign key (many-to-many: the first end)
    int parent = -1; // the table it refers to (many-to-many: the second end)
    int via = -1; // many-to-many: the association table
    QStringList childColumns; // many-to-many: the association table's columns to child
    QStringList parentColumns; // many-to-many: …to parent
    // Many-to-many through a table without foreign keys, matched by its name and columns
    // (Rails' create_join_table): the automap's guess, drawn apart.
    bool inferred = false;
};

struct ErSchema
{
    QList<ErTable> tables;
    QList<ErRelation> relations;

    int tableIndex(const QString &name) const; // -1 when absent (case-insensitive)
};

// The trigger count of a table by name.
using TriggerCounter = std::function<int(const QString &table)>;

// From every table of a reflected file (views and association tables included), with the
// entities that map them.
ErSchema describeErSchema(const orm::MetaData &tables,
                          const QList<const orm::EntityMeta *> &entities);
// From typed entities alone: their tables, foreign keys and the association tables their
// many-to-many relationships go through.
ErSchema describeErSchema(const QList<const orm::EntityMeta *> &entities,
                          const TriggerCounter &triggers);
// The open document's, whichever it holds.
ErSchema describeErSchema(const Document &document);

} // namespace ui
