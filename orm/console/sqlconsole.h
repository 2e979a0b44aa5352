// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"
#include "orm/engine/consoledriver.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace orm {

// Runs statements a person typed, on a connection of its own (never the session's: committing
// staged edits never commits what the console wrote, nor the reverse).
//
// - split() cuts the text into statements at the `;` that end them, past quotes, comments and
//   trigger bodies, by the engine's syntax.
// - run() runs one statement. A statement that may write first opens a transaction, which
//   stays open until commit() or rollback() (inTransaction() says so); reads run outside one.
// - Rows are read on demand: the statement stays open after run() and fetch() steps it further
//   (on a server in single-row mode), so that a result of millions of rows never sits in
//   memory. Any other call closes it first.
// - interrupt() stops the running statement from another thread: it fails with
//   Error::Kind::Cancelled.
// - A failure carries the engine's message and, where the engine tells it, its position in
//   the statement; a refusal of the connection's defensive settings says why.
// Not thread-safe, apart from interrupt(): one thread runs it. Not supported: parameters (a
// `?` in the text is an error on SQLite, a server's `?` operators cannot be used).
class SqlConsole
{
public:
    // A statement's place in the text split() was given.
    struct Span
    {
        qsizetype offset = 0;
        qsizetype length = 0;
    };

    struct Result
    {
        bool ok = false;
        Error error;
        // Characters into the statement where the error lies; -1 when not told.
        int errorPosition = -1;
        // Why the connection's defensive settings refused or ignored it; empty otherwise.
        QString refusal;
        // A result with columns (a SELECT's, a PRAGMA's), read with fetch().
        bool hasColumns = false;
        QStringList columns;
        // Rows an INSERT, UPDATE or DELETE changed.
        qint64 changes = 0;
        // The statement changed the schema (CREATE, ALTER, DROP).
        bool schemaChanged = false;
        // The statement opened the console's transaction.
        bool beganTransaction = false;
        // The statement's failure ended the console's open transaction (SQLite rolls back the
        // whole transaction of an interrupted write): the statements before it were undone.
        bool endedTransaction = false;
        qint64 elapsedNs = 0;
    };

    SqlConsole() = default;
    ~SqlConsole();
    SqlConsole(const SqlConsole &) = delete;
    SqlConsole &operator=(const SqlConsole &) = delete;

    // Opens a connection of the console's own to the database the URL names.
    [[nodiscard]] bool open(const DatabaseUrl &url, const ConnectionOptions &options = {});
    bool isOpen() const { return m_connection != nullptr; }
    // Rolls back an open transaction and closes the connection.
    void close();
    Connection *connection() const { return m_connection.get(); }
    const Error &lastError() const { return m_lastError; }

    static std::vector<Span> split(QStringView text, const SqlSyntax &syntax);
    // The text's statements by this connection's engine.
    std::vector<Span> split(QStringView text) const;
    // The first keyword of a statement, upper case (empty when it has none).
    static QString firstKeyword(QStringView statement);

    Result run(const QString &statement);
    // Whether the last run() left rows to read.
    bool hasMoreRows() const { return m_open.isValid(); }
    // Up to count more rows of the last run(), as stored; nullopt on error (lastError()), the
    // rows read before it kept by the caller.
    std::optional<QList<QVariantList>> fetch(int count);
    // Stops reading the last run()'s rows.
    void closeResult();
    // Whether the rows left to read hold off other connections' writes meanwhile (a SQLite
    // file in a rollback journal mode): the caller lets them go when the person stops reading.
    bool resultHoldsOffWriters() const
    {
        return m_open.isValid() && m_driver->openResultHoldsOffWriters();
    }

    bool inTransaction() const;
    [[nodiscard]] bool commit();
    bool rollback();

    // The engine's plan of the statement, one line per step; nullopt on error.
    std::optional<QStringList> plan(const QString &statement);

    // Stops the statement running now; callable from any thread while the console is open.
    void interrupt();

private:
    std::unique_ptr<Connection> m_connection;
    std::unique_ptr<ConsoleDriver> m_driver;
    Statement m_open;
    std::optional<QVariantList> m_firstRow; // read by run(), given by the first fetch()
    Error m_lastError;
    // The connection interrupt() may reach: set and cleared under m_interruptMutex, so that
    // close() never deletes it while interrupt() calls it.
    Connection *m_interruptible = nullptr;
    std::mutex m_interruptMutex;
    // The console opened a transaction that neither commit() nor rollback() ended yet.
    bool m_expectsTransaction = false;
    // A failure ended that transaction under the console: commit() must say so, not succeed.
    bool m_lostTransaction = false;
    // Set by interrupt(): the failure that follows is the person's cancel, whatever the
    // engine calls it (SQLite: "interrupted").
    std::atomic<bool> m_interrupted {false};
    void markCancelled(Error *error);
};

} // namespace orm
