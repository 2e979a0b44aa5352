// SPDX-License-Identifier: MIT
#include "blogschema.h"
#include "datacommands.h"
#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/engine/engine.h"
#include "orm/migrations/migratecommand.h"
#include "orm/session/session.h"
#include "qtoptions.h"
#include "ui/document.h"
#include "ui/entitybrowser.h"
#include "ui/entitytablemodel.h"
#include "ui/mainwindow.h"
#include "ui/pluraltranslator.h"
#include "ui/prompts.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTextStream>

#include <cstdio>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "rowsmith: %s\n", qUtf8Printable(message));
}

QIcon applicationIcon()
{
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(u":/icons/rowsmith-%1.png"_s.arg(size), QSize(size, size));
    icon.addFile(u":/icons/rowsmith.svg"_s);
    return icon;
}

// The demo database in the user's data folder, created and filled on first run.
QString demoDatabase(QString *errorMessage)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    const QString path = dir + u"/demo.db"_s;
    orm::Error error;
    auto engine =
        orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions(), &error);
    if (!engine) {
        *errorMessage = error.text();
        return {};
    }
    orm::Session session(engine);
    if (!blog::ensureDemoDatabase(session)) {
        *errorMessage = session.lastError().text();
        return {};
    }
    return path;
}

// The words that are commands when they come first: rowsmith db …, rowsmith export …
QStringList commands()
{
    return {u"db"_s, u"export"_s, u"import"_s};
}

// "rowsmith db …": the migration commands for the blog's models (arguments: what follows db).
int runDbCommand(const QStringList &arguments)
{
    orm::DbCommand command(blog::metadata());
    command.setProgramName(u"rowsmith"_s);
    command.setDatabase(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                        + u"/demo.db"_s);
    QTextStream out(stdout);
    if (arguments == QStringList {u"--help"_s} || arguments == QStringList {u"-h"_s}) {
        out << command.usage();
        return 0;
    }
    QTextStream err(stderr);
    return command.run(arguments, out, err);
}

// Errors on stderr: a start-up check runs where nobody is there to close a dialog.
class ConsolePrompts : public ui::Prompts
{
public:
    void showError(QWidget *, const QString &title, const QString &message) override
    {
        printError(title + u": "_s + message);
    }
    // Nobody is there to type one: the server's refusal is the answer.
    std::optional<QString> askPassword(QWidget *, const QString &, const QString &) override
    {
        return std::nullopt;
    }
};

// --quit-after-load: exits with 0 once the window shows the rows of its first table, that is
// when the table model has its row count (from a worker thread beyond the first page) and the
// table has been painted.
// The first page of rows is in the model before the table is first painted, so either order
// means the rows are on screen. A page or count the database refuses exits with 1.
class StartupCheck : public QObject
{
public:
    explicit StartupCheck(ui::MainWindow *window)
        : QObject(window)
        , m_window(window)
    { }

