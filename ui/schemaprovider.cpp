// SPDX-License-Identifier: MIT
#include "ui/schemaprovider.h"

#include "orm/drivers/sqlite/reflection.h"
#include "orm/mapping/automap.h"
#include "orm/session/session.h"

namespace ui {

bool ReflectingSchemaProvider::describe(orm::Session &session, DatabaseSchema *schema,
                                        orm::Error *error)
{
    std::optional<orm::MetaData> reflected = orm::reflect(session.connection(), error);
    if (!reflected)
        return false;
    describeReflected(*reflected, schema);
    return true;
}

void ReflectingSchemaProvider::describeReflected(const orm::MetaData &reflected,
                                                 DatabaseSchema *schema)
{
    auto automap = std::make_shared<orm::Automap>(reflected);
    schema->entities = automap->entities();
    schema->metadata = &automap->metadata();
    schema->owner = automap;
}

} // namespace ui
