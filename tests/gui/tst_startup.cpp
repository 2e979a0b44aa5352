// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QScreen>
#include <QSettings>

using namespace guitest;

// Story 1: start on a database, open another, create one, reopen a recent one.
class tst_Startup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensADatabaseWithItsEntitiesAndCounts();
    void opensAnotherFileWithTheOpenShortcut();
    void reopensARecentFile();
    void recentEntriesShowTheirAmpersands();
    void createsANewDatabase();
    void reportsAFileThatIsNotADatabase();
    void commandLineHasHelpAndVersion();
    void commandLineTakesPathsAndUrls();
    void commandLineRunsCommandsWithoutTheWindow();
    void commandLineOpensAFileNamedLikeACommand();
    void commandLinePassesQtsOptionsToQt();
    void firstStartFitsTheScreen();

private:
    QTemporaryDir m_dir;
    QString m_demo;
};

void tst_Startup::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
    QVERIFY(!m_demo.isEmpty());
}

void tst_Startup::opensADatabaseWithItsEntitiesAndCounts()
{
    Window w = openWindow(copyOf(m_demo, m_dir, u"first.db"_s));
    // The entities are listed, Users first and shown,
    QAbstractItemModel *entities = w->entityList()->model();
    QCOMPARE(entities->rowCount(), 5);
    QStringList names;
    for (int r = 0; r < entities->rowCount(); ++r)
        names << entities->index(r, 0).data().toString();
    QCOMPARE(names, (QStringList {u"Users"_s, u"Posts"_s, u"Tags"_s, u"Groups"_s, u"Profiles"_s}));
    QCOMPARE(w->browser()->entity(), &blog::User::staticMeta());
    // with their row counts, counted in the background;
    QTRY_COMPARE(entities->index(1, ui::EntityListModel::CountColumn).data().toString(),
                 QLocale().toString(500));
    QTRY_COMPARE(tableModel(*w)->rowCount(), 50);
    // the title names the file, and the form shows the first row.
    QVERIFY(w->windowTitle().startsWith(u"first.db"_s));
    QVERIFY(w->form()->object());
}

void tst_Startup::opensAnotherFileWithTheOpenShortcut()
{
    Window w = openWindow(copyOf(m_demo, m_dir, u"first.db"_s));
    const QString second = copyOf(m_demo, m_dir, u"second.db"_s);
    w.prompts->fileToOpen = second;
    QTest::keySequence(w.window.get(), QKeySequence::Open);
    QVERIFY(w->windowTitle().startsWith(u"second.db"_s));
    QCOMPARE(w->document()->path(), second);
    QCOMPARE(w->recentFiles().first(), QFileInfo(second).absoluteFilePath());
    QVERIFY(w->recentFiles().contains(QFileInfo(m_dir.filePath(u"first.db"_s)).absoluteFilePath()));
}

void tst_Startup::reopensARecentFile()
{
    const QString recent = copyOf(m_demo, m_dir, u"recent.db"_s);
    {
        Window w = openWindow(recent);
    }
    Window w = openWindow(copyOf(m_demo, m_dir, u"other.db"_s));
    auto *menu = w->menuBar()->findChild<QMenu *>(u"recentMenu"_s);
    QVERIFY(menu);
    Q_EMIT menu->aboutToShow();
    QAction *entry = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->data().toString() == QFileInfo(recent).absoluteFilePath())
            entry = a;
    }
    QVERIFY(entry);
    entry->trigger();
    QCOMPARE(w->document()->path(), QFileInfo(recent).absoluteFilePath());
}

