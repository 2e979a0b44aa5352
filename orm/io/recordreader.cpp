// SPDX-License-Identifier: MIT
#include "orm/io/recordreader.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QSet>

#include <algorithm>
#include <iterator>

namespace orm {

namespace {

constexpr qint64 kReadChunk = 1 << 16;

// The texts' translation context.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(orm::RecordReader)
};

} // namespace

RecordReader::RecordReader(QIODevice *in, const ImportOptions &options)
    : m_in(in)
    , m_options(options)
    , m_decoder(options.encoding)
{ }

bool RecordReader::open()
{
    m_columns.clear();
    m_row = 0;
    m_endedWithCr = false;
    if (!m_in || !m_in->isReadable()) {
        m_error = Tr::tr("The file is not open for reading.");
        return false;
    }
    if (m_options.format == ImportFormat::Json)
        return openJson();
    if (m_options.separator.isNull() || m_options.separator == u'"' || m_options.separator == u'\n'
        || m_options.separator == u'\r') {
        m_error = Tr::tr("The separator cannot be a quote or a line break.");
        return false;
    }
    if (!m_options.header)
        return true;
    QVariantList header;
    if (!nextCsvRecord(&header)) {
        if (m_error.isEmpty())
            m_error = Tr::tr("The file is empty: a CSV file starts with a row of column names.");
        return false;
    }
    QSet<QString> seen;
    for (const QVariant &name : std::as_const(header)) {
        const QString s = name.toString();
        if (s.isEmpty() || seen.contains(s)) {
            m_error = s.isEmpty()
                ? Tr::tr("Column %1 of the header has no name.").arg(seen.size() + 1)
                : Tr::tr("The header names %1 twice.").arg(s);
            return false;
        }
        seen.insert(s);
        m_columns << s;
    }
    m_row = 0;
    return true;
}

QChar RecordReader::guessSeparator(const QByteArray &start)
{
    static constexpr char candidates[] = {',', ';', '\t', '|'};
    int counts[std::size(candidates)] = {};
    bool quoted = false;
    for (const char c : start) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        for (size_t i = 0; !quoted && i < std::size(candidates); ++i)
            counts[i] += c == candidates[i];
    }
    const auto most = std::max_element(std::begin(counts), std::end(counts));
    return *most > 0 ? QChar(candidates[most - std::begin(counts)]) : QChar(u',');
}

bool RecordReader::rewind()
{
    if (m_in->isSequential() || !m_in->seek(0))
        return false;
    m_decoder.resetState();
    m_buffer.clear();
    m_pos = 0;
    m_atEnd = false;
    m_line = 1;
    m_error.clear();
    return open();
}

bool RecordReader::fill()
{
    if (m_atEnd)
        return false;
    const QByteArray bytes = m_in->read(kReadChunk);
    if (bytes.isEmpty()) {
        m_atEnd = true;
        m_buffer.remove(0, m_pos);
        m_pos = 0;
        return false;
    }
    m_buffer.remove(0, m_pos);
    m_pos = 0;
    m_buffer += m_decoder.decode(bytes);
    if (m_decoder.hasError()) {
        m_error =
            Tr::tr("Line %1 is not valid in the file's encoding (%2).")
                .arg(m_line)
                .arg(QString::fromLatin1(QStringConverter::nameForEncoding(m_options.encoding)));
        m_atEnd = true;
        return false;
    }
    return true;
}

