// SPDX-License-Identifier: MIT
// rowsmith-bench: Rowsmith's ORM against the sqlite3 C API (the floor) and hand-written
// QSqlQuery code, on the same file database, the same SQLite library and the same schema, in
// one run; or, with --engine postgresql, against hand-written libpq code and SQLAlchemy with
// psycopg2 on one server database. See docs/PERFORMANCE.md.
//
//   rowsmith-bench [--engine sqlite|postgresql] [--url URL] [--rows N] [--runs N] [--warmup N]
//                  [--only orm,raw,qtsql|sqlalchemy] [--no-memory] [--stop-after N] [--dir PATH]
//                  [--json]

#include "bench/common.h"
#include "bench/contender.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <vector>

#include <sqlite3.h>

#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

namespace {

using namespace bench;

constexpr int workloadCount = 5;
const char *const workloadNames[workloadCount] = {"W1_insert", "W2_load", "W3_lookup", "W4_update",
                                                  "W5_eager"};
const char *const workloadLabels[workloadCount] = {
    "W1 insert users, one commit", "W2 load all users", "W3 look-ups by username",
    "W4 update every e-mail", "W5 posts + eager load"};

// The contender `name` for a database at `location`: on a server, "raw" is libpq.
std::unique_ptr<Contender> makeContender(const QString &name, const QString &location)
{
    const bool server = isServerUrl(location);
    if (name == u"orm")
        return makeOrmContender();
    if (name == u"raw")
        return server ? makeLibpqContender() : makeRawContender();
    if (name == u"qtsql" && !server)
        return makeQtSqlContender();
    std::fprintf(stderr, "rowsmith-bench: unknown contender %s for %s\n", qPrintable(name),
                 server ? "a server" : "SQLite");
    std::exit(2);
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

[[noreturn]] void mismatch(const QString &what)
{
    std::fprintf(stderr, "rowsmith-bench: FAILED: %s\n", qPrintable(what));
    std::exit(3);
}

// The peak resident set of this process (KiB). Not getrusage(): on Linux its ru_maxrss starts
// from the high-water mark of the process image before exec(), i.e. the parent's.
long ownPeakKib()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

// The child side of the memory measure: load every user as objects, check them, report the
// peak on stdout, exit.
int childLoad(const QString &contender, const QString &path, quint64 expected)
{
    // "idle": the same process with the database open and nothing loaded.
    auto c = makeContender(contender == u"idle" ? QStringLiteral("raw") : contender, path);
    c->open(path);
    const quint64 sum = contender == u"idle" ? expected : c->loadUsers();
    std::printf("%ld\n", ownPeakKib());
    std::fflush(stdout);
    // Exiting without freeing: the peak is what counts.
    std::_Exit(sum == expected ? 0 : 3);
}

// Runs this program again as a child and returns the peak resident set (KiB) it reports.
long peakOfChild(const QString &self, const QStringList &args)
{
    std::vector<QByteArray> storage {QFile::encodeName(self)};
    for (const QString &a : args)
        storage.push_back(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe(out) != 0) {
        std::perror("pipe");
        std::exit(2);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (rc != 0) {
        std::perror("posix_spawn");
        std::exit(2);
    }
    QByteArray report;
    char buffer[256];
    ssize_t n;
    while ((n = ::read(out[0], buffer, sizeof buffer)) > 0)
        report.append(buffer, n);
    ::close(out[0]);
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) {
        std::perror("waitpid");
        std::exit(2);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        mismatch(QStringLiteral("the %1 child (memory measure) did not load the same rows")
                     .arg(args.value(1)));
    return report.trimmed().toLong();
}

double processCpuSeconds()
{
    timespec t {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

struct Options
{
    bool server = false; // --engine postgresql
    QString url;
    int rows = 100000;
    // Five, not the three the median needs at least: on a shared machine one workload's time
    // can swing by a third between runs, and a median of three moves with two bad runs.
    int runs = 5;
    int warmup = 1;
    bool json = false;
    bool memory = true;
    int lastWorkload = 5; // --stop-after N: for profiling the first N workloads
    QStringList contenders;
    QString dir;
};

constexpr const char *usage =
    "usage: rowsmith-bench [--engine sqlite|postgresql] [--url URL] [--rows N] [--runs N] "
    "[--warmup N] [--only orm,raw,qtsql|sqlalchemy] [--no-memory] [--stop-after N] [--dir PATH] "
    "[--json]\n";

Options parse(const QStringList &args)
{
    Options o;
    auto value = [&args](qsizetype &i) {
        if (i + 1 >= args.size()) {
            std::fprintf(stderr, "rowsmith-bench: %s needs a value\n", qPrintable(args.at(i)));
            std::exit(2);
        }
        return args.at(++i);
    };
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == u"--rows")
            o.rows = value(i).toInt();
        else if (a == u"--runs")
            o.runs = value(i).toInt();
        else if (a == u"--warmup")
            o.warmup = value(i).toInt();
        else if (a == u"--json")
            o.json = true;
        else if (a == u"--no-memory")
            o.memory = false;
        else if (a == u"--only")
            o.contenders = value(i).split(u',');
        else if (a == u"--stop-after")
            o.lastWorkload = qBound(1, value(i).toInt(), workloadCount);
        else if (a == u"--dir")
            o.dir = value(i);
        else if (a == u"--url")
            o.url = value(i);
        else if (a == u"--engine") {
            const QString engine = value(i);
            if (engine != u"sqlite" && engine != u"postgresql") {
                std::fprintf(stderr, "%s", usage);
                std::exit(2);
            }
            o.server = engine == u"postgresql";
        } else {
            std::fprintf(stderr, "%s", usage);
            std::exit(2);
        }
    }
    if (o.server && !isServerUrl(o.url)) {
        std::fprintf(stderr,
                     "rowsmith-bench: --engine postgresql needs --url postgresql://… "
                     "(./dev bench --engine postgresql starts a server of its own)\n");
        std::exit(2);
    }
    if (o.contenders.isEmpty()) {
        o.contenders = o.server
            ? QStringList {QStringLiteral("orm"), QStringLiteral("raw"),
                           QStringLiteral("sqlalchemy")}
            : QStringList {QStringLiteral("orm"), QStringLiteral("raw"), QStringLiteral("qtsql")};
    }
    if (o.rows < 10 || o.runs < 1 || o.warmup < 0) {
        std::fprintf(stderr, "rowsmith-bench: --rows must be at least 10, --runs at least 1\n");
        std::exit(2);
    }
    return o;
}

// SQLAlchemy with psycopg2 on the same server database: bench/sqlalchemy_bench.py, with the
// same rows, runs and warm-ups. Its medians join the table; its checksums must equal the others'.
void runSqlAlchemy(const Options &opt, const std::optional<quint64> (&expected)[workloadCount],
                   std::map<QString, std::vector<double>> (&seconds)[workloadCount])
{
    if (!opt.json)
        std::fprintf(stderr, "sqlalchemy (%d run(s) after %d warm-up(s)) ...\n", opt.runs,
                     opt.warmup);
    QProcess python;
    python.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(ROWSMITH_SQLALCHEMY_BENCH), QStringLiteral("--url"), opt.url,
                  QStringLiteral("--rows"), QString::number(opt.rows), QStringLiteral("--runs"),
                  QString::number(opt.runs), QStringLiteral("--warmup"),
                  QString::number(opt.warmup), QStringLiteral("--json")});
    if (!python.waitForFinished(-1) || python.exitStatus() != QProcess::NormalExit
        || python.exitCode() != 0)
        mismatch(QStringLiteral("the SQLAlchemy benchmark failed (%1)").arg(python.errorString()));
    const QList<QByteArray> lines = python.readAllStandardOutput().trimmed().split('\n');
    const QJsonObject result = QJsonDocument::fromJson(lines.value(lines.size() - 1)).object();
    const QJsonObject workloads = result.value(QStringLiteral("workloads")).toObject();
    const QJsonObject sums = result.value(QStringLiteral("sums")).toObject();
    for (int w = 0; w < opt.lastWorkload; ++w) {
        const QString key = QString::fromLatin1(workloadNames[w]);
        const QJsonValue t = workloads.value(key).toObject().value(QStringLiteral("sqlalchemy"));
        if (!t.isDouble())
            mismatch(QStringLiteral("the SQLAlchemy benchmark reported no time for %1").arg(key));
        seconds[w][QStringLiteral("sqlalchemy")].push_back(t.toDouble());
        const quint64 sum = sums.value(key).toString().toULongLong();
        if (expected[w] && *expected[w] != sum)
            mismatch(QStringLiteral("sqlalchemy gave another result than the others in %1 "
                                    "(checksum %2, expected %3)")
                         .arg(key)
                         .arg(sum)
                         .arg(*expected[w]));
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 5 && args.at(1) == u"--child-load")
        return childLoad(args.at(2), args.at(3), args.at(4).toULongLong());
    const Options opt = parse(args);

    QTemporaryDir tmp(opt.dir.isEmpty()
                          ? QDir::tempPath() + QStringLiteral("/rowsmith-bench-XXXXXX")
                          : opt.dir + QStringLiteral("/rowsmith-bench-XXXXXX"));
    if (!tmp.isValid()) {
        std::fprintf(stderr, "rowsmith-bench: cannot create a folder for the databases\n");
        return 2;
    }
    const Inputs in = Inputs::make(opt.rows);

    // Checksums of the first contender's run; every other run must give the same.
    std::optional<quint64> expected[workloadCount];
    std::optional<quint64> expectedDatabase;
    qint64 userRows = 0, postRows = 0;
    std::map<QString, std::vector<double>> seconds[workloadCount];
    // CPU time of this process per workload: less disturbed by other processes than wall time
    // (it leaves out waiting for a core, and for the disk at COMMIT).
    std::map<QString, std::vector<double>> cpuSeconds[workloadCount];

    const int total = opt.warmup + opt.runs;
    for (int run = 0; run < total; ++run) {
        const bool timed = run >= opt.warmup;
        if (!opt.json)
            std::fprintf(stderr, "%s %d/%d ...\n", timed ? "run" : "warm-up",
                         timed ? run - opt.warmup + 1 : run + 1, timed ? opt.runs : opt.warmup);
        // The order changes from run to run: no contender always goes first.
        for (qsizetype k = 0; k < opt.contenders.size(); ++k) {
            const QString name = opt.contenders.at((k + run) % opt.contenders.size());
            if (name == u"sqlalchemy")
                continue; // a program of its own, run once below
            const QString path = opt.server ? opt.url : tmp.filePath(name + QStringLiteral(".db"));
            createSchema(path);
            auto c = makeContender(name, path);
            c->open(path);
            for (int w = 0; w < opt.lastWorkload; ++w) {
                const double cpuStart = processCpuSeconds();
                QElapsedTimer timer;
                timer.start();
                quint64 sum = 0;
                switch (w) {
                case 0:
                    sum = c->insertUsers(in);
                    break;
                case 1:
                    sum = c->loadUsers();
                    break;
                case 2:
                    sum = c->lookUp(in);
                    break;
                case 3:
                    sum = c->updateEmails(in);
                    break;
                case 4:
                    sum = c->insertPostsAndLoad(in);
                    break;
                }
                const double s = double(timer.nsecsElapsed()) / 1e9;
                const double cpu = processCpuSeconds() - cpuStart;
                c->release();
                if (!expected[w])
                    expected[w] = sum;
                else if (*expected[w] != sum)
                    mismatch(QStringLiteral("%1 gave another result than the others in %2 "
                                            "(checksum %3, expected %4)")
                                 .arg(name, QString::fromLatin1(workloadNames[w]))
                                 .arg(sum)
                                 .arg(*expected[w]));
                if (timed) {
                    seconds[w][name].push_back(s);
                    cpuSeconds[w][name].push_back(cpu);
                }
            }
            c->close();
            c.reset();
            qint64 users = 0, posts = 0;
            const quint64 db = databaseChecksum(path, &users, &posts);
            const qint64 postsWritten =
                opt.lastWorkload == workloadCount ? qint64(in.postUsers) * Inputs::postsPerUser : 0;
            if (users != opt.rows || posts != postsWritten)
                mismatch(QStringLiteral("%1 left %2 users and %3 posts")
                             .arg(name)
                             .arg(users)
                             .arg(posts));
            if (!expectedDatabase)
                expectedDatabase = db;
            else if (*expectedDatabase != db)
                mismatch(
                    QStringLiteral("%1 left other rows in its database than the others").arg(name));
            userRows = users;
            postRows = posts;
            if (!opt.server)
                QFile::remove(path);
        }
    }
    if (opt.contenders.contains(u"sqlalchemy")) {
        runSqlAlchemy(opt, expected, seconds);
        const quint64 db = databaseChecksum(opt.url);
        if (expectedDatabase && *expectedDatabase != db)
            mismatch(QStringLiteral("sqlalchemy left other rows in its database than the others"));
    }
    // The programs of this process, whose CPU time and memory are measured.
    QStringList measured = opt.contenders;
    measured.removeAll(QStringLiteral("sqlalchemy"));

    // Peak memory of W2 in a child process per contender, on one database of the same rows.
    std::map<QString, long> peak;
    long idlePeak = 0;
    if (opt.memory) {
        const QString path = opt.server ? opt.url : tmp.filePath(QStringLiteral("memory.db"));
        createSchema(path);
        {
            auto c = makeContender(QStringLiteral("raw"), path);
            c->open(path);
            (void)c->insertUsers(in);
            c->close();
        }
        const QString self = QCoreApplication::applicationFilePath();
        const QString sum = QString::number(*expected[1]);
        for (const QString &name : std::as_const(measured)) {
            std::vector<long> peaks;
            for (int i = 0; i < opt.runs; ++i)
                peaks.push_back(
                    peakOfChild(self, {QStringLiteral("--child-load"), name, path, sum}));
            std::sort(peaks.begin(), peaks.end());
            peak[name] = peaks[peaks.size() / 2];
        }
        idlePeak =
            peakOfChild(self, {QStringLiteral("--child-load"), QStringLiteral("idle"), path, sum});
    }

    auto med = [&](int w, const char *name) {
        return median(seconds[w][QString::fromLatin1(name)]);
    };
    const bool hasRaw = opt.contenders.contains(u"raw");
    const QString engine = opt.server
        ? serverDescription(opt.url)
        : QStringLiteral("SQLite ") + QString::fromLatin1(sqlite3_libversion());
    std::printf("Rowsmith ORM benchmark: %d users (W5: %d users x %d posts), %s, median of "
                "%d run(s) after %d warm-up(s)\n",
                opt.rows, in.postUsers, Inputs::postsPerUser, qPrintable(engine), opt.runs,
                opt.warmup);
    std::printf("Every contender produced the same rows: %lld users, %lld posts, checksums equal "
                "(database checksum %016llx).\n\n",
                qlonglong(userRows), qlonglong(postRows), qulonglong(expectedDatabase.value_or(0)));
    std::printf("%-30s", "workload (seconds)");
    for (const QString &name : opt.contenders)
        std::printf(" %10s", qPrintable(name));
    if (hasRaw) {
        for (const QString &name : opt.contenders) {
            if (name != u"raw")
                std::printf(" %11s", qPrintable(name + QStringLiteral("/raw")));
        }
    }
    const bool versusSqlAlchemy =
        opt.contenders.contains(u"sqlalchemy") && opt.contenders.contains(u"orm");
    if (versusSqlAlchemy)
        std::printf(" %15s", "sqlalchemy/orm");
    std::printf("\n");
    for (int w = 0; w < workloadCount; ++w) {
        std::printf("%-30s", workloadLabels[w]);
        for (const QString &name : opt.contenders)
            std::printf(" %10.4f", med(w, qPrintable(name)));
        if (hasRaw) {
            for (const QString &name : opt.contenders) {
                if (name != u"raw")
                    std::printf(" %11.2f", med(w, qPrintable(name)) / med(w, "raw"));
            }
        }
        if (versusSqlAlchemy)
            std::printf(" %15.1f", med(w, "sqlalchemy") / med(w, "orm"));
        std::printf("\n");
    }
    std::printf("\n%-30s", "CPU time (seconds)");
    std::printf("\n");
    for (int w = 0; w < workloadCount; ++w) {
        std::printf("%-30s", workloadLabels[w]);
        auto cpu = [&](const QString &name) { return median(cpuSeconds[w][name]); };
        for (const QString &name : std::as_const(measured))
            std::printf(" %10.4f", cpu(name));
        if (hasRaw) {
            for (const QString &name : std::as_const(measured)) {
                if (name != u"raw")
                    std::printf(" %11.2f", cpu(name) / cpu(QStringLiteral("raw")));
            }
        }
        std::printf("\n");
    }
    if (opt.memory) {
        std::printf("\n%-30s", "W2 peak RSS (KiB, child)");
        for (const QString &name : std::as_const(measured))
            std::printf(" %10ld", peak[name]);
        if (hasRaw) {
            for (const QString &name : std::as_const(measured)) {
                if (name != u"raw")
                    std::printf(" %11.2f",
                                double(peak[name]) / double(peak[QStringLiteral("raw")]));
            }
        }
        std::printf("\n%-30s", "  bytes per row above idle");
        for (const QString &name : std::as_const(measured))
            std::printf(" %10.0f", double(peak[name] - idlePeak) * 1024.0 / opt.rows);
        if (hasRaw) {
            for (const QString &name : std::as_const(measured)) {
                if (name != u"raw")
                    std::printf(" %11.2f",
                                double(peak[name] - idlePeak)
                                    / double(peak[QStringLiteral("raw")] - idlePeak));
            }
        }
        std::printf("\n  (idle child: %ld KiB)\n", idlePeak);
    }

    if (opt.json) {
        QJsonObject workloads;
        for (int w = 0; w < workloadCount; ++w) {
            QJsonObject o;
            for (const QString &name : opt.contenders)
                o.insert(name, med(w, qPrintable(name)));
            workloads.insert(QString::fromLatin1(workloadNames[w]), o);
        }
        QJsonObject peaks;
        for (const auto &[name, kib] : peak) {
            if (name == u"orm" || name == u"raw")
                peaks.insert(name, qint64(kib));
        }
        QJsonObject root;
        root.insert(QStringLiteral("engine"),
                    opt.server ? QStringLiteral("postgresql") : QStringLiteral("sqlite"));
        root.insert(QStringLiteral("rows"), opt.rows);
        root.insert(QStringLiteral("workloads"), workloads);
        root.insert(QStringLiteral("peak_kib"), peaks);
        std::printf("%s\n", QJsonDocument(root).toJson(QJsonDocument::Compact).constData());
    }
    return 0;
}