void tst_Startup::recentEntriesShowTheirAmpersands()
{
    // Given a file named with an ampersand opened before, and a server URL with two options
    // (a socket's folder and port, as every socket URL has) opened before it,
    const QString url = u"postgresql://rowsmith@/shop?host=/tmp/rowsmith-pg&port=5433"_s;
    QSettings().setValue(u"recentFiles"_s, QStringList {url});
    const QString file = copyOf(m_demo, m_dir, u"R&D.db"_s);
    Window w = openWindow(file);
    // when the person opens File > Open Recent,
    QMenuBar *bar = w->menuBar();
    QAction *fileMenu = bar->actions().first();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->actionGeometry(fileMenu).center());
    QMenu *menu = fileMenu->menu();
    QTRY_VERIFY(menu->isVisible());
    auto *recent = bar->findChild<QMenu *>(u"recentMenu"_s);
    QTest::mouseClick(menu, Qt::LeftButton, {},
                      menu->actionGeometry(recent->menuAction()).center());
    QTRY_VERIFY(recent->isVisible());
    // each entry shows its name as it is, the ampersands too (not taken as a mnemonic);
    QStringList shown;
    for (QAction *a : recent->actions()) {
        if (!a->data().toString().isEmpty())
            shown << a->iconText(); // the text without its mnemonic marks
    }
    QCOMPARE(shown, (QStringList {u"1 R&D.db"_s, u"2 "_s + url}));
    // and the entry still opens that database.
    QTest::keyClick(recent, Qt::Key_Escape);
    QTest::keyClick(menu, Qt::Key_Escape);
    QAction *entry = recent->actions().first();
    QCOMPARE(entry->data().toString(), QFileInfo(file).absoluteFilePath());
}

void tst_Startup::createsANewDatabase()
{
    Window w = openWindow(copyOf(m_demo, m_dir, u"first.db"_s));
    w.prompts->newFile = m_dir.filePath(u"fresh"_s);
    w->action(ui::MainWindow::Action::NewDatabase)->trigger();
    QCOMPARE(w->document()->path(), m_dir.filePath(u"fresh.db"_s));
    QVERIFY(QFileInfo::exists(m_dir.filePath(u"fresh.db"_s)));
    QCOMPARE(w->entityList()->model()->rowCount(), 5);
    QTRY_COMPARE(
        w->entityList()->model()->index(0, ui::EntityListModel::CountColumn).data().toString(),
        u"0"_s);
    QCOMPARE(tableModel(*w)->rowCount(), 0);
    QVERIFY(!w->form()->object());
}

void tst_Startup::reportsAFileThatIsNotADatabase()
{
    Window w = openWindow(copyOf(m_demo, m_dir, u"first.db"_s));
    QFile junk(m_dir.filePath(u"junk.db"_s));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(4096, 'x'));
    junk.close();
    QVERIFY(!w->openDatabase(junk.fileName()));
    QCOMPARE(w.prompts->errors.size(), 1);
    QVERIFY(w->windowTitle().startsWith(u"first.db"_s)); // the open file stays open
    QVERIFY(!w->openDatabase(m_dir.filePath(u"missing.db"_s)));
    QCOMPARE(w.prompts->errors.size(), 2);
}

void tst_Startup::commandLineHasHelpAndVersion()
{
    QProcess p;
    p.start(QStringLiteral(ROWSMITH_EXECUTABLE), {u"--version"_s});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(p.readAllStandardOutput().contains(ROWSMITH_VERSION), "no version");
    p.start(QStringLiteral(ROWSMITH_EXECUTABLE), {u"--help"_s});
    QVERIFY(p.waitForFinished(20000));
    const QByteArray help = p.readAllStandardOutput();
    QVERIFY2(help.contains("database"), help.constData());
    QVERIFY2(help.contains("--version"), help.constData());
}

void tst_Startup::commandLineTakesPathsAndUrls()
{
    const auto run = [](const QStringList &arguments, QByteArray *err) {
        QProcess p;
        p.start(QStringLiteral(ROWSMITH_EXECUTABLE), arguments);
        if (!p.waitForFinished(60000))
            return -1;
        *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    };
    QByteArray err;
    // An unknown option or a second database is a usage error, with the usage.
    QCOMPARE(run({u"--frobnicate"_s}, &err), 2);
    QVERIFY2(err.contains("Usage: rowsmith [options] [database]"), err.constData());
    QCOMPARE(run({u"a.db"_s, u"b.db"_s}, &err), 2);
    QVERIFY2(err.contains("Unexpected argument: b.db"), err.constData());
    QCOMPARE(run({u"--quit-after-load"_s, u"nosuch://x"_s}, &err), 2);
    QVERIFY2(err.contains("Unsupported database: nosuch"), err.constData());
    // A database named by its URL opens as its path does.
    const QString copy = copyOf(m_demo, m_dir, u"by url.db"_s);
    QCOMPARE(run({u"--quit-after-load"_s, u"sqlite:///"_s + copy}, &err), 0);
    // A server that does not answer is reported, without the password, and no window waits.
    QCOMPARE(run({u"--quit-after-load"_s, u"postgresql://ann:secret@127.0.0.1:1/shop"_s}, &err), 1);
    QVERIFY2(err.contains("postgresql://ann@127.0.0.1:1/shop"), err.constData());
    QVERIFY2(!err.contains("secret"), err.constData());
}

