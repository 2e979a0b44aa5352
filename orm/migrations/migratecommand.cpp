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

namespace {

// One run of the db command: its arguments, its streams and what the subcommands share (the
// history, the database and its revisions), one function per subcommand or step.
class Invocation
{
public:
    Invocation(const Arguments &arguments, const MetaData &models, DbCommand::RevisionFormat format,
               const QString &database, QTextStream &out, QTextStream &err,
               std::function<int(const QString &)> usageError)
        : m_args(arguments)
        , m_models(models)
        , m_format(format)
        , m_database(database)
        , m_out(out)
        , m_err(err)
        , m_usageError(std::move(usageError))
    { }

    CompareOptions compareOptions;

    int diff();
    int apply();
    int init();
    // The commands that work on the folder's history (and those on a database too).
    int withHistory();

private:
    bool expectPositional(int min, int max) const
    {
        return m_args.positional.size() >= min && m_args.positional.size() <= max;
    }
    QString marked(const QString &revision) const;
    int list();
    std::optional<QString> find(const QString &rev) const;
    bool writeRevision(const QString &revision, const QString &downRevision, const MetaData &schema,
                       const QList<MigrationOp> &ops, const MigrationDialect &dialect);
    int merge();
    int withDatabase();
    std::optional<QStringList> resolve(const QString &rev) const;
    std::optional<QStringList> steps(const QString &rev) const;
    int stamp();
    int revision();
    int upgradeOrDowngrade();

