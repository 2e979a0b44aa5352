// SPDX-License-Identifier: MIT
#include "ui/columnfilter.h"

#include "ui/entitycatalog.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>
#include <optional>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

struct Operator
{
    QString op;
    QString operand;
};

Operator splitOperator(const QString &text)
{
    static const QString ops[] = {u"!="_s, u"<="_s, u">="_s, u"="_s, u"<"_s, u">"_s};
    for (const QString &op : ops) {
        if (text.startsWith(op))
            return {op, text.mid(op.size()).trimmed()};
    }
    return {QString(), text};
}

// An operand as the person wrote it: "…" is taken as written (\" a quote, \\ a backslash).
struct Operand
{
    QString text;
    bool quoted = false;
    QString error;
};

Operand unquote(const QString &text)
{
    if (!text.startsWith(u'"'))
        return {text, false, {}};
    QString out;
    for (qsizetype i = 1; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\\' && i + 1 < text.size()
            && (text.at(i + 1) == u'"' || text.at(i + 1) == u'\\')) {
            out += text.at(++i);
        } else if (c == u'"') {
            if (i + 1 < text.size()) {
                return {{},
                        true,
                        QCoreApplication::translate(
                            "ui::ColumnFilter",
                            "text after the closing quote (write \\\" for a quote inside)")};
            }
            return {out, true, {}};
        } else {
            out += c;
        }
    }
    return {{},
            true,
            QCoreApplication::translate("ui::ColumnFilter",
                                        "close the quote (write \\\" for a quote inside)")};
}

orm::Expr compare(const orm::Expr &column, const QString &op, const QVariant &value)
{
    const orm::Expr v = orm::Expr::value(value);
    if (op == u"!=")
        return column != v;
    if (op == u"<")
        return column < v;
    if (op == u"<=")
        return column <= v;
    if (op == u">")
        return column > v;
    if (op == u">=")
        return column >= v;
    return column == v;
}

// The instants a date or date-time spans as a person starts to write it ("2024", "2024-05",
// "2024-05-01", "2024-05-01 10", "…10:20", "…10:20:30", "…10:20:30.5"; 'T' for the space):
// [from, to), naive UTC as the stored values are read.
struct Span
{
    orm::Timestamp from;
    orm::Timestamp to;
};

std::optional<Span> spanOf(const QString &text)
{
    static const QRegularExpression pattern(
        u"^(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2})(?:[ T](\\d{1,2})(?::(\\d{2})(?::(\\d{2})"
        "(?:\\.(\\d{1,6}))?)?)?)?)?)?$"_s);
    const QRegularExpressionMatch m = pattern.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    auto part = [&m](int i, int otherwise) {
        return m.hasCaptured(i) ? m.captured(i).toInt() : otherwise;
    };
    const QDate date(part(1, 1), part(2, 1), part(3, 1));
    const QString fraction = m.captured(7);
    const int micro = fraction.isEmpty() ? 0 : fraction.leftJustified(6, u'0').toInt();
    const orm::Timestamp from(date, part(4, 0), part(5, 0), part(6, 0), micro);
    if (!from.isValid())
        return std::nullopt;
    orm::Timestamp to;
    if (!fraction.isEmpty())
        to = from.addMicroseconds(qint64(std::pow(10, 6 - fraction.size())));
    else if (m.hasCaptured(6))
        to = from.addSecs(1);
    else if (m.hasCaptured(5))
        to = from.addSecs(60);
    else if (m.hasCaptured(4))
        to = from.addSecs(3600);
    else if (m.hasCaptured(3))
        to = from.addDays(1);
    else if (m.hasCaptured(2))
        to = orm::Timestamp(date.addMonths(1), 0, 0, 0);
    else
        to = orm::Timestamp(date.addYears(1), 0, 0, 0);
    return Span {from, to};
}

