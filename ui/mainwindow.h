// SPDX-License-Identifier: MIT
#pragma once

#include "ui/connectdialog.h"
#include "ui/document.h"
#include "ui/navigation.h"

#include <QHash>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QPushButton;
class QScrollArea;
class QSplitter;
class QTreeView;
class QUndoGroup;

namespace orm {
class Entity;
class EntityMeta;
class Error;
} // namespace orm

namespace ui {

class ExportDialog;
class ImportDialog;

class BreadcrumbBar;
class PasswordStore;
class ConflictView;
class Document;
class EntityBrowser;
class EntityListModel;
class ErDiagramWindow;
class IntegrityDialog;
class LockWaitBar;
class PendingChangesView;
class Prompts;
class RecordForm;
class RelationshipPanel;
class SchemaEditor;
class SchemaProvider;
class SqlLogModel;
class SqlLogView;
class SqlConsoleView;

// Rowsmith's window: the entities of the open database on the left, the selected entity's
// table in the middle, the current row's form and relationships on the right, the pending
// changes and the SQL log in docks below. Every edit is staged; Commit writes them in one
// transaction, Discard drops them, and closing or opening another file with staged changes
// asks first.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Action {
        NewDatabase,
        OpenDatabase,
        ConnectToServer,
        Quit,
        NewRecord,
        DeleteRecord,
        Undo,
        Redo,
        Commit,
        Discard,
        Find,
        Back,
        Forward,
        Refresh,
        CheckIntegrity,
        About,
        NextPane, // F6
        PreviousPane, // Shift+F6
        ShowPendingChanges, // Alt+1: shows and focuses the dock
        ShowSqlLog, // Alt+2
        ShowSqlConsole, // Alt+3: the SQL console, its editor focused
        ShowDiagram, // Ctrl+Shift+D: the entity-relationship diagram
        EditSchema, // Ctrl+Shift+E: the schema editor
        ExportTable, // File > Export: the shown table to CSV, JSON or SQL
        ImportTable, // File > Import: a CSV or JSON file into the shown table
        ShowLinkTables, // checkable: the association tables in the table list
        Copy, // the table's selected cells as tab-separated text
        CopyWithHeaders,
        Paste, // tab-separated cells into the table, as staged edits
        PasteAsNewRows,
    };

    explicit MainWindow(std::shared_ptr<SchemaProvider> schemaProvider, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a database, a file's path or a server's URL (asking first about staged changes);
    // false when cancelled or refused. A server is connected to in a thread of its own, with
    // progress and Cancel; when it asks for a password the URL lacks, the person is asked.
    bool openDatabase(const QString &location);
    // Creates a new database with the schema provider's tables, and opens it.
    bool newDatabase(const QString &path);
    Document *document() const { return m_document.get(); }

    void setPrompts(std::unique_ptr<Prompts> prompts);
    Prompts &prompts() const { return *m_prompts; }

    QAction *action(Action id) const { return m_actions.value(id); }
    // View > Label Rows By: the current table's columns its rows can be shown by.
    QMenu *labelMenu() const { return m_labelMenu; }
    QStringList recentFiles() const;

    // Navigation.
    void showEntity(const orm::EntityMeta *meta);
    void openObject(const std::shared_ptr<orm::Entity> &object,
                    NavigationHistory::VisitMode mode = NavigationHistory::VisitMode::Push);
    void goBack();
    void goForward();
    NavigationHistory *history() const { return m_history; }

    // Editing.
    std::shared_ptr<orm::Entity> newRecord();
    void deleteSelected();
    // Edit > Copy: the table's selected cells to the clipboard (TableClipboard), with a first
    // row of column names when header is set.
    void copyCells(bool header);
    // Edit > Paste: the clipboard's cells into the table at the current cell (or every one as
    // a new row), staged as one undoable step; the pasted cells are selected, or the message
    // bar says why nothing was pasted.
    bool pasteCells(bool asNewRows);
    bool commit();
    void discard();
    // Reads again what is shown (the table's rows, the counts, the form and its relationships):
    // View > Reload, and by itself when another program commits to the file.
    void reloadFromDatabase();
    // The fields in conflict with other programs' changes (opened by a commit that meets one).
    ConflictView *conflictView() const { return m_conflictView; }
    // File > Check Integrity: the check runs in its own thread; the dialog lists what it finds.
    IntegrityDialog *checkIntegrity();
    // View > Entity-Relationship Diagram: the open database's tables and relationships, in a
    // window of its own that follows the document; double-clicking a table opens it here.
    ErDiagramWindow *showDiagram();
    // File > Export: the shown table, whole or as shown, written on a worker thread with
    // progress and Cancel (ExportDialog). Null without a table, or for an in-memory database
    // (which no other connection can read).
    // With a query (the SQL console's Export…): its rows instead.
    ExportDialog *showExportDialog(const QString &query = QString());
    // File > Import: asks for a CSV or JSON file (unless given: one dropped on the window),
    // then previews it (ImportDialog). Null when no file was chosen, or without a table.
    ImportDialog *showImportDialog(const QString &file = QString());
    ErDiagramWindow *diagramWindow() const;
    // Edit > Edit Schema (also the table list's context menu): the schema editor of the open
    // file, at table (its name) when given. Null for a server database.
    SchemaEditor *showSchemaEditor(const QString &table = QString());
    SchemaEditor *schemaEditor() const;
    // Carries out the staged schema edits on their own: staged data edits are committed or
    // discarded first (the person is asked), problems are shown in the editor, what would be
    // lost is confirmed with its counts. Then the file is described again: the table shown,
    // the form and the history follow renamed tables. Commit does this while schema edits are
    // staged.
    bool commitSchema();
    // Writes the staged schema edits as a migration revision: SQL, or an Alembic revision for
    // a .py file, following the database's revision.
    bool saveSchemaScript();
    // After a schema commit on the application's typed models, the notice's button that opens
    // the file again reflected.
    QPushButton *reopenReflectedButton() const { return m_reopenReflected; }
    void reopenReflected();

    EntityBrowser *browser() const { return m_browser; }
    RecordForm *form() const { return m_form; }
    RelationshipPanel *relationshipPanel() const { return m_relationships; }
    PendingChangesView *pendingChangesView() const { return m_pendingView; }
    SqlLogView *sqlLogView() const { return m_sqlLogView; }
    SqlConsoleView *sqlConsole() const { return m_sqlConsole; }
    QDockWidget *sqlConsoleDock() const { return m_sqlConsoleDock; }
    SqlLogModel *sqlLogModel() const { return m_sqlLog; }
    QTreeView *entityList() const { return m_entityList; }
    // File > Connect to Server…: the dialog while it is open (null otherwise); it opens the
    // database when accepted.
    ConnectDialog *connectDialog() const { return m_connectDialog; }
    void showConnectDialog();
    // A server database's schemas (hidden for a file and for a single schema).
    QComboBox *schemaChooser() const { return m_schemaChooser; }
    // Shows another schema of the server database open.
    void showSchema(const QString &schema);
    BreadcrumbBar *breadcrumbs() const { return m_breadcrumbs; }
    QLabel *pendingLabel() const { return m_pendingLabel; }
    QLabel *messageLabel() const { return m_message; }
    // "Waiting: another program is writing to …", with Cancel (hidden while nothing waits).
    LockWaitBar *lockWaitBar() const { return m_lockWaitBar; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    // Tab goes through the panes in their order (tabChain()).
    bool focusNextPrevChild(bool next) override;
    void changeEvent(QEvent *event) override;
    // A file dropped on the window: a database is opened, a CSV or JSON file imported into
    // the table shown.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    std::optional<Document::Connected> connectInBackground(const QString &location,
                                                           orm::Error *error, bool *cancelled);
    // *location gets the password the person typed, if any.
    std::unique_ptr<Document> connectToServer(QString *location, orm::Error *error,
                                              bool *cancelled);
    static bool isPasswordRefusal(const orm::Error &error);
    void updateSchemaChooser();
    void createActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void installDocument(std::unique_ptr<Document> document);
    bool maybeSave();
    // Before the database closes: the SQL console's open transaction is committed or rolled
    // back as the person says; false when they cancel (or the commit fails).
    bool settleConsoleTransaction();
    void updateActions();
    // The panes in their focus order, with the widgets Tab reaches in each: the message bar,
    // the breadcrumbs, then the panes F6 goes through (the tables, the table, the record, the
    // pending changes, the SQL log; empty while hidden).
    QList<QList<QWidget *>> tabChain() const;
    void focusPane(int step);
    void showDock(QDockWidget *dock, QWidget *focus);
    // Ctrl+S while a staged field is invalid: why nothing was committed, at the first field.
    void explainBlockedCommit();
    void updateTitle();
    void updatePendingLabel();
    void addRecentFile(const QString &path);
    void rebuildRecentMenu();
    void rebuildLabelMenu();
    void readSettings();
    void writeSettings();
    // The record below the table in a narrow window, beside it in a wide one.
    void updateRecordLayout();
    void applyLocation(const Location &location);
    void showObject(const std::shared_ptr<orm::Entity> &object);
    void onBrowserCurrentChanged(const std::shared_ptr<orm::Entity> &object);
    void onEntityListCurrentChanged();
    void onCommitFailed(const orm::Error &error);
    void onExternalChange();
    void onSchemaChange();
    // Commit's data edits (commit() commits staged schema edits instead, when there are).
    bool commitData();
    // The open file described again: reflected when the typed models were set aside for it.
    std::unique_ptr<Document> describeAgain(orm::Error *error) const;
    // The table shown and the form's row, by name and key, to come back to in the file
    // described again (the objects go with their document).
    struct Place
    {
        QString table;
        QVariant key;
    };
    Place currentPlace() const;
    void showPlace(const Place &place);
    // The file described again after a schema commit (renames: table before → after).
    void reopenAfterSchemaCommit(const QHash<QString, QString> &renames, bool typedModels);
    void setBookkeepingUnlocked(const orm::EntityMeta *meta, bool unlocked);
    void showEntityListMenu(const QPoint &at);
    void onCommitted(int changes);
    void onChangesUpdated();
    void showMessage(const QString &text, bool isError);
    // A message asking to resolve conflicts: it goes when none is left.
    void showConflictsMessage(const QString &text);
    void openFromDialog();
    void newFromDialog();
    void showAbout();

    std::shared_ptr<SchemaProvider> m_schemaProvider;
    std::unique_ptr<Prompts> m_prompts;
    std::unique_ptr<Document> m_document;
    QHash<Action, QAction *> m_actions;
    QUndoGroup *m_undoGroup;
    NavigationHistory *m_history;
    SqlLogModel *m_sqlLog;
    EntityListModel *m_entityModel;
    QTreeView *m_entityList = nullptr;
    QComboBox *m_schemaChooser = nullptr;
    QString m_location; // what was opened: a path, or a server's URL with its password
    bool m_connecting = false;
    EntityBrowser *m_browser = nullptr;
    RecordForm *m_form = nullptr;
    RelationshipPanel *m_relationships = nullptr;
    QScrollArea *m_formArea = nullptr;
    QSplitter *m_splitter = nullptr; // the tables | the record splitter
    QSplitter *m_recordSplitter = nullptr; // the table | the record, or one above the other
    QList<int> m_wideRecordSizes; // the record splitter's, side by side
    BreadcrumbBar *m_breadcrumbs = nullptr;
    QWidget *m_messageBar = nullptr;
    QLabel *m_message = nullptr;
    bool m_messageTellsConflicts = false; // the message bar asks to resolve conflicts
    PendingChangesView *m_pendingView = nullptr;
    ConflictView *m_conflictView = nullptr;
    SqlLogView *m_sqlLogView = nullptr;
    QDockWidget *m_pendingDock = nullptr;
    QDockWidget *m_sqlLogDock = nullptr;
    SqlConsoleView *m_sqlConsole = nullptr;
    QDockWidget *m_sqlConsoleDock = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_labelMenu = nullptr;
    QLabel *m_pendingLabel = nullptr;
    QAction *m_blockedCommit = nullptr; // holds Commit's shortcut while Commit is disabled
    LockWaitBar *m_lockWaitBar = nullptr;
    QPointer<IntegrityDialog> m_integrityDialog;
    QPointer<ErDiagramWindow> m_diagram;
    QPointer<ConnectDialog> m_connectDialog;
    QPointer<SchemaEditor> m_schemaEditor;
    QPushButton *m_reopenReflected = nullptr;
    bool m_openedReflected = false; // the typed models set aside for this file
    PasswordStore *m_passwords = nullptr;
    int m_committing = 0; // changes of a commit that waits for the write lock
    bool m_closeWhenCommitted = false; // Commit was chosen on closing, and the commit waits
    QMessageBox::StandardButton m_saveAnswer = QMessageBox::NoButton; // maybeSave()'s question
    bool m_navigating = false;
};

} // namespace ui
