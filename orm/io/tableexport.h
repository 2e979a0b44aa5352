// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"
#include "orm/sql/schema.h"
#include "orm/sql/sql.h"

#include <QStringConverter>

#include <functional>

class QIODevice;

namespace orm {

enum class ExportFormat { Csv, Json, Sql };

struct ExportOptions
{
    ExportFormat format = ExportFormat::Csv;
    // CSV: RFC 4180 with a header row of column names. The separator is one character.
    QChar separator = u',';
    bool header = true;
    // CSV: what NULL is written as. Empty (the default) writes an empty field without quotes,
    // and an empty text as "" (quoted), so that the two stay apart (PostgreSQL's COPY CSV).
    QString nullText;
    QStringConverter::Encoding encoding = QStringConverter::Utf8;
    // SQL: a script that makes the table again, as the sqlite3 shell's .dump does: the table's
    // definition first (CREATE TABLE and its indexes, as the connection's dialect writes them),
    // then the INSERTs, then its triggers, all within BEGIN TRANSACTION and COMMIT.
    bool definition = false;
    bool byteOrderMark = false;
    // Rows between two calls of the progress callback.
    qint64 progressInterval = 10000;
};

// Values are written as stored, whatever the column's declared type:
// - CSV: integers and reals as numbers (reals with every digit, so that they read back
//   exactly), text as it is, BLOBs as hex digits, text that is not valid UTF-8 as "\x" and
//   the hex digits of its bytes (the marker; an import decodes it back to those bytes). Text
//   that itself begins with backslashes and an x ("\xff", "\\x") gets one backslash more,
//   which an import takes off: text and bytes never read back as each other.
// - JSON: an array of objects, one per row, numbers as JSON numbers (a real always with a
//   point or an exponent), text as strings, NULL as null, BLOBs as base64 strings, text
//   that is not valid UTF-8 as the "\x" marker above. Infinities and NaN, which JSON has no
//   number for, are strings. A boolean column's 0 and 1 are false and true.
// - SQL: one INSERT statement per row, identifiers quoted by the connection's dialect,
//   literals as the engine reads them back (a server's booleans as TRUE and FALSE). With the
//   definition, the table is made as the database itself records it (tabledefinition_p.h).
// Rows are read from the connection directly (not through a session), one at a time (a
// server's rows come in single-row mode): memory stays the same whatever the number of rows.
using ExportProgress = std::function<bool(qint64 rowsWritten)>;

class TableExporter
{
public:
    explicit TableExporter(Connection &connection, const ExportOptions &options = {});

    // Called every progressInterval rows and once at the end; returning false cancels (the
    // export then fails with Error::Kind::Cancelled). Another thread may also call
    // Connection::interrupt() to stop a statement that is still looking for its first row.
    void setProgress(ExportProgress progress) { m_progress = std::move(progress); }

    // Every row of the table, in the order of its primary key.
    [[nodiscard]] bool exportTable(const Table &table, QIODevice *out);
    // The rows of a query (a filtered and sorted view), its columns named by columnNames;
    // SQL INSERTs name table.
    [[nodiscard]] bool exportSelect(const Select &select, const QStringList &columnNames,
                                    const Table &table, QIODevice *out);

    // The rows of a statement's text as the person wrote it (the SQL console's query), its
    // columns named as the statement names them; SQL INSERTs name table. Run on the
    // exporter's connection (read-only: a statement that writes fails there).
    [[nodiscard]] bool exportQuery(const QString &sql, const Table &table, QIODevice *out);

    qint64 rowsWritten() const { return m_rows; }
    const Error &lastError() const { return m_error; }

    // The text a value is written as in a CSV field (unquoted) and in a JSON string, for a
    // value in storage form (as Statement::value() gives it): hex for BLOBs, the "\x" marker
    // for text that is not valid UTF-8.
    static QString hexMarker() { return QStringLiteral("\\x"); }
    // Values in storage form (storage::toStorage(): qint64, double, QString, QByteArray,
    // TextBytes, null) as one CSV record, without its line end, as exportTable() writes a row
    // with options: the cells of a table copied as tab-separated text.
    static QString csvRecord(const QVariantList &stored, const ExportOptions &options);

private:
    class Writer;
    bool run(const Compiled &compiled, const QStringList &columnNames, const Table &table,
             QIODevice *out);
    bool fail(Error::Kind kind, const QString &message);
    static void appendCsv(const ColumnValue &value, const ExportOptions &options, QString *text);
    void appendJson(const ColumnValue &value, const TypeSpec &type, QString *text) const;

    Connection &m_connection;
    ExportOptions m_options;
    ExportProgress m_progress;
    qint64 m_rows = 0;
    Error m_error;
};

} // namespace orm