// A date or date-time column stored in another framework's form (epoch integers, ISO text
// with 'T'): its text is not SQLAlchemy's, so a written date is the span of instants it
// covers, compared with values bound in the column's form ("after 2024-01-01" binds an
// integer on an epoch column).
ColumnFilter::Result compareSpan(const orm::Expr &col, const orm::Column &column, const QString &op,
                                 const QString &value, bool literal)
{
    const auto invalid = [] {
        return ColumnFilter::Result {
            {},
            QCoreApplication::translate("ui::ColumnFilter",
                                        "write a date as YYYY-MM-DD, or its start (2024-05)")};
    };
    // A DATE holds days: a span within one covers the whole day.
    const bool dateOnly = column.type.type == orm::ColumnType::Date;
    const auto bound = [dateOnly](const orm::Timestamp &t, bool upper) -> QVariant {
        if (!dateOnly)
            return QVariant::fromValue(t);
        QDate d = t.date();
        if (upper && t.toMicroseconds() % (qint64(86400) * 1000000) != 0)
            d = d.addDays(1);
        return d;
    };
    const qsizetype range = literal ? -1 : value.indexOf(u".."_s);
    if (op.isEmpty() && range > 0) {
        const std::optional<Span> low = spanOf(value.left(range));
        const std::optional<Span> high = spanOf(value.mid(range + 2));
        if (!low || !high)
            return invalid();
        return {orm::Expr::allOf({col >= bound(low->from, false), col < bound(high->to, true)}),
                {}};
    }
    const std::optional<Span> span = spanOf(value);
    if (!span)
        return invalid();
    const QVariant from = bound(span->from, false);
    const QVariant to = bound(span->to, true);
    if (op == u"<")
        return {col < from, {}};
    if (op == u"<=")
        return {col < to, {}};
    if (op == u">")
        return {col >= to, {}};
    if (op == u">=")
        return {col >= from, {}};
    if (op == u"!=")
        return {orm::Expr::anyOf({col < from, col >= to}), {}};
    return {orm::Expr::allOf({col >= from, col < to}), {}};
}

} // namespace

namespace {

// A condition no row meets, on every engine (a server's WHERE takes a boolean only).
orm::Expr nothing()
{
    return orm::Expr::raw(u"1 = 0"_s);
}

} // namespace

orm::Expr ColumnFilter::labelContains(const orm::EntityMeta &meta, int column, const QString &text,
                                      const EntityCatalog *catalog)
{
    if (!catalog)
        return {};
    const ForeignKeyLink link = catalog->foreignKey(meta, column);
    if (!link.isValid() || link.target->labelColumn() < 0)
        return {};
    const orm::EntityMeta &target = *link.target;
    orm::Select sub;
    sub.fromTable = target.tableName();
    sub.columns = {
        orm::Expr::column(target.tableName(), target.column(link.targetColumn).column.name)};
    sub.where =
        orm::Expr::column(target.tableName(), target.column(target.labelColumn()).column.name)
            .icontains(text);
    return orm::Expr::column(meta.tableName(), meta.column(column).column.name).in(sub);
}

QString ColumnFilter::textError(const QString &text, int likePatternLimit)
{
    if (text.contains(QChar(0)))
        return tr("a NUL character cannot be searched for");
    // The longest pattern the text makes: %text% with its wildcards escaped, in UTF-8.
    if (text.size() * 6 + 2 > likePatternLimit
        && orm::escapeLike(text).toUtf8().size() + 2 > likePatternLimit) {
        return tr("too long to search for (at most %1 bytes)")
            .arg(QLocale().toString(likePatternLimit - 2));
    }
    return {};
}

QString ColumnFilter::syntaxHelp()
{
    return tr("text: contains it (numbers: equal to it; dates: start with it)\n"
              "=v  !=v  <v  <=v  >v  >=v: compared with v\n"
              "low..high: between low and high\n"
              "NULL, !NULL: empty, not empty\n"
              "\"text\": the text as written, even \"=abc\" or \"NULL\" "
              "(\\\" for a quote inside)");
}

