// SPDX-License-Identifier: MIT
#include "orm/io/tableimport.h"

#include "orm/sql/dialect.h"
#include "orm/sql/storedforms.h"
#include "orm/sql/types.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QSet>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace orm {

namespace {

// Rows written by one run of Connection::execEach(): a server gets them pipelined.
constexpr qsizetype kBatch = 1000;

// The texts' translation context.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(orm::TableImporter)
};

// A value as a problem quotes it: short, on one line.
QString quoted(const QVariant &value)
{
    QString s = value.toString();
    s.replace(u'\n', u' ').replace(u'\r', u' ');
    if (s.size() > 40)
        s = s.left(39) + u'…';
    return u'"' + s + u'"';
}

// Empty bytes that bind as empty bytes: a null QByteArray binds as NULL.
QByteArray nonNull(const QByteArray &bytes)
{
    return bytes.isNull() ? QByteArray("", 0) : bytes;
}

bool isHex(QStringView s)
{
    if (s.size() % 2)
        return false;
    for (QChar c : s) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F')))
            return false;
    }
    return true;
}

// Text as written by the exporter: "\x" and hex for bytes that are not valid UTF-8; text that
// begins with two or more backslashes and an x has one more than it had.
QVariant textValue(const QString &s)
{
    if (s.startsWith(u"\\\\")) {
        qsizetype i = 0;
        while (i < s.size() && s.at(i) == u'\\')
            ++i;
        if (i < s.size() && s.at(i) == u'x')
            return s.mid(1);
        return s;
    }
    if (s.startsWith(u"\\x") && s.size() > 2 && isHex(QStringView(s).mid(2))) {
        const QByteArray bytes = QByteArray::fromHex(QStringView(s).mid(2).toLatin1());
        bool valid = true;
        (void)detail::decodeText(bytes.constData(), bytes.size(), &valid);
        if (!valid)
            return QVariant::fromValue(TextBytes(bytes));
    }
    return s;
}

// The ASCII bytes of a short text made only of the characters allowed, in buf (with room for
// 64); 0 when the text has another character or is longer. QString's own number conversions
// go through the locale's symbols, which made them most of an import's time.
qsizetype asciiNumber(const QString &s, char *buf, QLatin1StringView allowed)
{
    if (s.size() >= 64)
        return 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        if (c > 127 || !allowed.contains(QChar(c)))
            return 0;
        buf[i] = char(c);
    }
    return s.size();
}

// A real written as text, with the names the exporter gives values without a number.
std::optional<double> realFromText(const QString &s)
{
    if (!s.isEmpty() && (s.front() == u'N' || s.front() == u'I' || s.startsWith(u"-I"))) {
        if (s == u"NaN")
            return std::numeric_limits<double>::quiet_NaN();
        if (s == u"Infinity")
            return std::numeric_limits<double>::infinity();
        if (s == u"-Infinity")
            return -std::numeric_limits<double>::infinity();
        return std::nullopt;
    }
    // Digits, a sign, a point and an exponent only: no "inf", no spaces, no thousands.
    char buf[64];
    const qsizetype n = asciiNumber(s, buf, "0123456789+-.eE"_L1);
    if (n == 0)
        return std::nullopt;
    // from_chars takes no plus sign before the number (and rounds as correctly as strtod).
    const char *begin = buf;
    if (*begin == '+' && n > 1 && buf[1] != '+' && buf[1] != '-')
        ++begin;
    double d = 0;
    const auto [end, error] = std::from_chars(begin, buf + n, d);
    if (error != std::errc() || end != buf + n)
        return std::nullopt;
    return d;
}

