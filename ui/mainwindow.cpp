// SPDX-License-Identifier: MIT
#include "ui/mainwindow.h"

#include "orm/mapping/relationship.h"
#include "orm/relationships/relatedread.h"
#include "ui/breadcrumbbar.h"
#include "ui/conflictview.h"
#include "ui/connectdialog.h"
#include "ui/document.h"
#include "ui/entitybrowser.h"
#include "ui/entitycatalog.h"
#include "ui/entitylistmodel.h"
#include "ui/entitytablemodel.h"
#include "ui/erdiagramwindow.h"
#include "ui/exportdialog.h"
#include "ui/externalchangewatcher.h"
#include "ui/filterheader.h"
#include "ui/importdialog.h"
#include "ui/integritydialog.h"
#include "ui/lockwaitbar.h"
#include "ui/lockwaiter.h"
#include "ui/passwordstore.h"
#include "ui/pendingchangesview.h"
#include "ui/prompts.h"
#include "ui/recordform.h"
#include "ui/relationshippanel.h"
#include "ui/schemachanges.h"
#include "ui/schemaeditor.h"
#include "ui/schemaprovider.h"
#include "ui/serverlocation.h"
#include "ui/sqlconsolesession.h"
#include "ui/sqlconsoleview.h"
#include "ui/sqleditor.h"
#include "ui/sqllogmodel.h"
#include "ui/sqllogview.h"
#include "ui/stagedvalidator.h"
#include "ui/tableclipboard.h"
#include "ui/theme.h"

#include <QAbstractItemView>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEventLoop>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QThread>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QUndoGroup>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ui {

namespace {
constexpr int maxRecentFiles = 8;

QString conflictsSeenMessage()
{
    return MainWindow::tr("Another program changed fields you have edited; they are marked. "
                          "Commit to choose which values to keep.");
}
} // namespace

MainWindow::MainWindow(std::shared_ptr<SchemaProvider> schemaProvider, QWidget *parent)
    : QMainWindow(parent)
    , m_schemaProvider(std::move(schemaProvider))
    , m_prompts(std::make_unique<Prompts>())
    , m_undoGroup(new QUndoGroup(this))
    , m_history(new NavigationHistory(this))
    , m_sqlLog(new SqlLogModel(this))
    , m_entityModel(new EntityListModel(this))
    , m_passwords(new PasswordStore(this))
{
    // Settings written by older versions hold the form's splitter as a QList<int>, which
    // QSettings reads back only once the type is known (else "QVariant::load: unknown user
    // type" on stderr, and the value lost).
    qRegisterMetaType<QList<int>>();
    setObjectName(u"mainWindow"_s);
    setAcceptDrops(true); // a database file, or a CSV or JSON file for the table shown
    setWindowTitle(QCoreApplication::applicationName());
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_messageBar = new QWidget(central);
    m_messageBar->setObjectName(u"messageBar"_s);
    m_messageBar->setAutoFillBackground(true);
    auto *messageLayout = new QHBoxLayout(m_messageBar);
    messageLayout->setContentsMargins(10, 6, 6, 6);
    auto *messageIcon = new QLabel(m_messageBar);
    messageIcon->setPixmap(Theme::icon(Theme::Icon::Warning).pixmap(18, 18));
    messageLayout->addWidget(messageIcon);
    m_message = new QLabel(m_messageBar);
    m_message->setObjectName(u"messageText"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    messageLayout->addWidget(m_message, 1);
    m_reopenReflected = new QPushButton(tr("&Reopen Reflected"), m_messageBar);
    m_reopenReflected->setObjectName(u"reopenReflected"_s);
    m_reopenReflected->hide();
    messageLayout->addWidget(m_reopenReflected);
    connect(m_reopenReflected, &QPushButton::clicked, this, &MainWindow::reopenReflected);
    auto *closeMessage = new QToolButton(m_messageBar);
    closeMessage->setIcon(Theme::icon(Theme::Icon::Clear));
    closeMessage->setAutoRaise(true);
    closeMessage->setToolTip(tr("Close"));
    closeMessage->setAccessibleName(tr("Close the message"));
    messageLayout->addWidget(closeMessage);
    connect(closeMessage, &QToolButton::clicked, m_messageBar, &QWidget::hide);
    m_messageBar->hide();
    layout->addWidget(m_messageBar);

    m_breadcrumbs = new BreadcrumbBar(central);
    m_breadcrumbs->setHistory(m_history);
    layout->addWidget(m_breadcrumbs);

    m_splitter = new QSplitter(Qt::Horizontal, central);
    m_splitter->setObjectName(u"mainSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    // A server database's schemas, above its tables (hidden for a file, or a single schema).
    auto *tablesPane = new QWidget(m_splitter);
    auto *tablesLayout = new QVBoxLayout(tablesPane);
    tablesLayout->setContentsMargins(0, 0, 0, 0);
    tablesLayout->setSpacing(2);
    m_schemaChooser = new QComboBox(tablesPane);
    m_schemaChooser->setObjectName(u"schemaChooser"_s);
    m_schemaChooser->setAccessibleName(tr("Schema"));
    m_schemaChooser->setToolTip(tr("The server database's schema whose tables are listed"));
    m_schemaChooser->hide();
    tablesLayout->addWidget(m_schemaChooser);
    connect(m_schemaChooser, &QComboBox::activated, this,
            [this](int index) { showSchema(m_schemaChooser->itemText(index)); });
    m_entityList = new QTreeView(tablesPane);
    tablesLayout->addWidget(m_entityList, 1);
    m_entityList->setObjectName(u"entityList"_s);
    m_entityList->setAccessibleName(tr("Tables"));
    m_entityList->setModel(m_entityModel);
    m_entityList->setRootIsDecorated(false);
    m_entityList->setUniformRowHeights(true);
    m_entityList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_entityList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_entityList->header()->setStretchLastSection(false);
    m_entityList->header()->setSectionResizeMode(EntityListModel::NameColumn, QHeaderView::Stretch);
    m_entityList->header()->setSectionResizeMode(EntityListModel::CountColumn,
                                                 QHeaderView::ResizeToContents);
    m_entityList->setMinimumWidth(150);
    // The frameworks' heading spans the list.
    connect(m_entityModel, &QAbstractItemModel::modelReset, m_entityList, [this] {
        if (const int heading = m_entityModel->bookkeepingHeadingRow(); heading >= 0)
            m_entityList->setFirstColumnSpanned(heading, QModelIndex(), true);
    });
    m_entityList->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_entityList, &QWidget::customContextMenuRequested, this,
            &MainWindow::showEntityListMenu);
    m_splitter->addWidget(tablesPane);

    // The table and the record side by side, or the record below the table in a narrow
    // window (see updateRecordLayout()).
    m_recordSplitter = new QSplitter(Qt::Horizontal, m_splitter);
    m_recordSplitter->setObjectName(u"recordSplitter"_s);
    m_recordSplitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_recordSplitter);

    m_browser = new EntityBrowser(m_recordSplitter);
    m_recordSplitter->addWidget(m_browser);

    m_formArea = new QScrollArea(m_recordSplitter);
    m_formArea->setObjectName(u"formArea"_s);
    m_formArea->setWidgetResizable(true);
    m_formArea->setFrameShape(QFrame::NoFrame);
    m_formArea->setFocusPolicy(Qt::NoFocus); // its fields take the focus, and scroll into view
    m_formArea->setMinimumWidth(300);
    auto *formBox = new QWidget(m_formArea);
    auto *formLayout = new QVBoxLayout(formBox);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->setSpacing(0);
    m_form = new RecordForm(formBox);
    m_relationships = new RelationshipPanel(formBox);
    formLayout->addWidget(m_form);
    formLayout->addWidget(m_relationships);
    formLayout->addStretch(1);
    m_formArea->setWidget(formBox);
    m_recordSplitter->addWidget(m_formArea);
    m_recordSplitter->setStretchFactor(0, 3);
    m_recordSplitter->setStretchFactor(1, 2);
    m_recordSplitter->setSizes({700, 430});
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({190, 1130});
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    createActions();
    createDocks();
    createMenus();
    createToolBar();

    m_pendingLabel = new QLabel(this);
    m_pendingLabel->setObjectName(u"pendingLabel"_s);
    statusBar()->addPermanentWidget(m_pendingLabel);
    m_lockWaitBar = new LockWaitBar(this);
    statusBar()->insertPermanentWidget(0, m_lockWaitBar, 1);

    connect(m_entityList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onEntityListCurrentChanged);
    connect(m_browser, &EntityBrowser::currentObjectChanged, this,
            &MainWindow::onBrowserCurrentChanged);
    connect(m_relationships, &RelationshipPanel::openRequested, this,
            [this](const std::shared_ptr<orm::Entity> &o) { openObject(o); });
    connect(m_pendingView, &PendingChangesView::openRequested, this,
            [this](const std::shared_ptr<orm::Entity> &o, int column) {
                if (!o || !o->session())
                    return;
                openObject(o);
                if (column >= 0)
                    m_form->focusField(column);
            });
    connect(m_form, &RecordForm::undeleteRequested, this,
            [this](const std::shared_ptr<orm::Entity> &o) {
                if (m_document)
                    m_document->revert(o);
            });
    // The form's row read again in the background: its links and lists are read again too.
    connect(m_form, &RecordForm::objectReadAgain, this, [this] {
        showObject(m_form->object());
        // A server's row arrives after the change was seen.
        if (m_document && m_document->session().hasConflicts())
            showConflictsMessage(conflictsSeenMessage());
    });
    connect(m_history, &NavigationHistory::changed, this, &MainWindow::updateActions);
    connect(m_breadcrumbs, &BreadcrumbBar::placeRequested, this,
            [this](int index) { applyLocation(m_history->goTo(index)); });

    // A first start: the preferred size, or nine tenths of a smaller screen's free area (a
    // window larger than the screen hides its own title bar and edges).
    QSize size(1400, 900);
    if (const QScreen *s = screen())
        size = size.boundedTo(s->availableGeometry().size() * 0.9);
    resize(size);
    readSettings();
    updateTitle();
    updateActions();
    updatePendingLabel();
}

