// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"
#include "orm/sql/dialect.h"

#include <QHash>

#include <memory>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace orm::sqlite {

class Statement;

// One SQLite connection: open flags, pragmas, a statement cache, transactions and savepoints,
// echo and statement listeners, and errors translated into orm::Error.
class Connection final : public orm::Connection
{
public:
    ~Connection() override;

    // Opens and checks the file (a file that is not a database fails here, not later).
    static std::unique_ptr<Connection> open(const DatabaseUrl &url,
                                            const ConnectionOptions &options, Error *error);

    sqlite3 *handle() const { return m_db; }

    const Dialect &dialect() const override { return m_dialect; }
    bool isReadOnly() const override;
    // Compiling a write compiles the triggers it fires, too.
    QString prepareError(const QString &sql) override;

    // Immediate: BEGIN IMMEDIATE, which takes the write lock at once.
    [[nodiscard]] bool begin(TransactionMode mode = TransactionMode::Immediate) override;
    [[nodiscard]] bool commit() override;
    bool rollback() override;
    [[nodiscard]] bool savepoint(const QString &name) override;
    [[nodiscard]] bool releaseSavepoint(const QString &name) override;
    bool rollbackToSavepoint(const QString &name) override;
    bool inTransaction() const override;

    // SQLite's PRAGMA data_version: changes when another connection commits to the file (this
    // connection's own commits leave it). Run without the statement cache, echo or listeners:
    // it is asked before reads and on timers.
    std::optional<qint64> dataVersion(LockWait wait = LockWait::BusyTimeout) override;
    // The same number without running a statement, as of the start of the read transaction
    // now open (exact while a statement steps or inside BEGIN) or else of the last one. A
    // read-side check costs a few instructions this way, where the pragma costs a statement.
    qint64 seenDataVersion() const override;
    // PRAGMA schema_version.
    std::optional<qint64> schemaVersion(LockWait wait = LockWait::BusyTimeout) override;
    bool hasActiveStatement() const override;

    qint64 lastInsertRowId() const override;
    qint64 changes() const override;
    // One past the largest rowid, or past the largest it ever gave for an AUTOINCREMENT table
    // (sqlite_sequence), and on. False when the keys would pass their limit (SQLite then picks
    // free keys at random).
    bool reserveKeys(const QString &schema, const QString &table, const QString &column, int count,
                     std::vector<qint64> *keys) override;

    // 0 fails at once (a window's thread then waits in its event loop).
    void setBusyTimeout(int ms) override;
    int busyTimeout() const override { return m_busyTimeoutMs; }
    // False while another connection holds a lock that keeps readers out (a writer committing
    // to a rollback-journal file, BEGIN EXCLUSIVE).
    bool canReadNow() override;
    // sqlite3_interrupt(): the statement fails with "interrupted".
    void interrupt() override;
    // SQLite refuses longer patterns ("LIKE or GLOB pattern too complex").
    int likePatternLimit() const override;
    int cachedStatementCount() const override { return int(m_cache.size()); }
    // orm::reflect() of the file ("main"; attached databases are not read).
    std::optional<MetaData> reflect(const QString &schema = QString(),
                                    Error *error = nullptr) override;
    std::optional<QStringList> schemas(Error *) override
    {
        return QStringList {QStringLiteral("main")};
    }

    Error errorFromCode(int rc, const QString &sql) const;

protected:
    orm::Statement prepareText(QStringView sql, const QString *owned) override;

private:
    friend class Statement;
    Connection(const DatabaseUrl &url, const ConnectionOptions &options);
    void returnToCache(Statement *entry);

    std::optional<qint64> pragmaValue(sqlite3_stmt **cached, const char *sql, LockWait wait);

    SqliteDialect m_dialect;
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_dataVersion = nullptr;
    sqlite3_stmt *m_schemaVersion = nullptr;
    // Commits of this connection to "main": SQLite's pager counts them in its data version,
    // which PRAGMA data_version leaves out; seenDataVersion() takes them off the same way.
    quint32 m_ownCommits = 0;
    int m_busyTimeoutMs = 0;
    struct TextHash
    {
        // A non-zero seed: Qt hashes with the CPU's AES instructions only when seeded.
        size_t operator()(QStringView text) const noexcept { return qHash(text, 0x9e3779b9u); }
    };

    // Keyed by views of each entry's own text, which never changes while it is cached.
    std::unordered_map<QStringView, Statement *, TextHash> m_cache;
    std::vector<std::unique_ptr<Statement>> m_owned;
    quint64 m_useCounter = 0;
};

} // namespace orm::sqlite