    const Arguments &m_args;
    const MetaData &m_models;
    DbCommand::RevisionFormat m_format;
    QString m_database;
    QTextStream &m_out;
    QTextStream &m_err;
    std::function<int(const QString &)> m_usageError;
    MigrationHistory m_history;
    QStringList m_heads;
    std::unique_ptr<Connection> m_db;
    QStringList m_rows; // the database's revisions
};

int Invocation::diff()
{
    if (!expectPositional(2, 2)) {
        return m_usageError(QStringLiteral("diff takes two databases: FROM TO"));
    }
    auto from = openDatabase(m_args.positional.at(0), m_err);
    auto to = openDatabase(m_args.positional.at(1), m_err);
    if (!from || !to) {
        return Failed;
    }
    const auto fromSchema = from->reflect();
    const auto toSchema = to->reflect();
    if (!fromSchema || !toSchema) {
        m_err << (fromSchema ? to : from)->lastError().message() << "\n";
        return Failed;
    }
    const auto ops = compareSchemas(*fromSchema, *toSchema, compareOptions);
    const QString message =
        QStringLiteral("%1 to %2")
            .arg(databaseName(m_args.positional.at(0)), databaseName(m_args.positional.at(1)));
    if (m_format == DbCommand::RevisionFormat::Alembic) {
        m_out << AlembicRevision {newRevisionId(), QString(), message}.text(*fromSchema, ops);
    } else {
        m_out << MigrationScript::fromOperations(newRevisionId(), QString(), message, *fromSchema,
                                                 ops, *migrationDialectFor(*from))
                     .text();
    }
    return Done;
}

int Invocation::apply()
{
    if (!expectPositional(2, 2)) {
        return m_usageError(QStringLiteral("apply takes a script and a database"));
    }
    if (m_args.positional.at(0).endsWith(QStringLiteral(".py"))) {
        m_err << QDir::toNativeSeparators(m_args.positional.at(0))
              << " is an Alembic revision: run it with \"flask db upgrade\"; Rowsmith "
                 "applies only its SQL scripts.\n";
        return Failed;
    }
    Error error;
    const auto script = MigrationScript::read(m_args.positional.at(0), &error);
    if (!script) {
        m_err << error.message() << "\n";
        return Failed;
    }
    auto db = openDatabase(m_args.positional.at(1), m_err);
    if (!db) {
        return Failed;
    }
    if (!m_args.yes && refuseLosses(*db, script->upgrade, script->renames, m_err)) {
        return Failed;
    }
    Migration migration(*db);
    if (!migration.runStatements(script->upgrade)) {
        m_err << migration.lastError().message() << "\n";
        return Failed;
    }
    m_out << "Applied " << QFileInfo(m_args.positional.at(0)).fileName() << "\n";
    return Done;
}

int Invocation::init()
{
    if (!expectPositional(0, 0)) {
        return m_usageError(QStringLiteral("init takes no argument"));
    }
    QDir dir(m_args.directory);
    if (dir.exists() && !dir.isEmpty()) {
        m_err << "Directory " << QDir::toNativeSeparators(m_args.directory)
              << " already exists and is not empty\n";
        return Failed;
    }
    if (!QDir().mkpath(m_args.directory)) {
        m_err << "Cannot create " << QDir::toNativeSeparators(m_args.directory) << "\n";
        return Failed;
    }
    QFile readme(QDir(m_args.directory).filePath(QStringLiteral("README")));
    if (readme.open(QIODevice::WriteOnly)) {
        readme.write("Migration scripts: one SQL file per revision, with revision and "
                     "down_revision headers and upgrade and downgrade sections.\n");
    }
    m_out << "Created " << QDir::toNativeSeparators(m_args.directory) << "\n";
    return Done;
}

int Invocation::withHistory()
{
    const QString &c = m_args.command;
    const bool known = c == u"revision" || c == u"migrate" || c == u"upgrade" || c == u"downgrade"
        || c == u"current" || c == u"history" || c == u"stamp" || c == u"check" || c == u"heads"
        || c == u"branches" || c == u"merge";
    if (!known) {
        return m_usageError(c.isEmpty() ? QStringLiteral("No command")
                                        : QStringLiteral("Unknown command: %1").arg(c));
    }
    if (!m_history.load(m_args.directory)) {
        m_err << m_history.lastError().message() << "\n";
        return Failed;
    }
    m_heads = m_history.heads();
    if (c == u"history" || c == u"heads" || c == u"branches") {
        return list();
    }
    if (c == u"merge") {
        return merge();
    }
    return withDatabase();
}

// "rev (label) (head) (branchpoint)", as flask db marks revisions.
QString Invocation::marked(const QString &revision) const
{
    QString text = revision;
    if (const MigrationScript *s = m_history.script(revision); s && !s->branchLabels.isEmpty()) {
        text += QStringLiteral(" (%1)").arg(s->branchLabels.join(QStringLiteral(", ")));
    }
    if (m_heads.contains(revision)) {
        text += QStringLiteral(" (head)");
    }
    if (m_history.children(revision).size() > 1) {
        text += QStringLiteral(" (branchpoint)");
    }
    if (const MigrationScript *s = m_history.script(revision); s && s->parents().size() > 1) {
        text += QStringLiteral(" (mergepoint)");
    }
    return text;
}

int Invocation::list()
{
    if (m_args.command == u"history") {
        // "down (dependencies) -> rev (label) (head), message", as flask db history writes it.
        for (auto it = m_history.scripts().crbegin(); it != m_history.scripts().crend(); ++it) {
            m_out << revisionName(it->downRevision)
                  << (it->dependsOn.isEmpty()
                          ? QString()
                          : QStringLiteral(" (%1)").arg(it->dependsOn.join(QStringLiteral(", "))))
                  << " -> " << marked(it->revision) << ", " << it->message << "\n";
        }
    } else if (m_args.command == u"heads") {
        for (const QString &h : std::as_const(m_heads)) {
            m_out << marked(h) << "\n";
        }
    } else {
        for (const QString &b : m_history.branchPoints()) {
            m_out << marked(b) << "\n";
            for (const QString &child : m_history.children(b)) {
                m_out << "    -> " << marked(child) << ", " << m_history.script(child)->message
                      << "\n";
            }
        }
    }
    return Done;
}

// A revision named by a branch label, an identifier or its start.
std::optional<QString> Invocation::find(const QString &rev) const
{
    if (const QString labelled = m_history.labelledRevision(rev); !labelled.isEmpty()) {
        return labelled;
    }
    QStringList found;
    for (const MigrationScript &s : m_history.scripts()) {
        if (!rev.isEmpty() && s.revision.startsWith(rev)) {
            found << s.revision;
        }
    }
    if (found.size() != 1) {
        m_err << "Can't locate revision identified by '" << rev << "'"
              << (found.size() > 1 ? QStringLiteral(" (it starts %1 revisions)").arg(found.size())
                                   : QString())
              << "\n";
        return std::nullopt;
    }
    return found.first();
}

bool Invocation::writeRevision(const QString &revision, const QString &downRevision,
                               const MetaData &schema, const QList<MigrationOp> &ops,
                               const MigrationDialect &dialect)
{
    const bool alembic = m_format == DbCommand::RevisionFormat::Alembic;
    const QString file =
        QDir(MigrationHistory::revisionDirectory(m_args.directory))
            .filePath(QStringLiteral("%1_%2.%3")
                          .arg(revision, slug(m_args.message),
                               alembic ? QStringLiteral("py") : QStringLiteral("sql")));
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        m_err << file << ": " << f.errorString() << "\n";
        return false;
    }
    f.write((alembic ? AlembicRevision {revision, downRevision, m_args.message}.text(schema, ops)
                     : MigrationScript::fromOperations(revision, downRevision, m_args.message,
                                                       schema, ops, dialect)
                           .text())
                .toUtf8());
    for (const MigrationOp &op : ops) {
        m_out << "Detected " << op.description() << "\n";
    }
    m_out << "Generating " << QDir::toNativeSeparators(file) << " ...  done\n";
    return true;
}

