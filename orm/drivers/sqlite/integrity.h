// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace orm {

class Connection;

// One problem SQLite's checks found in a file.
struct IntegrityFinding
{
    enum class Kind {
        Damage, // integrity_check: a damaged page, an index that disagrees with its table, a
                // NOT NULL or CHECK constraint a row breaks
        ForeignKey, // foreign_key_check: a row refers to a row that does not exist
    };
    Kind kind = Kind::Damage;
    QString table; // empty: the file as a whole
    qint64 rowid = -1; // the row, when the check names one
    QVariant key; // that row's primary key (one value, or a list), when it can be read
    QString message; // SQLite's words (Damage), or a sentence (ForeignKey)
    // ForeignKey: the table referred to, and the row's columns that refer to it.
    QString parent;
    QStringList columns;
};

// SQLite's own checks of a file, step by step so that progress can be told and the run
// stopped between steps: PRAGMA integrity_check of each table with its indexes, then
// PRAGMA foreign_key_check of each table, then PRAGMA quick_check of the file as a whole (free
// pages, pages used twice or never: the per-table checks leave those out). A finding names
// its table and, where the check says so, its row and that row's key.
//
// Reads only: run it on a connection of its own (a worker thread's), as it reads every page.
class IntegrityCheck
{
public:
    explicit IntegrityCheck(Connection &connection);

    struct Step
    {
        enum class What { Table, ForeignKeys, File };
        What what = What::File;
        QString table;
    };

    // Reads the list of tables; false when the schema cannot be read (lastError()).
    [[nodiscard]] bool prepare();
    const QList<Step> &steps() const { return m_steps; }
    // Runs step i; nullopt when the check itself could not run (lastError()).
    std::optional<QList<IntegrityFinding>> runStep(int step);

    const Error &lastError() const { return m_lastError; }

private:
    QVariant keyOf(const QString &table, qint64 rowid);

    Connection &m_connection;
    QList<Step> m_steps;
    Error m_lastError;
};

} // namespace orm