// An integer as written: an optional minus and digits, without leading zeros (which a
// number would lose: "007" is text).
std::optional<qint64> integerFromText(const QString &s)
{
    const qsizetype digits = s.startsWith(u'-') ? 1 : 0;
    if (s.size() == digits || (s.size() > digits + 1 && s.at(digits) == u'0'))
        return std::nullopt;
    char buf[64];
    const qsizetype n = asciiNumber(s, buf, "0123456789-"_L1);
    if (n == 0 || std::find(buf + 1, buf + n, '-') != buf + n)
        return std::nullopt;
    qint64 v = 0;
    const auto [end, error] = std::from_chars(buf, buf + n, v);
    if (error != std::errc() || end != buf + n)
        return std::nullopt; // out of range: text
    return v;
}

} // namespace

const Table *findTable(const MetaData &meta, const QString &name)
{
    if (const Table *exact = meta.table(name))
        return exact;
    const Table *found = nullptr;
    for (const Table &t : meta.tables()) {
        if (t.qualifiedName().compare(name, Qt::CaseInsensitive) == 0) {
            if (found)
                return nullptr; // "a" for A and a: which one is not for us to guess
            found = &t;
        }
    }
    return found;
}

const Column *findColumn(const Table &table, const QString &name)
{
    if (const Column *exact = table.column(name))
        return exact;
    const Column *found = nullptr;
    for (const Column &c : table.columns()) {
        if (c.name.compare(name, Qt::CaseInsensitive) == 0) {
            if (found)
                return nullptr;
            found = &c;
        }
    }
    return found;
}

QString ImportProblem::text() const
{
    const QString where =
        line > 0 ? Tr::tr("row %1 (line %2)").arg(row).arg(line) : Tr::tr("row %1").arg(row);
    if (column.isEmpty())
        return where + u": " + message;
    return Tr::tr("%1, column %2: %3").arg(where, column, message);
}

TableImporter::TableImporter(Connection &connection, const ImportOptions &options)
    : m_connection(connection)
    , m_options(options)
{ }

bool TableImporter::fail(Error::Kind kind, const QString &message)
{
    m_error = Error(kind, message);
    return false;
}

namespace {

// A server's NUMERIC value as its exact decimal text, checked against the column's precision
// and scale (the server would round digits past the scale); false with *problem.
bool serverDecimal(const QString &text, const TypeSpec &type, QVariant *stored, QString *problem)
{
    const Decimal::Parts parts = Decimal::split(text);
    if (!parts.ok) {
        *problem = Tr::tr("%1 is not a number").arg(quoted(text));
        return false;
    }
    if (type.precision > 0) {
        const Decimal::Parts::Counts digits = parts.counts();
        if (digits.fraction > type.scale) {
            *problem = Tr::tr("%1 has more than %2 digits after the point")
                           .arg(quoted(text))
                           .arg(type.scale);
            return false;
        }
        if (digits.whole > type.precision - type.scale) {
            *problem = Tr::tr("%1 has more than %2 digits before the point")
                           .arg(quoted(text))
                           .arg(type.precision - type.scale);
            return false;
        }
    }
    *stored = text.trimmed();
    return true;
}

bool isInfinity(const QString &text)
{
    return text == u"infinity" || text == u"-infinity";
}

} // namespace

