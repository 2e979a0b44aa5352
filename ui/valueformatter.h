#pragma once

#include "orm/schema.h"

#include <QString>
#include <QVariant>

namespace ui {

// How values of each column type read for people: in tables, form headers and the
// pending-changes view. Date-times are stored in UTC and shown in local time.
class ValueFormatter
{
public:
    enum class Length { Full, OneLine };

    static QString display(const orm::Column &column, const QVariant &value,
                           Length length = Length::OneLine);
    // "NULL" as a table shows an absent value.
    static QString nullText();
    static bool isNumeric(const orm::Column &column);
};

} // namespace ui