MainWindow::~MainWindow()
{
    installDocument(nullptr);
}

void MainWindow::setPrompts(std::unique_ptr<Prompts> prompts)
{
    if (prompts)
        m_prompts = std::move(prompts);
}

void MainWindow::createActions()
{
    auto make = [this](Action id, const QString &text, const QString &iconText, Theme::Icon icon,
                       const QKeySequence &shortcut = {}) {
        auto *a = new QAction(Theme::icon(icon), text, this);
        a->setIconText(iconText);
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        m_actions.insert(id, a);
        addAction(a);
        return a;
    };
    QAction *a = make(Action::NewDatabase, tr("&New Database…"), tr("New"),
                      Theme::Icon::NewDatabase, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    a->setStatusTip(tr("Create a new, empty database"));
    connect(a, &QAction::triggered, this, &MainWindow::newFromDialog);
    a = make(Action::OpenDatabase, tr("&Open Database…"), tr("Open"), Theme::Icon::Open,
             QKeySequence::Open);
    a->setStatusTip(tr("Open an SQLite database file"));
    connect(a, &QAction::triggered, this, &MainWindow::openFromDialog);
    a = make(Action::ConnectToServer, tr("Connect to &Server…"), tr("Connect"), Theme::Icon::Open,
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    a->setStatusTip(tr("Open a PostgreSQL database on a server"));
    connect(a, &QAction::triggered, this, &MainWindow::showConnectDialog);
    a = make(Action::Quit, tr("&Quit"), tr("Quit"), Theme::Icon::Quit, QKeySequence::Quit);
    a->setMenuRole(QAction::QuitRole);
    connect(a, &QAction::triggered, this, &QWidget::close);

    a = make(Action::NewRecord, tr("New &Record"), tr("New"), Theme::Icon::NewRecord,
             QKeySequence::New);
    a->setStatusTip(tr("Add a row to the current table (staged until you commit)"));
    connect(a, &QAction::triggered, this, [this] { (void)newRecord(); });
    a = make(Action::DeleteRecord, tr("&Delete Record"), tr("Delete"), Theme::Icon::DeleteRecord,
             QKeySequence::Delete);
    a->setStatusTip(tr("Mark the selected rows for deletion (staged until you commit)"));
    // Only in the table: elsewhere Delete edits text.
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    removeAction(a);
    m_browser->view()->addAction(a);
    connect(a, &QAction::triggered, this, &MainWindow::deleteSelected);

    // Copy and paste act on the table; elsewhere the keys copy and paste text.
    const auto tableOnly = [this](QAction *a) {
        a->setIcon(QIcon()); // no glyph of the theme's says copy or paste
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        removeAction(a);
        m_browser->view()->addAction(a);
    };
    a = make(Action::Copy, tr("&Copy"), tr("Copy"), Theme::Icon::Table, QKeySequence::Copy);
    a->setStatusTip(tr("Copy the current cell, or the selected rows, as tab-separated text"));
    tableOnly(a);
    connect(a, &QAction::triggered, this, [this] { copyCells(false); });
    a = make(Action::CopyWithHeaders, tr("Copy Rows with &Headers"), tr("Copy rows"),
             Theme::Icon::Table, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    a->setStatusTip(tr("Copy the selected rows, after a row of column names"));
    tableOnly(a);
    connect(a, &QAction::triggered, this, [this] { copyCells(true); });
    a = make(Action::Paste, tr("&Paste"), tr("Paste"), Theme::Icon::Table, QKeySequence::Paste);
    a->setStatusTip(tr("Paste tab-separated cells at the current cell (staged until you commit)"));
    tableOnly(a);
    connect(a, &QAction::triggered, this, [this] { (void)pasteCells(false); });
    a = make(Action::PasteAsNewRows, tr("Paste as &New Rows"), tr("Paste as new rows"),
             Theme::Icon::NewRecord, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    a->setStatusTip(tr("Add a row for every row of tab-separated cells on the clipboard"));
    tableOnly(a);
    connect(a, &QAction::triggered, this, [this] { (void)pasteCells(true); });

    QAction *undo = m_undoGroup->createUndoAction(this, tr("&Undo"));
    undo->setIcon(Theme::icon(Theme::Icon::Undo));
    undo->setIconText(tr("Undo"));
    undo->setShortcut(QKeySequence::Undo);
    m_actions.insert(Action::Undo, undo);
    addAction(undo);
    QAction *redo = m_undoGroup->createRedoAction(this, tr("&Redo"));
    redo->setIcon(Theme::icon(Theme::Icon::Redo));
    redo->setIconText(tr("Redo"));
    redo->setShortcuts(QKeySequence::keyBindings(QKeySequence::Redo));
    m_actions.insert(Action::Redo, redo);
    addAction(redo);

    a = make(Action::Commit, tr("&Commit"), tr("Commit"), Theme::Icon::Commit, QKeySequence::Save);
    a->setStatusTip(tr("Write every staged change to the database, in one transaction"));
    connect(a, &QAction::triggered, this, [this] { (void)commit(); });
    a = make(Action::Discard, tr("&Discard Changes…"), tr("Discard"), Theme::Icon::Discard);
    a->setStatusTip(tr("Drop every staged change (Undo brings them back)"));
    connect(a, &QAction::triggered, this, &MainWindow::discard);
    a = make(Action::Find, tr("&Find…"), tr("Find"), Theme::Icon::Search, QKeySequence::Find);
    a->setStatusTip(tr("Search the current table"));
    connect(a, &QAction::triggered, m_browser, &EntityBrowser::focusSearch);
    a = make(Action::Back, tr("&Back"), tr("Back"), Theme::Icon::Back, QKeySequence::Back);
    a->setStatusTip(tr("Go back to the previous place"));
    connect(a, &QAction::triggered, this, &MainWindow::goBack);
    a = make(Action::Forward, tr("&Forward"), tr("Forward"), Theme::Icon::Forward,
             QKeySequence::Forward);
    a->setStatusTip(tr("Go forward again"));
    connect(a, &QAction::triggered, this, &MainWindow::goForward);
    a = make(Action::Refresh, tr("Re&load"), tr("Reload"), Theme::Icon::Refresh,
             QKeySequence::Refresh);
    a->setStatusTip(tr("Read the current table, the row counts and the form again"));
    connect(a, &QAction::triggered, this, &MainWindow::reloadFromDatabase);
    a = make(Action::NextPane, tr("Ne&xt Pane"), tr("Next pane"), Theme::Icon::Forward,
             QKeySequence(Qt::Key_F6));
    a->setStatusTip(tr("Move the keyboard focus to the next pane"));
    connect(a, &QAction::triggered, this, [this] { focusPane(1); });
    a = make(Action::PreviousPane, tr("Pre&vious Pane"), tr("Previous pane"), Theme::Icon::Back,
             QKeySequence(Qt::SHIFT | Qt::Key_F6));
    a->setStatusTip(tr("Move the keyboard focus to the previous pane"));
    connect(a, &QAction::triggered, this, [this] { focusPane(-1); });
    a = make(Action::ShowPendingChanges, tr("Go to &Pending Changes"), tr("Pending changes"),
             Theme::Icon::PendingChanges, QKeySequence(Qt::ALT | Qt::Key_1));
    connect(a, &QAction::triggered, this,
            [this] { showDock(m_pendingDock, m_pendingView->treeView()); });
    a = make(Action::ShowSqlLog, tr("Go to SQL &Log"), tr("SQL log"), Theme::Icon::SqlLog,
             QKeySequence(Qt::ALT | Qt::Key_2));
    connect(a, &QAction::triggered, this,
            [this] { showDock(m_sqlLogDock, m_sqlLogView->tableView()); });
    a = make(Action::ShowSqlConsole, tr("Go to SQL &Console"), tr("SQL console"),
             Theme::Icon::SqlLog, QKeySequence(Qt::ALT | Qt::Key_3));
    a->setStatusTip(tr("Run SQL statements on a connection of their own"));
    connect(a, &QAction::triggered, this, [this] {
        const bool wasHidden = m_sqlConsoleDock->isHidden();
        showDock(m_sqlConsoleDock, m_sqlConsole->editor());
        if (wasHidden) // room for a statement and its rows
            resizeDocks({m_sqlConsoleDock}, {height() * 2 / 5}, Qt::Vertical);
    });
    // Commit is disabled while a staged field is invalid; its shortcut then says why.
    m_blockedCommit = new QAction(tr("Why Nothing Is Committed"), this);
    m_blockedCommit->setEnabled(false);
    addAction(m_blockedCommit);
    connect(m_blockedCommit, &QAction::triggered, this, &MainWindow::explainBlockedCommit);
    a = make(Action::CheckIntegrity, tr("Check &Integrity…"), tr("Check"), Theme::Icon::Warning);
    a->setStatusTip(tr("Let SQLite check the file's pages, indexes and foreign keys"));
    connect(a, &QAction::triggered, this, [this] { (void)checkIntegrity(); });
    a = make(Action::ExportTable, tr("&Export…"), tr("Export"), Theme::Icon::Table);
    a->setStatusTip(tr("Write the shown table's rows to a CSV, JSON or SQL file"));
    connect(a, &QAction::triggered, this, [this] { (void)showExportDialog(); });
    a = make(Action::ImportTable, tr("I&mport…"), tr("Import"), Theme::Icon::Table);
    a->setStatusTip(tr("Read the rows of a CSV or JSON file into the shown table"));
    connect(a, &QAction::triggered, this, [this] { (void)showImportDialog(); });
    a = make(Action::ShowDiagram, tr("Entity-Relationship &Diagram…"), tr("Diagram"),
             Theme::Icon::Table, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    a->setStatusTip(tr("Draw the tables of the open database and the relationships between them"));
    connect(a, &QAction::triggered, this, [this] { (void)showDiagram(); });
    a = make(Action::EditSchema, tr("Edit &Schema…"), tr("Schema"), Theme::Icon::Table,
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    a->setStatusTip(tr("Create, change and drop tables, columns, indexes and constraints"));
    connect(a, &QAction::triggered, this, [this] {
        (void)showSchemaEditor(m_browser->entity() ? m_browser->entity()->tableName() : QString());
    });
    a = make(Action::ShowLinkTables, tr("Show &Link Tables"), tr("Link Tables"),
             Theme::Icon::Table);
    a->setCheckable(true);
    a->setChecked(QSettings().value(u"view/showLinkTables"_s, false).toBool());
    m_entityModel->setShowLinkTables(a->isChecked());
    a->setStatusTip(tr("List the tables that hold many-to-many links, which are otherwise "
                       "edited from the tables they link"));
    connect(a, &QAction::toggled, this, [this](bool show) {
        QSettings().setValue(u"view/showLinkTables"_s, show);
        const orm::EntityMeta *shown = m_browser->entity();
        m_entityModel->setShowLinkTables(show);
        // The list was reset: the table shown stays selected in it.
        if (const int row = m_entityModel->rowOf(shown); row >= 0) {
            QSignalBlocker block(m_entityList->selectionModel());
            m_entityList->setCurrentIndex(m_entityModel->index(row, 0));
        }
    });
    a = make(Action::About, tr("&About Rowsmith"), tr("About"), Theme::Icon::About);
    a->setMenuRole(QAction::AboutRole);
    connect(a, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(Action::NewDatabase));
    file->addAction(action(Action::OpenDatabase));
    file->addAction(action(Action::ConnectToServer));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(u"recentMenu"_s);
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(action(Action::Commit));
    file->addAction(action(Action::Discard));
    file->addSeparator();
    file->addAction(action(Action::CheckIntegrity));
    file->addSeparator();
    file->addAction(action(Action::ImportTable));
    file->addAction(action(Action::ExportTable));
    file->addSeparator();
    file->addAction(action(Action::Quit));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(action(Action::Undo));
    edit->addAction(action(Action::Redo));
    edit->addSeparator();
    edit->addAction(action(Action::Copy));
    edit->addAction(action(Action::CopyWithHeaders));
    edit->addAction(action(Action::Paste));
    edit->addAction(action(Action::PasteAsNewRows));
    edit->addSeparator();
    edit->addAction(action(Action::NewRecord));
    edit->addAction(action(Action::DeleteRecord));
    edit->addSeparator();
    edit->addAction(action(Action::Find));
    edit->addSeparator();
    edit->addAction(action(Action::EditSchema));

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    go->addAction(action(Action::Back));
    go->addAction(action(Action::Forward));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(action(Action::Refresh));
    m_labelMenu = view->addMenu(tr("&Label Rows By"));
    m_labelMenu->setObjectName(u"labelMenu"_s);
    m_labelMenu->setStatusTip(
        tr("Choose the column that names the current table's rows wherever they are shown"));
    connect(m_labelMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildLabelMenu);
    view->addSeparator();
    view->addAction(m_pendingDock->toggleViewAction());
    view->addAction(m_sqlLogDock->toggleViewAction());
    view->addAction(action(Action::ShowPendingChanges));
    view->addAction(action(Action::ShowSqlLog));
    view->addAction(m_sqlConsoleDock->toggleViewAction());
    view->addAction(action(Action::ShowSqlConsole));
    view->addSeparator();
    view->addAction(action(Action::ShowDiagram));
    view->addAction(action(Action::ShowLinkTables));
    view->addSeparator();
    view->addAction(action(Action::NextPane));
    view->addAction(action(Action::PreviousPane));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(Action::About));
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::rebuildLabelMenu()
{
    m_labelMenu->clear();
    qDeleteAll(m_labelMenu->findChildren<QActionGroup *>());
    const orm::EntityMeta *meta = m_browser->entity();
    if (!m_document || !meta)
        return;
    auto *group = new QActionGroup(m_labelMenu);
    for (int column : Document::labelCandidates(*meta)) {
        QString text = EntityCatalog::columnLabel(*meta, column);
        if (column == meta->defaultLabelColumn())
            text = tr("%1 (default)").arg(text);
        QAction *a = m_labelMenu->addAction(text);
        a->setCheckable(true);
        a->setChecked(column == meta->labelColumn());
        a->setActionGroup(group);
        connect(a, &QAction::triggered, this, [this, meta, column] {
            if (m_document)
                m_document->setLabelColumn(*meta, column);
        });
    }
    if (m_labelMenu->isEmpty())
        m_labelMenu->addAction(tr("No column to choose from"))->setEnabled(false);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(u"mainToolBar"_s);
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(action(Action::OpenDatabase));
    bar->addSeparator();
    bar->addAction(action(Action::Back));
    bar->addAction(action(Action::Forward));
    bar->addSeparator();
    bar->addAction(action(Action::NewRecord));
    bar->addAction(action(Action::DeleteRecord));
    bar->addSeparator();
    bar->addAction(action(Action::Undo));
    bar->addAction(action(Action::Redo));
    bar->addSeparator();
    bar->addAction(action(Action::Commit));
    bar->addAction(action(Action::Discard));
    for (QAction *a : bar->actions()) {
        if (QWidget *w = bar->widgetForAction(a))
            w->setAccessibleName(a->iconText());
    }
    QMenu *view = menuBar()->findChild<QMenu *>();
    Q_UNUSED(view);
}

void MainWindow::createDocks()
{
    m_pendingView = new PendingChangesView(this);
    m_pendingView->addBarAction(action(Action::Commit));
    m_pendingView->addBarAction(action(Action::Discard));
    m_pendingDock = new QDockWidget(tr("Pending Changes"), this);
    m_pendingDock->setObjectName(u"pendingChangesDock"_s);
    m_pendingDock->setWidget(m_pendingView);
    m_pendingDock->toggleViewAction()->setIcon(Theme::icon(Theme::Icon::PendingChanges));
    addDockWidget(Qt::BottomDockWidgetArea, m_pendingDock);

    m_sqlLogView = new SqlLogView(this);
    m_sqlLogView->setModel(m_sqlLog);
    m_sqlLogDock = new QDockWidget(tr("SQL Log"), this);
    m_sqlLogDock->setObjectName(u"sqlLogDock"_s);
    m_sqlLogDock->setWidget(m_sqlLogView);
    m_sqlLogDock->toggleViewAction()->setIcon(Theme::icon(Theme::Icon::SqlLog));
    addDockWidget(Qt::BottomDockWidgetArea, m_sqlLogDock);
    tabifyDockWidget(m_pendingDock, m_sqlLogDock);

    // The SQL console: its own connection; its commits reach the window as another program's
    // (the watcher sees them), and its DDL describes the database again.
    m_sqlConsole = new SqlConsoleView(this);
    m_sqlConsoleDock = new QDockWidget(tr("SQL Console"), this);
    m_sqlConsoleDock->setObjectName(u"sqlConsoleDock"_s);
    m_sqlConsoleDock->setWidget(m_sqlConsole);
    m_sqlConsoleDock->toggleViewAction()->setIcon(Theme::icon(Theme::Icon::SqlLog));
    addDockWidget(Qt::BottomDockWidgetArea, m_sqlConsoleDock);
    tabifyDockWidget(m_sqlLogDock, m_sqlConsoleDock);
    m_sqlConsoleDock->hide();
    connect(m_sqlConsole, &SqlConsoleView::exportRequested, this,
            [this](const QString &statement) { (void)showExportDialog(statement); });
    connect(m_sqlConsole, &SqlConsoleView::databaseChanged, this, [this](bool schemaChanged) {
        if (!m_document)
            return;
        if (schemaChanged)
            onSchemaChange();
        else
            m_document->externalChanges()->check();
    });
    // A dock behind another's tab stays "visible", moved out of view: Tab and F6 would go
    // into it. Its content is disabled (skipped) while its tab is not the current one.
    for (QDockWidget *dock : {m_pendingDock, m_sqlLogDock, m_sqlConsoleDock}) {
        connect(dock, &QDockWidget::visibilityChanged, dock,
                [dock](bool visible) { dock->widget()->setEnabled(visible); });
    }
    m_pendingDock->raise();
    // Room for a few changes with their fields, and the SQL beside them.
    resizeDocks({m_pendingDock}, {260}, Qt::Vertical);
}

// ---- documents ---------------------------------------------------------------------------

bool MainWindow::openDatabase(const QString &location)
{
    if (m_connecting || !maybeSave())
        return false;
    orm::Error error;
    std::unique_ptr<Document> document;
    QString opened = location;
    if (Document::isServerLocation(location)) {
        bool cancelled = false;
        document = connectToServer(&opened, &error, &cancelled);
        if (cancelled) {
            statusBar()->showMessage(tr("Not connected"), 5000);
            return false;
        }
    } else {
        document =
            Document::open(location, *m_schemaProvider, Document::OpenMode::OpenExisting, &error);
    }
    if (!document) {
        m_prompts->showError(this, tr("Cannot open the database"), error.text());
        return false;
    }
    installDocument(std::move(document));
    m_location = opened;
    addRecentFile(opened);
    statusBar()->showMessage(tr("Opened %1")
                                 .arg(Document::isServerLocation(opened)
                                          ? m_document->displayName()
                                          : QDir::toNativeSeparators(opened)),
                             5000);
    return true;
}

std::optional<Document::Connected>
MainWindow::connectInBackground(const QString &location, orm::Error *error, bool *cancelled)
{
    // The connection and the description of the database take round trips: they run in a
    // thread of their own while the window paints and offers Cancel. A cancelled attempt
    // finishes on its own and is dropped.
    struct Job
    {
        std::optional<Document::Connected> connected;
        orm::Error error;
    };
    auto job = std::make_shared<Job>();
    QThread *thread = QThread::create([job, location, provider = m_schemaProvider] {
        job->connected = Document::connectDatabase(location, *provider,
                                                   Document::OpenMode::OpenExisting, &job->error);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    const QString name = withoutPassword(location);
    QEventLoop loop;
    connect(thread, &QThread::finished, &loop, &QEventLoop::quit);
    QProgressDialog progress(tr("Connecting to %1…").arg(name), tr("Cancel"), 0, 0, this);
    progress.setObjectName(u"connectProgress"_s);
    progress.setWindowTitle(tr("Connecting"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(400);
    // (QProgressDialog shows itself only on setValue(), which a wait without steps never calls.)
    QTimer::singleShot(progress.minimumDuration(), &progress, &QWidget::show);
    bool wasCancelled = false;
    connect(&progress, &QProgressDialog::canceled, &loop, [&loop, &wasCancelled] {
        wasCancelled = true;
        loop.quit();
    });
    statusBar()->showMessage(tr("Connecting to %1…").arg(name));
    m_connecting = true;
    thread->start();
    loop.exec();
    m_connecting = false;
    statusBar()->clearMessage();
    *cancelled = wasCancelled;
    if (wasCancelled)
        return std::nullopt;
    *error = job->error;
    return std::move(job->connected);
}

std::unique_ptr<Document> MainWindow::connectToServer(QString *location, orm::Error *error,
                                                      bool *cancelled)
{
    std::optional<Document::Connected> connected = connectInBackground(*location, error, cancelled);
    // A server that asks for a password the URL does not hold: the person is asked, and
    // asked again while the server refuses it. Declining leaves the server's refusal to show.
    const QString server = withoutPassword(*location);
    if (!connected && !*cancelled && isPasswordRefusal(*error)
        && orm::DatabaseUrl::parse(*location).password().isEmpty()) {
        if (const std::optional<QString> kept = m_passwords->password(server)) {
            const QString withIt = withPassword(*location, *kept);
            connected = connectInBackground(withIt, error, cancelled);
            if (connected)
                *location = withIt;
        }
    }
    bool askedBefore = false;
    while (!connected && !*cancelled && isPasswordRefusal(*error)) {
        const std::optional<QString> password = m_prompts->askPassword(
            this, withoutPassword(*location),
            askedBefore ? tr("The server refused the password.") : QString());
        if (!password)
            return nullptr;
        askedBefore = true;
        const QString withIt = withPassword(*location, *password);
        connected = connectInBackground(withIt, error, cancelled);
        if (connected)
            *location = withIt;
    }
    if (!connected)
        return nullptr;
    // The password that worked is kept in the keychain, never in the settings.
    if (const QString password = orm::DatabaseUrl::parse(*location).password(); !password.isEmpty())
        m_passwords->setPassword(server, password);
    return std::make_unique<Document>(std::move(*connected));
}

bool MainWindow::isPasswordRefusal(const orm::Error &error)
{
    // libpq says so in its message only: "no password supplied", "password authentication
    // failed".
    return error.kind() == orm::Error::Kind::Connection
        && error.text().contains(u"password"_s, Qt::CaseInsensitive);
}

void MainWindow::showConnectDialog()
{
    if (m_connectDialog) {
        m_connectDialog->raise();
        m_connectDialog->activateWindow();
        return;
    }
    auto *dialog = new ConnectDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The last server connected to, without its password.
    for (const QString &recent : recentFiles()) {
        if (Document::isServerLocation(recent)) {
            dialog->setUrl(recent);
            break;
        }
    }
    m_connectDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString url = dialog->url();
        // After the dialog is gone: opening may ask about staged changes, or for a password.
        QMetaObject::invokeMethod(
            this, [this, url] { (void)openDatabase(url); }, Qt::QueuedConnection);
    });
    dialog->open();
}

void MainWindow::showSchema(const QString &schema)
{
    if (!m_document || !m_document->isServer() || schema == m_document->schemaName())
        return;
    if (!openDatabase(withServerSchema(m_location, schema)))
        updateSchemaChooser(); // back to the schema still shown
}

void MainWindow::updateSchemaChooser()
{
    const QStringList names = m_document ? m_document->schemaNames() : QStringList();
    const QSignalBlocker quiet(m_schemaChooser);
    m_schemaChooser->clear();
    m_schemaChooser->addItems(names);
    m_schemaChooser->setCurrentIndex(
        int(names.indexOf(m_document ? m_document->schemaName() : QString())));
    m_schemaChooser->setVisible(names.size() > 1);
}

bool MainWindow::newDatabase(const QString &path)
{
    if (!maybeSave())
        return false;
    orm::Error error;
    auto document = Document::open(path, *m_schemaProvider, Document::OpenMode::CreateNew, &error);
    if (!document) {
        m_prompts->showError(this, tr("Cannot create the database"), error.text());
        return false;
    }
    installDocument(std::move(document));
    m_location = path;
    addRecentFile(path);
    statusBar()->showMessage(tr("Created %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

void MainWindow::installDocument(std::unique_ptr<Document> document)
{
    m_navigating = true;
    m_form->setDocument(nullptr);
    m_relationships->setDocument(nullptr);
    m_browser->setDocument(nullptr);
    m_pendingView->setDocument(nullptr);
    if (m_conflictView) {
        m_conflictView->setDocument(nullptr);
        m_conflictView->hide();
    }
    {
        QSignalBlocker block(m_entityList->selectionModel());
        m_entityModel->setDocument(nullptr);
    }
    m_history->clear();
    m_messageBar->hide();
    if (!document || !m_document || document->path() != m_document->path())
        m_openedReflected = false;
    if (m_document) {
        disconnect(m_document->schemaChanges(), nullptr, this, nullptr);
        disconnect(m_document.get(), nullptr, this, nullptr);
        disconnect(m_document.get(), nullptr, m_sqlLog, nullptr);
        disconnect(m_document->validator(), nullptr, this, nullptr);
        m_undoGroup->removeStack(m_document->undoStack());
    }
    delete m_integrityDialog; // it was about the file that closes
    if (m_diagram)
        m_diagram->setDocument(nullptr); // it points into the descriptions that go
    if (m_schemaEditor)
        m_schemaEditor->setDocument(nullptr);
    m_document = std::move(document);
    m_lockWaitBar->setWaiter(m_document ? m_document->lockWaiter() : nullptr);
    if (m_document) {
        m_document->lockWaiter()->setOwnLockCheck(
            [console = QPointer<SqlConsoleView>(m_sqlConsole)] {
                return console && console->hasOpenTransaction();
            });
        // Commit and Discard wait while a commit waits for a server.
        connect(m_document->lockWaiter(), &LockWaiter::waitingChanged, this,
                &MainWindow::updateActions);
    }
    m_committing = 0;
    m_sqlLog->clear();
    m_navigating = false;
    if (m_document) {
        Document *doc = m_document.get();
        connect(doc, &Document::statementExecuted, m_sqlLog, &SqlLogModel::append);
        m_undoGroup->addStack(doc->undoStack());
        m_undoGroup->setActiveStack(doc->undoStack());
        {
            QSignalBlocker block(m_entityList->selectionModel());
            m_entityModel->setDocument(doc);
        }
        m_browser->setDocument(doc);
        m_form->setDocument(doc);
        m_relationships->setDocument(doc);
        m_pendingView->setDocument(doc);
        m_sqlConsole->setDocument(doc);
        connect(doc, &Document::changesUpdated, this, &MainWindow::onChangesUpdated);
        connect(doc->externalChanges(), &ExternalChangeWatcher::externalChange, this,
                &MainWindow::onExternalChange);
        connect(doc->externalChanges(), &ExternalChangeWatcher::schemaChange, this,
                &MainWindow::onSchemaChange);
        if (m_conflictView)
            m_conflictView->setDocument(doc);
        connect(doc->validator(), &StagedValidator::errorsChanged, this, [this] {
            updateActions();
            updatePendingLabel();
        });
        connect(doc, &Document::discarded, this, [this] { onChangesUpdated(); });
        // The last conflict resolved (Keep Mine, Take Theirs, a discard): nothing is left to
        // choose, and a message asking to choose would send the person looking for it.
        connect(&doc->session(), &orm::Session::conflictsChanged, this, [this] {
            if (m_messageTellsConflicts && m_document && !m_document->session().hasConflicts()) {
                m_messageTellsConflicts = false;
                m_messageBar->hide();
            }
        });
        // A commit that waited for another program's lock ends later.
        connect(doc, &Document::committed, this, [this] {
            if (std::exchange(m_committing, 0) > 0) {
                onCommitted(m_document->committedCount());
                // The window was asked to close once the commit went through.
                if (std::exchange(m_closeWhenCommitted, false))
                    QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
            }
        });
        connect(doc, &Document::commitFailed, this, [this](const orm::Error &error) {
            m_closeWhenCommitted = false;
            if (std::exchange(m_committing, 0) == 0)
                return;
            if (error.kind() == orm::Error::Kind::Validation) {
                // Found while waiting (a uniqueness check that met the lock).
                explainBlockedCommit();
            } else {
                onCommitFailed(error);
            }
            updateActions();
        });
        connect(doc, &Document::commitCancelled, this, [this] {
            m_committing = 0;
            m_closeWhenCommitted = false;
            statusBar()->showMessage(tr("Commit cancelled: nothing was written"), 5000);
            updateActions();
        });
        connect(doc, &Document::labelsChanged, this, [this] {
            // Titles, links and lists show the new label (the tables reload themselves).
            showObject(m_form->object());
            m_breadcrumbs->refresh();
        });
        // (The form and the relationship panel show the names by themselves.)
        connect(doc, &Document::keyTargetsRead, m_breadcrumbs, &BreadcrumbBar::refresh);
        if (!doc->catalog().entities().isEmpty()) {
            // The first table that can be read (a broken view is listed, not opened), in the
            // list's order: the data's before the frameworks' bookkeeping.
            QList<const orm::EntityMeta *> entities;
            for (int row = 0; row < m_entityModel->rowCount(); ++row) {
                if (const orm::EntityMeta *meta = m_entityModel->entityAt(row))
                    entities << meta;
            }
            if (entities.isEmpty())
                entities = doc->catalog().entities();
            const auto readable =
                std::find_if(entities.begin(), entities.end(),
                             [](const orm::EntityMeta *m) { return m->table().error().isEmpty(); });
            showEntity(readable != entities.end() ? *readable : entities.first());
        } else
            showMessage(tr("This database has no tables Rowsmith knows how to show."), false);
    }
    if (m_diagram)
        m_diagram->setDocument(m_document.get());
    if (m_schemaEditor)
        m_schemaEditor->setDocument(m_document.get());
    if (m_document) {
        connect(m_document->schemaChanges(), &SchemaChanges::changed, this, [this] {
            updateTitle();
            updateActions();
            updatePendingLabel();
        });
    }
    updateSchemaChooser();
    updateTitle();
    updateActions();
    updatePendingLabel();
}

bool MainWindow::maybeSave()
{
    if (!settleConsoleTransaction())
        return false;
    const int schemaEdits = m_document ? m_document->schemaChanges()->count() : 0;
    if (!m_document || (!m_document->hasPendingChanges() && schemaEdits == 0))
        return true;
    const QMessageBox::StandardButton answer = m_prompts->askToSaveChanges(
        this, m_document->displayName(), m_document->pendingChangeCount() + schemaEdits);
    m_saveAnswer = answer;
    switch (answer) {
    case QMessageBox::Save:
        // Both kinds were asked about at once: the data edits, then the schema edits.
        if (m_document->hasPendingChanges() && !commitData())
            return false;
        return schemaEdits == 0 || commitSchema();
    case QMessageBox::Discard:
        m_document->discard();
        return true;
    default:
        return false;
    }
}

bool MainWindow::settleConsoleTransaction()
{
    if (!m_document || !m_sqlConsole->hasOpenTransaction())
        return true;
    SqlConsoleSession *console = m_sqlConsole->session();
    switch (m_prompts->askAboutConsoleTransaction(this, m_document->displayName())) {
    case QMessageBox::Save: {
        // The window goes on to close the database: its own watcher would describe it again.
        const QSignalBlocker quiet(console);
        QString error;
        if (!console->commitNow(&error)) {
            m_prompts->showError(this, tr("The console's transaction cannot be committed"), error);
            return false;
        }
        return true;
    }
    case QMessageBox::Discard:
        console->rollbackNow();
        return true;
    default:
        return false;
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_saveAnswer = QMessageBox::NoButton;
    if (!maybeSave()) {
        // A commit chosen on the way out that waits for another program's lock: the window
        // closes once it goes through.
        if (m_saveAnswer == QMessageBox::Save && m_document && m_document->isCommitting())
            m_closeWhenCommitted = true;
        event->ignore();
        return;
    }
    writeSettings();
    event->accept();
}

void MainWindow::openFromDialog()
{
    const QString dir = m_document && !m_document->isServer()
        ? QFileInfo(m_document->path()).absolutePath()
        : QDir::homePath();
    const QString path = m_prompts->chooseFileToOpen(this, dir);
    if (!path.isEmpty())
        openDatabase(path);
}

void MainWindow::newFromDialog()
{
    const QString dir = m_document && !m_document->isServer()
        ? QFileInfo(m_document->path()).absolutePath()
        : QDir::homePath();
    QString path = m_prompts->chooseNewFile(this, dir);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += u".db"_s;
    newDatabase(path);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Rowsmith"),
        tr("<h3>Rowsmith %1</h3><p>A desktop data browser and editor for SQLite "
           "databases: browse tables, follow relationships, edit rows in a validated "
           "form, see every staged change, then commit or discard.</p>"
           "<p>Built with Qt %2 on its own ORM.</p>")
            .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

// ---- recent files and settings -------------------------------------------------------------

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(u"recentFiles"_s).toStringList();
}

void MainWindow::addRecentFile(const QString &path)
{
    // A server's URL is kept without its password.
    const QString absolute = Document::isServerLocation(path) ? withoutPassword(path)
                                                              : QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    QSettings().setValue(u"recentFiles"_s, files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    int n = 0;
    for (const QString &file : files) {
        ++n;
        const bool server = Document::isServerLocation(file);
        QString name = server ? file : QFileInfo(file).fileName();
        // A menu takes "&" for a mnemonic: a URL's "&port=" or a file "R&D.db" shows as it is.
        name.replace(u'&', u"&&"_s);
        QAction *a = m_recentMenu->addAction(tr("&%1 %2").arg(n).arg(name));
        a->setToolTip(server ? file : QDir::toNativeSeparators(file));
        a->setStatusTip(a->toolTip());
        a->setData(file);
        connect(a, &QAction::triggered, this, [this, file] { openDatabase(file); });
    }
    if (files.isEmpty()) {
        QAction *none = m_recentMenu->addAction(tr("No recent files"));
        none->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    QAction *clear = m_recentMenu->addAction(tr("&Clear the List"));
    connect(clear, &QAction::triggered, this, [this] {
        QSettings().remove(u"recentFiles"_s);
        rebuildRecentMenu();
    });
}

void MainWindow::readSettings()
{
    QSettings settings;
    if (const QByteArray geometry = settings.value(u"window/geometry"_s).toByteArray();
        !geometry.isEmpty())
        restoreGeometry(geometry);
    if (const QByteArray state = settings.value(u"window/state"_s).toByteArray(); !state.isEmpty())
        restoreState(state);
    if (const QByteArray splitter = settings.value(u"window/tablesSplitter"_s).toByteArray();
        !splitter.isEmpty())
        m_splitter->restoreState(splitter);
    // A list of numbers (a list of strings in the file). Older versions stored a QList<int>,
    // which QSettings cannot read back (see the constructor): taken if it was read.
    m_wideRecordSizes.clear();
    const QVariant sizes = settings.value(u"window/recordSizes"_s);
    if (sizes.isValid()) {
        for (const QVariant &size : sizes.toList())
            m_wideRecordSizes << size.toInt();
    } else if (const QVariant old = settings.value(u"window/recordSplitter"_s);
               old.metaType() == QMetaType::fromType<QList<int>>()) {
        m_wideRecordSizes = old.value<QList<int>>();
    }
    if (m_wideRecordSizes.size() == 2 && m_wideRecordSizes.first() > 0
        && m_wideRecordSizes.last() > 0)
        m_recordSplitter->setSizes(m_wideRecordSizes);
    updateRecordLayout();
}

void MainWindow::writeSettings()
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/tablesSplitter"_s, m_splitter->saveState());
    if (m_recordSplitter->orientation() == Qt::Horizontal)
        m_wideRecordSizes = m_recordSplitter->sizes();
    if (m_wideRecordSizes.size() == 2) {
        settings.setValue(u"window/recordSizes"_s,
                          QVariantList {m_wideRecordSizes.first(), m_wideRecordSizes.last()});
        settings.remove(u"window/recordSplitter"_s);
    }
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    updateRecordLayout();
}

void MainWindow::updateRecordLayout()
{
    // Below this width, side by side shows two or three columns and clips the form.
    constexpr int narrowWidth = 1000;
    const Qt::Orientation wanted = width() < narrowWidth ? Qt::Vertical : Qt::Horizontal;
    if (m_recordSplitter->orientation() == wanted)
        return;
    if (wanted == Qt::Vertical) {
        m_wideRecordSizes = m_recordSplitter->sizes();
        m_recordSplitter->setOrientation(Qt::Vertical);
        const int height = qMax(m_recordSplitter->height(), 400);
        m_recordSplitter->setSizes({height * 11 / 20, height * 9 / 20});
    } else {
        m_recordSplitter->setOrientation(Qt::Horizontal);
        if (m_wideRecordSizes.size() == 2)
            m_recordSplitter->setSizes(m_wideRecordSizes);
        else
            m_recordSplitter->setSizes({700, 430});
    }
}

// ---- navigation ----------------------------------------------------------------------------

void MainWindow::showObject(const std::shared_ptr<orm::Entity> &target)
{
    const std::shared_ptr<orm::Entity> object = target; // see openObject()
    const bool another = object != m_form->object();
    m_form->setObject(object);
    m_relationships->setObject(object);
    if (another) {
        // Another record is read from its title down (once its fields are laid out).
        m_formArea->widget()->layout()->activate();
        m_formArea->verticalScrollBar()->setValue(0);
    }
    updateActions();
}

// ---- keyboard ------------------------------------------------------------------------------

QList<QList<QWidget *>> MainWindow::tabChain() const
{
    // The widgets Tab reaches, pane by pane, each pane's in the window's focus chain order
    // (the form's fields in column order). The panes' own order is set here: widgets created
    // later (a new record's fields) would otherwise come after the docks.
    const QList<QWidget *> roots = {m_messageBar,  m_breadcrumbs, m_entityList,
                                    m_browser,     m_form,        m_relationships,
                                    m_pendingView, m_sqlLogView,  m_sqlConsole};
    QList<QList<QWidget *>> buckets(roots.size());
    const QWidget *window = this;
    for (QWidget *w = nextInFocusChain(); w != window; w = w->nextInFocusChain()) {
        if (!(w->focusPolicy() & Qt::TabFocus) || w->focusProxy() || !w->isVisible()
            || !w->isEnabled())
            continue;
        for (qsizetype i = 0; i < roots.size(); ++i) {
            if (roots[i] == w || roots[i]->isAncestorOf(w)) {
                buckets[i] << w;
                break;
            }
        }
    }
    // The table's pane: the search, the filters under the headers, then the rows.
    QList<QWidget *> &table = buckets[roots.indexOf(m_browser)];
    if (table.removeAll(m_browser->view()) > 0)
        table << m_browser->view();
    // F6 knows the record's form and relationships as one pane.
    buckets[roots.indexOf(m_form)] += buckets.takeAt(roots.indexOf(m_relationships));
    return buckets;
}

bool MainWindow::focusNextPrevChild(bool next)
{
    QList<QWidget *> chain;
    for (const QList<QWidget *> &pane : tabChain())
        chain += pane;
    QWidget *focus = focusWidget();
    const qsizetype at = chain.indexOf(focus);
    if (at < 0 || chain.size() < 2)
        return QMainWindow::focusNextPrevChild(next);
    const qsizetype n = chain.size();
    chain[(at + (next ? 1 : n - 1)) % n]->setFocus(next ? Qt::TabFocusReason
                                                        : Qt::BacktabFocusReason);
    return true;
}

void MainWindow::focusPane(int step)
{
    // The panes F6 goes through: the tables, the table, the record, the pending changes and
    // the SQL log (the message bar and the breadcrumbs are not panes).
    QList<QList<QWidget *>> panes = tabChain();
    panes.remove(0, 2);
    QWidget *focus = QApplication::focusWidget();
    qsizetype at = -1;
    for (qsizetype i = 0; i < panes.size() && at < 0 && focus; ++i) {
        for (QWidget *w : std::as_const(panes[i])) {
            if (w == focus || w->isAncestorOf(focus))
                at = i;
        }
    }
    const qsizetype n = panes.size();
    for (qsizetype k = 1; k <= n; ++k) {
        const qsizetype i = at < 0 ? (step > 0 ? k - 1 : n - k) : ((at + step * k) % n + n) % n;
        if (panes[i].isEmpty())
            continue; // hidden, behind another dock's tab, or nothing to focus
        // The table's pane is its rows, not the search above them.
        QWidget *target =
            panes[i].contains(m_browser->view()) ? m_browser->view() : panes[i].first();
        target->setFocus(Qt::ShortcutFocusReason);
        return;
    }
}

void MainWindow::showDock(QDockWidget *dock, QWidget *focus)
{
    dock->show();
    dock->raise(); // the front tab, when docks share a place
    focus->setFocus(Qt::ShortcutFocusReason);
}

void MainWindow::explainBlockedCommit()
{
    if (!m_document || !m_document->validator()->hasErrors())
        return;
    const auto invalid = m_document->validator()->invalidObjects();
    if (invalid.empty())
        return;
    const std::shared_ptr<orm::Entity> object = invalid.front();
    const QHash<int, QString> errors = m_document->validator()->errors(*object);
    // The first field in the form's order, else the record's own error.
    int column = -1;
    for (auto it = errors.cbegin(); it != errors.cend(); ++it) {
        if (it.key() >= 0 && (column < 0 || it.key() < column))
            column = it.key();
    }
    const QString where = column >= 0
        ? tr("%1 of %2")
              .arg(EntityCatalog::columnLabel(object->entityMeta(), column),
                   EntityCatalog::labelOf(*object))
        : EntityCatalog::labelOf(*object);
    openObject(object);
    if (column >= 0)
        m_form->focusField(column);
    showMessage(tr("Nothing was committed: %1: %2. Fix the highlighted fields, then commit.")
                    .arg(where, errors.value(column)),
                true);
}

void MainWindow::showEntity(const orm::EntityMeta *meta)
{
    if (!m_document || !meta)
        return;
    m_navigating = true;
    // (m_navigating keeps the list's own handler out; the list itself hears of it, and
    // paints its highlight.)
    m_entityList->setCurrentIndex(m_entityModel->index(m_entityModel->rowOf(meta), 0));
    m_browser->setEntity(meta);
    std::shared_ptr<orm::Entity> current = m_browser->currentObject();
    if (!current && m_browser->model() && m_browser->model()->rowCount() > 0) {
        // A table opens on its first row, so that the form is never empty for nothing.
        if (auto first = m_browser->model()->objectAt(0); first && m_browser->selectObject(*first))
            current = first;
    }
    showObject(current);
    m_navigating = false;
    m_history->visit(current ? Location::of(current) : Location::of(meta));
}

void MainWindow::openObject(const std::shared_ptr<orm::Entity> &target,
                            NavigationHistory::VisitMode mode)
{
    // A copy: the caller's pointer may live in a widget that showing the object rebuilds.
    const std::shared_ptr<orm::Entity> object = target;
    if (!m_document || !object)
        return;
    const orm::EntityMeta *meta = &object->entityMeta();
    m_navigating = true;
    // (m_navigating keeps the list's own handler out; the list itself hears of it, and
    // paints its highlight.)
    m_entityList->setCurrentIndex(m_entityModel->index(m_entityModel->rowOf(meta), 0));
    m_browser->setEntity(meta);
    if (!m_browser->selectObject(*object))
        m_browser->clearSelection();
    showObject(object);
    m_navigating = false;
    m_history->visit(Location::of(object), mode);
}

void MainWindow::applyLocation(const Location &location)
{
    if (!m_document || !location.isValid())
        return;
    const std::shared_ptr<orm::Entity> object = location.resolve(m_document->session());
    m_navigating = true;
    m_entityList->setCurrentIndex(m_entityModel->index(m_entityModel->rowOf(location.entity), 0));
    m_browser->setEntity(location.entity);
    if (!object || !m_browser->selectObject(*object))
        m_browser->clearSelection();
    showObject(object);
    m_navigating = false;
}

void MainWindow::goBack()
{
    if (m_history->canGoBack())
        applyLocation(m_history->back());
}

void MainWindow::goForward()
{
    if (m_history->canGoForward())
        applyLocation(m_history->forward());
}

void MainWindow::onEntityListCurrentChanged()
{
    if (m_navigating)
        return;
    showEntity(m_entityModel->entityAt(m_entityList->currentIndex().row()));
}

void MainWindow::onBrowserCurrentChanged(const std::shared_ptr<orm::Entity> &object)
{
    if (m_navigating)
        return;
    if (!object) {
        // The table no longer lists the row the form showed: the form does not either.
        if (m_form->object() && &m_form->object()->entityMeta() == m_browser->entity())
            showObject(nullptr);
        return;
    }
    showObject(object);
    m_history->visit(Location::of(object), NavigationHistory::VisitMode::ReplaceCurrent);
}

// ---- editing -------------------------------------------------------------------------------

std::shared_ptr<orm::Entity> MainWindow::newRecord()
{
    const orm::EntityMeta *meta = m_browser->entity();
    if (!m_document || !meta || meta->isReadOnly())
        return nullptr;
    std::shared_ptr<orm::Entity> object = m_document->createObject(*meta);
    if (!object)
        return nullptr;
    openObject(object);
    for (int c = 0; c < meta->columnCount(); ++c) {
        if (!EntityCatalog::isGeneratedKey(*meta, c)) {
            m_form->focusField(c);
            break;
        }
    }
    statusBar()->showMessage(tr("New %1 staged: fill it in, then commit")
                                 .arg(EntityCatalog::recordName(*meta).toLower()),
                             5000);
    return object;
}

namespace {

// Why a deletion is refused, in the window's words (the ORM's message names rows by key).
QString deletionRefusal(const orm::Entity &object, const orm::Session::DeletionPreview &preview)
{
    const orm::RelationshipMeta *rel = preview.blockingRelationship;
    if (!rel || !preview.blockedObject)
        return MainWindow::tr("%1 cannot be deleted: %2")
            .arg(EntityCatalog::labelOf(object), preview.error.message());
    const orm::EntityMeta &target = rel->target();
    const bool one = preview.blockingRows == 1;
    const QString rows = one
        ? MainWindow::tr("1 %1 still refers").arg(EntityCatalog::recordName(target).toLower())
        : MainWindow::tr("%1 %2 still refer")
              .arg(preview.blockingRows)
              .arg(target.displayName().toLower());
    if (preview.blockedObject == &object) {
        return MainWindow::tr("%1 cannot be deleted: %2 to it. Delete or relink %3 first.")
            .arg(EntityCatalog::labelOf(object), rows,
                 one ? MainWindow::tr("it") : MainWindow::tr("them"));
    }
    // A row the deletion cascades to is the one held.
    return MainWindow::tr("%1 cannot be deleted: it would delete %2 %3, to which %4.")
        .arg(EntityCatalog::labelOf(object),
             EntityCatalog::recordName(preview.blockedObject->entityMeta()).toLower(),
             EntityCatalog::labelOf(*preview.blockedObject), rows);
}

} // namespace

// The table's columns in the order shown, without the hidden ones.
static QList<int> shownColumns(const QTableView *view)
{
    QList<int> columns;
    const QHeaderView *header = view->horizontalHeader();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns << logical;
    }
    return columns;
}

void MainWindow::copyCells(bool header)
{
    EntityTableModel *model = m_browser->model();
    EntityTableView *view = m_browser->view();
    if (!m_document || !model || !view->selectionModel())
        return;
    // The table selects rows: several rows are copied whole, and with headers even one;
    // otherwise the current cell.
    QModelIndexList cells = view->selectionModel()->selectedIndexes();
    QSet<int> rows;
    for (const QModelIndex &cell : std::as_const(cells))
        rows.insert(cell.row());
    const QModelIndex current = view->currentIndex();
    if (rows.size() < 2) {
        cells.clear();
        for (int c = 0; current.isValid() && c < model->columnCount(); ++c) {
            if (header || c == current.column())
                cells << current.siblingAtColumn(c);
        }
    }
    if (cells.isEmpty())
        return;
    QGuiApplication::clipboard()->setMimeData(
        TableClipboard::copy(*model, cells, shownColumns(view), header));
    statusBar()->showMessage(
        rows.size() > 1 || header
            ? tr("Copied %n row(s)", nullptr, int(std::max<qsizetype>(rows.size(), 1)))
            : tr("Copied the cell"),
        5000);
}

bool MainWindow::pasteCells(bool asNewRows)
{
    EntityTableModel *model = m_browser->model();
    EntityTableView *view = m_browser->view();
    if (!m_document || !model || !view->selectionModel())
        return false;
    const QString text = QGuiApplication::clipboard()->text();
    const QList<int> columns = shownColumns(view);
    // From the current cell; one value goes into the current column of every selected row.
    const QModelIndex at = view->currentIndex();
    QModelIndexList targets;
    if (at.isValid()) {
        for (const QModelIndex &row : view->selectionModel()->selectedRows())
            targets << row.siblingAtColumn(at.column());
    }
    const TableClipboard::Pasted pasted = TableClipboard::paste(
        *model, text, at.isValid() ? at.row() : -1,
        at.isValid() ? int(columns.indexOf(at.column())) : 0, columns, targets, asNewRows);
    if (!pasted.ok) {
        showMessage(pasted.message, true);
        return false;
    }
    m_messageBar->hide();
    statusBar()->showMessage(pasted.message, 5000);
    if (pasted.firstRow < 0)
        return true;
    // The pasted rows are selected, the first pasted cell current.
    const int first = view->revealAbsoluteRow(pasted.firstRow);
    const int last = model->windowRow(pasted.lastRow);
    if (first < 0)
        return true;
    view->selectionModel()->setCurrentIndex(model->index(first, columns.at(pasted.firstColumn)),
                                            QItemSelectionModel::NoUpdate);
    view->selectionModel()->select(
        QItemSelection(model->index(first, 0),
                       model->index(last >= 0 ? last : model->rowCount() - 1, 0)),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

void MainWindow::deleteSelected()
{
    if (!m_document)
        return;
    // The record the form shows, or the rows selected with it; never rows it does not show.
    std::vector<std::shared_ptr<orm::Entity>> objects;
    const std::shared_ptr<orm::Entity> shown = m_form->object();
    if (m_browser->view()->selectionModel() && m_browser->view()->selectionModel()->hasSelection())
        objects = m_browser->selectedObjects();
    if (shown && std::find(objects.begin(), objects.end(), shown) == objects.end())
        objects = {shown};
    std::erase_if(objects, [this](const auto &o) {
        return !o || !o->session() || m_document->session().isMarkedForDeletion(*o);
    });
    if (objects.empty())
        return;
    // What cascades, and whether the deletion is refused.
    QHash<const orm::EntityMeta *, int> cascaded;
    for (const auto &o : objects) {
        if (o->objectState() != orm::ObjectState::Persistent)
            continue;
        const orm::Session::DeletionPreview preview = m_document->session().deletionPreview(*o);
        if (preview.error.isError()) {
            showMessage(deletionRefusal(*o, preview), true);
            return;
        }
        for (const auto &c : preview.alsoDeleted)
            ++cascaded[&c->entityMeta()];
    }
    if (!cascaded.isEmpty()) {
        QStringList parts;
        for (auto it = cascaded.cbegin(); it != cascaded.cend(); ++it)
            parts << tr("%1 %2")
                         .arg(it.value())
                         .arg(it.value() == 1 ? EntityCatalog::recordName(*it.key()).toLower()
                                              : it.key()->displayName().toLower());
        const QString question = objects.size() == 1
            ? tr("Delete %1 %2?")
                  .arg(EntityCatalog::recordName(objects.front()->entityMeta()).toLower(),
                       EntityCatalog::labelOf(*objects.front()))
            : tr("Delete %n record(s)?", nullptr, int(objects.size()));
        const QString details = tr("This also deletes %1. Nothing is written until you commit.")
                                    .arg(parts.join(tr(", ")));
        if (!m_prompts->confirmDeletion(this, question, details))
            return;
    }
    m_document->removeObjects(objects);
    statusBar()->showMessage(
        tr("Marked %n record(s) for deletion: commit to apply", nullptr, int(objects.size())),
        5000);
}

bool MainWindow::commit()
{
    if (m_document && !m_document->schemaChanges()->isEmpty())
        return commitSchema();
    return commitData();
}

bool MainWindow::commitData()
{
    if (!m_document)
        return false;
    if (m_document->validator()->hasErrors()) {
        explainBlockedCommit();
        return false;
    }
    const int n = m_document->pendingChangeCount();
    if (m_document->isCommitting())
        return false; // it goes on
    if (m_document->commit()) {
        onCommitted(m_document->committedCount());
        return true;
    }
    if (m_document->isCommitting()) {
        // Another program writes: the commit waits in the event loop (the status line says so,
        // with Cancel) and ends later.
        m_committing = n;
        updateActions();
        return false;
    }
    onCommitFailed(m_document->lastError());
    return false;
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // Back from another program: it may have written to the file.
    if (event->type() == QEvent::ActivationChange && isActiveWindow() && m_document)
        m_document->externalChanges()->check();
}

namespace {

// The local file a drag brings, if it brings one file.
QString droppedFile(const QMimeData *data)
{
    if (!data || !data->hasUrls() || data->urls().size() != 1
        || !data->urls().first().isLocalFile())
        return {};
    return data->urls().first().toLocalFile();
}

bool isDataFile(const QString &path)
{
    static const QStringList suffixes {u"csv"_s, u"tsv"_s, u"json"_s};
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QString file = droppedFile(event->mimeData());
    if (!file.isEmpty() && QFileInfo(file).isFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString file = droppedFile(event->mimeData());
    if (file.isEmpty())
        return;
    event->acceptProposedAction();
    // After the drop has ended: opening may ask questions, which the drag must not wait for.
    QMetaObject::invokeMethod(
        this,
        [this, file] {
            if (isDataFile(file)) {
                const QString name = QFileInfo(file).fileName();
                const orm::EntityMeta *meta = m_document ? m_browser->entity() : nullptr;
                if (!meta)
                    showMessage(
                        tr("Choose a table to import %1 into, then drop it again.").arg(name),
                        true);
                else if (!showImportDialog(file))
                    showMessage(meta->isReadOnly()
                                    ? tr("%1 is read-only: %2 cannot be imported into it.")
                                          .arg(meta->displayName(), name)
                                    : tr("A database in memory cannot be imported into."),
                                true);
                return;
            }
            (void)openDatabase(file);
        },
        Qt::QueuedConnection);
}

void MainWindow::reloadFromDatabase()
{
    if (!m_document || m_document->isCommitting())
        return; // a commit under way reads what it wrote when it ends
    // The form's object first (a read of its row refreshes it, and lets it go if another
    // program deleted it and nothing of it is staged), then the table, the counts and the
    // relationships: those loaded before are read again, unless something staged rests on them.
    orm::expireUnstagedRelations(m_document->session());
    std::shared_ptr<orm::Entity> shown = m_form->object();
    if (shown && shown->objectState() == orm::ObjectState::Persistent && m_document->isServer()) {
        // A round trip: read in the background, the form showing what it has meanwhile
        // (objectReadAgain()).
        m_form->readAgain();
    } else if (shown && shown->objectState() == orm::ObjectState::Persistent) {
        const orm::EntityMeta &meta = shown->entityMeta();
        const auto again = m_document->session().get(meta, shown->primaryKey());
        if (!again && !shown->session())
            shown.reset();
    }
    if (m_browser->model())
        m_browser->model()->reload();
    m_entityModel->refreshCounts();
    showObject(shown);
}

void MainWindow::onExternalChange()
{
    reloadFromDatabase();
    if (m_document && m_document->session().hasConflicts())
        showConflictsMessage(conflictsSeenMessage());
}

ErDiagramWindow *MainWindow::diagramWindow() const
{
    return m_diagram;
}

ErDiagramWindow *MainWindow::showDiagram()
{
    if (!m_document)
        return nullptr;
    if (!m_diagram) {
        m_diagram = new ErDiagramWindow([this]() -> Prompts & { return *m_prompts; }, this);
        m_diagram->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_diagram, &ErDiagramWindow::openRequested, this,
                [this](const orm::EntityMeta *entity) {
                    if (!m_document || !m_document->catalog().entities().contains(entity))
                        return;
                    showEntity(entity);
                    raise();
                    activateWindow();
                });
        m_diagram->setDocument(m_document.get());
    }
    m_diagram->show();
    m_diagram->raise();
    m_diagram->activateWindow();
    return m_diagram;
}

ExportDialog *MainWindow::showExportDialog(const QString &query)
{
    const orm::EntityMeta *meta = m_browser->entity();
    EntityTableModel *model = m_browser->model();
    if (!m_document || m_document->engine().url().isMemory()
        || (query.isEmpty() && (!meta || !model)))
        return nullptr;
    auto *dialog = !query.isEmpty()
        ? new ExportDialog(m_document->engine().url(), query, u"query"_s, m_prompts.get(), this)
        : new ExportDialog(m_document->engine().url(), meta->table(), model->shownRowsSelect(),
                           model->isFilteredOrSorted(), m_prompts.get(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportDialog::exportFinished, this,
            [this](bool ok, qint64 rows, const QString &file, const QString &message) {
                if (ok)
                    statusBar()->showMessage(
                        tr("Exported %n row(s) to %1", nullptr, int(qMin<qint64>(rows, INT_MAX)))
                            .arg(QDir::toNativeSeparators(file)),
                        5000);
                else
                    statusBar()->showMessage(message, 5000);
            });
    dialog->open();
    return dialog;
}

ImportDialog *MainWindow::showImportDialog(const QString &chosen)
{
    const orm::EntityMeta *meta = m_browser->entity();
    if (!m_document || !meta || meta->isReadOnly() || m_document->engine().url().isMemory())
        return nullptr;
    const QString file = !chosen.isEmpty()
        ? chosen
        : m_prompts->chooseFileToRead(
            this, tr("Import into %1").arg(meta->displayName()), QString(),
            tr("CSV or JSON files (*.csv *.tsv *.txt *.json);;All files (*)"));
    if (file.isEmpty())
        return nullptr;
    auto *dialog = new ImportDialog(m_document.get(), *meta, file, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::tableCreated, this, [this](const QString &name) {
        // The file has a table more: described again, the staged changes carried over.
        onSchemaChange();
        if (const orm::EntityMeta *created = m_document->catalog().entityForTable(name)) {
            showEntity(created);
        } else if (!m_openedReflected) {
            showMessage(tr("The application's typed models do not know the new table %1: "
                           "reopen the file reflected to see it.")
                            .arg(name),
                        false);
            m_reopenReflected->show();
        }
    });
    connect(dialog, &ImportDialog::imported, this, [this](qint64 rows, bool staged) {
        const int n = int(qMin<qint64>(rows, INT_MAX));
        if (staged) {
            statusBar()->showMessage(
                tr("Staged %n imported row(s): commit to write them", nullptr, n), 5000);
        } else {
            statusBar()->showMessage(tr("Imported %n row(s)", nullptr, n), 5000);
            reloadFromDatabase();
        }
    });
    dialog->open();
    return dialog;
}

IntegrityDialog *MainWindow::checkIntegrity()
{
    if (!m_document || m_document->path().isEmpty() || m_document->isServer())
        return nullptr;
    delete m_integrityDialog;
    auto *dialog = new IntegrityDialog(orm::DatabaseUrl::forFile(m_document->path()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_integrityDialog = dialog;
    connect(dialog, &IntegrityDialog::rowRequested, this,
            [this](const QString &table, const QVariant &key) {
                const orm::EntityMeta *meta =
                    m_document ? m_document->catalog().entityForTable(table) : nullptr;
                const auto object = meta ? m_document->session().get(*meta, key) : nullptr;
                if (object)
                    openObject(object);
                else
                    showMessage(tr("The row %1 of %2 cannot be shown").arg(key.toString(), table),
                                true);
            });
    dialog->show();
    dialog->start();
    return dialog;
}

void MainWindow::onCommitted(int changes)
{
    m_messageBar->hide();
    // (Everything staged was undone while the commit waited for a lock.)
    statusBar()->showMessage(changes > 0 ? tr("Committed %n change(s)", nullptr, changes)
                                         : tr("Nothing was committed: no staged change was left"),
                             5000);
    updateActions();
}

void MainWindow::onCommitFailed(const orm::Error &error)
{
    if (const std::shared_ptr<orm::Entity> object = error.object()) {
        if (object->session())
            openObject(object);
        const int column = object->entityMeta().columnIndex(error.column());
        if (column >= 0)
            m_form->focusField(column);
    }
    if (error.kind() == orm::Error::Kind::Conflict) {
        showConflictsMessage(tr("Another program changed what you edited; nothing was written and "
                                "every change is kept. Choose which values to keep."));
        if (!m_conflictView) {
            m_conflictView = new ConflictView(this);
            m_conflictView->setDocument(m_document.get());
            connect(m_conflictView, &ConflictView::commitRequested, this, [this] {
                if (commit())
                    m_conflictView->close();
            });
        }
        m_conflictView->show();
        m_conflictView->raise();
        m_conflictView->activateWindow();
        return;
    }
    if (error.kind() == orm::Error::Kind::Cancelled) {
        showMessage(tr("Commit cancelled: nothing was written and every change is kept"), true);
        return;
    }
    if (error.kind() == orm::Error::Kind::Connection) {
        // Whether a COMMIT the server never answered was written is not known here.
        showMessage(
            tr("The commit did not reach its end; every change is kept. %1").arg(error.text()),
            true);
        return;
    }
    if (error.kind() == orm::Error::Kind::StaleData) {
        // A row or link another program deleted meanwhile: nothing the database refused.
        showMessage(tr("Another program already deleted or unlinked what you changed; nothing "
                       "was written and every change is kept. %1. Undo or revert that change, "
                       "then commit again.")
                        .arg(error.text()),
                    true);
        return;
    }
    showMessage(
        tr("The database refused the commit; nothing was written and every change is kept. %1")
            .arg(error.text()),
        true);
}

void MainWindow::discard()
{
    if (!m_document || !m_document->hasPendingChanges())
        return;
    const int n = m_document->pendingChangeCount();
    QSettings settings;
    const QString askKey = u"prompts/confirmDiscard"_s;
    if (settings.value(askKey, true).toBool()) {
        bool dontAskAgain = false;
        if (!m_prompts->confirmDiscard(this, n, &dontAskAgain))
            return;
        if (dontAskAgain)
            settings.setValue(askKey, false);
    }
    m_document->discard();
    m_messageBar->hide();
    statusBar()->showMessage(tr("Discarded %n change(s): Undo brings them back", nullptr, n), 5000);
}

void MainWindow::onChangesUpdated()
{
    // An object that is no longer staged (an undone "new", a discard) leaves the form.
    if (const auto shown = m_form->object(); shown && !shown->session()) {
        const auto current = m_browser->currentObject();
        showObject(current && current->session() ? current : nullptr);
    }
    m_breadcrumbs->refresh();
    updateTitle();
    updateActions();
    updatePendingLabel();
}

// ---- state ---------------------------------------------------------------------------------

void MainWindow::showConflictsMessage(const QString &text)
{
    showMessage(text, true);
    m_messageTellsConflicts = true;
}

void MainWindow::showMessage(const QString &text, bool isError)
{
    m_messageTellsConflicts = false;
    QPalette p = m_messageBar->palette();
    const QColor colour = isError ? Theme::errorColor(p) : Theme::modifiedColor(p);
    p.setColor(QPalette::Window, Theme::tint(p, colour, 0.2));
    m_messageBar->setPalette(p);
    m_message->setText(text);
    m_reopenReflected->hide();
    m_messageBar->show();
    if (!isError)
        statusBar()->showMessage(text, 5000);
}

void MainWindow::updateTitle()
{
    if (!m_document) {
        setWindowTitle(QCoreApplication::applicationName());
        setWindowModified(false);
        return;
    }
    QString name = m_document->displayName();
    if (m_document->isServer() && m_document->schemaName() != u"public")
        name = tr("%1, schema %2").arg(name, m_document->schemaName());
    setWindowTitle(tr("%1[*] — %2").arg(name, QCoreApplication::applicationName()));
    setWindowModified(m_document->hasPendingChanges() || !m_document->schemaChanges()->isEmpty());
}

void MainWindow::updatePendingLabel()
{
    const int schemaEdits = m_document ? m_document->schemaChanges()->count() : 0;
    if (!m_document || (!m_document->hasPendingChanges() && schemaEdits == 0)) {
        m_pendingLabel->setText(tr("No pending changes"));
        return;
    }
    QStringList parts;
    if (m_document->hasPendingChanges())
        parts << tr("%n pending change(s)", nullptr, m_document->pendingChangeCount());
    if (schemaEdits > 0)
        parts << tr("%n schema change(s)", nullptr, schemaEdits);
    const int invalid = m_document->validator()->invalidObjectCount();
    if (invalid > 0)
        parts << tr("%n to fix", nullptr, invalid);
    m_pendingLabel->setText(parts.join(u" · "_s));
}

void MainWindow::updateActions()
{
    const bool hasDocument = m_document != nullptr;
    const orm::EntityMeta *meta = m_browser->entity();
    const bool pending = hasDocument && m_document->hasPendingChanges();
    const bool invalid = hasDocument && m_document->validator()->hasErrors();
    action(Action::NewRecord)->setEnabled(hasDocument && meta && !meta->isReadOnly());
    const auto shown = m_form->object();
    const bool deletable = hasDocument && shown && shown->session()
        && !m_document->session().isMarkedForDeletion(*shown) && !shown->entityMeta().isReadOnly();
    action(Action::DeleteRecord)
        ->setEnabled(deletable
                     || (hasDocument && meta && !meta->isReadOnly()
                         && m_browser->view()->selectionModel()
                         && m_browser->view()->selectionModel()->hasSelection()));
    QAction *commitAction = action(Action::Commit);
    const bool schemaPending = hasDocument && !m_document->schemaChanges()->isEmpty();
    commitAction->setEnabled((schemaPending || (pending && !invalid))
                             && !m_document->isCommitting());
    // One action holds Ctrl+S at a time: Commit, or the one that says why it is disabled.
    const bool blocked = pending && invalid;
    if (m_blockedCommit->isEnabled() != blocked) {
        commitAction->setShortcuts(blocked ? QKeySequence::UnknownKey : QKeySequence::Save);
        m_blockedCommit->setShortcuts(blocked ? QKeySequence::Save : QKeySequence::UnknownKey);
        m_blockedCommit->setEnabled(blocked);
    }
    commitAction->setToolTip(
        invalid ? tr("Fix the highlighted fields before committing")
                : tr("Commit the staged changes (%1)")
                      .arg(commitAction->shortcut().toString(QKeySequence::NativeText)));
    action(Action::Discard)
        ->setEnabled(pending && !(hasDocument && m_document->lockWaiter()->isServerWaiting()));
    action(Action::Find)->setEnabled(meta != nullptr);
    action(Action::Refresh)->setEnabled(hasDocument);
    const bool server = hasDocument && m_document->isServer();
    QAction *check = action(Action::CheckIntegrity);
    check->setEnabled(hasDocument && !m_document->path().isEmpty() && !server);
    // A server keeps its own pages and constraints: there is no file to check.
    check->setStatusTip(server ? tr("A server database checks its own pages and constraints: "
                                    "the check is for SQLite files")
                               : tr("Let SQLite check the file's pages, indexes and foreign "
                                    "keys"));
    check->setToolTip(check->statusTip());
    action(Action::ShowDiagram)->setEnabled(hasDocument);
    action(Action::ExportTable)
        ->setEnabled(hasDocument && meta && !m_document->engine().url().isMemory());
    action(Action::ImportTable)
        ->setEnabled(hasDocument && meta && !meta->isReadOnly()
                     && !m_document->engine().url().isMemory());
    action(Action::EditSchema)->setEnabled(hasDocument && !server);
    m_labelMenu->setEnabled(hasDocument && meta);
    action(Action::Back)->setEnabled(m_history->canGoBack());
    action(Action::Forward)->setEnabled(m_history->canGoForward());
}

} // namespace ui
