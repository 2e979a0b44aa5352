// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/mapping/entitymeta.h"

#include <QList>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace orm {
class MetaData;
class Session;
} // namespace orm

namespace ui {

// The entities of one database, and whatever owns their descriptions when they are not
// static (an orm::Automap of a reflected file): the document keeps it alive.
struct DatabaseSchema
{
    QList<const orm::EntityMeta *> entities;
    // The association tables' own entities (many-to-many relationships of the others), which
    // the table list shows only when asked to (View > Show Link Tables).
    QList<const orm::EntityMeta *> linkEntities;
    std::shared_ptr<const void> owner;
    // Unlocks a framework's bookkeeping table for editing (orm::bookkeepingOwner(): read-only
    // until then), or locks it again; null where the entities are typed models.
    std::function<void(const orm::EntityMeta *, bool unlocked)> setUnlocked;
    // Every table of a reflected file (views and association tables included), owned by
    // owner; null when the entities are typed models.
    const orm::MetaData *metadata = nullptr;
    // A server database's: the schema to describe (set before describe(); empty: "public"),
    // and every schema a person may browse there (filled by describe()). Empty for a file.
    QString schemaName;
    QStringList schemaNames;
};

// What the application knows about the databases it opens: which entities a file holds, and
// how a new, empty file is given its tables. The user interface stays generic over it.
class SchemaProvider
{
public:
    virtual ~SchemaProvider() = default;
    // The entities of an opened database; false with *error when it cannot be described.
    [[nodiscard]] virtual bool describe(orm::Session &session, DatabaseSchema *schema,
                                        orm::Error *error) = 0;
    // Creates the tables of a new, empty database.
    [[nodiscard]] virtual bool initialize(orm::Session &session, orm::Error *error) = 0;
};

// A fixed list of entities, and a function that creates their tables in a new database.
class StaticSchemaProvider : public SchemaProvider
{
public:
    using Initializer = std::function<bool(orm::Session &, orm::Error *)>;
    StaticSchemaProvider(const QList<const orm::EntityMeta *> &entities, Initializer initializer)
        : m_entities(entities)
        , m_initializer(std::move(initializer))
    { }

    bool describe(orm::Session &, DatabaseSchema *schema, orm::Error *) override
    {
        schema->entities = m_entities;
        return true;
    }
    bool initialize(orm::Session &session, orm::Error *error) override
    {
        return !m_initializer || m_initializer(session, error);
    }

private:
    QList<const orm::EntityMeta *> m_entities;
    Initializer m_initializer;
};

// Any database: its tables as the ORM reflects them (an SQLite file's, or one schema of a
// server database), with relationships from their foreign keys (orm::Automap). A new database
// stays empty.
class ReflectingSchemaProvider : public SchemaProvider
{
public:
    bool describe(orm::Session &session, DatabaseSchema *schema, orm::Error *error) override;
    bool initialize(orm::Session &, orm::Error *) override { return true; }
    // The automapped entities of tables already reflected.
    static void describeReflected(const orm::MetaData &reflected, DatabaseSchema *schema);
    // Reflects the database, or schema->schemaName of a server's (and lists its schemas).
    static std::optional<orm::MetaData> reflect(orm::Session &session, DatabaseSchema *schema,
                                                orm::Error *error);
};

} // namespace ui
