// SPDX-License-Identifier: MIT
// rowsmith-uibench: the application's table at scale. Builds one table of N rows (1 million and
// 10 million by default) and measures, offscreen, through the real EntityBrowser (its
// EntityTableModel and EntityTableView): the first rows shown, the row count, a jump to the last
// row, the scroll bar dragged to the middle, a sort on an indexed column, the scroll bar dragged
// to the middle of the sorted table (how long the window is busy, and when the rows are shown),
// a quick search, and the peak memory of the process; and whether another connection can write
// to the file while the view is open. Each size runs in a fresh child process, so that its peak
// memory is its own. See docs/PERFORMANCE.md.
//
//   rowsmith-uibench [--rows N[,N...]] [--dir PATH] [--browse]
//
// With --browse it measures instead how memory follows browsing: the window moved over every
// page of the table, to its end and back, and the peak memory above what showing the first
// page needed.

#include "orm/engine/engine.h"
#include "orm/session/session.h"
#include "ui/columnfilter.h"
#include "ui/document.h"
#include "ui/entitybrowser.h"
#include "ui/entitytablemodel.h"
#include "ui/entitytableview.h"
#include "ui/schemaprovider.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QScrollBar>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

[[noreturn]] void fail(const QString &what)
{
    std::fprintf(stderr, "rowsmith-uibench: %s\n", qPrintable(what));
    std::exit(2);
}

bool exec(sqlite3 *db, const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::fprintf(stderr, "rowsmith-uibench: %s: %s\n", sql, message);
        sqlite3_free(message);
        return false;
    }
    return true;
}

// name is unique (x * 7919 mod N is a permutation of 0..N-1 for these N), score repeats.
void build(const QString &path, qint64 rows)
{
    if (QFile::exists(path))
        return;
    std::printf("building %lld rows in %s ...\n", rows, qPrintable(path));
    std::fflush(stdout);
    const QString partial = path + u".part"_s;
    QFile::remove(partial);
    sqlite3 *db = nullptr;
    if (sqlite3_open(QFile::encodeName(partial).constData(), &db) != SQLITE_OK)
        fail(u"cannot create "_s + partial);
    const QByteArray fill =
        "INSERT INTO items (id, name, email, score, created_at) "
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < "
        + QByteArray::number(rows) + ") SELECT x, printf('user%09d', (x * 7919) % "
        + QByteArray::number(rows)
        + "), printf('user%09d@example.com', x), (x * 31) % 1000, "
          "datetime(1700000000 + x * 37, 'unixepoch') FROM c";
    const bool ok = exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        && exec(db,
                "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(80) NOT NULL, "
                "email VARCHAR(120) NOT NULL, score INTEGER NOT NULL, created_at DATETIME NOT "
                "NULL)")
        && exec(db, "CREATE TABLE side (id INTEGER PRIMARY KEY, note TEXT)")
        && exec(db, fill.constData())
        && exec(db, "CREATE UNIQUE INDEX ix_items_name ON items (name)")
        && exec(db, "CREATE INDEX ix_items_score ON items (score)");
    sqlite3_close(db);
    if (!ok || !QFile::rename(partial, path))
        fail(u"cannot build "_s + path);
}

long peakKib()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

// Paints the view now, as the next frame would, and lets queued work run.
void showNow(QTableView *view)
{
    QCoreApplication::processEvents();
    view->viewport()->repaint();
}

// Waits (without a sleep: an event loop with a safety timeout) for the model's row count.
bool waitForCount(ui::EntityTableModel *model)
{
    if (model->totalCount() >= 0)
        return true;
    QEventLoop loop;
    QObject::connect(model, &ui::EntityTableModel::totalCountChanged, &loop, &QEventLoop::quit);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    return model->totalCount() >= 0;
}

// Waits (an event loop with a safety timeout) until a model row read in the background is in:
// after a sort or a search on a large table the model has no row until the first keys arrive.
bool waitForRow(ui::EntityTableModel *model, int row)
{
    const auto arrived = [model, row] {
        return row < model->rowCount() && !model->isArriving(row);
    };
    if (arrived())
        return true;
    QEventLoop loop;
    QObject::connect(model, &ui::EntityTableModel::rowsArrived, &loop, [&loop, arrived] {
        if (arrived())
            loop.quit();
    });
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    return arrived();
}