int Invocation::merge()
{
    QStringList parents;
    for (const QString &rev : m_args.positional.isEmpty() ? m_heads : m_args.positional) {
        const auto found = find(rev);
        if (!found) {
            return Failed;
        }
        parents << *found;
    }
    parents.removeDuplicates();
    if (parents.size() < 2) {
        m_err << "Nothing to merge: give two revisions or more (the folder has " << m_heads.size()
              << " head(s))\n";
        return Failed;
    }
    return writeRevision(newRevisionId(), parents.join(QStringLiteral(", ")), MetaData(), {},
                         SqliteMigrationDialect())
        ? Done
        : Failed;
}

int Invocation::withDatabase()
{
    const QString &c = m_args.command;
    m_db = openDatabase(m_database, m_err);
    if (!m_db) {
        return Failed;
    }
    Error error;
    const auto currentRows = currentRevisions(*m_db, &error);
    if (!currentRows) {
        m_err << error.message() << "\n";
        return Failed;
    }
    m_rows = *currentRows;
    for (const QString &row : std::as_const(m_rows)) {
        if (!m_history.script(row) && c != u"stamp") {
            m_err << "Can't locate revision identified by '" << row
                  << "': the database is at a revision that is not in "
                  << QDir::toNativeSeparators(m_args.directory) << "\n";
            return Failed;
        }
    }
    if (c == u"current") {
        for (const QString &row : std::as_const(m_rows)) {
            m_out << marked(row) << "\n";
        }
        return Done;
    }
    if (c == u"stamp") {
        return stamp();
    }
    if (c == u"check" || c == u"revision" || c == u"migrate") {
        return revision();
    }
    return upgradeOrDowngrade();
}