// One record of RFC 4180: fields separated by the separator, records by CRLF or LF; a field in
// double quotes may hold separators, quotes (doubled) and line breaks.
bool RecordReader::nextCsvRecord(QVariantList *fields)
{
    fields->clear();
    // Skips empty lines between records (and the end of the file after the last one). Without
    // a header (cells from the clipboard) an empty line is a row of one empty cell: a column
    // copied with empty cells in it, the last one included.
    for (;;) {
        if (m_pos >= m_buffer.size() && !fill())
            return false;
        const QChar c = m_buffer.at(m_pos);
        if (c != u'\n' && c != u'\r')
            break;
        ++m_pos;
        const bool lineFeedOfCrLf = c == u'\n' && m_endedWithCr;
        m_endedWithCr = c == u'\r';
        if (c == u'\n')
            ++m_line;
        if (m_options.header || lineFeedOfCrLf)
            continue;
        m_recordLine = m_line - (c == u'\n' ? 1 : 0);
        if (c == u'\r' && (m_pos < m_buffer.size() || fill()) && m_buffer.at(m_pos) == u'\n') {
            ++m_pos;
            ++m_line;
            m_endedWithCr = false;
        }
        fields->append(QVariant());
        return true;
    }
    m_endedWithCr = false;
    m_recordLine = m_line;
    const QChar sep = m_options.separator;
    QString field;
    bool quoted = false;
    enum class State { Start, Unquoted, Quoted, QuoteInQuoted } state = State::Start;
    const auto endField = [&] {
        if (!quoted && (field.isEmpty() || field == m_options.nullText))
            fields->append(QVariant());
        else if (field.isEmpty())
            fields->append(QStringLiteral("")); // empty text, not a null string (NULL)
        else
            fields->append(field);
        field.clear();
        quoted = false;
        state = State::Start;
    };
    for (;;) {
        if (m_pos >= m_buffer.size() && !fill()) {
            if (!m_error.isEmpty())
                return false;
            if (state == State::Quoted) {
                m_error =
                    Tr::tr("Line %1: a quoted field is not closed before the end of the file.")
                        .arg(m_recordLine);
                return false;
            }
            endField();
            return true;
        }
        const QChar c = m_buffer.at(m_pos++);
        switch (state) {
        case State::Start:
        case State::Unquoted:
            if (c == sep) {
                endField();
            } else if (c == u'\n' || c == u'\r') {
                if (c == u'\n')
                    ++m_line;
                m_endedWithCr = c == u'\r';
                endField();
                return true;
            } else if (c == u'"' && state == State::Start) {
                quoted = true;
                state = State::Quoted;
            } else {
                // The rest of the field that is in the buffer, in one append.
                qsizetype end = m_pos;
                while (end < m_buffer.size()) {
                    const QChar d = m_buffer.at(end);
                    if (d == sep || d == u'\n' || d == u'\r')
                        break;
                    ++end;
                }
                field += QStringView(m_buffer).mid(m_pos - 1, end - m_pos + 1);
                m_pos = end;
                state = State::Unquoted;
            }
            break;
        case State::Quoted:
            if (c == u'"') {
                state = State::QuoteInQuoted;
            } else if (c == u'\n') {
                ++m_line;
                field += c;
            } else {
                qsizetype end = m_pos;
                while (end < m_buffer.size() && m_buffer.at(end) != u'"'
                       && m_buffer.at(end) != u'\n')
                    ++end;
                field += QStringView(m_buffer).mid(m_pos - 1, end - m_pos + 1);
                m_pos = end;
            }
            break;
        case State::QuoteInQuoted:
            if (c == u'"') {
                field += c;
                state = State::Quoted;
            } else if (c == sep) {
                endField();
            } else if (c == u'\n' || c == u'\r') {
                if (c == u'\n')
                    ++m_line;
                m_endedWithCr = c == u'\r';
                endField();
                return true;
            } else {
                m_error =
                    Tr::tr("Line %1: a quoted field is followed by %2 instead of a separator.")
                        .arg(m_line)
                        .arg(c);
                return false;
            }
            break;
        }
    }
}

bool RecordReader::next(QVariantList *values)
{
    if (m_options.format == ImportFormat::Json)
        return nextJson(values);
    if (!nextCsvRecord(values))
        return false;
    ++m_row;
    if (m_options.header && values->size() != m_columns.size()) {
        m_error = Tr::tr("Row %1 (line %2) has %3 fields; the header has %4.")
                      .arg(m_row)
                      .arg(m_recordLine)
                      .arg(values->size())
                      .arg(m_columns.size());
        return false;
    }
    return true;
}

bool RecordReader::jsonError(const QString &what)
{
    if (m_error.isEmpty())
        m_error =
            Tr::tr("The JSON is not an array of objects: %1 on line %2.").arg(what).arg(m_line);
    return false;
}

QChar RecordReader::peekJson()
{
    for (;;) {
        if (m_pos >= m_buffer.size() && !fill())
            return QChar();
        const QChar c = m_buffer.at(m_pos);
        if (c == u'\n')
            ++m_line;
        else if (c != u' ' && c != u'\t' && c != u'\r')
            return c;
        ++m_pos;
    }
}

bool RecordReader::expectJson(QChar c)
{
    if (peekJson() != c)
        return jsonError(peekJson().isNull() ? Tr::tr("the file ends early")
                                             : Tr::tr("%1 where %2 belongs").arg(peekJson(), c));
    ++m_pos;
    return true;
}

bool RecordReader::readJsonString(QString *text)
{
    if (!expectJson(u'"'))
        return false;
    text->clear();
    for (;;) {
        if (m_pos >= m_buffer.size() && !fill())
            return jsonError(Tr::tr("a string is not closed"));
        const QChar c = m_buffer.at(m_pos++);
        if (c == u'"')
            return true;
        if (c != u'\\') {
            if (c == u'\n')
                ++m_line;
            *text += c;
            continue;
        }
        if (m_pos >= m_buffer.size() && !fill())
            return jsonError(Tr::tr("a string is not closed"));
        const QChar e = m_buffer.at(m_pos++);
        switch (e.unicode()) {
        case u'"':
        case u'\\':
        case u'/':
            *text += e;
            break;
        case u'b':
            *text += u'\b';
            break;
        case u'f':
            *text += u'\f';
            break;
        case u'n':
            *text += u'\n';
            break;
        case u'r':
            *text += u'\r';
            break;
        case u't':
            *text += u'\t';
            break;
        case u'u': {
            while (m_buffer.size() - m_pos < 4 && fill()) { }
            bool ok = false;
            const ushort unit = QStringView(m_buffer).mid(m_pos, 4).toUShort(&ok, 16);
            if (!ok)
                return jsonError(Tr::tr("a \\u escape without four hex digits"));
            m_pos += 4;
            *text += QChar(unit); // surrogate pairs come as two escapes, in order
            break;
        }
        default:
            return jsonError(Tr::tr("the escape \\%1").arg(e));
        }
    }
}