    // After MainWindow::openDatabase(): the document, its first table and its model are set.
    void start()
    {
        m_model = m_window->browser()->model();
        m_counted = !m_model || !m_model->isCounting();
        if (m_model) {
            connect(m_model, &ui::EntityTableModel::totalCountChanged, this, [this] {
                m_counted = true;
                finishWhenShown();
            });
            connect(
                m_model, &ui::EntityTableModel::loadFailed, this, [this](const QString &message) {
                    if (std::exchange(m_finished, true))
                        return;
                    printError(QCoreApplication::translate("main", "The rows cannot be read: %1")
                                   .arg(message));
                    // Final: a success queued meanwhile must not turn it into 0.
                    QCoreApplication::exit(1);
                });
        }
        m_window->browser()->view()->viewport()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            // Queued: the paint this event starts completes first.
            QMetaObject::invokeMethod(this, &StartupCheck::finishWhenShown, Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    void finishWhenShown()
    {
        if (!m_painted || !m_counted || m_finished)
            return;
        m_finished = true;
        const QString file = QDir::toNativeSeparators(m_window->document()->path());
        QString line;
        if (m_model) {
            const qint64 rows =
                qMin<qint64>(m_model->totalCount(), std::numeric_limits<int>::max());
            line =
                QCoreApplication::translate("main", "Shown %1: %2, %n row(s)", nullptr, int(rows))
                    .arg(file, m_model->meta().displayName());
        } else {
            line = QCoreApplication::translate("main", "Shown %1: no tables").arg(file);
        }
        std::printf("%s\n", qUtf8Printable(line));
        std::fflush(stdout);
        QCoreApplication::exit(0);
    }

    ui::MainWindow *m_window;
    ui::EntityTableModel *m_model = nullptr;
    bool m_counted = false;
    bool m_painted = false;
    bool m_finished = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(u"Rowsmith"_s);
    QCoreApplication::setOrganizationName(u"Rowsmith"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(ROWSMITH_VERSION));

    // rowsmith [OPTIONS] [DATABASE] opens the window; a first argument that names a command
    // runs that command instead, never the window. A file named like a command is ./db.
    if (argc > 1) {
        const QString first = QString::fromLocal8Bit(argv[1]);
        if (first == u"db") {
            QCoreApplication core(argc, argv);
            return runDbCommand(QCoreApplication::arguments().mid(2));
        }
        if (first == u"export" || first == u"import") {
            QCoreApplication core(argc, argv);
            QCoreApplication::installTranslator(new ui::PluralTranslator(&core));
            const QStringList rest = QCoreApplication::arguments().mid(2);
            return first == u"export" ? runExportCommand(rest) : runImportCommand(rest);
        }
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main",
        "Browse and edit SQLite and PostgreSQL databases: follow relationships, stage edits, "
        "commit or discard.\n\n"
        "Commands, instead of a database:\n"
        "  rowsmith db COMMAND  migrations of the blog's models (rowsmith db --help)\n"
        "  rowsmith export DATABASE TABLE [--format csv|json|sql] [-o FILE]\n"
        "  rowsmith import DATABASE TABLE FILE  CSV or JSON, all or nothing\n"
        "A file named like a command opens as ./db.\n\n"
        "Qt's own options (-platform, -style, -qwindowgeometry, -qwindowtitle, -reverse, …) "
        "are passed to Qt."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption quitAfterLoad(
        u"quit-after-load"_s,
        QCoreApplication::translate(
            "main",
            "Start-up check: open the database, show its first rows, then quit. Exits "
            "with 0 when the rows were shown; otherwise prints why on stderr and exits "
            "with 1."));
    parser.addOption(quitAfterLoad);
    parser.addPositionalArgument(
        u"database"_s,
        QCoreApplication::translate("main",
                                    "The SQLite file, or the PostgreSQL URL "
                                    "(postgresql://user@host/database), to open (default: the "
                                    "demo database)."),
        QCoreApplication::translate("main", "[database]"));

    // --help and --version answer without a display (in a terminal over ssh, in scripts): a
    // QApplication would refuse to start there.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    // Qt's own options go to Qt, never to the parser, which would refuse them as unknown.
    QtOptions qtOptions(arguments);
    const bool parsed = qtOptions.isValid() && parser.parse(qtOptions.ownArguments());
    // Without an application object the parser cannot know the program's name.
    const auto usage = [&parser] {
        return parser.helpText().replace(u"<executable_name>"_s, u"rowsmith"_s);
    };
    const auto usageError = [&usage](const QString &message) {
        // Usage errors exit with 2, without a window.
        std::fprintf(stderr, "rowsmith: %s\n%s", qUtf8Printable(message), qUtf8Printable(usage()));
        return 2;
    };
    if (!parsed)
        return usageError(qtOptions.isValid() ? parser.errorText() : qtOptions.errorText());
    // Commands come first: after an option, "db" would be taken for a file it is not.
    if (const QString database = parser.positionalArguments().value(0);
        commands().contains(database)) {
        return usageError(QCoreApplication::translate("main",
                                                      "%1 is a command: write rowsmith %1 … "
                                                      "(without options before it), or ./%1 "
                                                      "for a file of that name")
                              .arg(database));
    }
    if (parser.positionalArguments().size() > 1)
        return usageError(QCoreApplication::translate("main", "Unexpected argument: %1")
                              .arg(parser.positionalArguments().at(1)));
    // DATABASE is a path or a URL. A file whose name looks like a URL is opened as ./name.
    QString path = parser.positionalArguments().value(0);
    bool server = false;
    if (path.contains(u"://"_s) && !QFileInfo::exists(path)) {
        QString message;
        const orm::DatabaseUrl url = orm::DatabaseUrl::parse(path, &message);
        if (!url.isValid())
            return usageError(message);
        if (url.backend() == u"postgresql") {
            server = true; // opened as given: the window keeps its password
        } else if (url.backend() != u"sqlite" || url.isMemory()) {
            std::fprintf(stderr, "rowsmith: %s\n",
                         qUtf8Printable(QCoreApplication::translate(
                                            "main",
                                            "The window opens SQLite database files and "
                                            "PostgreSQL databases: %1 is neither.")
                                            .arg(url.toString())));
            return 1;
        } else {
            path = url.path();
        }
    }
    if (parser.isSet(helpOption) || parser.isSet(versionOption)) {
        const QString help = usage(); // named as typed, not by the executable's full path
        QCoreApplication core(argc, argv);
        if (parser.isSet(versionOption))
            parser.showVersion(); // prints, then exits
        std::fputs(qUtf8Printable(help), stdout);
        return 0;
    }

    QApplication app(qtOptions.argc(), qtOptions.argv());
    // The desktop entry's name: Wayland compositors find the window's icon and entry through it.
    QApplication::setDesktopFileName(u"org.rowsmith.Rowsmith"_s);
    QApplication::setWindowIcon(applicationIcon());
    QApplication::installTranslator(new ui::PluralTranslator(&app));
    const bool checkOnly = parser.isSet(quitAfterLoad);

    if (path.isEmpty()) {
        QString message;
        path = demoDatabase(&message);
        if (path.isEmpty()) {
            const QString text =
                QCoreApplication::translate("main", "The demo database cannot be created: %1")
                    .arg(message);
            if (checkOnly)
                printError(text);
            else
                QMessageBox::critical(nullptr, QApplication::applicationName(), text);
            return 1;
        }
    }

    ui::MainWindow window(std::make_shared<BlogSchemaProvider>());
    StartupCheck *check = nullptr;
    if (checkOnly) {
        window.setPrompts(std::make_unique<ConsolePrompts>());
        check = new StartupCheck(&window);
    }
    window.show();
    if (!window.openDatabase(server ? path : QFileInfo(path).absoluteFilePath()) && checkOnly)
        return 1;
    if (check)
        check->start();
    return app.exec();
}
