// SPDX-License-Identifier: MIT
#pragma once

// Checks of values against a column's stored form (StoredForm, orm/sql/types.h), for the
// paths that take values from people: the form's fields, paste and import.

#include "orm/sql/types.h"

#include <QString>
#include <QVariant>

namespace orm::storage {

// Why value would not be stored whole in a column of type: a date-time finer than the unit of
// a column of epoch integers (a fraction of a second where it keeps seconds, of a millisecond
// where it keeps milliseconds), which the integer would cut; empty when it would (REAL epoch
// seconds keep microseconds), and for the stored integer itself.
QString storedFormProblem(const QVariant &value, const TypeSpec &type);

} // namespace orm::storage