// Another connection (as another program would) writes while the view is open.
bool otherWriterSucceeds(const QString &path)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE, nullptr);
    const bool ok = db && exec(db, "INSERT INTO side (note) VALUES ('written while browsing')");
    sqlite3_close(db);
    return ok;
}

// The items table opened in a browser as the window shows it, its first rows painted.
struct ShownTable
{
    std::unique_ptr<ui::ReflectingSchemaProvider> provider;
    std::unique_ptr<ui::Document> document;
    std::unique_ptr<ui::EntityBrowser> browser;
};

ShownTable showItems(const QString &path)
{
    ShownTable shown;
    shown.provider = std::make_unique<ui::ReflectingSchemaProvider>();
    orm::Error error;
    shown.document =
        ui::Document::open(path, *shown.provider, ui::Document::OpenMode::OpenExisting, &error);
    if (!shown.document)
        fail(error.text());
    shown.browser = std::make_unique<ui::EntityBrowser>();
    ui::EntityBrowser &browser = *shown.browser;
    browser.resize(1100, 800);
    browser.setDocument(shown.document.get());
    browser.show();
    if (!QTest::qWaitForWindowExposed(&browser))
        fail(u"the view was not shown"_s);
    browser.setEntity(shown.document->catalog().entityForTable(u"items"_s));
    showNow(browser.view());
    return shown;
}

int child(const QString &path, qint64 rows)
{
    int argc = 1;
    char name[] = "rowsmith-uibench";
    char *argv[] = {name, nullptr};
    QApplication app(argc, argv);

    QElapsedTimer t;
    t.start();
    const ShownTable shown = showItems(path);
    ui::EntityBrowser &browser = *shown.browser;
    ui::EntityTableModel *model = browser.model();
    ui::EntityTableView *view = browser.view();
    const double first = t.nsecsElapsed() / 1e6;
    if (model->rowCount() <= 0)
        fail(u"no rows shown"_s);

    t.restart();
    if (!waitForCount(model) || model->totalCount() != rows)
        fail(u"the row count is wrong"_s);
    const double count = t.nsecsElapsed() / 1e6;
    const bool writer = otherWriterSucceeds(path);

    const orm::EntityMeta &meta = *browser.entity();
    const int idColumn = meta.columnIndex(u"id"_s);
    const int nameColumn = meta.columnIndex(u"name"_s);
    view->setFocus();
    view->setCurrentIndex(model->index(0, nameColumn));
    t.restart();
    QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
    showNow(view);
    const double end = t.nsecsElapsed() / 1e6;
    // The current row is the table's last (the model shows a window of the table), in view.
    const QModelIndex last = view->currentIndex();
    if (!last.isValid() || model->absoluteRow(last.row()) != rows - 1
        || last.siblingAtColumn(idColumn).data().toLongLong() != rows
        || !view->viewport()->rect().contains(view->visualRect(last)))
        fail(u"the jump did not reach the last row"_s);

    // The scroll bar, dragged to its middle: the middle rows, painted. On a large table it is
    // the bar that spans the table (the model shows a window of it).
    QScrollBar *bar = model->isWindowed() ? view->tableScrollBar() : view->verticalScrollBar();
    t.restart();
    bar->setSliderDown(true);
    bar->setSliderPosition(bar->maximum() / 2);
    bar->setSliderDown(false);
    showNow(view);
    const double middle = t.nsecsElapsed() / 1e6;
    const QModelIndex top = model->index(view->rowAt(0), idColumn);
    if (!bar->isVisible() || bar->value() != bar->maximum() / 2
        || top.data().toLongLong() != bar->value() + 1)
        fail(u"the scroll bar did not show the middle rows"_s);

    t.restart();
    view->sortByColumn(nameColumn, Qt::AscendingOrder);
    showNow(view);
    if (!waitForRow(model, 0))
        fail(u"the sorted rows did not arrive"_s);
    showNow(view);
    const double sort = t.nsecsElapsed() / 1e6;
    // The table's first row (once counted, the view goes back to the row it showed at the top).
    const auto firstRow = model->objectAtAbsolute(0);
    if (!firstRow || firstRow->value(nameColumn).toString() != u"user000000000"_s)
        fail(u"the sort did not put the first name first"_s);

    // The middle of the sorted table: no key range there, the rows are found by walking the
    // sort's index, in the background. The window is busy only while it shows placeholders.
    if (!waitForCount(model))
        fail(u"the sorted rows were not counted"_s);
    t.restart();
    bar->setSliderDown(true);
    bar->setSliderPosition(bar->maximum() / 2 + 1234);
    bar->setSliderDown(false);
    showNow(view);
    const double sortedBusy = t.nsecsElapsed() / 1e6;
    const int middleRow = view->rowAt(0);
    if (!waitForRow(model, middleRow))
        fail(u"the middle rows of the sorted table did not arrive"_s);
    showNow(view);
    const double sortedMiddle = t.nsecsElapsed() / 1e6;
    const qint64 middleAt = model->absoluteRow(middleRow);
    if (model->index(middleRow, nameColumn).data().toString()
        != u"user%1"_s.arg(middleAt, 9, 10, QChar(u'0')))
        fail(u"the middle of the sorted table shows the wrong rows"_s);
    // The baseline, in the same run: the same move with pages read in the window's thread
    // (an OFFSET walk of whole rows there), to other rows.
    model->setBackgroundReadRows(std::numeric_limits<qint64>::max());
    t.restart();
    bar->setSliderDown(true);
    bar->setSliderPosition(bar->maximum() / 2 - 4321);
    bar->setSliderDown(false);
    showNow(view);
    const double sortedInWindow = t.nsecsElapsed() / 1e6;
    if (model->isArriving(view->rowAt(0)))
        fail(u"the baseline read in the background"_s);
    model->setBackgroundReadRows(ui::ColumnFilter::largeTableRows);

    t.restart();
    const QString wanted = u"user%1"_s.arg(rows / 2 + 7, 9, 10, QChar(u'0'));
    browser.searchField()->setFocus();
    QTest::keyClicks(browser.searchField(), wanted);
    QTest::keyClick(browser.searchField(), Qt::Key_Return);
    showNow(view);
    if (!waitForRow(model, 0))
        fail(u"the rows found did not arrive"_s);
    showNow(view);
    const double search = t.nsecsElapsed() / 1e6;
    // The name, and the e-mail of another row, start with it.
    bool found = false;
    for (int r = 0; r < qMin(model->rowCount(), 10) && !found; ++r)
        found = model->index(r, nameColumn).data().toString() == wanted;
    if (!found)
        fail(u"the search did not find "_s + wanted);

    std::printf("%.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %ld %d\n", first, count, end, middle,
                sort, sortedBusy, sortedMiddle, sortedInWindow, search, peakKib(), writer ? 1 : 0);
    return 0;
}