namespace {

struct Run
{
    int exitCode = -1; // -1: still running after the wait (killed), -2: crashed
    QByteArray out;
    QByteArray err;
};

// The real executable in folder, its settings and data there too; stdin closed, so that
// nothing it could wait for ever comes.
Run runRowsmith(const QStringList &arguments, const QString &folder,
                const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    QProcessEnvironment env = environment;
    env.insert(u"XDG_CONFIG_HOME"_s, folder + u"/config"_s);
    env.insert(u"XDG_DATA_HOME"_s, folder + u"/data"_s);
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(folder);
    p.start(QStringLiteral(ROWSMITH_EXECUTABLE), arguments);
    p.closeWriteChannel();
    Run run;
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
    } else {
        run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

} // namespace

void tst_Startup::commandLineRunsCommandsWithoutTheWindow()
{
    const QString from = copyOf(m_demo, m_dir, u"from.db"_s);
    const QString to = copyOf(m_demo, m_dir, u"to.db"_s);
    // db diff writes the script and exits: no window, no dialog, nothing waited for.
    Run r = runRowsmith({u"db"_s, u"diff"_s, from, to}, m_dir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("-- upgrade"), r.out.constData());
    // A database is a path or a URL, for the commands as for the window.
    r = runRowsmith({u"db"_s, u"diff"_s, u"sqlite:///"_s + from, to}, m_dir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("-- upgrade"), r.err.constData());
    r = runRowsmith({u"db"_s, u"diff"_s, from, m_dir.filePath(u"missing.db"_s)}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("No such database"), r.err.constData());
    r = runRowsmith({u"db"_s, u"--help"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Usage: rowsmith db"), r.out.constData());
    // export and import are commands too: missing arguments are a usage error, and no
    // window opens.
    for (const QString &command : {u"export"_s, u"import"_s}) {
        r = runRowsmith({command, from}, m_dir.path());
        QCOMPARE(r.exitCode, 2);
        const QByteArray usage = "Usage: rowsmith " + command.toUtf8();
        QVERIFY2(r.err.contains(usage), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
    // A command after an option is not a file: refused with the usage.
    r = runRowsmith({u"--quit-after-load"_s, u"db"_s, u"diff"_s, from, to}, m_dir.path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("db is a command"), r.err.constData());
    QVERIFY2(r.err.contains("Usage: rowsmith [options] [database]"), r.err.constData());
    // The usage names the commands, and the program as typed.
    r = runRowsmith({u"--help"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Usage: rowsmith [options] [database]"), r.out.constData());
    QVERIFY2(r.out.contains("rowsmith db COMMAND"), r.out.constData());
}

void tst_Startup::commandLineOpensAFileNamedLikeACommand()
{
    // Given a database file named db in the working folder, when it is named as ./db, then the
    // window opens it.
    QVERIFY(!copyOf(m_demo, m_dir, u"db"_s).isEmpty());
    Run r = runRowsmith({u"--quit-after-load"_s, u"./db"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith("Shown "), r.out.constData());
    QVERIFY2(r.out.contains("/db: Users"), r.out.constData());
    // Bare, it is the command (which wants one of its own).
    r = runRowsmith({u"db"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("Usage: rowsmith db"), r.err.constData());
}

void tst_Startup::commandLinePassesQtsOptionsToQt()
{
    QVERIFY(!copyOf(m_demo, m_dir, u"options.db"_s).isEmpty());
    const auto shown = [](const Run &r) {
        return r.exitCode == 0 && r.out.startsWith("Shown ")
            && r.out.contains("/options.db: Users");
    };
    // Given a platform that does not exist in the environment, when -platform names one that
    // does, in any of Qt's forms, then Qt starts on it and its value is not the database.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"nosuchplatform"_s);
    for (const QStringList &platform :
         {QStringList {u"-platform"_s, u"offscreen"_s},
          QStringList {u"--platform"_s, u"offscreen"_s}, QStringList {u"--platform=offscreen"_s},
          QStringList {u"-platform=offscreen"_s}}) {
        const Run r = runRowsmith(platform + QStringList {u"--quit-after-load"_s, u"options.db"_s},
                                  m_dir.path(), env);
        QVERIFY2(shown(r),
                 qPrintable(platform.join(u' ') + u": "_s + QString::fromLocal8Bit(r.err)));
    }
    // Qt's window and widget options, before or after the database.
    const QList<QStringList> options {
        {u"-qwindowgeometry"_s, u"760x600"_s},
        {u"-geometry"_s, u"700x500+10+10"_s},
        {u"-qwindowtitle"_s, u"Two words"_s},
        {u"-style"_s, u"Fusion"_s},
        {u"-style=Fusion"_s},
        {u"--stylesheet"_s, m_dir.filePath(u"none.qss"_s)},
        {u"-reverse"_s},
        {u"--widgetcount"_s},
    };
    for (const QStringList &option : options) {
        Run r = runRowsmith(option + QStringList {u"--quit-after-load"_s, u"options.db"_s},
                            m_dir.path());
        QVERIFY2(shown(r), qPrintable(option.join(u' ') + u": "_s + QString::fromLocal8Bit(r.err)));
        r = runRowsmith(QStringList {u"--quit-after-load"_s, u"options.db"_s} + option,
                        m_dir.path());
        QVERIFY2(shown(r), qPrintable(option.join(u' ') + u": "_s + QString::fromLocal8Bit(r.err)));
    }
    // Qt reads the value: a style it does not have is its warning, not the program's refusal.
    Run r = runRowsmith({u"-style"_s, u"nosuchstyle"_s, u"--quit-after-load"_s, u"options.db"_s},
                        m_dir.path());
    QVERIFY2(shown(r), r.err.constData());
    QVERIFY2(r.err.contains("nosuchstyle"), r.err.constData());
    // An unknown option is still refused with the usage, and so is Qt's without its value.
    r = runRowsmith({u"-frobnicate"_s, u"options.db"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("Usage: rowsmith [options] [database]"), r.err.constData());
    r = runRowsmith({u"options.db"_s, u"-style"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("Missing value after '-style'"), r.err.constData());
    QVERIFY2(r.err.contains("Usage: rowsmith [options] [database]"), r.err.constData());
    // A command after Qt's options is still no file; a file named like an option follows --.
    r = runRowsmith({u"-reverse"_s, u"db"_s, u"current"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("db is a command"), r.err.constData());
    QVERIFY(!copyOf(m_demo, m_dir, u"-reverse"_s).isEmpty());
    r = runRowsmith({u"--quit-after-load"_s, u"--"_s, u"-reverse"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("/-reverse: Users"), r.out.constData());
    // The usage says where Qt's options go.
    r = runRowsmith({u"--help"_s}, m_dir.path());
    QVERIFY2(r.out.contains("-qwindowgeometry"), r.out.constData());
}

void tst_Startup::firstStartFitsTheScreen()
{
    // Given no saved window geometry (a first start), when the window opens on a screen
    // smaller than its preferred size, then it fits in the screen's free area, with room left.
    QSettings().clear();
    Window w = openWindow(QString(), WindowSize::Chosen);
    const QScreen *screen = w->screen();
    QVERIFY(screen);
    const QSize free = screen->availableGeometry().size();
    QVERIFY2(free.width() < 1400 || free.height() < 900, "the test needs a small screen");
    const QSize frame = w->frameGeometry().size();
    QVERIFY2(frame.width() < free.width() && frame.height() < free.height(),
             qPrintable(u"%1x%2 in %3x%4"_s.arg(frame.width())
                            .arg(frame.height())
                            .arg(free.width())
                            .arg(free.height())));
}

QTEST_MAIN(tst_Startup)
#include "tst_startup.moc"
