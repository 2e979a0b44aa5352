// SPDX-License-Identifier: MIT
#include "ui/valueformatter.h"

#include "orm/sql/dialect.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

// One line of at most 300 characters for a table cell; the text as it is otherwise.
QString shortened(QString text, ValueFormatter::Length length)
{
    if (length == ValueFormatter::Length::OneLine) {
        text.replace(u'\n', u' ');
        text.replace(u'\r', u' ');
        if (text.size() > 300)
            text = text.left(300) + QChar(0x2026);
    }
    return text;
}

} // namespace

QString ValueFormatter::nullText()
{
    return u"NULL"_s;
}

QString ValueFormatter::storedText(const QVariant &stored, Length length)
{
    if (!stored.isValid() || stored.isNull())
        return nullText();
    if (stored.metaType() == QMetaType::fromType<orm::TextBytes>()) // decoded, it would lie
        return shortened(
            QString::fromLatin1(stored.value<orm::TextBytes>().bytes().toHex(' ').toUpper()),
            length);
    switch (stored.metaType().id()) {
    case QMetaType::QByteArray:
        return QCoreApplication::translate("ui::ValueFormatter", "%n byte(s)", nullptr,
                                           int(stored.toByteArray().size()));
    case QMetaType::Double:
        return QString::number(stored.toDouble(), 'g', 15);
    default:
        break;
    }
    return shortened(stored.toString(), length);
}

QString ValueFormatter::storedNote(const orm::Column &column, const QVariant &stored)
{
    if (stored.metaType() == QMetaType::fromType<orm::TextBytes>())
        return QCoreApplication::translate("ui::ValueFormatter",
                                           "Not valid UTF-8: its bytes, in hex");
    // SQLite's words for both: what typeof() says, and the type as a table declares it.
    const QString storageClass = orm::storage::storageClassName(stored);
    if (!orm::storage::storedFormDescription(column.type).isEmpty())
        return QCoreApplication::translate("ui::ValueFormatter",
                                           "Stored as %1, not in the column's form: %2")
            .arg(storageClass, orm::storage::storedFormDescription(column.type));
    return QCoreApplication::translate("ui::ValueFormatter", "Stored as %1, declared %2")
        .arg(storageClass, orm::SqliteDialect().typeName(column.type));
}

QString ValueFormatter::formNote(const orm::Column &column)
{
    // (A server's decimal text is its own form: nothing to tell.)
    const QString description = orm::storage::storedFormDescription(column.type);
    if (description.isEmpty())
        return {};
    return QCoreApplication::translate("ui::ValueFormatter", "Stored as %1").arg(description);
}

QString ValueFormatter::dateTimeText(const orm::Timestamp &value)
{
    if (!value.isValid())
        return {};
    // A zone's offset is whole seconds: the fraction is the stored one either way.
    const QDateTime shown = value.hasOffset() ? QDateTime(value.date(), value.time(), Qt::UTC)
                                              : value.toDateTime().toLocalTime();
    QString text = shown.toString(u"yyyy-MM-dd HH:mm:ss"_s);
    if (const int us = value.microsecond())
        text += u'.' + QString::number(us).rightJustified(6, u'0');
    if (value.hasOffset()) {
        const int minutes = qAbs(value.offsetSeconds()) / 60;
        text += u' ' + QChar(value.offsetSeconds() < 0 ? u'-' : u'+')
            + QString::number(minutes / 60).rightJustified(2, u'0') + u':'
            + QString::number(minutes % 60).rightJustified(2, u'0');
    }
    return text;
}

bool ValueFormatter::isNumeric(const orm::Column &column)
{
    switch (column.type.type) {
    case orm::ColumnType::Integer:
    case orm::ColumnType::BigInteger:
    case orm::ColumnType::Float:
    case orm::ColumnType::Numeric:
        return true;
    default:
        return false;
    }
}

QString ValueFormatter::display(const orm::Column &column, const QVariant &value, Length length)
{
    if (!value.isValid() || value.isNull())
        return nullText();
    // Kept as stored ('maybe' in a BOOLEAN column): never read as Yes, 0 or a date.
    if (!orm::storage::isProgramValue(value, column.type))
        return storedText(value, length);
    switch (column.type.type) {
    case orm::ColumnType::Boolean:
        return value.toBool() ? QCoreApplication::translate("ui::ValueFormatter", "Yes")
                              : QCoreApplication::translate("ui::ValueFormatter", "No");
    case orm::ColumnType::DateTime: {
        const orm::Timestamp t = value.metaType().id() == QMetaType::QDateTime
            ? orm::Timestamp::fromDateTime(value.toDateTime())
            : value.value<orm::Timestamp>();
        return t.isValid() ? dateTimeText(t) : value.toString();
    }
    case orm::ColumnType::Date: {
        const QDate d = value.toDate();
        return d.isValid() ? d.toString(Qt::ISODate) : value.toString();
    }
    case orm::ColumnType::Float:
    case orm::ColumnType::Numeric:
        if (value.metaType() == QMetaType::fromType<orm::Decimal>())
            return value.value<orm::Decimal>().toString(); // 12.50, at the declared scale
        if (value.metaType().id() == QMetaType::QString)
            return value.toString(); // a server's decimal text: every digit
        return QString::number(value.toDouble(), 'g', 15);
    case orm::ColumnType::LargeBinary:
        return QCoreApplication::translate("ui::ValueFormatter", "%n byte(s)", nullptr,
                                           int(value.toByteArray().size()));
    case orm::ColumnType::Json: {
        // Text as written; a value a program gave (a map, a list) as compact JSON.
        if (value.metaType().id() == QMetaType::QString)
            return shortened(value.toString(), length);
        const QJsonDocument doc = QJsonDocument::fromVariant(value);
        return shortened(doc.isNull() ? value.toString()
                                      : QString::fromUtf8(doc.toJson(QJsonDocument::Compact)),
                         length);
    }
    default:
        break;
    }
    return shortened(value.toString(), length);
}

QString ValueFormatter::roughCount(qint64 n)
{
    const QLocale locale;
    const auto scaled = [&locale](double value, const QString &unit) {
        return QCoreApplication::translate("ui::ValueFormatter", "%1 %2")
            .arg(locale.toString(value, 'f', value < 10 ? 1 : 0), unit);
    };
    if (n < 10000)
        return locale.toString(n);
    if (n < 1000000)
        return scaled(double(n) / 1e3, QCoreApplication::translate("ui::ValueFormatter", "k"));
    if (n < 1000000000)
        return scaled(double(n) / 1e6, QCoreApplication::translate("ui::ValueFormatter", "M"));
    return scaled(double(n) / 1e9, QCoreApplication::translate("ui::ValueFormatter", "G"));
}

} // namespace ui
