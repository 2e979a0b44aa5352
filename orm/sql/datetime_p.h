// SPDX-License-Identifier: MIT
#pragma once

// Private to the orm library: the date and time arithmetic and the fast parse of the stored
// form, shared by orm::Timestamp and the QDateTime conversions of types.cpp.

#include <QtEndian>
#include <QtGlobal>

#include <limits>

namespace orm::detail {

constexpr qint64 kMicrosPerDay = 86400000000;
constexpr qint64 kUnixEpochJulianDay = 2440588; // 1970-01-01

// What the parsers below return for text they do not read: no instant from year 1 on is this
// far from the epoch. (A plain value, not a std::optional: this is on the path of every row.)
constexpr qint64 kNoInstant = std::numeric_limits<qint64>::min();

// The microseconds since the epoch of a civil date and time (H. Hinnant's days-from-civil);
// kNoInstant when a field is out of range.
inline qint64 microsOfFields(int y, int m, int d, int h, int mi, int sec, int us)
{
    static constexpr int monthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1 || h > 23 || mi > 59 || sec > 59)
        return kNoInstant;
    if (d > monthDays[m - 1]
        && !(m == 2 && d == 29 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
        return kNoInstant;
    // Unsigned from here (y >= 1): divisions by constants without sign corrections.
    const unsigned yy = unsigned(y) - (m <= 2);
    const unsigned era = yy / 400;
    const unsigned yoe = yy - era * 400;
    const unsigned doy = (153 * unsigned(m > 2 ? m - 3 : m + 9) + 2) / 5 + unsigned(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const qint64 days = qint64(era) * 146097 + qint64(doe) - 719468;
    return days * kMicrosPerDay + qint64(h * 3600 + mi * 60 + sec) * 1000000 + us;
}

// The civil date of a day count since the epoch (H. Hinnant's civil-from-days).
inline void civilOfDays(qint64 days, int *y, int *m, int *d)
{
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    *d = int(doy - (153 * mp + 2) / 5 + 1);
    *m = int(mp < 10 ? mp + 3 : mp - 9);
    *y = int(yoe + era * 400 + (*m <= 2));
}

inline qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Eight characters as one word, with a pattern of digits ('d'), exact characters and any
// character ('?'): a whole word is checked with a few operations instead of one test and
// branch per character.
struct WordPattern
{
    quint64 digits = 0; // 0xff at every digit
    quint64 fixedMask = 0; // 0xff at every exact character
    quint64 fixed = 0;

    constexpr explicit WordPattern(const char (&p)[9])
    {
        for (int i = 0; i < 8; ++i) {
            const quint64 at = quint64(0xff) << (8 * i);
            if (p[i] == 'd') {
                digits |= at;
            } else if (p[i] != '?') {
                fixedMask |= at;
                fixed |= quint64(quint8(p[i])) << (8 * i);
            }
        }
    }
    bool matches(const char *s) const
    {
        const quint64 w = qFromLittleEndian<quint64>(s);
        // A digit is 0x30..0x39: high nibble 3, and still 3 after adding 6 (no byte of a
        // matching word carries into the next one).
        const quint64 high = digits & 0xf0f0f0f0f0f0f0f0;
        const quint64 three = digits & 0x3030303030303030;
        const quint64 six = digits & 0x0606060606060606;
        return ((w & high) == three) & (((w + six) & high) == three) & ((w & fixedMask) == fixed);
    }
};

// Two digits at every position of a word at once: byte i becomes s[i] * 10 + s[i + 1] for digits
// (other bytes hold garbage below 256, so no byte carries into the next).
inline quint64 digitPairs(const char *s)
{
    const quint64 v = qFromLittleEndian<quint64>(s) & 0x0f0f0f0f0f0f0f0f;
    return v * 10 + (v >> 8);
}

inline int byteAt(quint64 w, int i)
{
    return int((w >> (8 * i)) & 0xff);
}

// "YYYY-MM-DD HH:MM:SS" and "YYYY-MM-DD HH:MM:SS.ffffff" (' ' or 'T'), what SQLAlchemy and this
// library write: every row of a DateTime column read from them takes this path. Whole words
// are checked and converted at once. kNoInstant for anything else.
inline qint64 parseStoredWords(const char *s, qsizetype n)
{
    static constexpr WordPattern date("dddd-dd-");
    static constexpr WordPattern dayAndTime("dd?dd:dd"); // from 8; '?' is ' ' or 'T'
    static constexpr WordPattern time("dd:dd:dd"); // from 11
    static constexpr WordPattern fraction("d.dddddd"); // from 18
    const bool matched = (n == 19 || (n == 26 && fraction.matches(s + 18))) && date.matches(s)
        && dayAndTime.matches(s + 8) && time.matches(s + 11) && (s[10] == ' ' || s[10] == 'T');
    if (!matched)
        return kNoInstant;
    const quint64 ymd = digitPairs(s); // Y12 at 0, Y34 at 2, MM at 5
    const quint64 hms = digitPairs(s + 11); // HH at 0, MM at 3, SS at 6
    int us = 0;
    if (n == 26) {
        const quint64 f = digitPairs(s + 18); // f12 at 2, f34 at 4, f56 at 6
        us = (byteAt(f, 2) * 100 + byteAt(f, 4)) * 100 + byteAt(f, 6);
    }
    return microsOfFields(byteAt(ymd, 0) * 100 + byteAt(ymd, 2), byteAt(ymd, 5),
                          byteAt(digitPairs(s + 8), 0), byteAt(hms, 0), byteAt(hms, 3),
                          byteAt(hms, 6), us);
}

} // namespace orm::detail
