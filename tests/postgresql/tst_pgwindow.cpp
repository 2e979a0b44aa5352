// SPDX-License-Identifier: MIT
// The window on a server database: the test cluster's, with tables this suite creates.

#include "gui/guitestsupport.h"
#include "orm/mapping/mapper.h"
#include "orm/mapping/relationship.h"
#include "postgresql/serverdatabase.h"
#include "ui/breadcrumbbar.h"
#include "ui/connectdialog.h"
#include "ui/document.h"
#include "ui/externalchangewatcher.h"
#include "ui/fieldeditor.h"
#include "ui/filterheader.h"
#include "ui/recordpicker.h"
#include "ui/relatedlistmodel.h"
#include "ui/relationshippanel.h"
#include "ui/serverlocation.h"
#include "ui/serverwait.h"
#include "ui/sqlconsolesession.h"
#include "ui/sqlconsoleview.h"
#include "ui/sqleditor.h"
#include "ui/sqlresultmodel.h"

#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCompleter>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QToolButton>

#include <csignal>
#include <functional>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace guitest;

// Shelves whose books are a dynamic collection; a book's shelf refuses to load (raise).
namespace shelves {

class Book;

class Shelf : public orm::Model<Shelf>
{
public:
    qint64 id = 0;
    QString name;
    orm::Collection<Book> books {this};
    static void map(orm::Mapper<Shelf> &m);
};

class Book : public orm::Model<Book>
{
public:
    qint64 id = 0;
    QString title;
    std::optional<qint64> shelfId;
    orm::Reference<Shelf> shelf {this};
    static void map(orm::Mapper<Book> &m);
};

void Shelf::map(orm::Mapper<Shelf> &m)
{
    m.table(u"shelves"_s);
    m.column(&Shelf::id, u"id"_s).primaryKey();
    m.column(&Shelf::name, u"name"_s, orm::String(40)).notNull().isLabel();
    m.oneToMany(&Shelf::books, u"books"_s, {u"shelf_id"_s})
        .backref(u"shelf"_s)
        .lazy(orm::LoadStrategy::Dynamic);
}

void Book::map(orm::Mapper<Book> &m)
{
    m.table(u"shelf_books"_s);
    m.column(&Book::id, u"id"_s).primaryKey();
    m.column(&Book::title, u"title"_s, orm::String(80)).notNull().isLabel();
    m.column(&Book::shelfId, u"shelf_id"_s, orm::Integer).foreignKey(u"shelves.id"_s);
    m.manyToOne(&Book::shelf, u"shelf"_s, {u"shelf_id"_s})
        .backref(u"books"_s)
        .lazy(orm::LoadStrategy::Raise);
}

} // namespace shelves

namespace {

// The table has its rows, and each one's object: on a server they arrive from the background
// reader (their keys, then the rows by key).
bool rowsShown(ui::MainWindow &w, int rows)
{
    ui::EntityTableModel *model = tableModel(w);
    if (!model || model->rowCount() != rows)
        return false;
    for (int r = 0; r < rows; ++r) {
        if (!model->objectAt(r))
            return false;
    }
    return true;
}

} // namespace

namespace {

// Runs step from the event loop, again and again, until it returns true; posted, not timed:
// timers wait while a commit waits for the server. Also measures how long the event loop went
// without a turn meanwhile.
class PostedSteps : public QObject
{
public:
    explicit PostedSteps(std::function<bool()> step)
        : m_step(std::move(step))
    {
        m_clock.start();
        QCoreApplication::postEvent(this, new QEvent(QEvent::User));
    }
    bool done() const { return m_done; }
    qint64 longestGap() const { return m_longest; }

protected:
    void customEvent(QEvent *) override
    {
        m_longest = qMax(m_longest, m_clock.restart());
        m_done = m_step();
        if (!m_done)
            QCoreApplication::postEvent(this, new QEvent(QEvent::User));
    }

private:
    std::function<bool()> m_step;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
    bool m_done = false;
};

QWidget *commitWaitBar(ui::MainWindow &w)
{
    auto *bar = w.findChild<QWidget *>(u"lockWaitBar"_s);
    return bar && bar->isVisible() ? bar : nullptr;
}

QString commitWaitText(ui::MainWindow &w)
{
    auto *text = w.findChild<QLabel *>(u"lockWaitText"_s);
    return text ? text->text() : QString();
}

QString messageText(ui::MainWindow &w)
{
    auto *text = w.findChild<QLabel *>(u"messageText"_s);
    return text && text->isVisible() ? text->text() : QString();
}

} // namespace

class tst_PgWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void opensTheServerDatabase();
    void editsAndCommits();
    void discardsAnEdit();
    void followsAForeignKey();
    void showsAnotherSchema();
    void followsAndEditsAcrossSchemas();
    void asksForAMissingPassword();
    void connectDialogTestsAndConnects();
    void startUpCheckOnAServer();
    void showsAnEstimateAndCancelsASlowCount();
    void filtersIgnoreCase();
    void checksForOtherProgramsOffTheWindowThread();
    void passesOverItsOwnCommits();
    void answersWhileTheServerIsSlow();
    void readsRelationshipsInTheBackground();
    void editsALinkReadInTheBackground();
    void findsARowOffTheWindowThread();
    void theSqlConsoleRunsOnTheServer();
    void readsTheFormsRowAgainInTheBackground();
    void readsACompositeKeysLabelsInTheBackground();
    void labelsOvertakeSlowPages();
    void labelsOfOneSlowTableHoldUpNoOther();
    void connectingToASilentServerCanBeCancelled();
    void readsDynamicAndRaiseRelationshipsInTheBackground();
    void answersWhileACommitWaitsForTheServer();
    void cancelsACommitTheServerIsSlowWith();
    void escapeCancelsACommitTheServerIsSlowWith();
    void givesUpOnAServerThatStopsAnswering();
    void theWindowsConnectionWaitsOnlyInTheEventLoop();
    void aCommitReadsTheFormsRowAgain();
    void saysSoWhenAConflictingRowArrives();

private:
    // Writes to the table wait at its gate while it is closed (a trigger that loops, twenty
    // seconds at most).
    void slowWriter(const QString &table);
    // The title of the second book staged in the form, the window's pid on the server.
    qint64 stageATitle(ui::MainWindow &w, const QString &title);
    // A table of 20,000 rows whose statistics were gathered (ANALYZE).
    void createReadings();
    Window open(const QString &url);
    // A user whose reads of the given tables wait at a gate this suite closes and opens (a
    // row-level policy that loops while the gate is closed, five seconds at most), and the
    // URL it connects with.
    QString slowReader(const QStringList &tables);
    void setGate(const QString &table, bool closed);
    // The window's own connection's last statement, as another connection sees it.
    QString lastStatementOf(ui::MainWindow &w) const;

    QTemporaryDir m_dir;
    testserver::ServerDatabase m_database {u"rowsmith_window"_s};
    QString m_url; // the suite's database through the socket
    QString m_passwordUrl; // the same over TCP, with the password
};

void tst_PgWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    isolateSettings(m_dir.path());
    // No keychain answers here: the window asks for passwords each time.
    withoutKeychain(m_dir.path());
    QString error;
    m_url = m_database.create(&error);
    QVERIFY2(!m_url.isEmpty(), qPrintable(error));
    m_passwordUrl = testserver::passwordUrl().replace(u"/rowsmith_test"_s, u"/rowsmith_window"_s);
}

void tst_PgWindow::cleanupTestCase()
{
    m_database.drop();
    if (auto admin = orm::Engine::create(testserver::socketUrl()))
        (void)admin->connection().exec(u"DROP ROLE IF EXISTS rowsmith_browser"_s);
}

void tst_PgWindow::init()
{
    // Each test starts from the same rows.
    QString error;
    QVERIFY2(
        m_database.run(
            {
                u"DROP SCHEMA IF EXISTS sales CASCADE"_s,
                u"DROP TABLE IF EXISTS loans, team_user, teams, members, notes, shelf_books, "
                u"shelves, "
                "books, authors, publishers, "
                "readings, gate"_s,
                u"CREATE TABLE authors (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE)"_s,
                u"CREATE TABLE books (id SERIAL PRIMARY KEY, title VARCHAR(200) NOT NULL, "
                "author_id INTEGER REFERENCES authors (id), price NUMERIC(8, 2))"_s,
                u"INSERT INTO authors (name) VALUES ('Ada Lovelace'), ('Alan Turing')"_s,
                u"INSERT INTO books (title, author_id, price) VALUES ('Notes', 1, 12.50), "
                "('Computing Machinery', 2, 8.00), ('Sketch', 1, 3.25)"_s,
                u"CREATE SCHEMA sales"_s,
                u"CREATE TABLE sales.orders (id SERIAL PRIMARY KEY, customer TEXT, "
                "book_id INTEGER REFERENCES public.books (id))"_s,
                u"INSERT INTO sales.orders (customer, book_id) VALUES ('Grace', 2)"_s,
            },
            &error),
        qPrintable(error));
    QSettings().clear();
}

Window tst_PgWindow::open(const QString &url)
{
    return showWindow(
        std::make_unique<ui::MainWindow>(std::make_shared<ui::ReflectingSchemaProvider>()), url);
}

void tst_PgWindow::opensTheServerDatabase()
{
    Window w = open(m_passwordUrl);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    QVERIFY(w->document()->isServer());
    QVERIFY(entityIndex(*w, u"Authors"_s).isValid());
    QVERIFY(entityIndex(*w, u"Books"_s).isValid());
    QVERIFY(!entityIndex(*w, u"Orders"_s).isValid()); // another schema's
    // The password is never shown: not in the title, the recent list or the status line.
    const QString password = orm::DatabaseUrl::parse(m_passwordUrl).password();
    QVERIFY(!password.isEmpty());
    QVERIFY2(w->windowTitle().startsWith(u"rowsmith_window on 127.0.0.1"_s),
             qPrintable(w->windowTitle()));
    QVERIFY(!w->windowTitle().contains(password));
    QCOMPARE(w->recentFiles().size(), 1);
    QVERIFY(!w->recentFiles().first().contains(password));
    QVERIFY(w->recentFiles().first().contains(u"rowsmith@127.0.0.1"_s));
    // The rows are browsed as a file's, counted in the background.
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_COMPARE(tableModel(*w)->totalCount(), 3);
    QTRY_VERIFY(rowsShown(*w, 3));
    const QModelIndex title = tableModel(*w)->index(0, columnOf(*w, u"title"_s));
    QCOMPARE(title.data().toString(), u"Notes"_s);
    // What only a file has is disabled, with the reason.
    QAction *check = w->action(ui::MainWindow::Action::CheckIntegrity);
    QVERIFY(!check->isEnabled());
    QVERIFY2(check->statusTip().contains(u"server"_s), qPrintable(check->statusTip()));
    QVERIFY(w.prompts->errors.isEmpty());
}

