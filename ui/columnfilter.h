#pragma once

#include "orm/entitymeta.h"
#include "orm/sql.h"

#include <QCoreApplication>
#include <QString>

namespace ui {

class EntityCatalog;

// Turns what a user types into a filter into an expression tree (never into SQL text).
//
// Per column:
//   text          text columns: contains; numbers and booleans: equals; dates: starts with
//                 ("2024-03"); foreign keys: the target's label contains the text
//   =v  !=v  <v  <=v  >v  >=v
//   a..b          between a and b (numbers and dates)
//   NULL  !NULL   is null / is not null
// Quick search: any text column contains the text, or a foreign key's label does, or (for a
// number) the primary key equals it.
class ColumnFilter
{
    Q_DECLARE_TR_FUNCTIONS(ui::ColumnFilter)
public:
    struct Result
    {
        orm::Expr condition; // empty when the text is empty or invalid
        QString error; // why the text is not a valid filter for the column
    };

    static Result parse(const orm::EntityMeta &meta, int column, const QString &text,
                        const EntityCatalog *catalog = nullptr);
    static orm::Expr quickSearch(const orm::EntityMeta &meta, const QString &text,
                                 const EntityCatalog *catalog = nullptr);

private:
    static orm::Expr labelContains(const orm::EntityMeta &meta, int column, const QString &text,
                                   const EntityCatalog *catalog);
};

} // namespace ui
