// SPDX-License-Identifier: MIT
#include "orm/io/tableexport.h"

#include "orm/io/sqlliteral_p.h"
#include "orm/io/tabledefinition_p.h"
#include "orm/sql/dialect.h"
#include "orm/sql/types.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QStringEncoder>

#include <cmath>

namespace orm {

namespace {

// Output is gathered into chunks of this many UTF-16 units before it is encoded and written.
constexpr qsizetype kChunk = 1 << 16;

// The texts' translation context.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(orm::TableExporter)
};

bool needsCsvQuotes(QStringView text, QChar separator)
{
    for (QChar c : text) {
        if (c == separator || c == u'"' || c == u'\n' || c == u'\r')
            return true;
    }
    // Leading or trailing spaces survive readers that trim unquoted fields.
    return !text.isEmpty() && (text.front().isSpace() || text.back().isSpace());
}

// Whether text begins as the marker for bytes does, after any number of backslashes ("\x",
// "\\x", …): written with one backslash more, so that text never reads back as bytes.
bool looksLikeMarker(QStringView text)
{
    qsizetype i = 0;
    while (i < text.size() && text.at(i) == u'\\')
        ++i;
    return i > 0 && i < text.size() && text.at(i) == u'x';
}

void appendJsonString(QString *out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    *out += u'"';
    for (QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case u'"':
            *out += u"\\\"";
            break;
        case u'\\':
            *out += u"\\\\";
            break;
        case u'\n':
            *out += u"\\n";
            break;
        case u'\r':
            *out += u"\\r";
            break;
        case u'\t':
            *out += u"\\t";
            break;
        default:
            if (u < 0x20) {
                *out += u"\\u00";
                *out += QChar(hex[u >> 4]);
                *out += QChar(hex[u & 15]);
            } else {
                *out += c;
            }
        }
    }
    *out += u'"';
}

} // namespace

// Gathers the text of rows and writes it through the chosen encoding in chunks.
class TableExporter::Writer
{
public:
    Writer(QIODevice *out, const ExportOptions &options)
        : m_out(out)
        , m_encoder(options.encoding,
                    options.byteOrderMark ? QStringConverter::Flag::WriteBom
                                          : QStringConverter::Flag::Default)
    {
        m_text.reserve(kChunk + 4096);
    }
    QString &text() { return m_text; }
    bool flushIfFull() { return m_text.size() < kChunk || flush(); }
    bool flush()
    {
        const QByteArray bytes = m_encoder.encode(m_text);
        m_text.clear();
        return m_out->write(bytes) == bytes.size();
    }

private:
    QIODevice *m_out;
    QStringEncoder m_encoder;
    QString m_text;
};

TableExporter::TableExporter(Connection &connection, const ExportOptions &options)
    : m_connection(connection)
    , m_options(options)
{ }

bool TableExporter::fail(Error::Kind kind, const QString &message)
{
    m_error = Error(kind, message);
    return false;
}

bool TableExporter::exportTable(const Table &table, QIODevice *out)
{
    Select select;
    select.fromTable = table.qualifiedName();
    select.fromSchema = table.schema();
    QStringList names;
    for (const Column &c : table.columns()) {
        select.columns << Expr::column(table.qualifiedName(), c.name, c.type);
        names << c.name;
    }
    for (const QString &key : table.primaryKey())
        select.orderBy << OrderTerm(Expr::column(table.qualifiedName(), key));
    return run(select.compile(m_connection.dialect()), names, table, out);
}

bool TableExporter::exportSelect(const Select &select, const QStringList &columnNames,
                                 const Table &table, QIODevice *out)
{
    return run(select.compile(m_connection.dialect()), columnNames, table, out);
}

bool TableExporter::exportQuery(const QString &sql, const Table &table, QIODevice *out)
{
    QStringList names;
    {
        Statement st = m_connection.prepare(sql);
        if (!st.isValid()) {
            m_error = m_connection.lastError();
            return false;
        }
        for (int c = 0; c < st.columnCount(); ++c)
            names << st.columnName(c);
    }
    if (names.isEmpty())
        return fail(Error::Kind::Usage, Tr::tr("The statement gives no rows to export."));
    return run(Compiled {sql, {}}, names, table, out);
}