bool TableImporter::toStored(const QVariant &value, const Column &column, ImportFormat format,
                             QVariant *stored, QString *problem, bool onServer)
{
    *stored = QVariant();
    if (!value.isValid() || value.isNull()) {
        // An INTEGER PRIMARY KEY given NULL takes the next key on SQLite.
        if (column.nullable || column.autoincrement)
            return true;
        *problem = Tr::tr("empty, and the column takes no NULL");
        return false;
    }
    const bool isText = value.typeId() == QMetaType::QString;
    const QString text = isText ? value.toString() : QString();
    switch (column.type.type) {
    case ColumnType::LargeBinary: {
        if (!isText) {
            *problem = Tr::tr("%1 is not bytes").arg(quoted(value));
            return false;
        }
        if (format == ImportFormat::Json) {
            const auto decoded = QByteArray::fromBase64Encoding(
                text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded) {
                *problem = Tr::tr("%1 is not base64").arg(quoted(value));
                return false;
            }
            *stored = nonNull(*decoded);
            return true;
        }
        const QStringView hex = text.startsWith(u"\\x") ? QStringView(text).mid(2) : text;
        if (!isHex(hex)) {
            *problem = Tr::tr("%1 is not hex digits").arg(quoted(value));
            return false;
        }
        *stored = nonNull(QByteArray::fromHex(hex.toLatin1()));
        return true;
    }
    case ColumnType::String:
    case ColumnType::Text: {
        if (!isText) {
            *stored = storage::toStorage(value, column.type);
            return true;
        }
        *stored = textValue(text);
        if (column.type.length > 0 && stored->typeId() == QMetaType::QString
            && stored->toString().size() > column.type.length) {
            *problem = Tr::tr("%1 is longer than %2 characters")
                           .arg(quoted(value))
                           .arg(column.type.length);
            return false;
        }
        return true;
    }
    case ColumnType::Null:
        // Untyped: a number when it reads as one, as the exporter writes numbers.
        if (!isText) {
            *stored = value.typeId() == QMetaType::Bool ? QVariant(qint64(value.toBool())) : value;
        } else if (const auto i = integerFromText(text)) {
            *stored = *i;
        } else if (const auto d = realFromText(text)) {
            *stored = *d;
        } else {
            *stored = textValue(text);
        }
        return true;
    case ColumnType::Integer:
    case ColumnType::BigInteger:
        // The usual form first, without the general conversion's copies.
        if (isText) {
            if (const auto i = integerFromText(text)) {
                *stored = *i;
                return true;
            }
        }
        break;
    case ColumnType::Float:
        if (isText) {
            if (const auto d = realFromText(text)) {
                *stored = *d;
                return true;
            }
        }
        break;
    case ColumnType::Numeric:
        // Through a double, a server's decimal would lose its digits past the 17th.
        if (onServer || column.type.form.kind == StoredForm::DecimalText) {
            const QString digits = isText ? text
                : value.typeId() == QMetaType::Double
                ? QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest)
                : value.toString();
            return serverDecimal(digits, column.type, stored, problem);
        }
        break;
    case ColumnType::Date:
    case ColumnType::DateTime:
        // PostgreSQL's dates and timestamps have infinities; SQLite's texts have none.
        if (isText && isInfinity(text.trimmed())) {
            if (onServer) {
                *stored = text.trimmed();
                return true;
            }
            *problem =
                Tr::tr("%1: an SQLite date or date-time cannot be infinite").arg(quoted(value));
            return false;
        }
        break;
    default:
        break;
    }
    if (const QString finer = storage::storedFormProblem(value, column.type); !finer.isEmpty()) {
        // Cut, it would be another instant than the one given.
        *problem = Tr::tr("%1 is %2").arg(quoted(value), finer);
        return false;
    }
    bool ok = false;
    *stored = storage::toStorage(value, column.type, &ok);
    if (!ok) {
        *problem = Tr::tr("%1 is not a valid %2").arg(quoted(value), typeDisplayName(column.type));
        return false;
    }
    return true;
}

