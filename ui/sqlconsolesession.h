// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/url.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <QTimer>
#include <QVariant>

#include <atomic>
#include <memory>

namespace orm {
class SqlConsole;
}

namespace ui {

// The SQL console's connection, run in a thread of its own so that the window never waits
// on a statement: every call posts the work there and answers with a signal, on the window's
// thread. cancel() interrupts the running statement at once (sqlite3_interrupt, PQcancel).
// The connection is the console's own (orm::SqlConsole): its transaction is never the
// session's.
class SqlConsoleSession : public QObject
{
    Q_OBJECT
public:
    // What a run of one or more statements did; the last statement's rows come with it.
    struct Outcome
    {
        bool ok = false;
        bool cancelled = false;
        QString error;
        QString refusal; // why the connection's defensive settings refused or ignored one
        int errorOffset = -1; // in the text given to run(); -1 when not told
        int statements = 0; // run, the failed one included
        bool hasColumns = false;
        QStringList columns;
        QString lastStatement; // the text of the statement whose rows these are
        QList<QVariantList> rows; // the first page
        bool moreRows = false;
        qint64 changes = 0;
        bool schemaChanged = false;
        bool inTransaction = false;
        // The failure ended the open transaction: what ran in it is undone.
        bool endedTransaction = false;
        qint64 elapsedNs = 0;
    };

    explicit SqlConsoleSession(QObject *parent = nullptr);
    // Interrupts what runs, rolls back an open transaction and ends the thread.
    ~SqlConsoleSession() override;

    // Connects to url (rolling back and closing a previous connection); opened() tells.
    void open(const orm::DatabaseUrl &url);
    bool isOpen() const { return m_open; }
    const orm::DatabaseUrl &url() const { return m_url; }
    // Whether a statement, a page of rows, a commit or a plan is under way.
    bool isBusy() const { return m_busy > 0; }
    bool inTransaction() const { return m_inTransaction; }

    // Runs the statements of text, one by one, stopping at the first that fails.
    void run(const QString &text, int firstPage = 256);
    // The next count rows of the last run (rowsFetched()).
    void fetchMore(int count);
    // Stops the statement running now; it fails as interrupted.
    void cancel();
    // How long a result that holds off writers stays open while nothing more is read.
    int releaseDelay() const { return m_releaseTimer.interval(); }
    void setReleaseDelay(int ms) { m_releaseTimer.setInterval(ms); }
    void commit();
    void rollback();
    // For closing: the same, waiting for the answer. False with *error when it failed.
    bool commitNow(QString *error);
    void rollbackNow();
    // The plan of the statement of text at position (the last before it when position is past
    // every statement; the first when it is before them), planReady().
    void explain(const QString &text, int position = 0);

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void runFinished(const ui::SqlConsoleSession::Outcome &outcome);
    void rowsFetched(const QList<QVariantList> &rows, bool more, const QString &error);
    // The rest of the last result was let go: on a SQLite file in a rollback journal mode
    // its open statement held off other programs' writes (and the window's commits), and the
    // person stopped reading for releaseDelay() ms. Run again to read further.
    void resultReleased();
    void transactionEnded(bool committed, bool ok, const QString &error);
    void planReady(bool ok, const QStringList &lines, const QString &error);
    void busyChanged(bool busy);
    // The console's writes were committed: other connections (the window's) can see them.
    // schemaChanged: they changed the tables.
    void databaseChanged(bool schemaChanged);

private:
    template<typename Work>
    void post(Work work);
    void setBusy(int delta);
    void afterStatements(bool inTransaction, bool wrote, bool schemaChanged);
    // Starts (or stops) the wait after which a result that holds off writers is let go.
    void updateRelease(bool holdsOffWriters);
    // Runs work on the console's thread and waits for it; what runs before it is interrupted
    // until it starts (an interrupt sent just before a statement began would miss it).
    template<typename Work>
    void runNow(Work work);

    QThread m_thread;
    QObject *m_worker = nullptr; // lives in m_thread; runs the posted work
    std::shared_ptr<orm::SqlConsole> m_console; // used on m_thread only, but for interrupt()
    orm::DatabaseUrl m_url;
    bool m_open = false;
    int m_busy = 0;
    bool m_inTransaction = false;
    bool m_wroteInTransaction = false;
    bool m_schemaInTransaction = false;
    quint64 m_generation = 0; // of the last run: rows of an earlier run are dropped
    quint64 m_openGeneration = 0; // of the last open(): runs before it say nothing of this one
    // Runs up to this generation were cancelled: their statements not started yet are not.
    std::shared_ptr<std::atomic<quint64>> m_cancelledUpTo;
    // While a cancelled run still answers nothing, the interrupt is sent again: one sent just
    // before the statement started would have found nothing to stop.
    QTimer m_cancelRepeat;
    QTimer m_releaseTimer;
};

} // namespace ui
