#pragma once

#include "orm/schema.h"

#include <QString>
#include <QVariant>

namespace ui {

// How values of each column type read for people: in tables, form headers and the
// pending-changes view. Date-times are stored in UTC and shown in local time; a value kept as
// stored because it does not match the column's type reads as stored.
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
    // "NULL" as a table shows an absent value.
    static QString nullText();
    static bool isNumeric(const orm::Column &column);
};

} // namespace ui