bool TableImporter::detectColumns(RecordReader &reader, qint64 maxRows, QList<Column> *columns,
                                  QString *error)
{
    const qsizetype n = reader.columnNames().size();
    enum Fit : int { Int32 = 1, Int64 = 2, Real = 4, Bool = 8 };
    QList<int> fits(n, Int32 | Int64 | Real | Bool);
    QList<bool> seen(n, false);
    QVariantList values;
    qint64 rows = 0;
    while ((maxRows < 0 || rows < maxRows) && reader.next(&values)) {
        ++rows;
        for (qsizetype i = 0; i < n; ++i) {
            const QVariant &v = values.at(i);
            if (!v.isValid() || v.isNull())
                continue;
            seen[i] = true;
            int fit = 0;
            switch (v.typeId()) {
            case QMetaType::Bool:
                fit = Bool;
                break;
            case QMetaType::LongLong: {
                const qint64 k = v.toLongLong();
                fit = Int64 | Real
                    | (k >= std::numeric_limits<int>::min() && k <= std::numeric_limits<int>::max()
                           ? Int32
                           : 0);
                break;
            }
            case QMetaType::Double:
                fit = Real;
                break;
            default: {
                const QString s = v.toString();
                if (const auto k = integerFromText(s)) {
                    fit = Int64 | Real
                        | (*k >= std::numeric_limits<int>::min()
                                   && *k <= std::numeric_limits<int>::max()
                               ? Int32
                               : 0);
                } else if (realFromText(s)) {
                    fit = Real;
                }
            }
            }
            fits[i] &= fit;
        }
    }
    if (!reader.error().isEmpty()) {
        *error = reader.error();
        return false;
    }
    columns->clear();
    for (qsizetype i = 0; i < n; ++i) {
        Column c;
        c.name = reader.columnNames().at(i);
        const int fit = fits.at(i);
        if (!seen.at(i))
            c.type = Text;
        else if (fit & Bool)
            c.type = Boolean;
        else if (fit & Int32)
            c.type = Integer;
        else if (fit & Int64)
            c.type = BigInteger;
        else if (fit & Real)
            c.type = Float;
        else
            c.type = Text;
        columns->append(c);
    }
    return true;
}

bool TableImporter::importFile(const QString &tableName, QIODevice *in)
{
    m_imported = 0;
    m_created = false;
    m_problems.clear();
    m_error = Error();
    RecordReader reader(in, m_options);
    if (!reader.open())
        return fail(Error::Kind::Usage, reader.error());
    Table table;
    if (!findOrCreateTable(tableName, reader, &table))
        return false;
    // One transaction for the new table and every row: all or nothing.
    if (!m_connection.begin(Connection::TransactionMode::Immediate)) {
        m_error = m_connection.lastError();
        return false;
    }
    if (m_created) {
        for (const QString &statement : m_connection.dialect().createTable(table)) {
            if (!m_connection.exec(statement)) {
                m_error = m_connection.lastError();
                m_connection.rollback();
                return false;
            }
        }
    }
    if (!writeRows(table, reader) || !m_connection.commit()) {
        if (!m_error.isError())
            m_error = m_connection.lastError();
        m_connection.rollback();
        m_imported = 0;
        return false;
    }
    return true;
}

bool TableImporter::findOrCreateTable(const QString &tableName, RecordReader &reader, Table *table)
{
    Error error;
    const std::optional<MetaData> meta = m_connection.reflect(QString(), &error);
    if (!meta) {
        m_error = error;
        return false;
    }
    if (m_options.newTableOnly) {
        for (const Table &t : meta->tables()) {
            if (t.qualifiedName().compare(tableName, Qt::CaseInsensitive) == 0
                || t.name().compare(tableName, Qt::CaseInsensitive) == 0)
                return fail(Error::Kind::Usage,
                            Tr::tr("The database already has a table %1: choose it to import "
                                   "into it, or another name.")
                                .arg(t.qualifiedName()));
        }
    }
    if (const Table *existing = findTable(*meta, tableName)) {
        if (existing->isView())
            return fail(Error::Kind::Usage,
                        Tr::tr("%1 is a view: rows go into tables.").arg(tableName));
        *table = *existing;
        return true;
    }
    // A new table: its columns' types from every value of the file.
    QList<Column> columns;
    QString message;
    if (!detectColumns(reader, -1, &columns, &message))
        return fail(Error::Kind::Usage, message);
    if (!reader.rewind())
        return fail(Error::Kind::Usage,
                    Tr::tr("The file cannot be read a second time (a new table's types are "
                           "detected in a first pass): read it from a file, not a pipe."));
    table->setName(tableName);
    for (qsizetype i = 0; i < columns.size(); ++i) {
        const QString target = m_options.columnMapping.value(i, columns.at(i).name);
        if (target.isEmpty())
            continue;
        Column c = columns.at(i);
        c.name = target;
        table->addColumn(c);
    }
    if (table->columns().isEmpty())
        return fail(Error::Kind::Usage, Tr::tr("The file has no columns to import."));
    m_created = true;
    return true;
}

