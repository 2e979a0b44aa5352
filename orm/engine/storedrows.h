// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"

#include <QList>
#include <QVariant>

namespace orm {

// Rows a connection read, kept as plain values in the storage form Statement::value() gives
// (qint64, double, QString, QByteArray, orm::TextBytes, null): they can travel to another
// thread, and be read again there as a statement's rows (Session::loadStoredRows() makes the
// session's objects of them without a round trip). See QueryBase::storedRows().
using StoredRows = QList<QVariantList>;

namespace detail {
// A statement that steps through stored rows instead of asking a database: each column reads
// as the driver gave it (its storage class, its bytes). The rows must outlive the statement.
Statement replayStatement(const StoredRows &rows);
} // namespace detail

} // namespace orm