// The revisions a target names: head (the only one), heads, base (none), LABEL@head (the head
// of a branch label's line), a branch label or an identifier (or its start), -N / +N along a
// single line from the current one.
std::optional<QStringList> Invocation::resolve(const QString &rev) const
{
    if (rev.endsWith(QStringLiteral("@head"))) {
        const QString label = rev.chopped(5);
        const QStringList heads = m_history.branchHeads(label);
        if (heads.size() != 1) {
            m_err << "Can't locate the head of branch '" << label << "'"
                  << (heads.isEmpty() ? QStringLiteral(": no revision has that branch label")
                                      : QStringLiteral(": it has %1 heads (%2)")
                                            .arg(heads.size())
                                            .arg(heads.join(QStringLiteral(", "))))
                  << "\n";
            return std::nullopt;
        }
        return heads;
    }
    if (rev == u"heads") {
        return m_heads;
    }
    if (rev == u"head") {
        if (m_heads.size() > 1) {
            m_err << "Multiple head revisions are present (" << m_heads.join(QStringLiteral(", "))
                  << "): give heads, or one of them, or merge them (db merge)\n";
            return std::nullopt;
        }
        return m_heads;
    }
    if (rev == u"base") {
        return QStringList();
    }
    if (rev.startsWith(u'-') || rev.startsWith(u'+')) {
        return steps(rev);
    }
    const auto found = find(rev);
    if (!found) {
        return std::nullopt;
    }
    return QStringList {*found};
}

// -N / +N: along a single line from the database's revision.
std::optional<QStringList> Invocation::steps(const QString &rev) const
{
    bool ok = false;
    const int steps = rev.toInt(&ok);
    QStringList at = m_rows;
    for (int i = 0; ok && i < std::abs(steps); ++i) {
        QStringList next;
        if (at.size() == 1) {
            next = steps < 0 ? m_history.script(at.first())->parents()
                             : m_history.children(at.first());
        } else if (at.isEmpty() && steps > 0) {
            for (const MigrationScript &s : m_history.scripts()) {
                if (s.parents().isEmpty()) {
                    next << s.revision;
                }
            }
        }
        // The end of the line (the base, a head, an empty folder) is not a fork.
        if (steps > 0 ? at.size() <= 1 && next.isEmpty() : at.isEmpty()) {
            QString why;
            if (m_history.scripts().isEmpty()) {
                why = QStringLiteral("there are no revisions in %1")
                          .arg(QDir::toNativeSeparators(m_args.directory));
            } else if (i == 0) {
                why = steps > 0 ? QStringLiteral("it is the head: nothing to upgrade")
                                : QStringLiteral("nothing to downgrade");
            } else {
                why = (steps > 0 ? QStringLiteral("the head is %1 step(s) away")
                                 : QStringLiteral("the base is %1 step(s) away"))
                          .arg(i);
            }
            m_err << "Can't take " << rev << " steps from " << revisionName(m_rows.join(u','))
                  << ": " << why << "\n";
            return std::nullopt;
        }
        if ((steps > 0 && next.size() != 1) || (steps < 0 && at.size() != 1)) {
            m_err << "Can't take " << rev << " steps from " << revisionName(at.join(u','))
                  << ": more than one line of revisions goes there; give a revision\n";
            return std::nullopt;
        }
        at = next;
    }
    if (!ok) {
        m_err << "Can't locate revision identified by '" << rev << "'\n";
        return std::nullopt;
    }
    return at;
}

int Invocation::stamp()
{
    if (!expectPositional(1, 1)) {
        return m_usageError(QStringLiteral("stamp takes a revision"));
    }
    const auto target = resolve(m_args.positional.at(0));
    if (!target) {
        return Failed;
    }
    Error error;
    if (!setCurrentRevisions(*m_db, *target, &error)) {
        m_err << error.message() << "\n";
        return Failed;
    }
    return Done;
}