ColumnFilter::Result ColumnFilter::parse(const orm::EntityMeta &meta, int column,
                                         const QString &input, const EntityCatalog *catalog,
                                         int likePatternLimit, Dates dates)
{
    const QString text = input.trimmed();
    if (text.isEmpty() || column < 0 || column >= meta.columnCount())
        return {};
    if (const QString error = textError(text, likePatternLimit); !error.isEmpty())
        return {{}, error};
    const orm::Column &c = meta.column(column).column;
    const orm::Expr col = orm::Expr::column(meta.tableName(), c.name, c.type);
    if (text == u"NULL")
        return {col.isNull(), {}};
    if (text == u"!NULL")
        return {col.isNotNull(), {}};

    // A quoted text is never an operator; a quoted operand is taken as written.
    const Operator parsed = text.startsWith(u'"') ? Operator {} : splitOperator(text);
    const Operand operand = unquote(parsed.op.isEmpty() ? text : parsed.operand);
    if (!operand.error.isEmpty())
        return {{}, operand.error};
    const QString value = operand.text;
    const bool literal = operand.quoted;
    const bool isForeignKey = catalog && catalog->foreignKey(meta, column).isValid();
    if (isForeignKey && parsed.op.isEmpty()) {
        bool isNumber = false;
        const qint64 key =
            !literal && value.startsWith(u'#') ? value.mid(1).toLongLong(&isNumber) : 0;
        if (isNumber)
            return {col == QVariant(key), {}};
        return {labelContains(meta, column, value, catalog), {}};
    }

    switch (c.type.type) {
    case orm::ColumnType::Integer:
    case orm::ColumnType::BigInteger:
    case orm::ColumnType::Float:
    case orm::ColumnType::Numeric: {
        const bool integral = c.type.isIntegral();
        // A server's decimal is compared as the digits written: a double would round them.
        const bool exactText = c.type.form.kind == orm::StoredForm::DecimalText;
        auto number = [integral, exactText](const QString &s, bool *ok) -> QVariant {
            if (integral)
                return QVariant(s.trimmed().toLongLong(ok));
            if (exactText) {
                *ok = orm::Decimal::split(s).ok;
                return *ok ? QVariant(s.trimmed()) : QVariant();
            }
            return QVariant(s.trimmed().toDouble(ok));
        };
        const qsizetype range = literal ? -1 : value.indexOf(u".."_s);
        if (parsed.op.isEmpty() && range > 0) {
            bool okLow = false, okHigh = false;
            const QVariant low = number(value.left(range), &okLow);
            const QVariant high = number(value.mid(range + 2), &okHigh);
            if (!okLow || !okHigh)
                return {{}, tr("write a range as low..high")};
            return {col.between(low, high), {}};
        }
        bool ok = false;
        const QVariant v = number(value, &ok);
        if (!ok)
            return {{}, integral ? tr("not a whole number") : tr("not a number")};
        return {compare(col, parsed.op, v), {}};
    }
    case orm::ColumnType::Boolean: {
        const QString s = value.trimmed().toLower();
        bool value = false;
        if (s == u"1" || s == u"true" || s == u"yes" || s == tr("yes").toLower())
            value = true;
        else if (s == u"0" || s == u"false" || s == u"no" || s == tr("no").toLower())
            value = false;
        else
            return {{}, tr("yes or no")};
        const orm::Expr e = col == QVariant(qint64(value ? 1 : 0));
        return {parsed.op == u"!=" ? !e : e, {}};
    }
    case orm::ColumnType::Date:
    case orm::ColumnType::DateTime: {
        if (!c.type.form.isStandard())
            return compareSpan(col, c, parsed.op, value, literal);
        // Stored as ISO text: prefixes and comparisons work on the text itself. A server's
        // date shows that text too (the engine compares it, see Expr::startsWith()), but it
        // compares as a date: "2024-05" is no date there.
        const qsizetype range = literal ? -1 : value.indexOf(u".."_s);
        if (dates == Dates::Typed && (!parsed.op.isEmpty() || range > 0))
            return compareSpan(col, c, parsed.op, value, literal);
        if (parsed.op.isEmpty() && range > 0) {
            const QString low = value.left(range).trimmed();
            QString high = value.mid(range + 2).trimmed();
            high += QChar(0xffff); // the whole last day or month
            return {col.between(low, high), {}};
        }
        if (parsed.op.isEmpty())
            return {col.startsWith(value), {}};
        return {compare(col, parsed.op, value), {}};
    }
    default:
        break;
    }
    if (parsed.op.isEmpty())
        return {col.icontains(value), {}};
    return {compare(col, parsed.op, value), {}};
}

