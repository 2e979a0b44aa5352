// SPDX-License-Identifier: MIT
#include "blogschema.h"

#include "domain/blog.h"
#include "orm/session/session.h"
#include "orm/sql/schema.h"

#include <algorithm>

namespace {

// How SQLite stores a column's values: the typed models read a column of another family wrongly
// (text as a number, a number as a date), so such a file is shown as reflected instead.
enum class Family { Untyped, Integer, Real, Text, Temporal, Binary };

Family familyOf(orm::ColumnType type)
{
    switch (type) {
    case orm::ColumnType::Integer:
    case orm::ColumnType::BigInteger:
    case orm::ColumnType::Boolean:
        return Family::Integer;
    case orm::ColumnType::Float:
    case orm::ColumnType::Numeric:
        return Family::Real;
    case orm::ColumnType::String:
    case orm::ColumnType::Text:
    case orm::ColumnType::Json:
        return Family::Text;
    case orm::ColumnType::Date:
    case orm::ColumnType::DateTime:
        return Family::Temporal;
    case orm::ColumnType::LargeBinary:
        return Family::Binary;
    case orm::ColumnType::Null:
        break;
    }
    return Family::Untyped;
}

// Whether the file's table has every column of the blog's table, each of a compatible type.
bool fits(const orm::Table &blogTable, const orm::MetaData &reflected)
{
    const orm::Table *table = reflected.table(blogTable.name());
    return table
        && std::all_of(blogTable.columns().begin(), blogTable.columns().end(),
                       [table](const orm::Column &c) {
                           const orm::Column *found = table->column(c.name);
                           return found && familyOf(found->type.type) == familyOf(c.type.type);
                       });
}

} // namespace

bool BlogSchemaProvider::describe(orm::Session &session, ui::DatabaseSchema *schema,
                                  orm::Error *error)
{
    std::optional<orm::MetaData> reflected =
        ui::ReflectingSchemaProvider::reflect(session, schema, error);
    if (!reflected)
        return false;
    const orm::MetaData blogTables = blog::metadata();
    const bool isBlog =
        std::all_of(blogTables.tables().begin(), blogTables.tables().end(),
                    [&reflected](const orm::Table &t) { return fits(t, *reflected); });
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
