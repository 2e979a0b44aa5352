// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringConverter>
#include <QStringDecoder>
#include <QStringList>
#include <QVariant>

class QIODevice;

namespace orm {

enum class ImportFormat { Csv, Json };

struct ImportOptions
{
    ImportFormat format = ImportFormat::Csv;
    // CSV (RFC 4180): the first record names the columns, unless header is false (the
    // clipboard's tab-separated cells): then every record is a row, and rows may differ in
    // length.
    QChar separator = u',';
    bool header = true;
    QStringConverter::Encoding encoding = QStringConverter::Utf8;
    // CSV: an unquoted field of this text is NULL, as is an empty unquoted field (a quoted
    // empty field, "", is empty text): what the exporter writes.
    QString nullText;
    // The table column each column of the file goes to, by the file's column index; an empty
    // name skips that column. Empty: every column of the file by its own name.
    QStringList columnMapping;
    // The table must not exist yet: it is created (an existing one, whatever the case of its
    // name, is refused rather than added to).
    bool newTableOnly = false;
    // How many bad rows are reported before the import stops looking.
    int maxProblems = 10;
    qint64 progressInterval = 10000;
};

// The rows of a CSV or JSON file, one at a time, as values: null (NULL), QString (text), and
// for JSON also qint64 (a number without a point or an exponent that fits 64 bits), double and
// bool. Both are read in chunks, in constant memory. A JSON file is an array of objects; its
// columns are the keys of the first object, in their order; a later object without one of
// them has NULL there, and one with another key is refused. Nested arrays and objects are
// taken as their JSON text.
class RecordReader
{
public:
    RecordReader(QIODevice *in, const ImportOptions &options);

    // Reads the header (CSV) or the whole document (JSON); false with error() when it cannot.
    [[nodiscard]] bool open();
    const QStringList &columnNames() const { return m_columns; }
    // The next row into *values (one per column); false at the end or on an error (error()
    // is then set).
    [[nodiscard]] bool next(QVariantList *values);
    // The row just read, counting from 1, and the line of the file it started on (CSV).
    qint64 row() const { return m_row; }
    qint64 line() const { return m_recordLine; }
    QString error() const { return m_error; }
    // Back to the first row (the file must be seekable); false when it cannot.
    [[nodiscard]] bool rewind();

    // The separator a CSV file's first line most likely uses: the one of comma, semicolon, tab
    // and bar found most often outside quotes (a comma when none is).
    static QChar guessSeparator(const QByteArray &start);

private:
    bool fill();
    bool nextCsvRecord(QVariantList *fields);
    bool openJson();
    bool nextJson(QVariantList *values);
    // JSON: the next character that is not white space (filling the buffer), or null at the end.
    QChar peekJson();
    bool expectJson(QChar c);
    bool readJsonObject(QStringList *keys, QVariantList *values);
    bool readJsonValue(QVariant *value);
    bool readJsonString(QString *text);
    bool readJsonLiteral(QVariant *value);
    bool jsonError(const QString &what);

    QIODevice *m_in;
    ImportOptions m_options;
    QStringDecoder m_decoder;
    QString m_buffer;
    qsizetype m_pos = 0;
    bool m_atEnd = false;
    qint64 m_line = 1;
    qint64 m_recordLine = 1;
    bool m_endedWithCr = false; // the last record ended at a CR: a LF after it is part of it
    qint64 m_row = 0;
    QStringList m_columns;
    QString m_error;
    bool m_jsonDone = false;
    bool m_jsonFirst = true;
    QVariantList m_firstJsonRow;
};

} // namespace orm