// check, revision and migrate: the models compared with the database at the head.
int Invocation::revision()
{
    const QString &c = m_args.command;
    Error error;
    const auto schema = m_db->reflect(QString(), &error);
    if (!schema) {
        m_err << error.message() << "\n";
        return Failed;
    }
    const bool autogenerate = m_args.autogenerate || c == u"migrate" || c == u"check";
    if (m_heads.size() > 1) {
        m_err << "Multiple heads are present (" << m_heads.join(QStringLiteral(", "))
              << "): merge them first (db merge)\n";
        return Failed;
    }
    if (autogenerate && m_rows != m_heads) {
        m_err << "Target database is not up to date.\n";
        return Failed;
    }
    // The models declare no views nor indexes over expressions: the database's stay.
    CompareOptions modelOptions = compareOptions;
    modelOptions.target = CompareOptions::Target::Models;
    const auto ops =
        autogenerate ? compareSchemas(*schema, m_models, modelOptions) : QList<MigrationOp>();
    if (c == u"check") {
        if (ops.isEmpty()) {
            m_out << "No new upgrade operations detected.\n";
            return Done;
        }
        m_err << "New upgrade operations detected:\n";
        for (const MigrationOp &op : ops) {
            m_err << "  " << op.description() << "\n";
        }
        return Failed;
    }
    if (!expectPositional(0, 0)) {
        return m_usageError(QStringLiteral("%1 takes -m MESSAGE, no argument").arg(c));
    }
    return writeRevision(newRevisionId(), m_history.head(), *schema, ops,
                         *migrationDialectFor(*m_db))
        ? Done
        : Failed;
}

// The revisions between the database's and the target's, parents first up, children first
// down, each in its own transaction.
int Invocation::upgradeOrDowngrade()
{
    const QString &c = m_args.command;
    if (!expectPositional(0, 1)) {
        return m_usageError(QStringLiteral("%1 takes at most one revision").arg(c));
    }
    const bool up = c == u"upgrade";
    const auto target =
        resolve(m_args.positional.value(0, up ? QStringLiteral("head") : QStringLiteral("-1")));
    if (!target) {
        return Failed;
    }
    const QSet<QString> applied = m_history.ancestors(m_rows);
    const QSet<QString> wanted = m_history.ancestors(*target);
    QList<const MigrationScript *> steps;
    for (const MigrationScript &s : m_history.scripts()) {
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
        m_err << "Revision " << revisionName(target->join(QStringLiteral(", "))) << " is not "
              << (up ? "after" : "before") << " the current one, "
              << revisionName(m_rows.join(QStringLiteral(", "))) << "\n";
        return Failed;
    }
    // Rowsmith runs SQL revisions only: a path through an Alembic one is refused whole.
    for (const MigrationScript *script : std::as_const(steps)) {
        if (script->format == MigrationScript::Format::Alembic) {
            m_err << "Revision " << script->revision << " ("
                  << QDir::toNativeSeparators(QFileInfo(script->path).fileName())
                  << ") is an Alembic revision: run it with \"flask db " << c
                  << "\"; Rowsmith runs only its SQL revisions. Nothing was changed.\n";
            return Failed;
        }
    }
    QStringList at = m_rows;
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
                if (!m_history.ancestors(next).contains(p)) {
                    next << p;
                }
            }
        }
        next.sort();
        m_out << "Running " << (up ? "upgrade " : "downgrade ")
              << (up ? revisionName(script->downRevision) : script->revision) << " -> "
              << (up ? script->revision : revisionName(script->downRevision)) << ", "
              << script->message << "\n";
        if (!runRevision(*m_db, up ? script->upgrade : script->downgrade,
                         up ? script->renames : QStringList(), next, m_args.yes, m_err)) {
            return Failed;
        }
        at = next;
    }
    return Done;
}

} // namespace

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
    const QList<RenameHint> renames = renameHints(a.renames, &badHint);
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
    Invocation invocation(a, m_models, format, a.database.isEmpty() ? m_database : a.database, out,
                          err, usageError);
    invocation.compareOptions.renames = renames;
    if (a.command == u"diff") {
        return invocation.diff();
    }
    if (a.command == u"apply") {
        return invocation.apply();
    }
    if (a.command == u"init") {
        return invocation.init();
    }
    return invocation.withHistory();
}

} // namespace orm