void tst_PgWindow::editsAndCommits()
{
    Window w = open(m_url);
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    clickCell(*w, 1);
    QLineEdit *title = lineEditOf(w->form(), u"title"_s);
    QVERIFY(title);
    retype(title, u"Computing Machinery and Intelligence"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    // Undo and redo the edit before committing it.
    QTest::keySequence(w.window.get(), QKeySequence::Undo);
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    QTest::keySequence(w.window.get(), QKeySequence::Redo);
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
    // Another connection sees it.
    QCOMPARE(m_database.readBack(u"SELECT title FROM books WHERE id = 2"_s).toString(),
             u"Computing Machinery and Intelligence"_s);
}

void tst_PgWindow::discardsAnEdit()
{
    Window w = open(m_url);
    QVERIFY(clickEntity(*w, u"Authors"_s));
    QTRY_VERIFY(rowsShown(*w, 2));
    clickCell(*w, 0);
    QLineEdit *name = lineEditOf(w->form(), u"name"_s);
    QVERIFY(name);
    retype(name, u"Augusta Ada King"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    w->action(ui::MainWindow::Action::Discard)->trigger();
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    QCOMPARE(lineEditOf(w->form(), u"name"_s)->text(), u"Ada Lovelace"_s);
    QCOMPARE(m_database.readBack(u"SELECT name FROM authors WHERE id = 1"_s).toString(),
             u"Ada Lovelace"_s);
}

void tst_PgWindow::followsAForeignKey()
{
    Window w = open(m_url);
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    clickCell(*w, 1);
    QPushButton *author = w->relationshipPanel()->linkButton(u"author"_s);
    QVERIFY(author);
    QTRY_COMPARE(author->text(), u"Alan Turing"_s);
    QTest::mouseClick(author, Qt::LeftButton);
    QCOMPARE(w->browser()->entity()->tableName(), u"authors"_s);
    QCOMPARE(w->form()->object()->value(u"name"_s).toString(), u"Alan Turing"_s);
}

void tst_PgWindow::showsAnotherSchema()
{
    Window w = open(m_url);
    QComboBox *chooser = w->schemaChooser();
    QVERIFY(chooser->isVisible());
    QCOMPARE(chooser->currentText(), u"public"_s);
    QVERIFY(chooser->findText(u"sales"_s) >= 0);
    // Choosing it as a person does: the list opens, the arrow goes down to it, Return.
    chooser->setFocus();
    QTest::keyClick(chooser, Qt::Key_End);
    QCOMPARE(chooser->currentText(), u"sales"_s);
    QTRY_VERIFY(entityIndex(*w, u"Orders"_s).isValid());
    QVERIFY(!entityIndex(*w, u"Books"_s).isValid());
    QCOMPARE(w->document()->schemaName(), u"sales"_s);
    QVERIFY2(w->windowTitle().contains(u"schema sales"_s), qPrintable(w->windowTitle()));
    QVERIFY(clickEntity(*w, u"Orders"_s));
    QTRY_COMPARE(tableModel(*w)->totalCount(), 1);
    QTRY_COMPARE(tableModel(*w)->index(0, columnOf(*w, u"customer"_s)).data().toString(),
                 u"Grace"_s);
    // The recent list remembers the schema.
    QCOMPARE(ui::serverSchema(orm::DatabaseUrl::parse(w->recentFiles().first())), u"sales"_s);
}

void tst_PgWindow::followsAndEditsAcrossSchemas()
{
    Window w = open(m_url);
    QComboBox *chooser = w->schemaChooser();
    chooser->setFocus();
    QTest::keyClick(chooser, Qt::Key_End);
    QCOMPARE(chooser->currentText(), u"sales"_s);
    // The books of public, which sales' orders refer to, are listed by their qualified name.
    QTRY_VERIFY(entityIndex(*w, u"Orders"_s).isValid());
    QVERIFY(entityIndex(*w, u"Books (public)"_s).isValid());
    QVERIFY(clickEntity(*w, u"Orders"_s));
    QTRY_VERIFY(rowsShown(*w, 1));
    clickCell(*w, 0);
    QPushButton *book = w->relationshipPanel()->linkButton(u"book"_s);
    QVERIFY(book);
    QTRY_VERIFY2(book->text().contains(u"Computing Machinery"_s), qPrintable(book->text()));
    QTest::mouseClick(book, Qt::LeftButton);
    QCOMPARE(w->browser()->entity()->tableName(), u"public.books"_s);
    QLineEdit *title = lineEditOf(w->form(), u"title"_s);
    QVERIFY(title);
    QCOMPARE(title->text(), u"Computing Machinery"_s);
    retype(title, u"Computing Machinery and Intelligence"_s);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
    QCOMPARE(m_database.readBack(u"SELECT title FROM public.books WHERE id = 2"_s).toString(),
             u"Computing Machinery and Intelligence"_s);
}

void tst_PgWindow::asksForAMissingPassword()
{
    const QString withoutIt = ui::withoutPassword(m_passwordUrl);
    const QString password = orm::DatabaseUrl::parse(m_passwordUrl).password();
    {
        // Declined: the server's refusal is shown.
        Window w = open(QString());
        w.prompts->password = std::nullopt;
        QVERIFY(!w->openDatabase(withoutIt));
        QCOMPARE(w.prompts->passwordQuestions.size(), 1);
        QCOMPARE(w.prompts->errors.size(), 1);
        QVERIFY2(w.prompts->errors.first().contains(u"password"_s),
                 qPrintable(w.prompts->errors.first()));
    }
    Window w = open(QString());
    w.prompts->password = password;
    QVERIFY(w->openDatabase(withoutIt));
    QCOMPARE(w.prompts->passwordQuestions, QStringList {withoutIt});
    QVERIFY(entityIndex(*w, u"Books"_s).isValid());
    QVERIFY(!w->recentFiles().first().contains(password));
    // The background reader's connection has it too: the rows are counted.
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_COMPARE(tableModel(*w)->totalCount(), 3);
}

void tst_PgWindow::connectDialogTestsAndConnects()
{
    const orm::DatabaseUrl server = orm::DatabaseUrl::parse(m_passwordUrl);
    Window w = open(QString());
    w->action(ui::MainWindow::Action::ConnectToServer)->trigger();
    ui::ConnectDialog *dialog = w->connectDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    retype(dialog->hostField(), server.host());
    retype(dialog->portField(), server.port());
    retype(dialog->databaseField(), server.database());
    retype(dialog->userField(), server.userName());
    retype(dialog->passwordField(), u"not-the-password"_s);
    QSignalSpy tested(dialog, &ui::ConnectDialog::tested);
    QTest::mouseClick(dialog->testButton(), Qt::LeftButton);
    // The test runs off the window's thread: the dialog says so and stays responsive.
    QVERIFY(dialog->isTesting());
    QVERIFY(!dialog->testButton()->isEnabled());
    QTRY_COMPARE(tested.size(), 1);
    QCOMPARE(tested.first().at(0).toBool(), false);
    QVERIFY2(dialog->resultLabel()->text().contains(u"password authentication failed"_s),
             qPrintable(dialog->resultLabel()->text()));
    QVERIFY(!dialog->resultLabel()->text().contains(u"not-the-password"_s));
    // The reason, over several lines, is shown whole below the fields, which keep their height.
    QTRY_VERIFY(dialog->resultLabel()->height()
                >= dialog->resultLabel()->heightForWidth(dialog->resultLabel()->width()));
    for (QWidget *field : dialog->findChildren<QWidget *>()) {
        if (qobject_cast<QLineEdit *>(field) || qobject_cast<QAbstractSpinBox *>(field)
            || qobject_cast<QComboBox *>(field)) {
            if (!field->isVisible() || field->parentWidget() != dialog)
                continue;
            QVERIFY2(
                field->height() >= field->minimumSizeHint().height(),
                qPrintable(u"%1: %2 pixels high"_s.arg(field->objectName()).arg(field->height())));
        }
    }
    retype(dialog->passwordField(), server.password());
    QTest::mouseClick(dialog->testButton(), Qt::LeftButton);
    QTRY_COMPARE(tested.size(), 2);
    QCOMPARE(tested.last().at(0).toBool(), true);
    QVERIFY2(dialog->resultLabel()->text().startsWith(u"Connected: PostgreSQL 15"_s),
             qPrintable(dialog->resultLabel()->text()));
    QVERIFY(!w->document());
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QTRY_VERIFY(w->document());
    QVERIFY(w->document()->isServer());
    QVERIFY(entityIndex(*w, u"Books"_s).isValid());
    QVERIFY(!w->connectDialog());
    const QString recent = w->recentFiles().first();
    QVERIFY(!recent.contains(server.password()));
    // Opened again from File > Open Recent: no keychain here, so the password is asked for.
    Window again = open(QString());
    again.prompts->password = server.password();
    QMenu *menu = again->findChild<QMenu *>(u"recentMenu"_s);
    QVERIFY(menu);
    QMetaObject::invokeMethod(menu, "aboutToShow");
    QAction *first = menu->actions().value(0);
    QVERIFY(first && first->data().toString() == recent);
    first->trigger();
    QTRY_VERIFY(again->document());
    QCOMPARE(again.prompts->passwordQuestions, QStringList {recent});
}

void tst_PgWindow::startUpCheckOnAServer()
{
    const auto run = [](const QStringList &arguments, QByteArray *out, QByteArray *err) {
        QProcess p;
        p.start(QStringLiteral(ROWSMITH_EXECUTABLE), arguments);
        if (!p.waitForFinished(60000))
            return -1;
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    };
    QByteArray out;
    QByteArray err;
    QCOMPARE(run({u"--quit-after-load"_s, m_url}, &out, &err), 0);
    QVERIFY2(out.contains("Authors, 2 rows"), out.constData());
    // A refused password: 1, the server's reason, never the password.
    const QString password = orm::DatabaseUrl::parse(m_passwordUrl).password();
    const QString wrong = ui::withPassword(m_passwordUrl, u"not-the-password"_s);
    QCOMPARE(run({u"--quit-after-load"_s, wrong}, &out, &err), 1);
    QVERIFY2(err.contains("password authentication failed"), err.constData());
    QVERIFY(!err.contains("not-the-password"));
    QCOMPARE(run({u"--quit-after-load"_s, m_passwordUrl}, &out, &err), 0);
    QVERIFY(!out.contains(password.toUtf8()));
    // A server that is down.
    const orm::DatabaseUrl url = orm::DatabaseUrl::parse(m_passwordUrl);
    QString down = m_passwordUrl;
    down.replace(u':' + url.port() + u'/', u":1/"_s);
    QVERIFY(down != m_passwordUrl);
    QCOMPARE(run({u"--quit-after-load"_s, down}, &out, &err), 1);
    QVERIFY2(err.contains("Cannot open the database"), err.constData());
    QVERIFY(!err.contains(password.toUtf8()));
}

void tst_PgWindow::createReadings()
{
    QString error;
    QVERIFY2(m_database.run(
                 {
                     u"CREATE TABLE readings (id SERIAL PRIMARY KEY, name TEXT NOT NULL)"_s,
                     u"INSERT INTO readings (name) SELECT 'reading ' || n FROM generate_series(1, "
                     u"20000) "
                     "AS n"_s,
                     u"ANALYZE readings"_s,
                 },
                 &error),
             qPrintable(error));
}

void tst_PgWindow::showsAnEstimateAndCancelsASlowCount()
{
    // Given a table whose rows cost a minute to count, for a user whose reads pass a policy
    // that sleeps on one row in the middle (rows read by key never meet it)
    createReadings();
    auto admin = orm::Engine::create(m_url);
    QVERIFY(admin);
    orm::Connection &c = admin->connection();
    for (const QString &sql : {
             u"DROP ROLE IF EXISTS rowsmith_browser"_s,
             u"CREATE ROLE rowsmith_browser LOGIN"_s,
             u"GRANT SELECT ON ALL TABLES IN SCHEMA public TO rowsmith_browser"_s,
             u"ALTER TABLE readings ENABLE ROW LEVEL SECURITY"_s,
             u"CREATE POLICY slow ON readings TO rowsmith_browser USING (CASE WHEN id = 10000 "
             "THEN pg_sleep(60) IS NOT NULL ELSE true END)"_s,
         })
        QVERIFY2(c.exec(sql), qPrintable(c.lastError().text()));
    const QString browserUrl = QString(m_url).replace(u"//rowsmith@"_s, u"//rowsmith_browser@"_s);
    QVERIFY(browserUrl != m_url);
    const auto activeReads = [this] {
        return m_database
            .readBack(u"SELECT count(*) FROM pg_stat_activity WHERE usename = "
                      "'rowsmith_browser' AND state = 'active'"_s)
            .toInt();
    };
    // When the table is opened, then its first rows are shown while it is counted, with Cancel
    Window w = open(browserUrl);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    QVERIFY(clickEntity(*w, u"Readings"_s));
    ui::EntityTableModel *model = tableModel(*w);
    auto *count = w->findChild<QLabel *>(u"rowCount"_s);
    auto *cancel = w->findChild<QToolButton *>(u"cancelReads"_s);
    QVERIFY(count);
    QVERIFY(cancel);
    QTRY_COMPARE(model->index(0, columnOf(*w, u"name"_s)).data().toString(), u"reading 1"_s);
    QVERIFY(model->isCounting());
    QTRY_VERIFY(cancel->isVisible());
    // and the server's estimate of its rows until they are counted,
    QTRY_COMPARE(count->text(), u"≈ 20 k rows, counting…"_s);
    QVERIFY2(count->toolTip().contains(u"estimate"_s), qPrintable(count->toolTip()));
    QTRY_COMPARE(activeReads(), 1); // the count, on the server
    // (the table list shows the estimate too, until its own count arrives)
    const QModelIndex listed = entityIndex(*w, u"Readings"_s).siblingAtColumn(1);
    QTRY_COMPARE(listed.data().toString(), u"≈ 20 k"_s);
    QVERIFY2(listed.data(Qt::ToolTipRole).toString().contains(u"estimate"_s),
             qPrintable(listed.data(Qt::ToolTipRole).toString()));
    // and when Cancel is clicked, the server stops counting, and the rows stay.
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE(activeReads(), 0);
    QTRY_VERIFY(!cancel->isVisible());
    QCOMPARE(count->text(), u"≈ 20 k rows, not counted"_s);
    // (the table list's count too, which ran first)
    QTRY_COMPARE(listed.data().toString(), u"?"_s);
    QVERIFY2(listed.data(Qt::ToolTipRole).toString().contains(u"not counted"_s),
             qPrintable(listed.data(Qt::ToolTipRole).toString()));
    QCOMPARE(model->index(0, columnOf(*w, u"name"_s)).data().toString(), u"reading 1"_s);
    // Reload counts again: the exact count replaces the estimate.
    QVERIFY(c.exec(u"ALTER TABLE readings DISABLE ROW LEVEL SECURITY"_s));
    QTest::keySequence(w.window.get(), QKeySequence::Refresh);
    QTRY_COMPARE(count->text(), u"20,000 rows"_s);
    QCOMPARE(model->estimatedCount(), -1);
    QVERIFY(w.prompts->errors.isEmpty());
}

QString tst_PgWindow::slowReader(const QStringList &tables)
{
    auto admin = orm::Engine::create(m_url);
    if (!admin)
        return {};
    orm::Connection &c = admin->connection();
    QStringList sql {
        u"DROP TABLE IF EXISTS gate"_s,
        u"CREATE TABLE gate (name TEXT PRIMARY KEY, closed BOOLEAN NOT NULL)"_s,
        u"CREATE OR REPLACE FUNCTION gate_wait(t TEXT) RETURNS BOOLEAN LANGUAGE plpgsql "
        "VOLATILE AS $$ DECLARE started TIMESTAMPTZ := clock_timestamp(); BEGIN "
        "WHILE EXISTS (SELECT 1 FROM gate WHERE name = t AND closed) AND clock_timestamp() < "
        "started + interval '5 seconds' LOOP PERFORM pg_sleep(0.01); END LOOP; "
        "RETURN true; END $$"_s,
        u"DROP ROLE IF EXISTS rowsmith_browser"_s,
        u"CREATE ROLE rowsmith_browser LOGIN"_s,
        u"GRANT SELECT ON ALL TABLES IN SCHEMA public TO rowsmith_browser"_s,
    };
    for (const QString &table : tables) {
        sql << u"INSERT INTO gate VALUES ('%1', false)"_s.arg(table)
            << u"ALTER TABLE %1 ENABLE ROW LEVEL SECURITY"_s.arg(table)
            << u"CREATE POLICY slow ON %1 TO rowsmith_browser USING (gate_wait('%1'))"_s.arg(table);
    }
    for (const QString &statement : std::as_const(sql)) {
        if (!c.exec(statement)) {
            qWarning("%s: %s", qPrintable(statement), qPrintable(c.lastError().text()));
            return {};
        }
    }
    return QString(m_url).replace(u"//rowsmith@"_s, u"//rowsmith_browser@"_s);
}

void tst_PgWindow::setGate(const QString &table, bool closed)
{
    auto admin = orm::Engine::create(m_url);
    QVERIFY(admin);
    QVERIFY(
        admin->connection().exec(u"UPDATE gate SET closed = ? WHERE name = ?"_s, {closed, table}));
}

void tst_PgWindow::slowWriter(const QString &table)
{
    auto admin = orm::Engine::create(m_url);
    QVERIFY(admin);
    orm::Connection &c = admin->connection();
    for (const QString &sql : {
             u"CREATE TABLE IF NOT EXISTS gate (name TEXT PRIMARY KEY, closed BOOLEAN NOT NULL)"_s,
             u"INSERT INTO gate VALUES ('%1', false)"_s.arg(table),
             u"CREATE OR REPLACE FUNCTION gate_write() RETURNS trigger LANGUAGE plpgsql AS $$ "
             "DECLARE started TIMESTAMPTZ := clock_timestamp(); BEGIN "
             "WHILE EXISTS (SELECT 1 FROM gate WHERE name = TG_TABLE_NAME AND closed) AND "
             "clock_timestamp() < started + interval '20 seconds' LOOP PERFORM pg_sleep(0.01); "
             "END LOOP; RETURN NEW; END $$"_s,
             u"CREATE TRIGGER slow_write BEFORE INSERT OR UPDATE ON %1 FOR EACH ROW "
             "EXECUTE FUNCTION gate_write()"_s.arg(table),
         })
        QVERIFY2(c.exec(sql), qPrintable(c.lastError().text()));
}

qint64 tst_PgWindow::stageATitle(ui::MainWindow &w, const QString &title)
{
    if (!clickEntity(w, u"Books"_s))
        return -1;
    if (!QTest::qWaitFor([&] { return rowsShown(w, 3); }))
        return -1;
    clickCell(w, 1);
    QLineEdit *edit = lineEditOf(w.form(), u"title"_s);
    if (!edit)
        return -1;
    retype(edit, title);
    if (w.document()->pendingChangeCount() != 1)
        return -1;
    const auto pid = w.document()->session().connection().select(u"SELECT pg_backend_pid()"_s);
    return pid && !pid->isEmpty() ? pid->first().value(0).toLongLong() : -1;
}

QString tst_PgWindow::lastStatementOf(ui::MainWindow &w) const
{
    const auto pid = w.document()->session().connection().select(u"SELECT pg_backend_pid()"_s);
    if (!pid || pid->isEmpty())
        return {};
    return m_database
        .readBack(u"SELECT query FROM pg_stat_activity WHERE pid = %1"_s.arg(
            pid->first().value(0).toString()))
        .toString();
}

void tst_PgWindow::answersWhileTheServerIsSlow()
{
    // Given the books and 20,000 readings, for a user whose reads of the authors and the
    // readings wait while their gates are closed,
    createReadings();
    const QString slowUrl = slowReader({u"readings"_s, u"authors"_s});
    QVERIFY(!slowUrl.isEmpty());
    setGate(u"authors"_s, true);
    Window w = open(slowUrl);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    const EventLoopGaps gaps;
    // when the books are shown while the server is slow to read their authors,
    QVERIFY(clickEntity(*w, u"Books"_s));
    ui::EntityTableModel *books = tableModel(*w);
    QTRY_VERIFY(rowsShown(*w, 3));
    // then the authors' names are placeholders until they are read,
    const QModelIndex author = books->index(0, columnOf(*w, u"author_id"_s));
    QCOMPARE(author.data().toString(), u"…"_s);
    QCOMPARE(books->index(0, columnOf(*w, u"title"_s)).data().toString(), u"Notes"_s);
    setGate(u"authors"_s, false);
    QTRY_COMPARE(author.data().toString(), u"Ada Lovelace"_s);
    // and the form's picker searches in the background, Searching… meanwhile.
    clickCell(*w, 1);
    QCOMPARE(w->form()->object()->value(u"title"_s).toString(), u"Computing Machinery"_s);
    auto *picker = w->form()->editor(u"author_id"_s)->findChild<ui::RecordPicker *>();
    QVERIFY(picker);
    QTRY_COMPARE(picker->lineEdit()->text(), u"Alan Turing"_s);
    setGate(u"authors"_s, true);
    picker->lineEdit()->setFocus();
    QTest::keySequence(picker->lineEdit(), QKeySequence::SelectAll);
    QTest::keyClicks(picker->lineEdit(), u"ada"_s);
    QAbstractItemView *popup = picker->completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->index(0, 0).data().toString(), u"Searching…"_s);
    setGate(u"authors"_s, false);
    QTRY_COMPARE(popup->model()->index(0, 0).data().toString(), u"Ada Lovelace"_s);
    QTest::keyClick(popup, Qt::Key_Return);
    QCOMPARE(w->form()->object()->value(u"author_id"_s).toLongLong(), 1);
    QCOMPARE(picker->lineEdit()->text(), u"Ada Lovelace"_s);
    w->action(ui::MainWindow::Action::Discard)->trigger();
    // and a unique value is checked against the other rows in the background: no verdict
    // while the server is slow, then the field tells.
    QVERIFY(clickEntity(*w, u"Authors"_s));
    QTRY_VERIFY(rowsShown(*w, 2));
    clickCell(*w, 1);
    QCOMPARE(w->form()->object()->value(u"name"_s).toString(), u"Alan Turing"_s);
    setGate(u"authors"_s, true);
    retype(lineEditOf(w->form(), u"name"_s), u"Ada Lovelace"_s);
    QCOMPARE(w->form()->object()->value(u"name"_s).toString(), u"Ada Lovelace"_s);
    QCOMPARE(errorText(w->form(), u"name"_s), QString());
    setGate(u"authors"_s, false);
    QTRY_COMPARE(errorText(w->form(), u"name"_s), u"already used by Ada Lovelace"_s);
    w->action(ui::MainWindow::Action::Discard)->trigger();
    // and when the readings are opened while the server is slow to read them,
    setGate(u"readings"_s, true);
    QVERIFY(clickEntity(*w, u"Readings"_s));
    ui::EntityTableModel *readings = tableModel(*w);
    // then the rows and the count are on their way, with Cancel, and the window answers;
    QVERIFY(readings->isReading());
    auto *cancel = w->findChild<QToolButton *>(u"cancelReads"_s);
    QVERIFY(cancel);
    QTRY_VERIFY(cancel->isVisible());
    QVERIFY(clickEntity(*w, u"Books"_s));
    QVERIFY(clickEntity(*w, u"Readings"_s));
    QCOMPARE(tableModel(*w), readings);
    QVERIFY(readings->isReading());
    // when the server answers, they fill in;
    setGate(u"readings"_s, false);
    QTRY_COMPARE(readings->totalCount(), 20000);
    QTRY_COMPARE(readings->index(0, columnOf(*w, u"name"_s)).data().toString(), u"reading 1"_s);
    // and rows far away are placeholders while they are read.
    setGate(u"readings"_s, true);
    table(*w)->scrollToBottom();
    const QModelIndex last = readings->index(19999, columnOf(*w, u"name"_s));
    QTRY_VERIFY(readings->isArriving(19999));
    QCOMPARE(last.data().toString(), u"…"_s);
    QTRY_VERIFY(cancel->isVisible());
    setGate(u"readings"_s, false);
    QTRY_COMPARE(last.data().toString(), u"reading 20000"_s);
    const qint64 longest = gaps.longest();
    qInfo("The longest the event loop went without a turn: %lld ms", longest);
    if (timed()) {
        QVERIFY2(longest <= 200, qPrintable(u"the event loop stopped for %1 ms"_s.arg(longest)));
    }
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::readsRelationshipsInTheBackground()
{
    // Given a user whose reads of the authors and the books wait while their gates are closed,
    const QString slowUrl = slowReader({u"authors"_s, u"books"_s});
    QVERIFY(!slowUrl.isEmpty());
    Window w = open(slowUrl);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    const EventLoopGaps gaps;
    // when a book is shown while the server is slow to read authors,
    setGate(u"authors"_s, true);
    clickCell(*w, 1);
    QCOMPARE(w->form()->object()->value(u"title"_s).toString(), u"Computing Machinery"_s);
    ui::RelationshipPanel *panel = w->relationshipPanel();
    QPushButton *author = panel->linkButton(u"author"_s);
    QVERIFY(author);
    // then its author is a placeholder until it is read, and then a link.
    QCOMPARE(author->text(), u"…"_s);
    QVERIFY(!author->isEnabled());
    setGate(u"authors"_s, false);
    QTRY_COMPARE(author->text(), u"Alan Turing"_s);
    QVERIFY(author->isEnabled());
    // When an author is shown while the server is slow to read books,
    setGate(u"books"_s, true);
    QTest::mouseClick(author, Qt::LeftButton);
    QCOMPARE(w->form()->object()->value(u"name"_s).toString(), u"Alan Turing"_s);
    ui::RelatedListModel *books = panel->listModel(u"books"_s);
    QVERIFY(books);
    // then the section says so, with nothing to add to until the books are in,
    QCOMPARE(books->rowCount(), 0);
    QVERIFY(!panel->picker(u"books"_s) || !panel->picker(u"books"_s)->isEnabled());
    setGate(u"books"_s, false);
    QTRY_COMPARE(books->rowCount(), 1);
    QCOMPARE(books->objectAt(0)->value(u"title"_s).toString(), u"Computing Machinery"_s);
    const qint64 longest = gaps.longest();
    qInfo("The longest the event loop went without a turn: %lld ms", longest);
    if (timed()) {
        QVERIFY2(longest <= 200, qPrintable(u"the event loop stopped for %1 ms"_s.arg(longest)));
    }
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::editsALinkReadInTheBackground()
{
    // Given Laravel's default pivot (no key) where Ada is a member of two teams, for a user
    // whose reads of the pivot wait while its gate is closed,
    auto engine = orm::Engine::create(m_url);
    QVERIFY(engine);
    for (const QString &sql : {
             u"CREATE TABLE members (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL)"_s,
             u"CREATE TABLE teams (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL)"_s,
             u"CREATE TABLE team_user (team_id INTEGER NOT NULL REFERENCES teams (id), "
             "user_id INTEGER NOT NULL REFERENCES members (id), role VARCHAR(255), "
             "created_at TIMESTAMP(0), updated_at TIMESTAMP(0))"_s,
             u"INSERT INTO members (name) VALUES ('Ada'), ('Bob')"_s,
             u"INSERT INTO teams (name) VALUES ('Engine'), ('Gearbox')"_s,
             u"INSERT INTO team_user (team_id, user_id, role) VALUES (1, 1, 'member'), "
             "(2, 1, 'member'), (1, 2, 'member')"_s,
         })
        QVERIFY2(engine->connection().exec(sql),
                 qPrintable(engine->connection().lastError().text()));
    const QString slowUrl = slowReader({u"team_user"_s});
    QVERIFY(!slowUrl.isEmpty());
    QVERIFY(engine->connection().exec(u"GRANT UPDATE ON team_user TO rowsmith_browser"_s));
    Window w = open(slowUrl);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    QVERIFY(clickEntity(*w, u"Members"_s));
    QTRY_VERIFY(rowsShown(*w, 2));
    clickCell(*w, 0);
    QCOMPARE(w->form()->object()->value(u"name"_s).toString(), u"Ada"_s);
    ui::RelationshipPanel *panel = w->relationshipPanel();
    QListView *list = panel->listView(u"teams"_s);
    QVERIFY(list);
    QTRY_COMPARE(list->model()->rowCount(), 2);
    ui::FieldEditor *role = panel->linkValueEditor(u"teams"_s, u"role"_s);
    QVERIFY(role);
    auto *edit = qobject_cast<QLineEdit *>(role->control());
    QVERIFY(edit);
    const EventLoopGaps gaps;
    // when she selects her Engine link while the server is slow to read the pivot,
    setGate(u"team_user"_s, true);
    int engineRow = 0;
    while (engineRow < list->model()->rowCount()
           && list->model()->index(engineRow, 0).data().toString() != u"Engine"_s)
        ++engineRow;
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualRect(list->model()->index(engineRow, 0)).center());
    // then its values wait, not editable, until the link's row is in,
    QVERIFY(role->isVisible());
    QVERIFY(!role->isEnabled());
    QCOMPARE(edit->text(), QString());
    auto *values = panel->findChild<QWidget *>(u"linkValues_teams"_s);
    QVERIFY(values);
    QStringList captions;
    for (QLabel *label : values->findChildren<QLabel *>())
        captions << label->text();
    QVERIFY2(captions.join(u' ').contains(u"…"_s), qPrintable(captions.join(u'|')));
    setGate(u"team_user"_s, false);
    QTRY_VERIFY(role->isEnabled());
    QCOMPARE(edit->text(), u"member"_s);
    // and a role typed there is committed to that link's row alone.
    retype(edit, u"owner"_s);
    QTRY_VERIFY(w->document()->hasPendingChanges());
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY2(!w->document()->hasPendingChanges(), qPrintable(w->messageLabel()->text()));
    QCOMPARE(
        m_database
            .readBack(u"SELECT string_agg(team_id || ',' || user_id || ',' || role, ';' ORDER BY "
                      "user_id, team_id) FROM team_user"_s)
            .toString(),
        u"1,1,owner;2,1,member;1,2,member"_s);
    const qint64 longest = gaps.longest();
    qInfo("The longest the event loop went without a turn: %lld ms", longest);
    if (timed()) {
        QVERIFY2(longest <= 200, qPrintable(u"the event loop stopped for %1 ms"_s.arg(longest)));
    }
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::findsARowOffTheWindowThread()
{
    // Given the readings filtered to their first hundred,
    createReadings();
    Window w = open(m_url);
    QVERIFY(clickEntity(*w, u"Readings"_s));
    ui::EntityTableModel *readings = tableModel(*w);
    QTRY_COMPARE(readings->totalCount(), 20000);
    readings->setColumnFilter(columnOf(*w, u"id"_s), u"<=100"_s);
    QTRY_COMPARE(readings->totalCount(), 100);
    orm::Session &session = w->document()->session();
    const auto inside = session.get(readings->meta(), qint64(40));
    const auto outside = session.get(readings->meta(), qint64(2500));
    QVERIFY(inside && outside);
    const auto pid = session.connection().select(u"SELECT pg_backend_pid()"_s);
    QVERIFY(pid && !pid->isEmpty());
    // when the table looks for a row the filter keeps and one it leaves out,
    QSignalSpy found(readings, &ui::EntityTableModel::rowFound);
    QVERIFY(readings->findRow(inside));
    QTRY_COMPARE(found.count(), 1);
    QCOMPARE(found.last().at(1).toLongLong(), qint64(39));
    QVERIFY(readings->findRow(outside));
    QTRY_COMPARE(found.count(), 2);
    QCOMPARE(found.last().at(1).toLongLong(), qint64(-1));
    // then the window's own connection ran none of it.
    QCOMPARE(m_database.readBack(u"SELECT query FROM pg_stat_activity WHERE pid = %1"_s.arg(
                 pid->first().value(0).toString())),
             u"SELECT pg_backend_pid()"_s);
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::filtersIgnoreCase()
{
    // Given the books, when a column filter and the quick search are typed in another case
    // than the titles', then they find them, as on a file.
    Window w = open(m_url);
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_COMPARE(tableModel(*w)->totalCount(), 3);
    auto *header = qobject_cast<ui::FilterHeader *>(table(*w)->horizontalHeader());
    QVERIFY(header);
    QLineEdit *title = header->filterEditor(columnOf(*w, u"title"_s));
    QVERIFY(title && title->isVisible());
    QTest::keyClicks(title, u"MACHINERY"_s);
    QTest::keyClick(title, Qt::Key_Return);
    QTRY_COMPARE(tableModel(*w)->totalCount(), 1);
    QTRY_COMPARE(tableModel(*w)->index(0, columnOf(*w, u"title"_s)).data().toString(),
                 u"Computing Machinery"_s);
    QTest::keySequence(title, QKeySequence::SelectAll);
    QTest::keyClick(title, Qt::Key_Backspace);
    QTest::keyClick(title, Qt::Key_Return);
    QTRY_COMPARE(tableModel(*w)->totalCount(), 3);
    auto *search = w->findChild<QLineEdit *>(u"quickSearch"_s);
    QVERIFY(search);
    QTest::keyClicks(search, u"sKeTcH"_s);
    QTRY_COMPARE(tableModel(*w)->totalCount(), 1);
    QVERIFY(w.prompts->errors.isEmpty());
}

void tst_PgWindow::checksForOtherProgramsOffTheWindowThread()
{
    Window w = open(m_url);
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_COMPARE(tableModel(*w)->totalCount(), 3);
    w->document()->externalChanges()->setInterval(20);
    // Given another program's commit, then the window shows it by itself.
    QVERIFY(m_database.readBack(u"INSERT INTO books (title) VALUES ('Elsewhere') RETURNING id"_s)
                .isValid());
    QTRY_COMPARE(tableModel(*w)->totalCount(), 4);
    // and the checks run on a connection of their own: the window's is not asked again.
    const auto pid = w->document()->session().connection().select(u"SELECT pg_backend_pid()"_s);
    QVERIFY(pid && !pid->isEmpty());
    const QString window = pid->first().value(0).toString();
    const QString snapshot = u"'SELECT pg_current_snapshot()::text'"_s;
    QTRY_COMPARE(
        m_database
            .readBack(u"SELECT count(*) FROM pg_stat_activity WHERE pid <> %1 AND query = %2 "
                      "AND query_start > (SELECT query_start FROM pg_stat_activity WHERE "
                      "pid = %1)"_s.arg(window, snapshot))
            .toInt(),
        1);
    QCOMPARE(
        m_database.readBack(u"SELECT query FROM pg_stat_activity WHERE pid = %1"_s.arg(window)),
        u"SELECT pg_backend_pid()"_s);
    QVERIFY(w.prompts->errors.isEmpty());
}

void tst_PgWindow::passesOverItsOwnCommits()
{
    Window w = open(m_url);
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    ui::ExternalChangeWatcher *watcher = w->document()->externalChanges();
    watcher->setInterval(20);
    QSignalSpy seen(&w->document()->session(), &orm::Session::externalChangesSeen);
    QSignalSpy reported(watcher, &ui::ExternalChangeWatcher::externalChange);
    // Given the window's own commit of an edit and a deletion,
    clickCell(*w, 1);
    retype(lineEditOf(w->form(), u"title"_s), u"Intelligence"_s);
    clickCell(*w, 2);
    QTest::keyClick(table(*w), Qt::Key_Delete);
    QCOMPARE(w->document()->pendingChangeCount(), 2);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    QCOMPARE(m_database.readBack(u"SELECT count(*) FROM books"_s).toInt(), 2);
    // when the watcher has asked the server twice since (the second question is sent only
    // once the first answer was heard),
    const auto askedSince = [this](const QString &since) {
        return m_database
                   .readBack(u"SELECT count(*) FROM pg_stat_activity WHERE datname = "
                             "current_database() AND query = 'SELECT pg_current_snapshot()::text' "
                             "AND query_start > '%1'::timestamptz"_s.arg(since))
                   .toInt()
            > 0;
    };
    for (int question = 0; question < 2; ++question) {
        const QString since = m_database.readBack(u"SELECT clock_timestamp()::text"_s).toString();
        QVERIFY(!since.isEmpty());
        QTRY_VERIFY(askedSince(since));
    }
    // then it took none of it for another program's,
    QCOMPARE(seen.count(), 0);
    QCOMPARE(reported.count(), 0);
    // while another program's commit is still shown by itself.
    QVERIFY(m_database.readBack(u"INSERT INTO books (title) VALUES ('Elsewhere') RETURNING id"_s)
                .isValid());
    QTRY_VERIFY(reported.count() > 0);
    QTRY_COMPARE(tableModel(*w)->totalCount(), 3);
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::readsTheFormsRowAgainInTheBackground()
{
    // Given a book in the form with its price edited (staged), for a user whose reads of the
    // books wait while their gate is closed,
    const QString slowUrl = slowReader({u"books"_s});
    QVERIFY(!slowUrl.isEmpty());
    Window w = open(slowUrl);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    clickCell(*w, 1);
    QCOMPARE(lineEditOf(w->form(), u"title"_s)->text(), u"Computing Machinery"_s);
    retype(lineEditOf(w->form(), u"price"_s), u"9.50"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    const QString typed = lineEditOf(w->form(), u"price"_s)->text();
    ui::ExternalChangeWatcher *watcher = w->document()->externalChanges();
    QSignalSpy reported(watcher, &ui::ExternalChangeWatcher::externalChange);
    setGate(u"books"_s, true);
    watcher->setInterval(20);
    // when another program renames it while the server is slow to read the books,
    QVERIFY(m_database
                .readBack(u"UPDATE books SET title = 'Computing Machinery and Intelligence' "
                          "WHERE id = 2 RETURNING id"_s)
                .isValid());
    QTRY_VERIFY(reported.count() > 0);
    // then the form shows what it has, the staged price too, while its row is read again
    // elsewhere: the window's own connection reads nothing;
    QCOMPARE(lineEditOf(w->form(), u"title"_s)->text(), u"Computing Machinery"_s);
    QCOMPARE(lineEditOf(w->form(), u"price"_s)->text(), typed);
    QCOMPARE(lastStatementOf(*w), u"SELECT pg_backend_pid()"_s);
    QVERIFY(w->form()->isReadingAgain());
    // and when the server answers, the form takes the new title and keeps the staged price.
    setGate(u"books"_s, false);
    QTRY_COMPARE(lineEditOf(w->form(), u"title"_s)->text(),
                 u"Computing Machinery and Intelligence"_s);
    QCOMPARE(lineEditOf(w->form(), u"price"_s)->text(), typed);
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    QCOMPARE(w->form()->object()->value(u"price"_s).toDouble(), 9.5);
    w->action(ui::MainWindow::Action::Discard)->trigger();

    // Given another book shown, with nothing staged, when another program deletes it,
    QTRY_VERIFY(rowsShown(*w, 3));
    clickCell(*w, 2);
    const auto showsSketch = [&w] {
        const std::shared_ptr<orm::Entity> shown = w->form()->object();
        return shown && shown->value(u"title"_s).toString() == u"Sketch"_s;
    };
    QVERIFY(showsSketch());
    const qsizetype before = reported.count();
    QVERIFY(m_database.readBack(u"DELETE FROM books WHERE id = 3 RETURNING id"_s).isValid());
    QTRY_VERIFY(reported.count() > before);
    // then, once the read finds no row, it is let go.
    QTRY_VERIFY(!showsSketch());
    QTRY_VERIFY(rowsShown(*w, 2));
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::aCommitReadsTheFormsRowAgain()
{
    // Given a book in the form with its price edited (staged), for a user whose read-only
    // connections (the background reads) wait at the books' gate while it is closed, the
    // window's own connection (its commit) passing,
    const QString slowUrl = slowReader({u"books"_s});
    QVERIFY(!slowUrl.isEmpty());
    {
        auto admin = orm::Engine::create(m_url);
        QVERIFY(admin);
        for (const QString &sql :
             {u"GRANT UPDATE ON books TO rowsmith_browser"_s, u"DROP POLICY slow ON books"_s,
              u"CREATE POLICY slow ON books TO rowsmith_browser USING (CASE WHEN "
              "current_setting('transaction_read_only') = 'on' THEN gate_wait('books') "
              "ELSE true END)"_s})
            QVERIFY2(admin->connection().exec(sql), qPrintable(sql));
    }
    Window w = open(slowUrl);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    clickCell(*w, 1);
    QCOMPARE(lineEditOf(w->form(), u"title"_s)->text(), u"Computing Machinery"_s);
    retype(lineEditOf(w->form(), u"price"_s), u"9.50"_s);
    const QString typed = lineEditOf(w->form(), u"price"_s)->text();
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    // The price the form's object holds each time its row comes in.
    QList<double> arrived;
    connect(w->form(), &ui::RecordForm::objectReadAgain, w.window.get(), [&] {
        arrived << (w->form()->object() ? w->form()->object()->value(u"price"_s).toDouble() : -1);
    });
    ui::ExternalChangeWatcher *watcher = w->document()->externalChanges();
    QSignalSpy reported(watcher, &ui::ExternalChangeWatcher::externalChange);
    setGate(u"books"_s, true);
    watcher->setInterval(20);
    // when another program renames it, the form's row is asked for again and its read waits
    // at the gate, with the price as it was before the commit below,
    QVERIFY(m_database
                .readBack(u"UPDATE books SET title = 'Computing Machinery and Intelligence' "
                          "WHERE id = 2 RETURNING id"_s)
                .isValid());
    QTRY_VERIFY(reported.count() > 0);
    QVERIFY(w->form()->isReadingAgain());
    QTRY_VERIFY(m_database
                    .readBack(u"SELECT count(*) FROM pg_stat_activity WHERE usename = "
                              "'rowsmith_browser' AND state = 'active' AND query LIKE "
                              "'%FROM \"books\" WHERE \"books\".\"id\" = $1'"_s)
                    .toInt()
                > 0);
    watcher->setInterval(0);
    // and the window commits its price meanwhile,
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    QCOMPARE(m_database.readBack(u"SELECT price FROM books WHERE id = 2"_s).toDouble(), 9.5);
    // then the row read before the commit puts nothing back once the server answers: the
    // form shows the price committed, and their title.
    setGate(u"books"_s, false);
    QTRY_COMPARE(lineEditOf(w->form(), u"title"_s)->text(),
                 u"Computing Machinery and Intelligence"_s);
    QTRY_VERIFY(!w->form()->isReadingAgain());
    QVERIFY(!arrived.isEmpty());
    for (double price : std::as_const(arrived))
        QCOMPARE(price, 9.5);
    QTRY_COMPARE(lineEditOf(w->form(), u"price"_s)->text(), typed);
    QTRY_COMPARE(w->form()->object()->value(u"price"_s).toDouble(), 9.5);
    QVERIFY(!w->document()->hasPendingChanges());
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::saysSoWhenAConflictingRowArrives()
{
    // Given a book in the form with its price edited (staged),
    Window w = open(m_url);
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    clickCell(*w, 1);
    retype(lineEditOf(w->form(), u"price"_s), u"9.50"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    QVERIFY(!w->messageLabel()->isVisible());
    ui::ExternalChangeWatcher *watcher = w->document()->externalChanges();
    QSignalSpy reported(watcher, &ui::ExternalChangeWatcher::externalChange);
    QSignalSpy arrived(w->form(), &ui::RecordForm::objectReadAgain);
    watcher->setInterval(20);
    // when another program changes the same price (its row read again in the background),
    QVERIFY(m_database.readBack(u"UPDATE books SET price = 7.00 WHERE id = 2 RETURNING id"_s)
                .isValid());
    QTRY_VERIFY(reported.count() > 0);
    // then once the row is in, the field is in conflict and the window says so.
    QTRY_VERIFY(arrived.count() > 0);
    QVERIFY(w->document()->session().hasConflicts());
    QTRY_VERIFY(w->messageLabel()->isVisible());
    QVERIFY2(w->messageLabel()->text().contains(u"Another program changed fields you have "
                                                "edited"_s),
             qPrintable(w->messageLabel()->text()));
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::readsACompositeKeysLabelsInTheBackground()
{
    // Given loans keyed by their book and member (named by them), for a user whose reads of
    // the members wait while their gate is closed,
    auto admin = orm::Engine::create(m_url);
    QVERIFY(admin);
    for (const QString &sql :
         {u"CREATE TABLE members (id SERIAL PRIMARY KEY, full_name TEXT NOT NULL)"_s,
          u"INSERT INTO members (full_name) VALUES ('Grace Hopper'), ('Alan Kay')"_s,
          u"CREATE TABLE loans (book_id INTEGER NOT NULL REFERENCES books (id), "
          "member_id INTEGER NOT NULL REFERENCES members (id), due DATE, "
          "PRIMARY KEY (book_id, member_id))"_s,
          u"INSERT INTO loans VALUES (1, 2, NULL)"_s})
        QVERIFY2(admin->connection().exec(sql), qPrintable(admin->connection().lastError().text()));
    const QString slowUrl = slowReader({u"members"_s});
    QVERIFY(!slowUrl.isEmpty());
    Window w = open(slowUrl);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    // when a book lent to a member not read yet is shown while the server is slow to read
    // members,
    setGate(u"members"_s, true);
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    clickCell(*w, 0);
    QCOMPARE(lineEditOf(w->form(), u"title"_s)->text(), u"Notes"_s);
    ui::RelatedListModel *loans = w->relationshipPanel()->listModel(u"loans"_s);
    QVERIFY(loans);
    QTRY_COMPARE(loans->rowCount(), 1);
    // then its loan is named by the member's key until the member is read, elsewhere,
    const QModelIndex loan = loans->index(0, 0);
    QVERIFY2(!loan.data().toString().contains(u"Alan Kay"_s), qPrintable(loan.data().toString()));
    QCOMPARE(lastStatementOf(*w), u"SELECT pg_backend_pid()"_s);
    // and so is it when the person opens it, in its heading and the breadcrumbs;
    QListView *list = w->relationshipPanel()->listView(u"loans"_s);
    const QPoint at = list->visualRect(loan).center();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(w->browser()->entity()->tableName(), u"loans"_s);
    auto *heading = w->form()->findChild<QLabel *>(u"recordTitle"_s);
    QVERIFY(heading);
    QVERIFY2(!heading->text().contains(u"Alan Kay"_s), qPrintable(heading->text()));
    QVERIFY(!w->breadcrumbs()->crumbs().last().contains(u"Alan Kay"_s));
    QCOMPARE(lastStatementOf(*w), u"SELECT pg_backend_pid()"_s);
    // and then by the member's name.
    setGate(u"members"_s, false);
    QTRY_COMPARE(heading->text(), u"Notes · Alan Kay"_s);
    QTRY_VERIFY2(w->breadcrumbs()->crumbs().last().contains(u"Notes · Alan Kay"_s),
                 qPrintable(w->breadcrumbs()->crumbs().last()));
    w->goBack();
    QTRY_COMPARE(w->relationshipPanel()->listModel(u"loans"_s)->index(0, 0).data().toString(),
                 u"Notes · Alan Kay"_s);
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::labelsOvertakeSlowPages()
{
    // Given two tables the server is slow to read (their gates closed) opened one after the
    // other, so that both workers that read pages wait,
    createReadings();
    auto admin = orm::Engine::create(m_url);
    QVERIFY(admin);
    for (const QString &sql : {u"CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT)"_s,
                               u"INSERT INTO notes (body) VALUES ('one'), ('two')"_s})
        QVERIFY2(admin->connection().exec(sql), qPrintable(admin->connection().lastError().text()));
    const QString slowUrl = slowReader({u"readings"_s, u"notes"_s});
    QVERIFY(!slowUrl.isEmpty());
    Window w = open(slowUrl);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    setGate(u"readings"_s, true);
    setGate(u"notes"_s, true);
    QVERIFY(clickEntity(*w, u"Readings"_s));
    ui::EntityTableModel *readings = tableModel(*w);
    QVERIFY(clickEntity(*w, u"Notes"_s));
    ui::EntityTableModel *notes = tableModel(*w);
    QVERIFY(readings->isReading() && notes->isReading());
    // when a book whose author was not read yet is shown,
    QVERIFY(clickEntity(*w, u"Books"_s));
    QVERIFY(rowsShown(*w, 3));
    clickCell(*w, 1);
    QCOMPARE(lineEditOf(w->form(), u"title"_s)->text(), u"Computing Machinery"_s);
    auto *picker = w->form()->editor(u"author_id"_s)->findChild<ui::RecordPicker *>();
    QVERIFY(picker);
    // then the author's name is read before those pages, which still wait.
    QTRY_COMPARE(picker->lineEdit()->text(), u"Alan Turing"_s);
    QVERIFY(readings->isReading() && notes->isReading());
    setGate(u"readings"_s, false);
    setGate(u"notes"_s, false);
    QTRY_VERIFY(!readings->isReading() && !notes->isReading());
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::labelsOfOneSlowTableHoldUpNoOther()
{
    // Given books naming their author and their publisher, and a server slow to read the
    // authors (their gate closed),
    auto admin = orm::Engine::create(m_url);
    QVERIFY(admin);
    for (const QString &sql : {
             u"CREATE TABLE publishers (id SERIAL PRIMARY KEY, name TEXT NOT NULL)"_s,
             u"INSERT INTO publishers (name) VALUES ('Mind'), ('Murray')"_s,
             u"ALTER TABLE books ADD COLUMN publisher_id INTEGER REFERENCES publishers (id)"_s,
             u"UPDATE books SET publisher_id = 2 - id % 2"_s,
         })
        QVERIFY2(admin->connection().exec(sql), qPrintable(admin->connection().lastError().text()));
    const QString slowUrl = slowReader({u"authors"_s, u"publishers"_s});
    QVERIFY(!slowUrl.isEmpty());
    setGate(u"authors"_s, true);
    Window w = open(slowUrl);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    // when the books are shown,
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    ui::EntityTableModel *books = tableModel(*w);
    const QModelIndex author = books->index(1, columnOf(*w, u"author_id"_s));
    const QModelIndex publisher = books->index(1, columnOf(*w, u"publisher_id"_s));
    // then the publishers' names arrive while the authors' wait,
    QTRY_COMPARE(publisher.data().toString(), u"Murray"_s);
    QCOMPARE(author.data().toString(), u"…"_s);
    // and the authors' when the server reads them.
    setGate(u"authors"_s, false);
    QTRY_COMPARE(author.data().toString(), u"Alan Turing"_s);
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::connectingToASilentServerCanBeCancelled()
{
    // Given a server that takes connections and never answers (a hung process, a firewall),
    // (A port that accepts connections, the kernel's backlog, and never answers.)
    const int silent = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(silent >= 0);
    const auto closeSilent = qScopeGuard([silent] { ::close(silent); });
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    QVERIFY(::bind(silent, reinterpret_cast<sockaddr *>(&address), length) == 0);
    QVERIFY(::listen(silent, 4) == 0);
    QVERIFY(::getsockname(silent, reinterpret_cast<sockaddr *>(&address), &length) == 0);
    const QString url = u"postgresql://rowsmith@127.0.0.1:%1/shop?connect_timeout=20"_s.arg(
        ntohs(address.sin_port));
    // when the window connects to it, the progress shows with Cancel, and Cancel is clicked,
    Window w = open(QString());
    QString shown;
    PostedSteps steps([&] {
        auto *progress = w->findChild<QProgressDialog *>(u"connectProgress"_s);
        if (!progress || !progress->isVisible())
            return false;
        shown = progress->labelText();
        auto *cancel = progress->findChild<QPushButton *>();
        QTest::mouseClick(cancel, Qt::LeftButton);
        return true;
    });
    QVERIFY(!w->openDatabase(url));
    // then the window stops waiting, and stays as it was.
    QVERIFY(steps.done());
    QVERIFY2(shown.startsWith(u"Connecting to postgresql://rowsmith@127.0.0.1"_s),
             qPrintable(shown));
    QVERIFY(!w->document());
    QVERIFY(w.prompts->errors.isEmpty());
}

void tst_PgWindow::readsDynamicAndRaiseRelationshipsInTheBackground()
{
    using namespace shelves;
    // Given a shelf with two books, where Shelf.books is dynamic and Book.shelf 'raise', for a
    // user whose reads of both tables wait while their gates are closed,
    auto admin = orm::Engine::create(m_url);
    QVERIFY(admin);
    for (const QString &sql :
         {u"CREATE TABLE shelves (id SERIAL PRIMARY KEY, name VARCHAR(40) NOT NULL)"_s,
          u"CREATE TABLE shelf_books (id SERIAL PRIMARY KEY, title VARCHAR(80) NOT NULL, "
          "shelf_id INTEGER REFERENCES shelves (id))"_s,
          u"INSERT INTO shelves (name) VALUES ('top')"_s,
          u"INSERT INTO shelf_books (title, shelf_id) VALUES ('first', 1), ('second', 1)"_s})
        QVERIFY2(admin->connection().exec(sql), qPrintable(admin->connection().lastError().text()));
    const QString slowUrl = slowReader({u"shelves"_s, u"shelf_books"_s});
    QVERIFY(!slowUrl.isEmpty());
    ui::StaticSchemaProvider schema({&Shelf::staticMeta(), &Book::staticMeta()}, nullptr);
    orm::Error error;
    auto doc = ui::Document::open(slowUrl, schema, ui::Document::OpenMode::OpenExisting, &error);
    QVERIFY2(doc, qPrintable(error.text()));
    orm::Session &session = doc->session();
    const auto shelf = session.query<Shelf>().first();
    const auto book = session.query<Book>().orderBy(Book::staticMeta().column(0).expr).first();
    QVERIFY(shelf && book);
    const auto pid = session.connection().select(u"SELECT pg_backend_pid()"_s);
    QVERIFY(pid && !pid->isEmpty());
    const auto windowReadNothing = [&] {
        return m_database.readBack(u"SELECT query FROM pg_stat_activity WHERE pid = %1"_s.arg(
                   pid->first().value(0).toString()))
            == u"SELECT pg_backend_pid()"_s;
    };
    ui::RelationshipPanel panel;
    panel.setDocument(doc.get());
    setGate(u"shelves"_s, true);
    setGate(u"shelf_books"_s, true);
    // when the panel shows the shelf while the server is slow,
    panel.setObject(shelf);
    ui::RelatedListModel *books = panel.listModel(u"books"_s);
    QVERIFY(books);
    QAbstractItemModelTester tester(books);
    // then its books are read elsewhere, the window's connection reading nothing,
    QCOMPARE(books->rowCount(), 0);
    QVERIFY(!panel.newButton(u"books"_s)->isEnabled());
    QVERIFY(windowReadNothing());
    // and listed when the server answers, without being loaded;
    setGate(u"shelf_books"_s, false);
    QTRY_COMPARE(books->rowCount(), 2);
    QVERIFY(panel.newButton(u"books"_s)->isEnabled());
    QVERIFY(!session.isRelationLoaded(*shelf, orm::relationshipOf<Shelf>(&Shelf::books)));
    // a new book staged on it is listed with the stored ones, read again elsewhere.
    auto third = std::make_shared<Book>();
    third->title = u"third"_s;
    QVERIFY(doc->link(shelf, orm::relationshipOf<Shelf>(&Shelf::books), third));
    QTRY_COMPARE(books->rowCount(), 3);
    QVERIFY(windowReadNothing());
    doc->discard();
    // When a book's shelf, which refuses to load, is shown while the server is slow,
    panel.setObject(book);
    QPushButton *link = panel.linkButton(u"shelf"_s);
    QVERIFY(link);
    // then it is a placeholder, read elsewhere, and then the shelf, still not loaded.
    QCOMPARE(link->text(), u"…"_s);
    QVERIFY(windowReadNothing());
    setGate(u"shelves"_s, false);
    QTRY_COMPARE(link->text(), u"top"_s);
    QVERIFY(!session.isRelationLoaded(*book, orm::relationshipOf<Book>(&Book::shelf)));
    QVERIFY(windowReadNothing());
}

// Given the window on a server, when the person runs statements in the SQL console, then rows
// are read as the view asks, a long query stops on Cancel (PQcancel), a committed write appears
// in the table, and a new table is described.
void tst_PgWindow::theSqlConsoleRunsOnTheServer()
{
    Window w = open(m_url);
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    w->document()->externalChanges()->setInterval(20);
    ui::SqlConsoleView *console = w->sqlConsole();
    QTRY_VERIFY(console->session()->isOpen());
    QTest::keyClick(w.window.get(), Qt::Key_3, Qt::AltModifier);
    ui::SqlEditor *editor = console->editor();
    QTRY_VERIFY(editor->hasFocus());
    const auto run = [&](const QString &text) {
        QTest::keySequence(editor, QKeySequence::SelectAll);
        QTest::keyClick(editor, Qt::Key_Delete);
        QTest::keyClicks(editor, text);
        editor->completer()->popup()->hide();
        QSignalSpy finished(console->session(), &ui::SqlConsoleSession::runFinished);
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        return finished.wait(20000);
    };
    // A million rows: the first page, then as far as scrolled.
    QVERIFY(run(u"SELECT x FROM generate_series(1, 1000000) AS x"_s));
    ui::SqlResultModel *model = console->resultModel();
    QCOMPARE(model->rowCount(), ui::SqlResultModel::kPageRows);
    // The scroll bar dragged to its end.
    QScrollBar *bar = console->resultView()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    bar->setValue(bar->maximum());
    QTRY_VERIFY2(model->rowCount() > ui::SqlResultModel::kPageRows,
                 qPrintable(u"%1 %2 %3 %4"_s.arg(model->rowCount())
                                .arg(model->hasMore())
                                .arg(model->isFetching())
                                .arg(console->messageLabel()->text())));
    QVERIFY(model->hasMore());
    // Cancel stops a statement on the server.
    QTest::keySequence(editor, QKeySequence::SelectAll);
    QTest::keyClicks(editor, u"SELECT pg_sleep(600)"_s);
    QSignalSpy finished(console->session(), &ui::SqlConsoleSession::runFinished);
    QTest::mouseClick(console->runButton(), Qt::LeftButton);
    QTRY_VERIFY(m_database
                    .readBack(u"SELECT count(*) FROM pg_stat_activity WHERE query = "
                              "'SELECT pg_sleep(600)' AND state = 'active'"_s)
                    .toInt()
                == 1);
    QTest::mouseClick(console->cancelButton(), Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QVERIFY2(console->messageLabel()->text().startsWith(u"Cancelled"_s),
             qPrintable(console->messageLabel()->text()));
    // An error's place, from the server.
    QVERIFY(run(u"SELECT nope FROM books"_s));
    QVERIFY2(console->messageLabel()->text().contains(u"line 1, column 8"_s),
             qPrintable(console->messageLabel()->text()));
    // A write, committed in the console, appears in the table.
    QVERIFY(run(u"INSERT INTO books (title) VALUES ('From the console')"_s));
    QVERIFY(console->session()->inTransaction());
    QCOMPARE(m_database.readBack(u"SELECT count(*) FROM books"_s).toInt(), 3);
    QTest::mouseClick(console->commitButton(), Qt::LeftButton);
    QTRY_COMPARE(tableModel(*w)->totalCount(), 4);
    // DDL describes the database again (the server tells no schema version).
    QVERIFY(run(u"CREATE TABLE readings (id SERIAL PRIMARY KEY, value REAL)"_s));
    QTest::mouseClick(console->commitButton(), Qt::LeftButton);
    QTRY_VERIFY(entityIndex(*w, u"Readings"_s).isValid());
    QVERIFY(w.prompts->errors.isEmpty());
}

void tst_PgWindow::answersWhileACommitWaitsForTheServer()
{
    // Given an edit staged, and writes to the books that wait while their gate is closed,
    slowWriter(u"books"_s);
    Window w = open(m_url);
    QVERIFY(stageATitle(*w, u"Computing Machinery and Intelligence"_s) > 0);
    setGate(u"books"_s, true);
    // when the commit waits for the server,
    QStringList seen;
    PostedSteps steps([&] {
        if (!commitWaitBar(*w))
            return false;
        // then the window answers: the status line says so, the commit action waits,
        seen << commitWaitText(*w);
        seen << (w->action(ui::MainWindow::Action::Commit)->isEnabled() ? u"commit enabled"_s
                                                                        : u"commit disabled"_s);
        // typing and clicking elsewhere is refused, as a modal dialog refuses it,
        QLineEdit *title = lineEditOf(w->form(), u"title"_s);
        QTest::keyClicks(title, u"xyz"_s);
        seen << title->text();
        clickEntity(*w, u"Authors"_s);
        seen << tableModel(*w)->meta().tableName();
        // and when the server goes on, the commit ends.
        setGate(u"books"_s, false);
        return true;
    });
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(steps.done());
    QVERIFY2(seen.value(0).startsWith(u"Committing: waiting for "_s), qPrintable(seen.value(0)));
    QCOMPARE(seen.value(1), u"commit disabled"_s);
    QCOMPARE(seen.value(2), u"Computing Machinery and Intelligence"_s);
    QCOMPARE(seen.value(3), u"books"_s);
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    QVERIFY(!commitWaitBar(*w));
    QCOMPARE(m_database.readBack(u"SELECT title FROM books WHERE id = 2"_s).toString(),
             u"Computing Machinery and Intelligence"_s);
    qInfo("The longest the event loop went without a turn while committing: %lld ms",
          steps.longestGap());
    if (timed()) {
        QVERIFY2(steps.longestGap() <= 200,
                 qPrintable(u"the event loop stopped for %1 ms"_s.arg(steps.longestGap())));
    }
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

void tst_PgWindow::cancelsACommitTheServerIsSlowWith()
{
    // Given an edit staged, and writes to the books that wait while their gate is closed,
    slowWriter(u"books"_s);
    Window w = open(m_url);
    QVERIFY(stageATitle(*w, u"Computing Machinery and Intelligence"_s) > 0);
    setGate(u"books"_s, true);
    // when the commit waits for the server and Cancel is clicked,
    PostedSteps steps([&] {
        QWidget *bar = commitWaitBar(*w);
        if (!bar)
            return false;
        auto *cancel = bar->findChild<QPushButton *>(u"lockWaitCancel"_s);
        QTest::mouseClick(cancel, Qt::LeftButton);
        return true;
    });
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(steps.done());
    // then the server stops the statement: nothing is written, the edit stays staged,
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    QCOMPARE(w->form()->object()->value(u"title"_s).toString(),
             u"Computing Machinery and Intelligence"_s);
    QVERIFY2(messageText(*w).startsWith(u"Commit cancelled"_s), qPrintable(messageText(*w)));
    QVERIFY(!commitWaitBar(*w));
    QCOMPARE(m_database.readBack(u"SELECT title FROM books WHERE id = 2"_s).toString(),
             u"Computing Machinery"_s);
    // and the next commit writes it.
    setGate(u"books"_s, false);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    QCOMPARE(m_database.readBack(u"SELECT title FROM books WHERE id = 2"_s).toString(),
             u"Computing Machinery and Intelligence"_s);
}

void tst_PgWindow::escapeCancelsACommitTheServerIsSlowWith()
{
    // Given an edit staged from the keyboard, and writes to the books that wait while their
    // gate is closed,
    slowWriter(u"books"_s);
    Window w = open(m_url);
    QVERIFY(stageATitle(*w, u"Computing Machinery and Intelligence"_s) > 0);
    setGate(u"books"_s, true);
    // when the commit waits for the server and Escape is pressed where the focus is (the
    // title field),
    QLineEdit *title = lineEditOf(w->form(), u"title"_s);
    title->setFocus();
    PostedSteps steps([&] {
        if (!commitWaitBar(*w))
            return false;
        QWidget *focus = QApplication::focusWidget();
        QTest::keyClick(focus ? focus : title, Qt::Key_Escape);
        return true;
    });
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(steps.done());
    // then the commit is cancelled as by the status line's Cancel: nothing is written and the
    // edit stays staged, in the field that had the focus.
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    QCOMPARE(title->text(), u"Computing Machinery and Intelligence"_s);
    QVERIFY2(messageText(*w).startsWith(u"Commit cancelled"_s), qPrintable(messageText(*w)));
    QVERIFY(!commitWaitBar(*w));
    QCOMPARE(m_database.readBack(u"SELECT title FROM books WHERE id = 2"_s).toString(),
             u"Computing Machinery"_s);
    setGate(u"books"_s, false);
}

void tst_PgWindow::givesUpOnAServerThatStopsAnswering()
{
    // Given an edit staged, and the window's server process stopped while it writes,
    slowWriter(u"books"_s);
    Window w = open(m_url);
    const qint64 pid = stageATitle(*w, u"Computing Machinery and Intelligence"_s);
    QVERIFY(pid > 0);
    setGate(u"books"_s, true);
    ui::ServerWait::setGiveUpAfterMs(300);
    bool stopped = false;
    PostedSteps steps([&] {
        QWidget *bar = commitWaitBar(*w);
        if (!bar)
            return false;
        // (A stopped process answers nothing, not even the request to cancel.)
        stopped = ::kill(pid_t(pid), SIGSTOP) == 0;
        QTest::mouseClick(bar->findChild<QPushButton *>(u"lockWaitCancel"_s), Qt::LeftButton);
        return true;
    });
    // when Cancel is clicked and the server does not answer it,
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    ui::ServerWait::setGiveUpAfterMs(ui::ServerWait::GiveUpAfterMs);
    if (stopped)
        ::kill(pid_t(pid), SIGCONT);
    QVERIFY(steps.done());
    if (!stopped)
        QSKIP("The server's process cannot be stopped from here");
    // then the window gives up on the connection, with the edit kept and the reason shown,
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    QVERIFY2(messageText(*w).contains(u"Gave up waiting for the server"_s),
             qPrintable(messageText(*w)));
    setGate(u"books"_s, false);
    QCOMPARE(m_database.readBack(u"SELECT title FROM books WHERE id = 2"_s).toString(),
             u"Computing Machinery"_s);
    // and the next commit connects again and writes it.
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY2(!w->document()->hasPendingChanges(), qPrintable(messageText(*w)));
    QCOMPARE(m_database.readBack(u"SELECT title FROM books WHERE id = 2"_s).toString(),
             u"Computing Machinery and Intelligence"_s);
}

void tst_PgWindow::theWindowsConnectionWaitsOnlyInTheEventLoop()
{
    // Given the window on the server, and every statement its own connection runs seen,
    Window w = open(m_url);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    QStringList blocking; // statements the window's thread waited for without its event loop
    int answered = 0;
    w->document()->session().connection().addListener([&](const orm::StatementRecord &record) {
        if (w->document()->isCommitting())
            ++answered;
        else
            blocking << record.sql;
    });
    // when a person browses, follows, searches, edits, adds, deletes (a row others refer to),
    // undoes, reloads, discards and commits,
    QVERIFY(clickEntity(*w, u"Books"_s));
    QTRY_VERIFY(rowsShown(*w, 3));
    clickCell(*w, 0);
    QTRY_COMPARE(lineEditOf(w->form(), u"title"_s)->text(), u"Notes"_s);
    searchFor(*w, u"Sketch"_s);
    QTRY_VERIFY(rowsShown(*w, 1));
    QLineEdit *search = w->browser()->searchField();
    QTest::keySequence(search, QKeySequence::SelectAll);
    QTest::keyClick(search, Qt::Key_Backspace);
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_VERIFY(rowsShown(*w, 3));
    clickCell(*w, 1);
    retype(lineEditOf(w->form(), u"title"_s), u"Computing Machinery and Intelligence"_s);
    QTest::keySequence(w.window.get(), QKeySequence::Undo);
    QTest::keySequence(w.window.get(), QKeySequence::Redo);
    w->action(ui::MainWindow::Action::NewRecord)->trigger();
    QTRY_VERIFY(lineEditOf(w->form(), u"title"_s));
    retype(lineEditOf(w->form(), u"title"_s), u"On Computable Numbers"_s);
    QVERIFY(clickEntity(*w, u"Authors"_s));
    QTRY_VERIFY(rowsShown(*w, 2));
    clickCell(*w, 0);
    QTRY_COMPARE(lineEditOf(w->form(), u"name"_s)->text(), u"Ada Lovelace"_s);
    w->action(ui::MainWindow::Action::DeleteRecord)->trigger();
    QTRY_VERIFY(w->document()->pendingChangeCount() >= 3);
    QTest::keySequence(w.window.get(), QKeySequence::Undo);
    w->action(ui::MainWindow::Action::Refresh)->trigger();
    QTRY_VERIFY(rowsShown(*w, 2));
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    QCOMPARE(m_database.readBack(u"SELECT count(*) FROM books"_s).toInt(), 4);
    clickCell(*w, 1);
    retype(lineEditOf(w->form(), u"name"_s), u"Alan M. Turing"_s);
    w->action(ui::MainWindow::Action::Discard)->trigger();
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    // then its connection ran the commit, waiting in the event loop, and nothing else.
    QVERIFY(answered > 0);
    QVERIFY2(blocking.isEmpty(), qPrintable(blocking.join(u'\n')));
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
}

QTEST_MAIN(tst_PgWindow)
#include "tst_pgwindow.moc"
