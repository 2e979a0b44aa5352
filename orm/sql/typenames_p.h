// SPDX-License-Identifier: MIT
#pragma once

#include "orm/sql/types.h"

#include <QString>

namespace orm::detail {

// A column type's name as SQLAlchemy's generic types render it (INTEGER, VARCHAR(n), TEXT,
// FLOAT, NUMERIC(p, s), BOOLEAN, DATE, DATETIME, BLOB, JSON): SQLite's names, and the ones a
// dialect keeps where it writes no name of its own.
QString standardTypeName(const TypeSpec &type);

} // namespace orm::detail
