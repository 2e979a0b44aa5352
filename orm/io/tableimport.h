// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"
#include "orm/io/recordreader.h"
#include "orm/sql/schema.h"

#include <functional>

class QIODevice;

namespace orm {

// A row of the file the import refused, and why: its number (from 1, the header not counted),
// the line of the file it starts on, the table's column, and the reason.
struct ImportProblem
{
    qint64 row = 0;
    qint64 line = 0;
    QString column;
    QString message;

    // "row 3 (line 4), column price: not a number: abc"
    QString text() const;
};

// A table (by its qualified name) or a column named as a person writes it: the exact name,
// else the one name that is the same without regard to case (SQLite's names are
// case-insensitive: "upper" is the table UPPER); nullptr when none is, or several are.
const Table *findTable(const MetaData &meta, const QString &name);
const Column *findColumn(const Table &table, const QString &name);

// Reads a CSV or JSON file into a table, all or nothing, in one transaction: every row is
// checked against the table's columns (type, NOT NULL, length) before it is written, and the
// database's own constraints (keys, uniques, checks, foreign keys) are checked as it writes
// them. When a row is refused, nothing is written (the transaction is rolled back) and the
// first bad rows (ImportOptions::maxProblems) are in problems(). The rows are read one at a
// time (in constant memory) and written in batches.
//
// A table that does not exist is created, in the same transaction, with the file's columns and
// the types detected from every value (detectColumns(); for a CSV file that is a first pass
// over the file, which must be seekable).
//
// Values as the exporter writes them (TableExporter) come back as they were stored: NULL from
// an empty unquoted field (or the chosen NULL text), integers and reals exactly, BLOBs from hex
// (CSV) or base64 (JSON) into a LargeBinary column, and text that is not valid UTF-8 from the
// "\x" marker (text that begins as the marker does, written with one backslash more, loses
// that backslash).
class TableImporter
{
public:
    explicit TableImporter(Connection &connection, const ImportOptions &options = {});

    // Called every progressInterval rows with the rows read so far; returning false cancels
    // (nothing is written; Error::Kind::Cancelled).
    void setProgress(std::function<bool(qint64 rowsRead)> progress)
    {
        m_progress = std::move(progress);
    }

    // Reads the file into the table (its qualified name, "schema.name" or "name").
    [[nodiscard]] bool importFile(const QString &tableName, QIODevice *in);

    qint64 rowsImported() const { return m_imported; }
    bool createdTable() const { return m_created; }
    const QList<ImportProblem> &problems() const { return m_problems; }
    const Error &lastError() const { return m_error; }

    // The columns a new table gets for the file's rows: each column's type is the narrowest
    // that holds every value read (BigInteger, Float, Boolean for JSON's true and false, else
    // Text; Text when every value is NULL), every column nullable, no key. At most maxRows
    // rows are read (-1: all); false with *error when the file cannot be read.
    static bool detectColumns(RecordReader &reader, qint64 maxRows, QList<Column> *columns,
                              QString *error);

    // A value read from the file (null, text, or a JSON number or boolean) as the column
    // stores it; false with *problem saying why it does not fit. onServer: the column is a
    // server's, which keeps decimals exactly (a NUMERIC value stays its decimal text, as
    // long as its column allows) and has infinite dates and date-times.
    static bool toStored(const QVariant &value, const Column &column, ImportFormat format,
                         QVariant *stored, QString *problem, bool onServer = false);

private:
    bool fail(Error::Kind kind, const QString &message);
    bool findOrCreateTable(const QString &tableName, RecordReader &reader, Table *table);
    bool writeRows(const Table &table, RecordReader &reader);

    Connection &m_connection;
    ImportOptions m_options;
    std::function<bool(qint64)> m_progress;
    qint64 m_imported = 0;
    bool m_created = false;
    QList<ImportProblem> m_problems;
    Error m_error;
};

} // namespace orm
