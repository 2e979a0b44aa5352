// SPDX-License-Identifier: MIT
#include "ui/sqlconsolesession.h"

#include "orm/console/sqlconsole.h"

#include <QElapsedTimer>
#include <QSemaphore>

#include <mutex>

namespace ui {

SqlConsoleSession::SqlConsoleSession(QObject *parent)
    : QObject(parent)
    , m_worker(new QObject)
    , m_console(std::make_shared<orm::SqlConsole>())
    , m_cancelledUpTo(std::make_shared<std::atomic<quint64>>(0))
{
    m_cancelRepeat.setInterval(100);
    connect(&m_cancelRepeat, &QTimer::timeout, this, [this] {
        if (isBusy())
            m_console->interrupt();
        else
            m_cancelRepeat.stop();
    });
    // Well within the 5 s a program's write waits for a lock by default (Python's sqlite3).
    m_releaseTimer.setSingleShot(true);
    m_releaseTimer.setInterval(3000);
    connect(&m_releaseTimer, &QTimer::timeout, this, [this] {
        if (isBusy()) {
            m_releaseTimer.start(); // a page or a statement under way: after it
            return;
        }
        ++m_generation; // nothing more of that result is read
        post([console = m_console] { console->closeResult(); });
        Q_EMIT resultReleased();
    });
    m_thread.setObjectName(QStringLiteral("SQL console"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

SqlConsoleSession::~SqlConsoleSession()
{
    // The connection closes (rolling back) on its own thread, after what was posted before.
    QMetaObject::invokeMethod(m_worker, [console = m_console] { console->close(); });
    m_thread.quit();
    // Interrupted until it ends: an interrupt sent just before a statement started would find
    // nothing to stop, and the window would wait for that statement's end.
    do {
        m_console->interrupt();
    } while (!m_thread.wait(50));
    delete m_worker;
}

template<typename Work>
void SqlConsoleSession::post(Work work)
{
    QMetaObject::invokeMethod(m_worker, std::move(work));
}

template<typename Work>
void SqlConsoleSession::runNow(Work work)
{
    std::mutex mutex;
    bool started = false;
    QSemaphore done;
    post([&] {
        {
            const std::lock_guard lock(mutex);
            started = true;
        }
        work();
        done.release();
    });
    while (!done.tryAcquire(1, 50)) {
        // Never once the work began: it would stop the commit itself.
        const std::lock_guard lock(mutex);
        if (!started)
            m_console->interrupt();
    }
}

void SqlConsoleSession::updateRelease(bool holdsOffWriters)
{
    if (holdsOffWriters)
        m_releaseTimer.start();
    else
        m_releaseTimer.stop();
}

void SqlConsoleSession::setBusy(int delta)
{
    const bool was = isBusy();
    m_busy += delta;
    if (!isBusy())
        m_cancelRepeat.stop();
    if (was != isBusy())
        Q_EMIT busyChanged(isBusy());
}

void SqlConsoleSession::open(const orm::DatabaseUrl &url)
{
    m_url = url;
    m_open = false;
    m_inTransaction = false;
    m_wroteInTransaction = m_schemaInTransaction = false;
    m_openGeneration = ++m_generation;
    m_releaseTimer.stop();
    setBusy(+1);
    post([this, console = m_console, url] {
        orm::ConnectionOptions options;
        // The console's statements wait for another program's lock on their own thread.
        const bool ok = console->open(url, options);
        const QString error = ok ? QString() : console->lastError().message();
        QMetaObject::invokeMethod(this, [this, ok, error] {
            m_open = ok;
            setBusy(-1);
            Q_EMIT opened(ok, error);
        });
    });
}

void SqlConsoleSession::run(const QString &text, int firstPage)
{
    const quint64 generation = ++m_generation;
    m_releaseTimer.stop();
    setBusy(+1);
    post([this, console = m_console, cancelled = m_cancelledUpTo, text, firstPage, generation] {
        Outcome o;
        o.ok = true;
        bool wrote = false;
        QElapsedTimer timer;
        timer.start();
        const auto spans = console->split(text);
        for (size_t i = 0; i < spans.size(); ++i) {
            if (cancelled->load() >= generation) {
                o.ok = false;
                o.cancelled = true;
                o.error = tr("Cancelled");
                break;
            }
            const auto result = console->run(text.mid(spans[i].offset, spans[i].length));
            ++o.statements;
            if (!result.refusal.isEmpty())
                o.refusal = result.refusal;
            if (!result.ok) {
                o.ok = false;
                o.cancelled = result.error.kind() == orm::Error::Kind::Cancelled;
                o.error = result.error.message();
                o.errorOffset =
                    int(spans[i].offset) + (result.errorPosition >= 0 ? result.errorPosition : 0);
                o.endedTransaction = result.endedTransaction;
                break;
            }
            o.schemaChanged |= result.schemaChanged;
            wrote |= result.beganTransaction || result.changes > 0 || result.schemaChanged;
            o.changes += result.changes;
            if (i + 1 < spans.size()) {
                console->closeResult(); // only the last statement's rows are shown
                continue;
            }
            o.hasColumns = result.hasColumns;
            o.columns = result.columns;
            o.lastStatement = text.mid(spans[i].offset, spans[i].length);
            if (const auto rows = console->fetch(firstPage)) {
                o.rows = *rows;
            } else {
                o.ok = false;
                o.cancelled = console->lastError().kind() == orm::Error::Kind::Cancelled;
                o.error = console->lastError().message();
            }
            o.moreRows = console->hasMoreRows();
        }
        o.elapsedNs = timer.nsecsElapsed();
        o.inTransaction = console->inTransaction();
        const bool holds = console->resultHoldsOffWriters();
        QMetaObject::invokeMethod(this, [this, o, wrote, generation, holds] {
            setBusy(-1);
            // A run on a database closed since says nothing of the one open now.
            if (generation > m_openGeneration)
                afterStatements(o.inTransaction, wrote, o.schemaChanged);
            if (generation == m_generation) {
                updateRelease(holds);
                Q_EMIT runFinished(o);
            }
        });
    });
}

void SqlConsoleSession::afterStatements(bool inTransaction, bool wrote, bool schemaChanged)
{
    const bool was = m_inTransaction;
    m_inTransaction = inTransaction;
    if (inTransaction) {
        m_wroteInTransaction |= wrote;
        m_schemaInTransaction |= schemaChanged;
        return;
    }
    // Ended by a COMMIT typed in the console, or written outside a transaction (a typed
    // ROLLBACK cannot be told apart: a reload more, never a change missed).
    if (was || wrote) {
        const bool schema = m_schemaInTransaction || schemaChanged;
        m_wroteInTransaction = m_schemaInTransaction = false;
        Q_EMIT databaseChanged(schema);
    }
}

void SqlConsoleSession::fetchMore(int count)
{
    const quint64 generation = m_generation;
    setBusy(+1);
    post([this, console = m_console, count, generation] {
        const auto rows = console->fetch(count);
        const bool more = console->hasMoreRows();
        const QString error = rows ? QString() : console->lastError().message();
        const bool holds = console->resultHoldsOffWriters();
        QMetaObject::invokeMethod(
            this,
            [this, rows = rows.value_or(QList<QVariantList>()), more, error, generation, holds] {
                setBusy(-1);
                if (generation == m_generation) {
                    updateRelease(holds);
                    Q_EMIT rowsFetched(rows, more, error);
                }
            });
    });
}

void SqlConsoleSession::cancel()
{
    m_cancelledUpTo->store(m_generation);
    m_console->interrupt();
    if (isBusy())
        m_cancelRepeat.start();
}

void SqlConsoleSession::commit()
{
    ++m_generation; // the rows of the last run are closed
    m_releaseTimer.stop();
    setBusy(+1);
    post([this, console = m_console] {
        const bool ok = console->commit();
        const QString error = ok ? QString() : console->lastError().message();
        const bool stillOpen = console->inTransaction();
        QMetaObject::invokeMethod(this, [this, ok, error, stillOpen] {
            setBusy(-1);
            const bool schema = m_schemaInTransaction;
            m_inTransaction = stillOpen;
            if (ok) {
                m_wroteInTransaction = m_schemaInTransaction = false;
                Q_EMIT databaseChanged(schema);
            }
            Q_EMIT transactionEnded(true, ok, error);
        });
    });
}

void SqlConsoleSession::rollback()
{
    ++m_generation;
    m_releaseTimer.stop();
    setBusy(+1);
    post([this, console = m_console] {
        const bool ok = console->rollback();
        const QString error = ok ? QString() : console->lastError().message();
        QMetaObject::invokeMethod(this, [this, ok, error] {
            setBusy(-1);
            m_inTransaction = false;
            m_wroteInTransaction = m_schemaInTransaction = false;
            Q_EMIT transactionEnded(false, ok, error);
        });
    });
}

bool SqlConsoleSession::commitNow(QString *error)
{
    ++m_generation;
    bool ok = false;
    runNow([&] {
        ok = m_console->commit();
        if (!ok)
            *error = m_console->lastError().message();
    });
    if (ok) {
        const bool schema = m_schemaInTransaction;
        m_inTransaction = m_wroteInTransaction = m_schemaInTransaction = false;
        Q_EMIT databaseChanged(schema);
    }
    return ok;
}

void SqlConsoleSession::rollbackNow()
{
    ++m_generation;
    runNow([&] { m_console->rollback(); });
    m_inTransaction = m_wroteInTransaction = m_schemaInTransaction = false;
}

void SqlConsoleSession::explain(const QString &text, int position)
{
    setBusy(+1);
    post([this, console = m_console, text, position] {
        const auto spans = console->split(text);
        std::optional<QStringList> plan;
        if (!spans.empty()) {
            size_t chosen = 0;
            for (size_t i = 0; i < spans.size(); ++i) {
                if (spans[i].offset <= position)
                    chosen = i;
            }
            plan = console->plan(text.mid(spans[chosen].offset, spans[chosen].length));
        }
        const QString error = plan ? QString()
            : spans.empty()        ? tr("There is no statement to explain.")
                                   : console->lastError().message();
        QMetaObject::invokeMethod(this, [this, plan, error] {
            setBusy(-1);
            Q_EMIT planReady(plan.has_value(), plan.value_or(QStringList()), error);
        });
    });
}

} // namespace ui
