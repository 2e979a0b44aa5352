// SPDX-License-Identifier: MIT
#include "orm/io/sqlliteral_p.h"

#include "orm/sql/dialect.h"

#include <cmath>

namespace orm::detail {

namespace {

// Bytes in the engine's literal form. The Dialect interface has no hook for literals (values
// are always bound there); SQL text written for a person to run again is the one place that
// needs them, so the two forms are told apart here by the dialect's name.
// Not supported: other engines than SQLite and PostgreSQL (they get SQLite's X'..' form).
bool isServer(const Dialect &dialect)
{
    return dialect.name() == u"postgresql";
}

void appendBytes(const Dialect &dialect, QByteArrayView bytes, bool asText, QString *text)
{
    const QString hex = QString::fromLatin1(bytes.toByteArray().toHex());
    if (isServer(dialect)) {
        // A server's text is always valid UTF-8: only BYTEA comes here.
        *text += u"'\\x" + hex + u"'::bytea";
    } else if (asText) {
        *text += u"CAST(X'" + hex + u"' AS TEXT)";
    } else {
        *text += u"X'" + hex + u'\'';
    }
}

} // namespace

// A real with every digit it needs to read back exactly, and always as a real ("3.0", not
// "3"), so that a reader keeps its type.
QString formatReal(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    QString s = QString::number(value, 'g', QLocale::FloatingPointShortest);
    if (!s.contains(u'.') && !s.contains(u'e'))
        s += u".0";
    return s;
}

void appendSqlLiteral(const Dialect &dialect, const ColumnValue &value, const TypeSpec &type,
                      QString *text)
{
    switch (value.storageClass()) {
    case StorageClass::Null:
        *text += u"NULL";
        return;
    case StorageClass::Integer:
        // A server takes no integer for a boolean; SQLite stores them as 0 and 1.
        if (type.type == ColumnType::Boolean && isServer(dialect))
            *text += value.int64() ? u"TRUE" : u"FALSE";
        else
            *text += QString::number(value.int64());
        return;
    case StorageClass::Float: {
        const double d = value.toDouble();
        if (std::isfinite(d))
            *text += formatReal(d);
        else if (isServer(dialect))
            *text += u'\'' + formatReal(d) + u"'::float8";
        else // SQLite reads a number too large for a double as infinity (NaN is stored as NULL)
            *text += std::isnan(d) ? u"NULL" : (d > 0 ? u"9e999" : u"-9e999");
        return;
    }
    case StorageClass::Blob: {
        qsizetype size = 0;
        const char *data = value.utf8(&size);
        appendBytes(dialect, QByteArrayView(data, size), false, text);
        return;
    }
    case StorageClass::Text:
        break;
    }
    qsizetype size = 0;
    const char *data = value.utf8(&size);
    bool valid = true;
    const QString s = decodeText(data, size, &valid);
    if (!valid) {
        appendBytes(dialect, QByteArrayView(data, size), true, text);
        return;
    }
    if (!isServer(dialect) && s.contains(u'\r')) {
        // The sqlite3 shell reads a script's carriage returns away: they are written as
        // char(13), the text around them quoted ('a' || char(13) || '\nb').
        const QStringList parts = s.split(u'\r');
        QStringList pieces;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            if (i)
                pieces << QStringLiteral("char(13)");
            if (!parts.at(i).isEmpty())
                pieces << u'\'' + QString(parts.at(i)).replace(u'\'', QStringLiteral("''")) + u'\'';
        }
        *text += pieces.join(QStringLiteral(" || "));
        return;
    }
    *text += u'\'';
    *text += QString(s).replace(QStringLiteral("'"), QStringLiteral("''"));
    *text += u'\'';
}

} // namespace orm::detail