bool TableExporter::run(const Compiled &compiled, const QStringList &columnNames,
                        const Table &table, QIODevice *out)
{
    m_rows = 0;
    m_error = Error();
    if (!out || !out->isWritable())
        return fail(Error::Kind::Usage, Tr::tr("The output is not open for writing."));
    if (m_options.format == ExportFormat::Csv && m_options.separator.isNull())
        return fail(Error::Kind::Usage, Tr::tr("The separator is empty."));
    // The definition is read before the rows: a server's connection runs one statement at a time.
    detail::TableDefinition definition;
    if (m_options.format == ExportFormat::Sql && m_options.definition
        && !detail::tableDefinition(m_connection, table, &definition, &m_error))
        return false;
    Statement st = m_connection.prepare(compiled.sql);
    if (!st.isValid()) {
        m_error = m_connection.lastError();
        return false;
    }
    st.setFetch(Fetch::RowByRow);
    st.bindValues(compiled.params);

    Writer writer(out, m_options);
    QString &text = writer.text();
    const Dialect &dialect = m_connection.dialect();
    const int n = int(columnNames.size());
    const QChar sep = m_options.separator;
    // The columns' types where the table has them: a boolean is written as one.
    QList<TypeSpec> types;
    for (const QString &name : columnNames) {
        const Column *column = table.column(name);
        types << (column ? column->type : TypeSpec());
    }
    // Columns the server computes take no value in an INSERT.
    QList<bool> written;
    for (const QString &name : columnNames)
        written << !definition.generatedColumns.contains(name);
    // What every INSERT starts with, and each JSON object's keys, made once.
    QString insertHead;
    QStringList jsonKeys;
    if (m_options.format == ExportFormat::Sql) {
        if (m_options.definition) {
            text += u"BEGIN TRANSACTION;\n";
            for (const QString &statement : std::as_const(definition.before))
                text += statement + u";\n";
        }
        insertHead = QStringLiteral("INSERT INTO ") + dialect.quoteTable(table) + u" (";
        bool first = true;
        for (int i = 0; i < n; ++i) {
            if (written.at(i)) {
                insertHead += (first ? u"" : u", ") + dialect.quoteIdentifier(columnNames.at(i));
                first = false;
            }
        }
        insertHead += definition.overridingSystemValue
            ? QStringLiteral(") OVERRIDING SYSTEM VALUE VALUES (")
            : QStringLiteral(") VALUES (");
    } else if (m_options.format == ExportFormat::Json) {
        for (const QString &name : columnNames) {
            QString key;
            appendJsonString(&key, name);
            jsonKeys << key + u": ";
        }
        text += u'[';
    } else if (m_options.header) {
        for (int i = 0; i < n; ++i) {
            if (i)
                text += sep;
            const QString &name = columnNames.at(i);
            if (needsCsvQuotes(name, sep) || name.isEmpty())
                text += u'"' + QString(name).replace(QStringLiteral("\""), QStringLiteral("\"\""))
                    + u'"';
            else
                text += name;
        }
        text += u"\r\n";
    }

    while (st.next()) {
        if (m_options.format == ExportFormat::Json)
            text += m_rows ? u",\n  {" : u"\n  {";
        else if (m_options.format == ExportFormat::Sql)
            text += insertHead;
        bool firstValue = true;
        for (int i = 0; i < n; ++i) {
            const ColumnValue v = st.column(i);
            switch (m_options.format) {
            case ExportFormat::Csv:
                if (i)
                    text += sep;
                appendCsv(v, m_options, &text);
                break;
            case ExportFormat::Json:
                if (i)
                    text += u", ";
                text += jsonKeys.at(i);
                appendJson(v, types.at(i), &text);
                break;
            case ExportFormat::Sql:
                if (!written.at(i))
                    break;
                if (!firstValue)
                    text += u", ";
                firstValue = false;
                detail::appendSqlLiteral(dialect, v, types.at(i), &text);
                break;
            }
        }
        if (m_options.format == ExportFormat::Json)
            text += u'}';
        else if (m_options.format == ExportFormat::Sql)
            text += u");\n";
        else
            text += u"\r\n";
        ++m_rows;
        if (!writer.flushIfFull())
            return fail(Error::Kind::Usage,
                        Tr::tr("The output cannot be written: %1").arg(out->errorString()));
        if (m_progress && m_options.progressInterval > 0 && m_rows % m_options.progressInterval == 0
            && !m_progress(m_rows)) {
            return fail(Error::Kind::Cancelled, Tr::tr("The export was cancelled."));
        }
    }
    if (st.hasError()) {
        m_error = m_connection.lastError();
        return false;
    }
    if (m_options.format == ExportFormat::Json)
        text += m_rows ? u"\n]\n" : u"]\n";
    if (m_options.format == ExportFormat::Sql && m_options.definition) {
        for (const QString &statement : std::as_const(definition.after))
            text += statement + u";\n";
        for (const Trigger &trigger : table.triggers()) {
            if (!trigger.sql.isEmpty())
                text +=
                    trigger.sql.trimmed() + (trigger.sql.trimmed().endsWith(u';') ? u"\n" : u";\n");
        }
        text += u"COMMIT;\n";
    }
    if (!writer.flush())
        return fail(Error::Kind::Usage,
                    Tr::tr("The output cannot be written: %1").arg(out->errorString()));
    if (m_progress && !m_progress(m_rows))
        return fail(Error::Kind::Cancelled, Tr::tr("The export was cancelled."));
    return true;
}

