#include "blogschema.h"

#include "domain/blog.h"
#include "orm/reflection.h"
#include "orm/session.h"

bool BlogSchemaProvider::describe(orm::Session &session, ui::DatabaseSchema *schema,
                                  orm::Error *error)
{
    std::optional<orm::MetaData> reflected = orm::reflect(session.connection(), error);
    if (!reflected)
        return false;
    const orm::MetaData blogTables = blog::metadata();
    const bool isBlog = std::all_of(
        blogTables.tables().begin(), blogTables.tables().end(),
        [&reflected](const orm::Table &t) { return reflected->table(t.name()) != nullptr; });
    if (isBlog) {
        schema->entities = blog::entities();
        return true;
    }
    ui::ReflectingSchemaProvider::describeReflected(*reflected, schema);
    return true;
}

bool BlogSchemaProvider::initialize(orm::Session &session, orm::Error *error)
{
    return blog::metadata().createAll(session.connection(), error);
}
