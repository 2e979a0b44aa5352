// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"
#include "orm/sql/types.h"

#include <QString>

namespace orm {
class Dialect;

namespace detail {

// A real with every digit it needs to read back exactly, always written as a real ("3.0");
// "NaN", "Infinity" and "-Infinity" for the values that have no number.
QString formatReal(double value);

// The value as an SQL literal the engine of the dialect reads back as the same stored value:
// numbers, text between single quotes (quotes doubled), NULL, and blobs and text that is not
// valid UTF-8 in the engine's form for bytes; a boolean column's value as TRUE or FALSE on a
// server.
void appendSqlLiteral(const Dialect &dialect, const ColumnValue &value, const TypeSpec &type,
                      QString *text);

} // namespace detail
} // namespace orm
