// SPDX-License-Identifier: MIT
// rowsmith-importbench: orm::TableImporter against the sqlite3 shell's .import on the same CSV
// file, in one run, printing the ratio (the goal: within 2x).
//
//     rowsmith-importbench [--rows N] [--sqlite3 PATH]
//
// The file has N rows of an integer key, two texts (one with a comma, so quoted), a real and
// an integer; both load it into an empty table of the same declaration in a fresh database,
// in one transaction (.import runs in one; TableImporter does). Each side is run once.
#include "orm/engine/connection.h"
#include "orm/io/tableimport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

const QString kCreate = u"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, "
                        "note TEXT, price FLOAT, quantity INTEGER)"_s;

bool writeCsv(const QString &path, qint64 rows)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QByteArray chunk;
    for (qint64 i = 1; i <= rows; ++i) {
        chunk += QByteArray::number(i) + ",item " + QByteArray::number(i)
            + ",\"a note, with a comma\"," + QByteArray::number(double(i) / 7.0, 'g', 17) + ','
            + QByteArray::number(i % 1000) + '\n';
        if (chunk.size() > (1 << 20)) {
            f.write(chunk);
            chunk.clear();
        }
    }
    return f.write(chunk) == chunk.size();
}

std::unique_ptr<orm::Connection> freshDatabase(const QString &path)
{
    QFile::remove(path);
    orm::Error error;
    auto c = orm::Connection::open(orm::DatabaseUrl::forFile(path), {}, &error);
    if (!c || !c->exec(kCreate)) {
        std::fprintf(stderr, "cannot create %s: %s\n", qPrintable(path),
                     qPrintable(c ? c->lastError().text() : error.text()));
        return nullptr;
    }
    return c;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption(
        {u"rows"_s, u"Rows in the CSV file (default 1000000)."_s, u"n"_s, u"1000000"_s});
    parser.addOption({u"sqlite3"_s, u"The sqlite3 shell (default: sqlite3 on PATH)."_s, u"path"_s,
                      u"sqlite3"_s});
    parser.process(app);
    const qint64 rows = parser.value(u"rows"_s).toLongLong();
    QTemporaryDir dir;
    const QString csv = dir.filePath(u"items.csv"_s);
    if (rows <= 0 || !writeCsv(csv, rows)) {
        std::fprintf(stderr, "cannot write the CSV file\n");
        return 1;
    }

    // The sqlite3 shell: .import --csv --skip 1 into the existing table, in one transaction.
    const QString shellDb = dir.filePath(u"shell.db"_s);
    if (!freshDatabase(shellDb))
        return 1;
    QProcess shell;
    QElapsedTimer timer;
    timer.start();
    shell.start(
        parser.value(u"sqlite3"_s),
        {shellDb, u"BEGIN"_s, u".import --csv --skip 1 "_s + csv + u" items"_s, u"COMMIT"_s});
    if (!shell.waitForFinished(-1) || shell.exitCode() != 0) {
        std::fprintf(stderr, "sqlite3 .import failed: %s %s\n", qPrintable(shell.errorString()),
                     shell.readAllStandardError().constData());
        return 1;
    }
    const double shellSeconds = timer.nsecsElapsed() / 1e9;

    // TableImporter, on its own connection, the same file and table.
    auto connection = freshDatabase(dir.filePath(u"rowsmith.db"_s));
    if (!connection)
        return 1;
    // The file starts with the column names, as a CSV export writes it.
    QFile in(csv);
    QFile withHeader(dir.filePath(u"header.csv"_s));
    if (!in.open(QIODevice::ReadOnly) || !withHeader.open(QIODevice::WriteOnly))
        return 1;
    withHeader.write("id,name,note,price,quantity\n");
    while (!in.atEnd())
        withHeader.write(in.read(1 << 20));
    withHeader.close();
    QFile file(withHeader.fileName());
    if (!file.open(QIODevice::ReadOnly))
        return 1;
    orm::TableImporter importer(*connection);
    timer.restart();
    if (!importer.importFile(u"items"_s, &file)) {
        std::fprintf(stderr, "TableImporter failed: %s\n", qPrintable(importer.lastError().text()));
        return 1;
    }
    const double ormSeconds = timer.nsecsElapsed() / 1e9;
    const auto count = connection->select(u"SELECT count(*) FROM items"_s);
    if (!count || count->first().first().toLongLong() != rows) {
        std::fprintf(stderr, "TableImporter wrote the wrong number of rows\n");
        return 1;
    }
    std::printf("import %lld CSV rows: sqlite3 .import %.3f s, rowsmith TableImporter %.3f s, "
                "ratio %.2fx (goal: <= 2x)\n",
                static_cast<long long>(rows), shellSeconds, ormSeconds, ormSeconds / shellSeconds);
    return 0;
}