bool TableImporter::writeRows(const Table &table, RecordReader &reader)
{
    // The file's columns and the table's they go to.
    QList<qsizetype> sources;
    QList<const Column *> targets;
    QStringList names;
    for (qsizetype i = 0; i < reader.columnNames().size(); ++i) {
        const QString target = m_options.columnMapping.isEmpty() ? reader.columnNames().at(i)
                                                                 : m_options.columnMapping.value(i);
        if (target.isEmpty())
            continue;
        const Column *column = findColumn(table, target);
        if (!column)
            return fail(
                Error::Kind::Usage,
                Tr::tr("The table %1 has no column %2.").arg(table.qualifiedName(), target));
        if (names.contains(column->name))
            return fail(Error::Kind::Usage,
                        Tr::tr("Two columns of the file go to the column %1.").arg(column->name));
        sources << i;
        targets << column;
        names << column->name;
    }
    if (names.isEmpty())
        return fail(Error::Kind::Usage, Tr::tr("No column of the file goes to the table."));
    const Compiled insert =
        compileInsert(m_connection.dialect(), table.schema(), table.qualifiedName(), names);
    Statement statement = m_connection.prepare(insert.sql);
    if (!statement.isValid()) {
        m_error = m_connection.lastError();
        return false;
    }

    QList<QVariantList> batch;
    QList<std::pair<qint64, qint64>> where; // each batch row's row and line in the file
    batch.reserve(kBatch);
    std::vector<qint64> changes;
    const auto writeBatch = [&] {
        qsizetype failed = -1;
        const bool ok = batch.isEmpty()
            || m_connection.execEach(
                statement, batch.size(), [&](qsizetype r) { statement.bindValues(batch.at(r)); },
                &changes, &failed);
        if (!ok) {
            const Error &e = m_connection.lastError();
            ImportProblem p;
            if (failed >= 0 && failed < where.size())
                std::tie(p.row, p.line) = where.at(failed);
            p.column = e.columns().join(u", ");
            p.message = e.message();
            m_problems << p;
            m_error = e;
            return false;
        }
        m_imported += batch.size();
        batch.clear();
        where.clear();
        return true;
    };

    const bool onServer = m_connection.dialect().name() == u"postgresql";
    QVariantList values;
    QVariantList row;
    while (reader.next(&values)) {
        row.clear();
        bool good = true;
        for (qsizetype k = 0; k < sources.size(); ++k) {
            QVariant stored;
            QString problem;
            if (!toStored(values.at(sources.at(k)), *targets.at(k), m_options.format, &stored,
                          &problem, onServer)) {
                good = false;
                m_problems << ImportProblem {reader.row(), reader.line(), names.at(k), problem};
                if (m_problems.size() >= m_options.maxProblems)
                    break;
            }
            row << stored;
        }
        if (m_problems.size() >= m_options.maxProblems)
            break;
        // After a bad row nothing more is written; the rest is only checked, to report it.
        if (good && m_problems.isEmpty()) {
            batch << row;
            where << std::pair(reader.row(), reader.line());
            if (batch.size() >= kBatch && !writeBatch())
                return false;
        }
        if (m_progress && m_options.progressInterval > 0
            && reader.row() % m_options.progressInterval == 0 && !m_progress(reader.row()))
            return fail(Error::Kind::Cancelled, Tr::tr("The import was cancelled."));
    }
    if (!reader.error().isEmpty())
        return fail(Error::Kind::Usage, reader.error());
    if (!m_problems.isEmpty()) {
        m_error = Error(Error::Kind::Validation,
                        Tr::tr("%n row(s) do not fit the table: nothing was imported.", nullptr,
                               int(m_problems.size())));
        return false;
    }
    return writeBatch();
}

} // namespace orm
