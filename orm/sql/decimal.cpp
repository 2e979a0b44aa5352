// SPDX-License-Identifier: MIT
#include "orm/sql/decimal.h"

#include <cmath>

namespace orm {

namespace {

constexpr qint64 pow10(int n)
{
    qint64 p = 1;
    for (int i = 0; i < n; ++i)
        p *= 10;
    return p;
}

constexpr qint64 kLimit = pow10(Decimal::maxDigits); // units stay below 10^18

void registerDecimal()
{
    qRegisterMetaType<Decimal>();
    QMetaType::registerConverter<Decimal, QString>(&Decimal::toString);
    QMetaType::registerConverter<Decimal, double>(&Decimal::toDouble);
}
Q_CONSTRUCTOR_FUNCTION(registerDecimal)

} // namespace

Decimal::Parts Decimal::split(QStringView text)
{
    Parts out;
    text = text.trimmed();
    qsizetype i = 0;
    const qsizetype n = text.size();
    if (i < n && (text[i] == u'-' || text[i] == u'+'))
        out.negative = text[i++] == u'-';
    int fraction = 0;
    bool point = false;
    for (; i < n; ++i) {
        const QChar c = text[i];
        if (c >= u'0' && c <= u'9') {
            out.digits += c;
            fraction += point ? 1 : 0;
        } else if (c == u'.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (out.digits.isEmpty())
        return {};
    int exponent = 0;
    if (i < n && (text[i] == u'e' || text[i] == u'E')) {
        bool ok = false;
        exponent = text.mid(i + 1).toInt(&ok);
        if (!ok || exponent < -99 || exponent > 99)
            return {};
        i = n;
    }
    if (i != n)
        return {};
    out.scale = fraction - exponent;
    if (out.scale < 0) {
        out.digits += QString(-out.scale, u'0');
        out.scale = 0;
    }
    qsizetype first = 0;
    while (first < out.digits.size() - 1 && out.digits[first] == u'0')
        ++first;
    out.digits.remove(0, first);
    out.ok = true;
    return out;
}

Decimal::Parts::Counts Decimal::Parts::counts() const
{
    QStringView kept = digits;
    int fraction = scale;
    while (fraction > 0 && kept.endsWith(u'0')) {
        kept.chop(1);
        --fraction;
    }
    if (kept.isEmpty())
        fraction = 0; // zero ("0.000"): no digit after the point at all
    qsizetype significant = kept.size();
    while (significant > 1 && kept[significant - 1] == u'0')
        --significant;
    return {qMax<qsizetype>(0, kept.size() - fraction), fraction, significant};
}

Decimal Decimal::fromString(QStringView text)
{
    Parts parts = split(text);
    if (!parts.ok)
        return {};
    QString &digits = parts.digits;
    int scale = parts.scale;
    // Zeros at the end of the fraction say nothing of the value: dropped when too many.
    while ((digits.size() > maxDigits || scale > maxDigits) && scale > 0 && digits.endsWith(u'0')) {
        digits.chop(1);
        --scale;
    }
    if (digits.size() > maxDigits || scale > maxDigits)
        return {};
    const qint64 units = digits.toLongLong();
    return Decimal(parts.negative ? -units : units, scale);
}

Decimal Decimal::fromDouble(double value, int scale)
{
    if (!std::isfinite(value))
        return {};
    if (scale >= 0)
        return fromString(QString::number(value, 'f', qMin(scale, maxDigits)));
    return fromString(QString::number(value, 'g', maxStoredDigits));
}

Decimal Decimal::rescaled(int scale, bool *exact) const
{
    if (exact)
        *exact = true;
    if (!m_valid || scale < 0 || scale > maxDigits)
        return {};
    if (scale >= m_scale) {
        const qint64 factor = pow10(scale - m_scale);
        if (m_units >= kLimit / factor || m_units <= -kLimit / factor)
            return {};
        return Decimal(m_units * factor, scale);
    }
    const qint64 divisor = pow10(m_scale - scale);
    qint64 units = m_units / divisor;
    const qint64 rest = m_units % divisor;
    if (rest != 0) {
        if (exact)
            *exact = false;
        if (2 * (rest < 0 ? -rest : rest) >= divisor)
            units += m_units < 0 ? -1 : 1;
    }
    return Decimal(units, scale);
}

double Decimal::toDouble() const
{
    if (!m_valid)
        return 0;
    // Both exact as doubles: the division rounds once, to the nearest double.
    if (m_units < (qint64(1) << 53) && m_units > -(qint64(1) << 53))
        return double(m_units) / double(pow10(m_scale));
    return toString().toDouble();
}

qint64 Decimal::toInt64() const
{
    return m_valid ? m_units / pow10(m_scale) : 0;
}

QString Decimal::toString() const
{
    if (!m_valid)
        return {};
    QString digits = QString::number(m_units < 0 ? -m_units : m_units);
    if (digits.size() <= m_scale)
        digits.prepend(QString(m_scale + 1 - digits.size(), u'0'));
    if (m_scale > 0)
        digits.insert(digits.size() - m_scale, u'.');
    if (m_units < 0)
        digits.prepend(u'-');
    return digits;
}

std::strong_ordering Decimal::compare(const Decimal &other) const
{
    if (!m_valid || !other.m_valid)
        return m_valid <=> other.m_valid;
    // Whole parts, then fractions as 18 digits: no product overflows.
    const qint64 wholeA = toInt64(), wholeB = other.toInt64();
    if (wholeA != wholeB)
        return wholeA <=> wholeB;
    const qint64 fractionA = (m_units % pow10(m_scale)) * pow10(maxDigits - m_scale);
    const qint64 fractionB =
        (other.m_units % pow10(other.m_scale)) * pow10(maxDigits - other.m_scale);
    return fractionA <=> fractionB;
}

} // namespace orm
