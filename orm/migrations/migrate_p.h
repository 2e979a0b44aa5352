// SPDX-License-Identifier: MIT
#pragma once

// What the comparison, the engines' migration dialects and the Alembic writer share.

#include "orm/sql/schema.h"

#include <QString>

namespace orm::detail {

// Whether two foreign keys are the same (columns, referred table and columns, actions, and
// unless ignored, deferrability).
enum class Deferrability { Compared, Ignored };
bool sameForeignKey(const ForeignKey &a, const ForeignKey &b,
                    Deferrability deferrability = Deferrability::Compared);
// The text without the casts a server writes into the defaults and checks it gives back.
QString withoutCasts(const QString &text);
// Two CHECK texts compare equal after this (whitespace, and on a server the casts and
// parentheses it writes into the text it gives back).
QString normalizedCheck(const QString &text);
// Whether values of from may not fit to (text longer than the new length, text or real into an
// integer, fewer digits).
bool isNarrowing(const TypeSpec &from, const TypeSpec &to);

// The names an unnamed constraint gets where a name is needed to drop it later (a server's
// ALTER TABLE, an Alembic batch): SQLAlchemy's naming convention as Rowsmith's Alembic
// revisions declare it (uq_<table>_<columns>, fk_<table>_<columns>_<referred>, and
// ck_<table>_<hash of the text>). A named constraint keeps its name.
QString uniqueName(const QString &table, const UniqueConstraint &u);
QString foreignKeyName(const QString &table, const ForeignKey &fk);
QString checkName(const QString &table, const CheckConstraint &c);

} // namespace orm::detail