// Browsing: the window moved over every page of the table, to the end and back, each page
// painted, as a person paging through it would. What it costs above showing the first page is
// what the model, the session and the view keep of the pages they no longer show: it should
// not grow with the table.
int browseChild(const QString &path, qint64 rows)
{
    int argc = 1;
    char name[] = "rowsmith-uibench";
    char *argv[] = {name, nullptr};
    QApplication app(argc, argv);

    const ShownTable shown = showItems(path);
    ui::EntityBrowser &browser = *shown.browser;
    ui::EntityTableModel *model = browser.model();
    ui::EntityTableView *view = browser.view();
    if (!waitForCount(model) || model->totalCount() != rows)
        fail(u"the row count is wrong"_s);
    showNow(view);
    const long firstPage = peakKib();

    const int idColumn = browser.entity()->columnIndex(u"id"_s);
    QScrollBar *bar = model->isWindowed() ? view->tableScrollBar() : view->verticalScrollBar();
    constexpr int kPage = 100;
    QElapsedTimer t;
    t.start();
    qint64 moves = 0;
    const auto showAt = [&](int at) {
        bar->setSliderPosition(at);
        showNow(view);
        const int top = view->rowAt(0);
        if (!waitForRow(model, top))
            fail(u"the rows at %1 did not arrive"_s.arg(at));
        showNow(view);
        if (model->index(top, idColumn).data().toLongLong() != model->absoluteRow(top) + 1)
            fail(u"the rows at %1 are not the ones shown"_s.arg(at));
        ++moves;
    };
    for (int at = 0; at <= bar->maximum(); at += kPage)
        showAt(at);
    showAt(bar->maximum());
    for (int at = bar->maximum(); at >= 0; at -= kPage)
        showAt(at);
    showAt(0);
    const double seconds = t.nsecsElapsed() / 1e9;
    std::printf("%ld %ld %lld %.1f\n", firstPage, peakKib(), moves, seconds);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (args.value(0) == u"--child")
        return child(args.value(1), args.value(2).toLongLong());
    if (args.value(0) == u"--browse-child")
        return browseChild(args.value(1), args.value(2).toLongLong());

    QCoreApplication app(argc, argv);
    QList<qint64> sizes {1000000, 10000000};
    QString dir = QDir::tempPath() + u"/rowsmith-uibench"_s;
    bool browse = false;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == u"--rows" && i + 1 < args.size()) {
            sizes.clear();
            for (const QString &n : args[++i].split(u','))
                sizes << n.toLongLong();
        } else if (args[i] == u"--dir" && i + 1 < args.size()) {
            dir = args[++i];
        } else if (args[i] == u"--browse") {
            browse = true;
        } else {
            std::fprintf(stderr,
                         "usage: rowsmith-uibench [--rows N[,N...]] [--dir PATH] "
                         "[--browse]\n");
            return 2;
        }
    }
    QDir().mkpath(dir);
    struct Result
    {
        qint64 rows;
        QStringList values;
    };
    QList<Result> results;
    for (qint64 rows : sizes) {
        const QString path = dir + u"/items-%1.db"_s.arg(rows);
        build(path, rows);
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QCoreApplication::applicationFilePath(),
                {browse ? u"--browse-child"_s : u"--child"_s, path, QString::number(rows)});
        if (!p.waitForFinished(-1) || p.exitCode() != 0)
            fail(u"the measure at %1 rows failed"_s.arg(rows));
        results.append(
            {rows, QString::fromLatin1(p.readAllStandardOutput()).simplified().split(u' ')});
    }

    if (browse) {
        std::printf("\nBrowsing every page of the table and back (offscreen, EntityBrowser, "
                    "100 rows a move)\n");
        std::printf("%-34s", "rows");
        for (const Result &r : results)
            std::printf("%14lld", r.rows);
        std::printf("   target\n");
        const auto row = [&results](const char *label, const char *target, auto value) {
            std::printf("%-34s", label);
            for (const Result &r : results)
                std::printf("%14s", qPrintable(value(r.values)));
            std::printf("   %s\n", target);
        };
        const auto mib = [](const QString &kib) {
            return QString::number(kib.toDouble() / 1024, 'f', 1);
        };
        row("first page shown: peak (MiB)", "-",
            [&](const QStringList &v) { return mib(v.value(0)); });
        row("after browsing: peak (MiB)", "-",
            [&](const QStringList &v) { return mib(v.value(1)); });
        row("peak above the first page (MiB)", "<= 50, flat", [&](const QStringList &v) {
            return QString::number((v.value(1).toDouble() - v.value(0).toDouble()) / 1024, 'f', 1);
        });
        row("window moves", "-", [](const QStringList &v) { return v.value(2); });
        row("time (s)", "-", [](const QStringList &v) { return v.value(3); });
        return 0;
    }

    std::printf(
        "\nRowsmith's table at scale (offscreen, EntityBrowser on one table, ms unless said)\n");
    std::printf("%-34s", "rows");
    for (const Result &r : results)
        std::printf("%14lld", r.rows);
    std::printf("   target\n");
    const char *labels[] = {"first rows shown",
                            "row count (background)",
                            "jump to the last row",
                            "scroll bar to the middle",
                            "sort on indexed column",
                            "sorted: to the middle, window busy",
                            "sorted: middle rows shown",
                            "  baseline: read in the window",
                            "quick search",
                            "peak memory (MiB)",
                            "other writer while open"};
    const char *targets[] = {"< 100", "-", "< 200", "-",           "< 300", "< 100",
                             "-",     "-", "< 300", "< 300, flat", "yes"};
    constexpr int memoryRow = 9;
    constexpr int writerRow = 10;
    for (int k = 0; k < 11; ++k) {
        std::printf("%-34s", labels[k]);
        for (const Result &r : results) {
            const QString v = r.values.value(k);
            if (k == memoryRow)
                std::printf("%14.1f", v.toDouble() / 1024);
            else if (k == writerRow)
                std::printf("%14s", v == u"1" ? "yes" : "NO");
            else
                std::printf("%14s", qPrintable(v));
        }
        std::printf("   %s\n", targets[k]);
    }
    return 0;
}
