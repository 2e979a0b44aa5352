// SPDX-License-Identifier: MIT
#pragma once

#include "orm/sql/schema.h"
#include "orm/sql/timestamp.h"

#include <QString>
#include <QVariant>

namespace ui {

// How values of each column type read for people: in tables, form headers and the
// pending-changes view. Naive date-times are taken as UTC (datetime.utcnow()) and shown in local
// time, to the second, with the microseconds when there are any; one stored with a UTC offset
// is shown in that offset, with it. A NUMERIC(p, s) value (orm::Decimal) shows every digit of
// its scale (12.50); JSON text reads as written. A value kept as stored because it does not
// match the column's type reads as stored; text that is not valid UTF-8 (orm::TextBytes), as
// its bytes in hex.
class ValueFormatter
{
public:
    enum class Length { Full, OneLine };

    static QString display(const orm::Column &column, const QVariant &value,
                           Length length = Length::OneLine);
    // A value kept as the database stores it because its storage class does not match the
    // column's declared type (orm::ColumnAccess::isStoredAsIs): its text as stored, never
    // converted, and the note that says so ("Stored as text, declared BOOLEAN").
    static QString storedText(const QVariant &stored, Length length = Length::OneLine);
    static QString storedNote(const orm::Column &column, const QVariant &stored);
    // How a column stores its values where that is not SQLAlchemy's form (orm::StoredForm):
    // "Stored as epoch milliseconds"; empty otherwise.
    static QString formNote(const orm::Column &column);
    // "NULL" as a table shows an absent value.
    static QString nullText();
    // "2024-05-06 09:08:09.251237" (local time) or "2024-05-06 07:08:09 +02:00".
    static QString dateTimeText(const orm::Timestamp &value);
    static bool isNumeric(const orm::Column &column);
    // A number of rows as an estimate is told: its first figures (1.2 M, 20 k).
    static QString roughCount(qint64 n);
};

} // namespace ui