// A number, true, false or null.
bool RecordReader::readJsonLiteral(QVariant *value)
{
    QString word;
    for (;;) {
        if (m_pos >= m_buffer.size() && !fill())
            break;
        const QChar c = m_buffer.at(m_pos);
        if (!(c.isLetterOrNumber() || c == u'-' || c == u'+' || c == u'.'))
            break;
        word += c;
        ++m_pos;
    }
    if (word == u"null") {
        *value = QVariant();
    } else if (word == u"true" || word == u"false") {
        *value = word == u"true";
    } else {
        bool ok = false;
        const bool integral = !word.contains(u'.') && !word.contains(u'e') && !word.contains(u'E');
        const qint64 k = integral ? word.toLongLong(&ok) : 0;
        if (ok) {
            *value = k;
        } else {
            const double d = word.toDouble(&ok);
            if (!ok || word.isEmpty() || !(word.front().isDigit() || word.front() == u'-'))
                return jsonError(word.isEmpty() ? Tr::tr("no value")
                                                : Tr::tr("the value %1").arg(word));
            *value = d;
        }
    }
    return true;
}

// A value; a nested array or object as its JSON text.
bool RecordReader::readJsonValue(QVariant *value)
{
    const QChar c = peekJson();
    if (c == u'"') {
        QString text;
        if (!readJsonString(&text))
            return false;
        *value = text.isNull() ? QStringLiteral("") : text;
        return true;
    }
    if (c == u'[' || c == u'{') {
        // Copies the nested text as it is, keeping track of depth and strings.
        QString text;
        int depth = 0;
        bool inString = false;
        for (;;) {
            if (m_pos >= m_buffer.size() && !fill())
                return jsonError(Tr::tr("the file ends early"));
            const QChar d = m_buffer.at(m_pos++);
            text += d;
            if (inString) {
                if (d == u'\\' && (m_pos < m_buffer.size() || fill()))
                    text += m_buffer.at(m_pos++);
                else if (d == u'"')
                    inString = false;
            } else if (d == u'"') {
                inString = true;
            } else if (d == u'[' || d == u'{') {
                ++depth;
            } else if (d == u']' || d == u'}') {
                if (--depth == 0)
                    break;
            } else if (d == u'\n') {
                ++m_line;
            }
        }
        *value = text;
        return true;
    }
    return readJsonLiteral(value);
}

bool RecordReader::readJsonObject(QStringList *keys, QVariantList *values)
{
    if (!expectJson(u'{'))
        return false;
    if (peekJson() == u'}') {
        ++m_pos;
        return true;
    }
    for (;;) {
        QString key;
        QVariant value;
        if (!readJsonString(&key) || !expectJson(u':') || !readJsonValue(&value))
            return false;
        *keys << key;
        *values << value;
        const QChar c = peekJson();
        ++m_pos;
        if (c == u'}')
            return true;
        if (c != u',')
            return jsonError(c.isNull() ? Tr::tr("the file ends early")
                                        : Tr::tr("%1 where , or } belongs").arg(c));
    }
}

bool RecordReader::openJson()
{
    m_jsonDone = false;
    m_jsonFirst = true;
    if (!expectJson(u'['))
        return false;
    // The first object names the columns; it is read again as the first row.
    if (peekJson() == u']') {
        ++m_pos;
        m_jsonDone = true;
        return true;
    }
    QStringList keys;
    m_firstJsonRow.clear();
    m_recordLine = m_line;
    if (!readJsonObject(&keys, &m_firstJsonRow))
        return false;
    QSet<QString> seen;
    for (const QString &key : std::as_const(keys)) {
        if (seen.contains(key)) {
            m_error = Tr::tr("The first object of the JSON has the key %1 twice.").arg(key);
            return false;
        }
        seen.insert(key);
    }
    m_columns = keys;
    return true;
}

bool RecordReader::nextJson(QVariantList *values)
{
    if (m_jsonDone)
        return false;
    if (m_jsonFirst) {
        m_jsonFirst = false;
        *values = m_firstJsonRow;
        ++m_row;
        return true;
    }
    const QChar c = peekJson();
    ++m_pos;
    if (c == u']') {
        m_jsonDone = true;
        return false;
    }
    if (c != u',')
        return jsonError(c.isNull() ? Tr::tr("the file ends early")
                                    : Tr::tr("%1 where , or ] belongs").arg(c));
    ++m_row;
    m_recordLine = m_line;
    QStringList keys;
    QVariantList read;
    if (!readJsonObject(&keys, &read))
        return false;
    values->fill(QVariant(), m_columns.size());
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const qsizetype column = m_columns.indexOf(keys.at(i));
        if (column < 0) {
            m_error = Tr::tr("Row %1 (line %2) has the key %3, which the first row does not have.")
                          .arg(m_row)
                          .arg(m_recordLine)
                          .arg(keys.at(i));
            return false;
        }
        (*values)[column] = read.at(i);
    }
    return true;
}

} // namespace orm
