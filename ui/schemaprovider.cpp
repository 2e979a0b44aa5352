// SPDX-License-Identifier: MIT
#include "ui/schemaprovider.h"

#include "orm/mapping/automap.h"
#include "orm/session/session.h"
#include "orm/sql/schema.h"

namespace ui {

bool ReflectingSchemaProvider::describe(orm::Session &session, DatabaseSchema *schema,
                                        orm::Error *error)
{
    std::optional<orm::MetaData> reflected = reflect(session, schema, error);
    if (!reflected)
        return false;
    describeReflected(*reflected, schema);
    return true;
}

std::optional<orm::MetaData>
ReflectingSchemaProvider::reflect(orm::Session &session, DatabaseSchema *schema, orm::Error *error)
{
    orm::Connection &connection = session.connection();
    if (connection.url().backend() != u"sqlite") {
        std::optional<QStringList> names = connection.schemas(error);
        if (!names)
            return std::nullopt;
        schema->schemaNames = *names;
        if (schema->schemaName.isEmpty())
            schema->schemaName = QStringLiteral("public");
    }
    return connection.reflect(schema->schemaName, error);
}

void ReflectingSchemaProvider::describeReflected(const orm::MetaData &reflected,
                                                 DatabaseSchema *schema)
{
    auto automap = std::make_shared<orm::Automap>(reflected);
    schema->entities = automap->entities();
    schema->linkEntities = automap->linkEntities();
    schema->metadata = &automap->metadata();
    schema->owner = automap;
    schema->setUnlocked = [map = automap.get()](const orm::EntityMeta *meta, bool unlocked) {
        if (meta)
            map->setUnlocked(meta->tableName(), unlocked);
    };
}

} // namespace ui
