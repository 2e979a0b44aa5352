// SPDX-License-Identifier: MIT
#include "orm/migrations/migratecommand.h"

#include "orm/engine/connection.h"
#include "orm/engine/url.h"
#include "orm/migrations/alembicscript.h"
#include "orm/migrations/migrate.h"
#include "orm/migrations/migratescript.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

namespace orm {

namespace {

constexpr int Done = 0;
constexpr int Failed = 1;
constexpr int UsageError = 2;

struct Arguments
{
    QString command;
    QStringList positional;
    QString directory = QStringLiteral("migrations");
    QString database;
    QString message;
    QString format;
    QStringList renames;
    bool autogenerate = false;
    bool yes = false;
    QString unknown;
};

Arguments parseArguments(const QStringList &args)
{
    Arguments a;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        auto value = [&]() -> QString {
            if (i + 1 < args.size()) {
                return args.at(++i);
            }
            a.unknown = arg;
            return QString();
        };
        if (arg == u"-d" || arg == u"--directory") {
            a.directory = value();
        } else if (arg == u"--database") {
            a.database = value();
        } else if (arg == u"-m" || arg == u"--message") {
            a.message = value();
        } else if (arg == u"--format") {
            a.format = value();
        } else if (arg == u"--rename") {
            a.renames << value();
        } else if (arg == u"--autogenerate") {
            a.autogenerate = true;
        } else if (arg == u"--yes" || arg == u"-y") {
            a.yes = true;
        } else if (arg.startsWith(u'-') && !(arg.size() > 1 && arg.at(1).isDigit())) {
            a.unknown = arg;
        } else if (a.command.isEmpty()) {
            a.command = arg;
        } else {
            a.positional << arg;
        }
    }
    return a;
}

// A file's path, or a URL (sqlite:///path, postgresql://…); a file whose name looks like a URL
// is the file.
bool isUrl(const QString &database)
{
    return database.contains(QStringLiteral("://")) && !QFileInfo::exists(database);
}

std::unique_ptr<Connection> openDatabase(const QString &path, QTextStream &err)
{
    if (path.isEmpty()) {
        err << "No database: give --database FILE or URL\n";
        return nullptr;
    }
    DatabaseUrl url;
    if (isUrl(path)) {
        QString message;
        url = DatabaseUrl::parse(path, &message);
        if (!url.isValid()) {
            err << message << "\n";
            return nullptr;
        }
    } else if (!QFileInfo::exists(path)) {
        err << "No such database: " << QDir::toNativeSeparators(path) << "\n";
        return nullptr;
    } else {
        url = DatabaseUrl::forFile(QFileInfo(path).absoluteFilePath());
    }
    if (url.backend() == u"sqlite" && !url.isMemory() && !QFileInfo::exists(url.path())) {
        err << "No such database: " << QDir::toNativeSeparators(url.path()) << "\n";
        return nullptr;
    }
    Error error;
    auto connection = Connection::open(url, ConnectionOptions(), &error);
    if (!connection) {
        err << error.message() << "\n";
    }
    return connection;
}

// A file's name, or a server database's.
QString databaseName(const QString &database)
{
    if (isUrl(database)) {
        const DatabaseUrl url = DatabaseUrl::parse(database);
        return url.backend() == u"sqlite" ? QFileInfo(url.path()).fileName() : url.database();
    }
    return QFileInfo(database).fileName();
}

QString slug(const QString &message)
{
    QString s = message.toLower();
    s.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("_"));
    s = s.left(40);
    while (s.endsWith(u'_')) {
        s.chop(1);
    }
    while (s.startsWith(u'_')) {
        s.remove(0, 1);
    }
    return s;
}

QString revisionName(const QString &revision)
{
    return revision.isEmpty() ? QStringLiteral("<base>") : revision;
}

// What statements would lose: they run in a transaction that is rolled back, the schema after
// them is compared with the one before, and what the changes would lose is counted.
bool refuseLosses(Connection &connection, const QStringList &statements, const QStringList &renames,
                  QTextStream &err)
{
    const auto before = connection.reflect();
    if (!before) {
        err << connection.lastError().message() << "\n";
        return true;
    }
    std::optional<MetaData> after;
    Migration preview(connection);
    (void)preview.runStatements(statements, [&] {
        after = connection.reflect();
        return false; // always rolled back
    });
    if (!after) {
        err << preview.lastError().message() << "\n";
        if (!preview.lastError().sql().isEmpty()) {
            err << "  in: " << preview.lastError().sql() << "\n";
        }
        return true;
    }
    Error error;
    CompareOptions options;
    for (const QString &r : renames) {
        if (const auto hint = RenameHint::parse(r)) {
            options.renames << *hint;
        }
    }
    const auto loss =
        dataLoss(connection, *before, compareSchemas(*before, *after, options), &error);
    if (!loss) {
        err << error.message() << "\n";
        return true;
    }
    if (!loss->isEmpty()) {
        err << "Refused: the change would lose data (--yes runs it anyway):\n  "
            << loss->join(QStringLiteral("\n  ")) << "\n";
        return true;
    }
    return false;
}

