// SPDX-License-Identifier: MIT
#pragma once

#include "ui/schemaprovider.h"

// What Rowsmith knows of the files it opens: the blog domain's typed entities for files that
// hold the blog's tables (the demo database, and the new files it creates), and for any other
// SQLite file, its tables as reflected by the ORM (orm::Automap).
class BlogSchemaProvider : public ui::SchemaProvider
{
public:
    bool describe(orm::Session &session, ui::DatabaseSchema *schema, orm::Error *error) override;
    bool initialize(orm::Session &session, orm::Error *error) override;
};