void TableExporter::appendCsv(const ColumnValue &v, const ExportOptions &options, QString *text)
{
    const QChar sep = options.separator;
    switch (v.storageClass()) {
    case StorageClass::Null:
        if (needsCsvQuotes(options.nullText, sep))
            *text += u'"'
                + QString(options.nullText).replace(QStringLiteral("\""), QStringLiteral("\"\""))
                + u'"';
        else
            *text += options.nullText;
        return;
    case StorageClass::Integer:
        *text += QString::number(v.int64());
        return;
    case StorageClass::Float:
        *text += detail::formatReal(v.toDouble());
        return;
    case StorageClass::Blob: {
        qsizetype size = 0;
        const char *data = v.utf8(&size);
        if (size == 0)
            *text += u"\"\""; // empty bytes, not NULL
        else
            *text += QString::fromLatin1(QByteArray::fromRawData(data, size).toHex());
        return;
    }
    case StorageClass::Text:
        break;
    }
    qsizetype size = 0;
    const char *data = v.utf8(&size);
    bool valid = true;
    const QString s = detail::decodeText(data, size, &valid);
    if (!valid) {
        *text += TableExporter::hexMarker()
            + QString::fromLatin1(QByteArray::fromRawData(data, size).toHex());
        return;
    }
    const QString written = looksLikeMarker(s) ? u'\\' + s : s;
    // Empty text is "" so that it is not taken for NULL; text equal to the NULL text is
    // quoted for the same reason.
    if (s.isEmpty() || s == options.nullText || needsCsvQuotes(written, sep)) {
        *text += u'"';
        *text += QString(written).replace(QStringLiteral("\""), QStringLiteral("\"\""));
        *text += u'"';
    } else {
        *text += written;
    }
}

QString TableExporter::csvRecord(const QVariantList &stored, const ExportOptions &options)
{
    QString text;
    for (qsizetype i = 0; i < stored.size(); ++i) {
        if (i)
            text += options.separator;
        const QVariant &v = stored.at(i);
        QByteArray bytes;
        StorageClass storageClass = StorageClass::Text;
        if (v.isNull()) {
            appendCsv(ColumnValue(), options, &text);
            continue;
        }
        switch (v.typeId()) {
        case QMetaType::LongLong:
        case QMetaType::Int:
        case QMetaType::Bool:
            appendCsv(ColumnValue::integer(v.toLongLong(), nullptr, int(i)), options, &text);
            continue;
        case QMetaType::Double:
            appendCsv(ColumnValue::real(v.toDouble(), nullptr, int(i)), options, &text);
            continue;
        case QMetaType::QByteArray:
            bytes = v.toByteArray();
            storageClass = StorageClass::Blob;
            break;
        default:
            bytes = v.metaType() == QMetaType::fromType<TextBytes>() ? v.value<TextBytes>().bytes()
                                                                     : v.toString().toUtf8();
            break;
        }
        appendCsv(
            ColumnValue::bytes(storageClass, bytes.constData(), bytes.size(), nullptr, int(i)),
            options, &text);
    }
    return text;
}

void TableExporter::appendJson(const ColumnValue &v, const TypeSpec &type, QString *text) const
{
    switch (v.storageClass()) {
    case StorageClass::Null:
        *text += u"null";
        return;
    case StorageClass::Integer:
        // A boolean stored as 0 or 1 is JSON's false or true (an import reads them back).
        if (type.type == ColumnType::Boolean && (v.int64() == 0 || v.int64() == 1))
            *text += v.int64() ? u"true" : u"false";
        else
            *text += QString::number(v.int64());
        return;
    case StorageClass::Float: {
        const double d = v.toDouble();
        if (std::isfinite(d))
            *text += detail::formatReal(d);
        else
            appendJsonString(text, detail::formatReal(d));
        return;
    }
    case StorageClass::Blob: {
        qsizetype size = 0;
        const char *data = v.utf8(&size);
        appendJsonString(text, QString::fromLatin1(QByteArray::fromRawData(data, size).toBase64()));
        return;
    }
    case StorageClass::Text:
        break;
    }
    qsizetype size = 0;
    const char *data = v.utf8(&size);
    bool valid = true;
    const QString s = detail::decodeText(data, size, &valid);
    if (valid)
        appendJsonString(text, looksLikeMarker(s) ? u'\\' + s : s);
    else
        appendJsonString(
            text,
            QString(TableExporter::hexMarker()
                    + QString::fromLatin1(QByteArray::fromRawData(data, size).toHex())));
}

} // namespace orm
