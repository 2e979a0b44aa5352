// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>

#include <compare>

namespace orm {

struct TypeSpec;

// An exact decimal number, as Python's Decimal and SQLAlchemy's Numeric hold it: a whole number
// of units of 10^-scale (12.50 is 1250 at scale 2), at most 18 digits. A NUMERIC(p, s) column
// holds its values at the declared scale s.
//
// SQLite has no decimal storage class: SQLAlchemy writes a Decimal as the nearest double, which
// NUMERIC affinity keeps as an integer when it is a whole number (12.00 is stored as 12, 12.50 as
// 12.5), and reads it back rounded to the scale ("%.2f"). A value of at most 15 significant
// digits survives that exactly; longer ones are refused (storage::decimalProblem()).
//
// Equality and order are by value (12.5 equals 12.50: both are stored as 12.5). Registered with
// QMetaType, with conversions to QString (toString()) and double, so it travels in a QVariant.
class Decimal
{
public:
    static constexpr int maxDigits = 18; // what a qint64 of units always holds
    static constexpr int maxStoredDigits = 15; // what a double keeps exactly

    // A null value (a NULL column).
    constexpr Decimal() = default;
    // units × 10^-scale; scale 0 to 18.
    constexpr Decimal(qint64 units, int scale)
        : m_units(units)
        , m_scale(qint8(scale))
        , m_valid(scale >= 0 && scale <= maxDigits)
    { }
    // Decimal text taken apart: its digits without leading zeros ("0" for zero) and how many of
    // them follow the point (the exponent applied: "1.5e3" is "1500", 0); no digit limit.
    struct Parts
    {
        bool ok = false;
        bool negative = false;
        QString digits;
        int scale = 0;

        // How many digits: before the point, after it (the fraction's trailing zeros not
        // counted), and significant ones, from the first non-zero digit to the last ("012.50":
        // 2, 1 and 3; "1200": 4, 0 and 2). A NUMERIC(p, s) column holds at most p - s before
        // the point and s after it.
        struct Counts
        {
            qsizetype whole = 0;
            int fraction = 0;
            qsizetype significant = 0;
        };
        Counts counts() const;
    };
    // "12.5", "-0.01", "+3", ".5", "1e3", surrounding spaces allowed.
    static Parts split(QStringView text);
    // As split() reads it; null for anything else or for more than 18 significant digits. The
    // scale is the one written ("12.50": 2).
    static Decimal fromString(QStringView text);
    // The double rounded to scale digits after the point as "%.*f" does (SQLAlchemy's reading
    // of a stored float); scale < 0: its shortest form of at most 15 significant digits.
    static Decimal fromDouble(double value, int scale);

    bool isNull() const { return !m_valid; }
    bool isValid() const { return m_valid; }
    qint64 units() const { return m_units; }
    int scale() const { return m_scale; }

    // The same value at another scale; rounded half away from zero when digits are dropped
    // (*exact false), null when it does not fit in 18 digits.
    Decimal rescaled(int scale, bool *exact = nullptr) const;
    // The nearest double (as Python's float(Decimal) gives it).
    double toDouble() const;
    // The whole part, cut towards zero.
    qint64 toInt64() const;
    // "12.50": every digit of the scale ("" when null).
    QString toString() const;

    friend bool operator==(const Decimal &a, const Decimal &b)
    {
        return a.compare(b) == std::strong_ordering::equal;
    }
    friend std::strong_ordering operator<=>(const Decimal &a, const Decimal &b)
    {
        return a.compare(b);
    }

private:
    std::strong_ordering compare(const Decimal &other) const;

    qint64 m_units = 0;
    qint8 m_scale = 0;
    bool m_valid = false;
};

} // namespace orm

Q_DECLARE_METATYPE(orm::Decimal)
