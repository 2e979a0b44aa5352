// SPDX-License-Identifier: MIT
#pragma once

#include "orm/drivers/sqlite/integrity.h"
#include "orm/engine/url.h"

#include <QDialog>
#include <QMutex>

#include <atomic>
#include <memory>

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QThread;
class QTreeWidget;
class QTreeWidgetItem;

namespace orm {
class Connection;
}

namespace ui {

// File > Check Integrity: SQLite's integrity_check and foreign_key_check of the file
// (orm::IntegrityCheck), run in a thread of its own on a read-only connection, so that the
// window goes on while every page is read. A progress bar follows the steps (each table, its
// foreign keys, the file's pages); the findings are listed as they come, with their table and
// row, and activating one (double-click, Enter) asks for its row (rowRequested()). Cancel stops
// the check at once (the statement running is interrupted).
class IntegrityDialog : public QDialog
{
    Q_OBJECT
public:
    explicit IntegrityDialog(const orm::DatabaseUrl &url, QWidget *parent = nullptr);
    ~IntegrityDialog() override;

    // Starts the check (the dialog is shown by the caller).
    void start();
    void cancel();
    bool isRunning() const { return m_running; }

    QProgressBar *progressBar() const { return m_progress; }
    QTreeWidget *findingsView() const { return m_findings; }
    QLabel *statusLabel() const { return m_status; }
    int findingCount() const;

Q_SIGNALS:
    // The person asked to see the row of a finding (key: its primary key).
    void rowRequested(const QString &table, const QVariant &key);
    void finished();

private:
    // In the check's thread.
    void run();
    // Back in the window's thread.
    void onStep(int step, int steps, const QString &description);
    void onFindings(const QList<orm::IntegrityFinding> &findings);
    void onFinished(const QString &error, bool cancelled);
    void activate(QTreeWidgetItem *item);

    orm::DatabaseUrl m_url;
    QLabel *m_status;
    QProgressBar *m_progress;
    QTreeWidget *m_findings;
    QDialogButtonBox *m_buttons;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancelled = false;
    QMutex m_connectionMutex; // guards m_connection against interrupt() while it closes
    orm::Connection *m_connection = nullptr;
    bool m_running = false;
};

} // namespace ui
