// SPDX-License-Identifier: MIT
#include "orm/migrations/migratecommand.h"

#include "orm/drivers/sqlite/reflection.h"
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

std::unique_ptr<Connection> openDatabase(const QString &path, QTextStream &err)
{
    if (path.isEmpty()) {
        err << "No database: give --database FILE\n";
        return nullptr;
    }
    if (!QFileInfo::exists(path)) {
        err << "No such database: " << QDir::toNativeSeparators(path) << "\n";
        return nullptr;
    }
    Error error;
    auto connection = Connection::open(DatabaseUrl::forFile(QFileInfo(path).absoluteFilePath()),
                                       ConnectionOptions(), &error);
    if (!connection) {
        err << error.message() << "\n";
    }
    return connection;
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
    const auto before = reflect(connection);
    if (!before) {
        err << connection.lastError().message() << "\n";
        return true;
    }
    std::optional<MetaData> after;
    Migration preview(connection);
    (void)preview.runStatements(statements, [&] {
        after = reflect(connection);
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
                 const QString &revision, bool yes, QTextStream &err)
{
    if (!yes && refuseLosses(connection, statements, renames, err)) {
        return false;
    }
    Migration migration(connection);
    if (!migration.runStatements(statements,
                                 [&] { return setCurrentRevision(connection, revision); })) {
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
               "Usage: %1 db [--directory DIR] [--database FILE] COMMAND\n"
               "Commands:\n"
               "  init                              create the migrations folder\n"
               "  revision [--autogenerate] -m MSG  write a new revision (--autogenerate: from "
               "the models)\n"
               "           [--format sql|alembic]   an SQL script, or an Alembic (flask db) one\n"
               "  migrate -m MSG                    revision --autogenerate\n"
               "  upgrade [REV] [--yes]             upgrade to REV (default: head)\n"
               "  downgrade [REV] [--yes]           downgrade to REV (default: -1; base: all)\n"
               "  current                           the database's revision\n"
               "  history                           the revisions, newest first\n"
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
        const auto fromSchema = reflect(*from);
        const auto toSchema = reflect(*to);
        if (!fromSchema || !toSchema) {
            err << (fromSchema ? to : from)->lastError().message() << "\n";
            return Failed;
        }
        const auto ops = compareSchemas(*fromSchema, *toSchema, compareOptions);
        const QString message = QStringLiteral("%1 to %2")
                                    .arg(QFileInfo(a.positional.at(0)).fileName(),
                                         QFileInfo(a.positional.at(1)).fileName());
        if (format == RevisionFormat::Alembic) {
            out << AlembicRevision {newRevisionId(), QString(), message}.text(*fromSchema, ops);
        } else {
            out << MigrationScript::fromOperations(newRevisionId(), QString(), message, *fromSchema,
                                                   ops)
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
        || c == u"current" || c == u"history" || c == u"stamp" || c == u"check";
    if (!known) {
        return usageError(c.isEmpty() ? QStringLiteral("No command")
                                      : QStringLiteral("Unknown command: %1").arg(c));
    }
    if (!history.load(a.directory)) {
        err << history.lastError().message() << "\n";
        return Failed;
    }
    if (c == u"history") {
        for (auto it = history.scripts().crbegin(); it != history.scripts().crend(); ++it) {
            out << revisionName(it->downRevision) << " -> " << it->revision
                << (it->revision == history.head() ? QStringLiteral(" (head)") : QString()) << ", "
                << it->message << "\n";
        }
        return Done;
    }
    auto db = openDatabase(database, err);
    if (!db) {
        return Failed;
    }
    Error error;
    const auto current = currentRevision(*db, &error);
    if (!current) {
        err << error.message() << "\n";
        return Failed;
    }
    const auto position = history.position(*current);
    auto unknownRevision = [&] {
        err << "Can't locate revision identified by '" << *current
            << "': the database is at a revision that is not in "
            << QDir::toNativeSeparators(a.directory) << "\n";
        return Failed;
    };
    // A target revision: head, base, an identifier (or its start), -N / +N from the current.
    auto resolve = [&](const QString &rev, std::optional<int> *target) -> bool {
        if (rev == u"head" || rev == u"heads") {
            *target = int(history.scripts().size()) - 1;
        } else if (rev == u"base") {
            *target = -1;
        } else if ((rev.startsWith(u'-') || rev.startsWith(u'+')) && position) {
            *target = *position + rev.toInt();
        } else {
            for (int i = 0; i < history.scripts().size(); ++i) {
                if (history.scripts().at(i).revision.startsWith(rev) && !rev.isEmpty()) {
                    *target = i;
                }
            }
        }
        if (!*target || **target < -1 || **target >= history.scripts().size()) {
            err << "Can't locate revision identified by '" << rev << "'\n";
            return false;
        }
        return true;
    };

    if (c == u"current") {
        if (!position) {
            return unknownRevision();
        }
        if (!current->isEmpty()) {
            out << *current << (*current == history.head() ? QStringLiteral(" (head)") : QString())
                << "\n";
        }
        return Done;
    }
    if (c == u"stamp") {
        std::optional<int> target;
        if (!expectPositional(1, 1)) {
            return usageError(QStringLiteral("stamp takes a revision"));
        }
        if (!resolve(a.positional.at(0), &target)) {
            return Failed;
        }
        const QString revision = *target < 0 ? QString() : history.scripts().at(*target).revision;
        if (!setCurrentRevision(*db, revision, &error)) {
            err << error.message() << "\n";
            return Failed;
        }
        return Done;
    }
    if (!position) {
        return unknownRevision();
    }
    if (c == u"check" || c == u"revision" || c == u"migrate") {
        const auto schema = reflect(*db, &error);
        if (!schema) {
            err << error.message() << "\n";
            return Failed;
        }
        const bool autogenerate = a.autogenerate || c == u"migrate" || c == u"check";
        if (autogenerate && *current != history.head()) {
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
        const QString revision = newRevisionId();
        const bool alembic = format == RevisionFormat::Alembic;
        const QString file =
            QDir(MigrationHistory::revisionDirectory(a.directory))
                .filePath(QStringLiteral("%1_%2.%3")
                              .arg(revision, slug(a.message),
                                   alembic ? QStringLiteral("py") : QStringLiteral("sql")));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            err << file << ": " << f.errorString() << "\n";
            return Failed;
        }
        f.write((alembic ? AlembicRevision {revision, history.head(), a.message}.text(*schema, ops)
                         : MigrationScript::fromOperations(revision, history.head(), a.message,
                                                           *schema, ops)
                               .text())
                    .toUtf8());
        for (const MigrationOp &op : ops) {
            out << "Detected " << op.description() << "\n";
        }
        out << "Generating " << QDir::toNativeSeparators(file) << " ...  done\n";
        return Done;
    }
    // upgrade / downgrade
    if (!expectPositional(0, 1)) {
        return usageError(QStringLiteral("%1 takes at most one revision").arg(c));
    }
    const bool up = c == u"upgrade";
    std::optional<int> target;
    if (!resolve(a.positional.value(0, up ? QStringLiteral("head") : QStringLiteral("-1")),
                 &target)) {
        return Failed;
    }
    if (up ? *target < *position : *target > *position) {
        err << "Revision "
            << revisionName(*target < 0 ? QString() : history.scripts().at(*target).revision)
            << " is not " << (up ? "after" : "before") << " the current one, "
            << revisionName(*current) << "\n";
        return Failed;
    }
    // Rowsmith runs SQL revisions only: a path through an Alembic one is refused whole.
    for (int i = *position; i != *target; i += up ? 1 : -1) {
        const MigrationScript &script = history.scripts().at(up ? i + 1 : i);
        if (script.format == MigrationScript::Format::Alembic) {
            err << "Revision " << script.revision << " ("
                << QDir::toNativeSeparators(QFileInfo(script.path).fileName())
                << ") is an Alembic revision: run it with \"flask db " << c
                << "\"; Rowsmith runs only its SQL revisions. Nothing was changed.\n";
            return Failed;
        }
    }
    for (int i = *position; i != *target;) {
        const int next = up ? i + 1 : i - 1;
        const MigrationScript &script = history.scripts().at(up ? next : i);
        const QString revision = up ? script.revision : script.downRevision;
        out << "Running " << (up ? "upgrade " : "downgrade ")
            << revisionName(up ? script.downRevision : script.revision) << " -> "
            << revisionName(revision) << ", " << script.message << "\n";
        if (!runRevision(*db, up ? script.upgrade : script.downgrade,
                         up ? script.renames : QStringList(), revision, a.yes, err)) {
            return Failed;
        }
        i = next;
    }
    return Done;
}

} // namespace orm