bool runRevision(Connection &connection, const QStringList &statements, const QStringList &renames,
                 const QStringList &revisions, bool yes, QTextStream &err)
{
    if (!yes && refuseLosses(connection, statements, renames, err)) {
        return false;
    }
    Migration migration(connection);
    if (!migration.runStatements(statements,
                                 [&] { return setCurrentRevisions(connection, revisions); })) {
        err << migration.lastError().message() << "\n";
        if (!migration.lastError().sql().isEmpty()) {
            err << "  in: " << migration.lastError().sql() << "\n";
        }
        return false;
    }
    return true;
}

QList<RenameHint> renameHints(const QStringList &texts, QString *bad)
{
    QList<RenameHint> hints;
    for (const QString &t : texts) {
        if (const auto h = RenameHint::parse(t)) {
            hints << *h;
        } else {
            *bad = t;
        }
    }
    return hints;
}

} // namespace

DbCommand::DbCommand(const MetaData &models)
    : m_models(models)
{ }

QString DbCommand::usage() const
{
    return QStringLiteral(
               "Usage: %1 db [--directory DIR] [--database FILE|URL] COMMAND\n"
               "Commands:\n"
               "  init                              create the migrations folder\n"
               "  revision [--autogenerate] -m MSG  write a new revision (--autogenerate: from "
               "the models)\n"
               "           [--format sql|alembic]   an SQL script, or an Alembic (flask db) one\n"
               "  migrate -m MSG                    revision --autogenerate\n"
               "  upgrade [REV] [--yes]             upgrade to REV (default: head; heads: all)\n"
               "  downgrade [REV] [--yes]           downgrade to REV (default: -1; base: all)\n"
               "  current                           the database's revision\n"
               "  history                           the revisions, newest first\n"
               "  heads | branches                  the revisions nothing follows; branch points\n"
               "  merge [REV...] -m MSG             a revision that joins REVs (default: heads)\n"
               "  stamp REV                         set the revision without running anything\n"
               "  check                             exit 1 when the models need a revision\n"
               "  diff FROM TO [--rename HINT]      the script that turns FROM's schema into TO's\n"
               "       [--format sql|alembic]\n"
               "  apply [--yes] SCRIPT DATABASE     run a script's upgrade\n"
               "Renames are never guessed: --rename old:new (a table), table.old:new (a column).\n"
               "Destructive changes are refused with what they would lose, unless --yes.\n"
               "Alembic revisions (.py) are part of the history; flask db upgrade runs them.\n")
        .arg(m_program);
}

int DbCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const Arguments a = parseArguments(arguments);
    auto usageError = [&](const QString &why) {
        err << why << "\n" << usage();
        return UsageError;
    };
    if (!a.unknown.isEmpty()) {
        return usageError(QStringLiteral("Unknown or incomplete option: %1").arg(a.unknown));
    }
    QString badHint;
    CompareOptions compareOptions;
    compareOptions.renames = renameHints(a.renames, &badHint);
    if (!badHint.isEmpty()) {
        return usageError(
            QStringLiteral("Not a rename: %1 (old:new or table.old:new)").arg(badHint));
    }
    RevisionFormat format = m_format;
    if (a.format == u"alembic") {
        format = RevisionFormat::Alembic;
    } else if (a.format == u"sql") {
        format = RevisionFormat::Sql;
    } else if (!a.format.isEmpty()) {
        return usageError(QStringLiteral("Unknown format: %1 (sql or alembic)").arg(a.format));
    }
    const QString database = a.database.isEmpty() ? m_database : a.database;
    const QString &c = a.command;
    auto expectPositional = [&](int min, int max) {
        return a.positional.size() >= min && a.positional.size() <= max;
    };

    if (c == u"diff") {
        if (!expectPositional(2, 2)) {
            return usageError(QStringLiteral("diff takes two databases: FROM TO"));
        }
        auto from = openDatabase(a.positional.at(0), err);
        auto to = openDatabase(a.positional.at(1), err);
        if (!from || !to) {
            return Failed;
        }
        const auto fromSchema = from->reflect();
        const auto toSchema = to->reflect();
        if (!fromSchema || !toSchema) {
            err << (fromSchema ? to : from)->lastError().message() << "\n";
            return Failed;
        }
        const auto ops = compareSchemas(*fromSchema, *toSchema, compareOptions);
        const QString message =
            QStringLiteral("%1 to %2")
                .arg(databaseName(a.positional.at(0)), databaseName(a.positional.at(1)));
        if (format == RevisionFormat::Alembic) {
            out << AlembicRevision {newRevisionId(), QString(), message}.text(*fromSchema, ops);
        } else {
            out << MigrationScript::fromOperations(newRevisionId(), QString(), message, *fromSchema,
                                                   ops, *migrationDialectFor(*from))
                       .text();
        }
        return Done;
    }
    if (c == u"apply") {
        if (!expectPositional(2, 2)) {
            return usageError(QStringLiteral("apply takes a script and a database"));
        }
        if (a.positional.at(0).endsWith(QStringLiteral(".py"))) {
            err << QDir::toNativeSeparators(a.positional.at(0))
                << " is an Alembic revision: run it with \"flask db upgrade\"; Rowsmith "
                   "applies only its SQL scripts.\n";
            return Failed;
        }
        Error error;
        const auto script = MigrationScript::read(a.positional.at(0), &error);
        if (!script) {
            err << error.message() << "\n";
            return Failed;
        }
        auto db = openDatabase(a.positional.at(1), err);
        if (!db) {
            return Failed;
        }
        if (!a.yes && refuseLosses(*db, script->upgrade, script->renames, err)) {
            return Failed;
        }
        Migration migration(*db);
        if (!migration.runStatements(script->upgrade)) {
            err << migration.lastError().message() << "\n";
            return Failed;
        }
        out << "Applied " << QFileInfo(a.positional.at(0)).fileName() << "\n";
        return Done;
    }
    if (c == u"init") {
        if (!expectPositional(0, 0)) {
            return usageError(QStringLiteral("init takes no argument"));
        }
        QDir dir(a.directory);
        if (dir.exists() && !dir.isEmpty()) {
            err << "Directory " << QDir::toNativeSeparators(a.directory)
                << " already exists and is not empty\n";
            return Failed;
        }
        if (!QDir().mkpath(a.directory)) {
            err << "Cannot create " << QDir::toNativeSeparators(a.directory) << "\n";
            return Failed;
        }
        QFile readme(QDir(a.directory).filePath(QStringLiteral("README")));
        if (readme.open(QIODevice::WriteOnly)) {
            readme.write("Migration scripts: one SQL file per revision, with revision and "
                         "down_revision headers and upgrade and downgrade sections.\n");
        }
        out << "Created " << QDir::toNativeSeparators(a.directory) << "\n";
        return Done;
    }

    MigrationHistory history;
    const bool known = c == u"revision" || c == u"migrate" || c == u"upgrade" || c == u"downgrade"
        || c == u"current" || c == u"history" || c == u"stamp" || c == u"check" || c == u"heads"
        || c == u"branches" || c == u"merge";
    if (!known) {
        return usageError(c.isEmpty() ? QStringLiteral("No command")
                                      : QStringLiteral("Unknown command: %1").arg(c));
    }
    if (!history.load(a.directory)) {
        err << history.lastError().message() << "\n";
        return Failed;
    }
    const QStringList heads = history.heads();
    // "rev (head) (branchpoint)", as flask db marks revisions.
    auto marked = [&](const QString &revision) {
        QString text = revision;
        if (heads.contains(revision)) {
            text += QStringLiteral(" (head)");
        }
        if (history.children(revision).size() > 1) {
            text += QStringLiteral(" (branchpoint)");
        }
        if (const MigrationScript *s = history.script(revision); s && s->parents().size() > 1) {
            text += QStringLiteral(" (mergepoint)");
        }
        return text;
    };
    if (c == u"history") {
        for (auto it = history.scripts().crbegin(); it != history.scripts().crend(); ++it) {
            out << revisionName(it->downRevision) << " -> " << marked(it->revision) << ", "
                << it->message << "\n";
        }
        return Done;
    }
    if (c == u"heads") {
        for (const QString &h : heads) {
            out << marked(h) << "\n";
        }
        return Done;
    }
    if (c == u"branches") {
        for (const QString &b : history.branchPoints()) {
            out << marked(b) << "\n";
            for (const QString &child : history.children(b)) {
                out << "    -> " << marked(child) << ", " << history.script(child)->message << "\n";
            }
        }
        return Done;
    }
    // A revision named by an identifier or its start.
    auto find = [&](const QString &rev) -> std::optional<QString> {
        QStringList found;
        for (const MigrationScript &s : history.scripts()) {
            if (!rev.isEmpty() && s.revision.startsWith(rev)) {
                found << s.revision;
            }
        }
        if (found.size() != 1) {
            err << "Can't locate revision identified by '" << rev << "'"
                << (found.size() > 1 ? QStringLiteral(" (it starts %1 revisions)").arg(found.size())
                                     : QString())
                << "\n";
            return std::nullopt;
        }
        return found.first();
    };
    auto writeRevision = [&](const QString &revision, const QString &downRevision,
                             const MetaData &schema, const QList<MigrationOp> &ops,
                             const MigrationDialect &dialect) {
        const bool alembic = format == RevisionFormat::Alembic;
        const QString file =
            QDir(MigrationHistory::revisionDirectory(a.directory))
                .filePath(QStringLiteral("%1_%2.%3")
                              .arg(revision, slug(a.message),
                                   alembic ? QStringLiteral("py") : QStringLiteral("sql")));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            err << file << ": " << f.errorString() << "\n";
            return false;
        }
        f.write((alembic ? AlembicRevision {revision, downRevision, a.message}.text(schema, ops)
                         : MigrationScript::fromOperations(revision, downRevision, a.message,
                                                           schema, ops, dialect)
                               .text())
                    .toUtf8());
        for (const MigrationOp &op : ops) {
            out << "Detected " << op.description() << "\n";
        }
        out << "Generating " << QDir::toNativeSeparators(file) << " ...  done\n";
        return true;
    };
    if (c == u"merge") {
        QStringList parents;
        for (const QString &rev : a.positional.isEmpty() ? heads : a.positional) {
            const auto found = find(rev);
            if (!found) {
                return Failed;
            }
            parents << *found;
        }
        parents.removeDuplicates();
        if (parents.size() < 2) {
            err << "Nothing to merge: give two revisions or more (the folder has " << heads.size()
                << " head(s))\n";
            return Failed;
        }
        return writeRevision(newRevisionId(), parents.join(QStringLiteral(", ")), MetaData(), {},
                             SqliteMigrationDialect())
            ? Done
            : Failed;
    }
    auto db = openDatabase(database, err);
    if (!db) {
        return Failed;
    }
    Error error;
    const auto currentRows = currentRevisions(*db, &error);
    if (!currentRows) {
        err << error.message() << "\n";
        return Failed;
    }
    const QStringList rows = *currentRows;
    for (const QString &row : rows) {
        if (!history.script(row) && c != u"stamp") {
            err << "Can't locate revision identified by '" << row
                << "': the database is at a revision that is not in "
                << QDir::toNativeSeparators(a.directory) << "\n";
            return Failed;
        }
    }
    // The revisions a target names: head (the only one), heads, base (none), an identifier (or
    // its start), -N / +N along a single line from the current one.
    auto resolve = [&](const QString &rev) -> std::optional<QStringList> {
        if (rev == u"heads") {
            return heads;
        }
        if (rev == u"head") {
            if (heads.size() > 1) {
                err << "Multiple head revisions are present (" << heads.join(QStringLiteral(", "))
                    << "): give heads, or one of them, or merge them (db merge)\n";
                return std::nullopt;
            }
            return heads;
        }
        if (rev == u"base") {
            return QStringList();
        }
        if (rev.startsWith(u'-') || rev.startsWith(u'+')) {
            bool ok = false;
            const int steps = rev.toInt(&ok);
            QStringList at = rows;
            for (int i = 0; ok && i < std::abs(steps); ++i) {
                QStringList next;
                if (at.size() == 1) {
                    next = steps < 0 ? history.script(at.first())->parents()
                                     : history.children(at.first());
                } else if (at.isEmpty() && steps > 0) {
                    for (const MigrationScript &s : history.scripts()) {
                        if (s.parents().isEmpty()) {
                            next << s.revision;
                        }
                    }
                }
                if ((steps > 0 && next.size() != 1) || (steps < 0 && at.size() != 1)) {
                    err << "Can't take " << rev << " steps from " << revisionName(at.join(u','))
                        << ": more than one line of revisions goes there; give a revision\n";
                    return std::nullopt;
                }
                at = next;
            }
            if (!ok) {
                err << "Can't locate revision identified by '" << rev << "'\n";
                return std::nullopt;
            }
            return at;
        }
        const auto found = find(rev);
        if (!found) {
            return std::nullopt;
        }
        return QStringList {*found};
    };

    if (c == u"current") {
        for (const QString &row : rows) {
            out << marked(row) << "\n";
        }
        return Done;
    }
    if (c == u"stamp") {
        if (!expectPositional(1, 1)) {
            return usageError(QStringLiteral("stamp takes a revision"));
        }
        const auto target = resolve(a.positional.at(0));
        if (!target) {
            return Failed;
        }
        if (!setCurrentRevisions(*db, *target, &error)) {
            err << error.message() << "\n";
            return Failed;
        }
        return Done;
    }
    if (c == u"check" || c == u"revision" || c == u"migrate") {
        const auto schema = db->reflect(QString(), &error);
        if (!schema) {
            err << error.message() << "\n";
            return Failed;
        }
        const bool autogenerate = a.autogenerate || c == u"migrate" || c == u"check";
        if (heads.size() > 1) {
            err << "Multiple heads are present (" << heads.join(QStringLiteral(", "))
                << "): merge them first (db merge)\n";
            return Failed;
        }
        if (autogenerate && rows != heads) {
            err << "Target database is not up to date.\n";
            return Failed;
        }
        const auto ops =
            autogenerate ? compareSchemas(*schema, m_models, compareOptions) : QList<MigrationOp>();
        if (c == u"check") {
            if (ops.isEmpty()) {
                out << "No new upgrade operations detected.\n";
                return Done;
            }
            err << "New upgrade operations detected:\n";
            for (const MigrationOp &op : ops) {
                err << "  " << op.description() << "\n";
            }
            return Failed;
        }
        if (!expectPositional(0, 0)) {
            return usageError(QStringLiteral("%1 takes -m MESSAGE, no argument").arg(c));
        }
        return writeRevision(newRevisionId(), history.head(), *schema, ops,
                             *migrationDialectFor(*db))
            ? Done
            : Failed;
    }
    // upgrade / downgrade: the revisions between the database's and the target's, parents
    // first up, children first down.
    if (!expectPositional(0, 1)) {
        return usageError(QStringLiteral("%1 takes at most one revision").arg(c));
    }
    const bool up = c == u"upgrade";
    const auto target =
        resolve(a.positional.value(0, up ? QStringLiteral("head") : QStringLiteral("-1")));
    if (!target) {
        return Failed;
    }
    const QSet<QString> applied = history.ancestors(rows);
    const QSet<QString> wanted = history.ancestors(*target);
    QList<const MigrationScript *> steps;
    for (const MigrationScript &s : history.scripts()) {
        if (up ? wanted.contains(s.revision) && !applied.contains(s.revision)
               : applied.contains(s.revision) && !wanted.contains(s.revision)) {
            steps << &s;
        }
    }
    if (!up) {
        std::reverse(steps.begin(), steps.end());
    }
    const bool wrongWay =
        up ? !(applied - wanted).isEmpty() && steps.isEmpty() : !(wanted - applied).isEmpty();
    if (wrongWay) {
        err << "Revision " << revisionName(target->join(QStringLiteral(", "))) << " is not "
            << (up ? "after" : "before") << " the current one, "
            << revisionName(rows.join(QStringLiteral(", "))) << "\n";
        return Failed;
    }
    // Rowsmith runs SQL revisions only: a path through an Alembic one is refused whole.
    for (const MigrationScript *script : std::as_const(steps)) {
        if (script->format == MigrationScript::Format::Alembic) {
            err << "Revision " << script->revision << " ("
                << QDir::toNativeSeparators(QFileInfo(script->path).fileName())
                << ") is an Alembic revision: run it with \"flask db " << c
                << "\"; Rowsmith runs only its SQL revisions. Nothing was changed.\n";
            return Failed;
        }
    }
    QStringList at = rows;
    for (const MigrationScript *script : std::as_const(steps)) {
        // alembic_version keeps one row per head reached.
        QStringList next = at;
        if (up) {
            for (const QString &p : script->parents()) {
                next.removeAll(p);
            }
            next << script->revision;
        } else {
            next.removeAll(script->revision);
            for (const QString &p : script->parents()) {
                if (!history.ancestors(next).contains(p)) {
                    next << p;
                }
            }
        }
        next.sort();
        out << "Running " << (up ? "upgrade " : "downgrade ")
            << (up ? revisionName(script->downRevision) : script->revision) << " -> "
            << (up ? script->revision : revisionName(script->downRevision)) << ", "
            << script->message << "\n";
        if (!runRevision(*db, up ? script->upgrade : script->downgrade,
                         up ? script->renames : QStringList(), next, a.yes, err)) {
            return Failed;
        }
        at = next;
    }
    return Done;
}

} // namespace orm
