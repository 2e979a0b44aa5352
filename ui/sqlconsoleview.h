// SPDX-License-Identifier: MIT
#pragma once

#include "ui/sqlconsolesession.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableView;
class QToolButton;

namespace ui {

class Document;
class SqlEditor;
class SqlResultModel;

// View > SQL Console: statements typed by the person, run on the console's own connection
// (SqlConsoleSession, in a thread of its own): Run (Ctrl+Return; the selection if any), Cancel,
// Commit and Roll Back of the console's transaction, Explain (the plan of the statement at the
// cursor), the last statement's
// rows read as the person scrolls (SqlResultModel), a message line (rows, rows changed, time,
// errors, with the error's place marked in the editor) and a history per database (QSettings,
// keyed by the database; the combo box, or Ctrl+Up / Ctrl+Down in the editor).
// Its committed writes reach the window as another program's would (databaseChanged()).
class SqlConsoleView : public QWidget
{
    Q_OBJECT
public:
    explicit SqlConsoleView(QWidget *parent = nullptr);
    ~SqlConsoleView() override;

    // The document whose database the console connects to (again only when it is another
    // database: a document described again keeps the console's transaction).
    void setDocument(Document *document);
    SqlConsoleSession *session() const { return m_session; }
    SqlEditor *editor() const { return m_editor; }
    QTableView *resultView() const { return m_results; }
    SqlResultModel *resultModel() const { return m_model; }
    QPlainTextEdit *planView() const { return m_plan; }
    QLabel *messageLabel() const { return m_message; }
    QComboBox *historyBox() const { return m_history; }
    QToolButton *runButton() const { return m_run; }
    QToolButton *cancelButton() const { return m_cancel; }
    QToolButton *commitButton() const { return m_commit; }
    QToolButton *rollbackButton() const { return m_rollback; }
    QToolButton *explainButton() const { return m_explain; }
    QToolButton *exportButton() const { return m_export; }
    bool hasOpenTransaction() const;
    // The statements run, most recent first, for this database.
    QStringList history() const { return m_historyItems; }

public Q_SLOTS:
    // The selected cells of the results as tab-separated text (a row per line, NULL as an empty
    // field), to the clipboard: Ctrl+C in the results.
    void copySelection();
    void run();
    void cancel();
    void commit();
    void rollback();
    void explain();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    // The console committed writes; schemaChanged: they changed the tables.
    void databaseChanged(bool schemaChanged);
    // Export… of the last query's rows: statement is its text, as typed.
    void exportRequested(const QString &statement);

private:
    void onRunFinished(const SqlConsoleSession::Outcome &outcome);
    void showMessage(const QString &text, bool isError);
    void updateActions();
    void updateRowCount();
    void addToHistory(const QString &text);
    void loadHistory();
    void stepHistory(int step);
    void updateCompletions(Document *document);
    QString historyKey() const;

    SqlConsoleSession *m_session;
    SqlEditor *m_editor;
    SqlResultModel *m_model;
    QTableView *m_results;
    QPlainTextEdit *m_plan;
    QTabWidget *m_tabs;
    QLabel *m_message;
    QComboBox *m_history;
    QToolButton *m_run;
    QToolButton *m_cancel;
    QToolButton *m_commit;
    QToolButton *m_rollback;
    QToolButton *m_explain;
    QToolButton *m_export;
    QString m_databaseKey; // the document's path: the history's key
    QStringList m_historyItems;
    int m_historyIndex = -1; // where Ctrl+Up / Ctrl+Down is in the history (-1: the text typed)
    QString m_typed; // the text before going through the history
    int m_runOffset = 0; // where the text run starts in the editor
    SqlConsoleSession::Outcome m_last; // the last run, for the row count to follow the reads
    bool m_unavailable = false;
    bool m_released = false; // the last result's rest was let go (SqlConsoleSession)
};

} // namespace ui
