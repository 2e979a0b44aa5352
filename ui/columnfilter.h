// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/entitymeta.h"
#include "orm/sql/sql.h"

#include <QCoreApplication>
#include <QString>

namespace ui {

class EntityCatalog;

// Turns what a user types into a filter into an expression tree (never into SQL text).
//
// Per column (syntaxHelp() says the same to the person):
//   text          text columns: contains; numbers and booleans: equals; dates: starts with
//                 ("2024-03"); foreign keys: the target's label contains the text, #7 the key
//   =v  !=v  <v  <=v  >v  >=v
//   a..b          between a and b (numbers and dates)
//   NULL  !NULL   is null / is not null
//   "text"        the text as written, never an operator: "=abc", "NULL", ="a..b"; \" is a
//                 quote inside it, \\ a backslash
// A NUL character, or a text longer than the LIKE patterns SQLite takes, is refused with a
// message (textError()) before any SQL runs: LIKE stops at a NUL, so it would match every row.
// Quick search: any text column contains the text, or a foreign key's label does, or (for a
// number) the primary key equals it. On large tables a search scans every row that way, so the
// table and the record picker look up the start of indexed columns instead (prefixSearch).
class ColumnFilter
{
    Q_DECLARE_TR_FUNCTIONS(ui::ColumnFilter)
public:
    // Tables with at least this many rows are searched by prefix where an index allows it.
    static constexpr qint64 largeTableRows = 500000;
    // SQLITE_LIMIT_LIKE_PATTERN_LENGTH's default, in bytes (Connection::likePatternLimit()
    // tells a connection's own).
    static constexpr int defaultLikePatternLimit = 50000;

    struct Result
    {
        orm::Expr condition; // empty when the text is empty or invalid
        QString error; // why the text is not a valid filter for the column
    };

    // How the engine holds a date column's values in SQLAlchemy's form: as ISO text (an
    // SQLite file), or as dates (a server, which types its columns). A typed date compared
    // with an operator or a range is the span of instants it covers, bound as a date
    // ("2024-05" is no date to a server); a date alone still finds the values whose text
    // starts with it ("2024-05-1"), as on a file.
    enum class Dates { AsText, Typed };

    static Result parse(const orm::EntityMeta &meta, int column, const QString &text,
                        const EntityCatalog *catalog = nullptr,
                        int likePatternLimit = defaultLikePatternLimit,
                        Dates dates = Dates::AsText);
    // Why a text cannot be searched for (a NUL, or a LIKE pattern over the limit); empty when
    // it can.
    static QString textError(const QString &text, int likePatternLimit = defaultLikePatternLimit);
    // The filter syntax, for a filter field's tooltip.
    static QString syntaxHelp();
    // Text is found regardless of case as the engine's LIKE for it does (Expr::icontains()):
    // SQLite's LIKE ignores the case of ASCII letters, a server's ILIKE that of every letter.
    static orm::Expr quickSearch(const orm::EntityMeta &meta, const QString &text,
                                 const EntityCatalog *catalog = nullptr);
    // The rows whose indexed text columns start with the text, or whose integer key is it:
    // index look-ups only, no scan. Empty when the text is empty or nothing can be looked up.
    static orm::Expr prefixSearch(const orm::EntityMeta &meta, const QString &text);
    // Whether prefixSearch() has a text column to look up (one that leads an index).
    static bool canSearchByPrefix(const orm::EntityMeta &meta);
    // The values of a column that start with the text, as a range (text <= value <
    // text + U+10FFFF) that an index on the column answers by a seek. Case-sensitive.
    static orm::Expr startsWithRange(const orm::EntityMeta &meta, int column, const QString &text);

private:
    // A number typed into a search: the integer primary key equals it (empty otherwise).
    static orm::Expr keyEquals(const orm::EntityMeta &meta, const QString &text);
    static orm::Expr labelContains(const orm::EntityMeta &meta, int column, const QString &text,
                                   const EntityCatalog *catalog);
};

} // namespace ui