orm::Expr ColumnFilter::quickSearch(const orm::EntityMeta &meta, const QString &input,
                                    const EntityCatalog *catalog)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return {};
    if (!textError(text).isEmpty())
        return nothing(); // refused (the caller says why)
    QList<orm::Expr> terms;
    for (int i = 0; i < meta.columnCount(); ++i) {
        // Text, and the values of types the program has no editor of its own for (a server's
        // enum, inet, xml, interval; SQLite's untyped columns), which the grid shows as their
        // text: the engine compares their text (see Expr::icontains()).
        const orm::Column &c = meta.column(i).column;
        if (c.type.isText() || c.type.type == orm::ColumnType::Null)
            terms << orm::Expr::column(meta.tableName(), c.name, c.type).icontains(text);
    }
    if (catalog) {
        for (const ForeignKeyLink &link : catalog->foreignKeys(meta)) {
            const orm::Expr e = labelContains(meta, link.column, text, catalog);
            if (!e.isEmpty())
                terms << e;
        }
    }
    const orm::Expr key = keyEquals(meta, text);
    if (!key.isEmpty())
        terms << key;
    if (terms.isEmpty())
        return nothing(); // nothing to search in
    return orm::Expr::anyOf(terms);
}

orm::Expr ColumnFilter::keyEquals(const orm::EntityMeta &meta, const QString &text)
{
    bool isNumber = false;
    const qint64 n = text.toLongLong(&isNumber);
    if (!isNumber || meta.primaryKeyColumns().size() != 1)
        return {};
    const orm::Column &pk = meta.column(meta.primaryKeyColumns().first()).column;
    if (!pk.type.isIntegral())
        return {};
    return orm::Expr::column(meta.tableName(), pk.name, pk.type) == QVariant(n);
}

orm::Expr ColumnFilter::startsWithRange(const orm::EntityMeta &meta, int column,
                                        const QString &text)
{
    // Above every character: text + U+10FFFF bounds the range of text starting with text.
    const QString upper =
        text + QString(QChar::highSurrogate(0x10FFFF)) + QString(QChar::lowSurrogate(0x10FFFF));
    const orm::Expr c = orm::Expr::column(meta.tableName(), meta.column(column).column.name);
    return orm::Expr::allOf({c >= QVariant(text), c < QVariant(upper)});
}

bool ColumnFilter::canSearchByPrefix(const orm::EntityMeta &meta)
{
    const QList<int> text = EntityCatalog::textColumns(meta);
    return std::any_of(text.begin(), text.end(),
                       [&meta](int c) { return EntityCatalog::leadsAnIndex(meta, c); });
}

orm::Expr ColumnFilter::prefixSearch(const orm::EntityMeta &meta, const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return {};
    if (!textError(text).isEmpty())
        return orm::Expr::raw(u"1 = 0"_s);
    QList<orm::Expr> terms;
    for (int i : EntityCatalog::textColumns(meta)) {
        if (EntityCatalog::leadsAnIndex(meta, i))
            terms << startsWithRange(meta, i, text);
    }
    const orm::Expr key = keyEquals(meta, text);
    if (!key.isEmpty())
        terms << key;
    return orm::Expr::anyOf(terms);
}

} // namespace ui
