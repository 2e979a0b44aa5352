// SPDX-License-Identifier: MIT
#include "orm/migrations/migratescript.h"

#include "orm/engine/connection.h"
#include "orm/sql/dialect.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace orm {

namespace {

const QString revisionTable = QStringLiteral("alembic_version");

QString header(const QString &line, const QString &key)
{
    const QString prefix = QStringLiteral("-- %1:").arg(key);
    if (!line.startsWith(prefix)) {
        return QString();
    }
    return line.mid(prefix.size()).trimmed();
}

} // namespace

QStringList MigrationScript::parents() const
{
    return downRevision.isEmpty() ? QStringList() : downRevision.split(QStringLiteral(", "));
}

std::optional<MigrationScript> MigrationScript::parse(const QString &text, Error *error)
{
    MigrationScript script;
    enum class Section { Header, Upgrade, Downgrade } section = Section::Header;
    QString upgrade, downgrade;
    const QStringList lines = text.split(u'\n');
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (line == u"-- upgrade") {
            section = Section::Upgrade;
        } else if (line == u"-- downgrade") {
            section = Section::Downgrade;
        } else if (section == Section::Header) {
            if (const QString v = header(line, QStringLiteral("revision")); !v.isEmpty()) {
                script.revision = v;
            } else if (const QString d = header(line, QStringLiteral("down_revision"));
                       !d.isEmpty()) {
                script.downRevision = d == u"None" ? QString() : d;
            } else if (const QString m = header(line, QStringLiteral("message")); !m.isEmpty()) {
                script.message = m;
            } else if (const QString r = header(line, QStringLiteral("rename")); !r.isEmpty()) {
                script.renames << r;
            } else if (const QString b = header(line, QStringLiteral("branch_labels"));
                       !b.isEmpty() && b != u"None") {
                script.branchLabels = b.split(u',', Qt::SkipEmptyParts);
            } else if (const QString d = header(line, QStringLiteral("depends_on"));
                       !d.isEmpty() && d != u"None") {
                script.dependsOn = d.split(u',', Qt::SkipEmptyParts);
            }
        } else {
            (section == Section::Upgrade ? upgrade : downgrade) += raw + u'\n';
        }
    }
    if (script.revision.isEmpty()) {
        if (error) {
            *error = Error(Error::Kind::Usage,
                           QStringLiteral("The script has no \"-- revision:\" header"));
        }
        return std::nullopt;
    }
    for (QStringList *names : {&script.branchLabels, &script.dependsOn}) {
        for (QString &n : *names) {
            n = n.trimmed();
        }
    }
    script.upgrade = splitSqlStatements(upgrade);
    script.downgrade = splitSqlStatements(downgrade);
    return script;
}

std::optional<MigrationScript> MigrationScript::read(const QString &path, Error *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) {
            *error =
                Error(Error::Kind::Usage, QStringLiteral("%1: %2").arg(path, file.errorString()));
        }
        return std::nullopt;
    }
    auto script = parse(QString::fromUtf8(file.readAll()), error);
    if (script) {
        script->path = path;
    } else if (error) {
        error->setMessage(QStringLiteral("%1: %2").arg(path, error->message()));
    }
    return script;
}

QString MigrationScript::text() const
{
    QString out = QStringLiteral("-- revision: %1\n-- down_revision: %2\n-- message: %3\n")
                      .arg(revision, downRevision.isEmpty() ? QStringLiteral("None") : downRevision,
                           QString(message).replace(u'\n', u' '));
    if (!branchLabels.isEmpty()) {
        out +=
            QStringLiteral("-- branch_labels: %1\n").arg(branchLabels.join(QStringLiteral(", ")));
    }
    if (!dependsOn.isEmpty()) {
        out += QStringLiteral("-- depends_on: %1\n").arg(dependsOn.join(QStringLiteral(", ")));
    }
    for (const QString &r : renames) {
        out += QStringLiteral("-- rename: %1\n").arg(r);
    }
    out += QStringLiteral("-- upgrade\n");
    for (const QString &s : upgrade) {
        out += s + QStringLiteral(";\n");
    }
    out += QStringLiteral("-- downgrade\n");
    for (const QString &s : downgrade) {
        out += s + QStringLiteral(";\n");
    }
    return out;
}

MigrationScript MigrationScript::fromOperations(const QString &revision,
                                                const QString &downRevision, const QString &message,
                                                const MetaData &current,
                                                const QList<MigrationOp> &ops)
{
    return fromOperations(revision, downRevision, message, current, ops, SqliteMigrationDialect());
}

MigrationScript MigrationScript::fromOperations(const QString &revision,
                                                const QString &downRevision, const QString &message,
                                                const MetaData &current,
                                                const QList<MigrationOp> &ops,
                                                const MigrationDialect &dialect)
{
    MigrationScript script;
    script.revision = revision;
    script.downRevision = downRevision;
    script.message = message;
    script.upgrade = dialect.statements(current, ops);
    for (const MigrationOp &op : ops) {
        if (op.kind == MigrationOp::Kind::RenameTable) {
            script.renames << QStringLiteral("%1:%2").arg(op.table, op.newName);
        } else if (op.kind == MigrationOp::Kind::RenameColumn) {
            script.renames
                << QStringLiteral("%1.%2:%3").arg(op.table, op.oldColumn.name, op.column.name);
        }
    }
    script.downgrade = dialect.statements(applyToSchema(normalizedSchema(current), ops),
                                          reverseOperations(current, ops));
    return script;
}

QList<MigrationOp> reverseOperations(const MetaData &current, const QList<MigrationOp> &ops)
{
    // From the schema after the upgrade to the one before, renames reversed.
    const MetaData after = applyToSchema(normalizedSchema(current), ops);
    CompareOptions back;
    for (const MigrationOp &op : ops) {
        if (op.kind == MigrationOp::Kind::RenameTable) {
            back.renames << RenameHint {QString(), op.newName, op.table};
        } else if (op.kind == MigrationOp::Kind::RenameColumn) {
            back.renames << RenameHint {op.table, op.column.name, op.oldColumn.name};
        }
    }
    return compareSchemas(after, current, back);
}

std::optional<MigrationScript> MigrationScript::parseAlembic(const QString &text)
{
    // Module-level assignments, as Alembic's own script reading finds them.
    static const QRegularExpression revisionLine(
        QStringLiteral("^revision\\s*(?::\\s*str\\s*)?=\\s*['\"]([^'\"]+)['\"]"),
        QRegularExpression::MultilineOption);
    static const QRegularExpression downLine(
        QStringLiteral("^down_revision\\s*(?::[^=]*)?=\\s*(.+)$"),
        QRegularExpression::MultilineOption);
    static const QRegularExpression quoted(QStringLiteral("['\"]([^'\"]+)['\"]"));
    const QRegularExpressionMatch r = revisionLine.match(text);
    if (!r.hasMatch()) {
        return std::nullopt;
    }
    MigrationScript script;
    script.format = Format::Alembic;
    script.revision = r.captured(1);
    const QString down = downLine.match(text).captured(1).trimmed();
    QStringList parents;
    for (auto it = quoted.globalMatch(down); it.hasNext();) {
        parents << it.next().captured(1);
    }
    // A merge's (a tuple of revisions) joined as the SQL header writes them.
    script.downRevision = parents.join(QStringLiteral(", "));
    // branch_labels and depends_on: None, a string, or a tuple or list of strings.
    static const QRegularExpression labelsLine(
        QStringLiteral("^branch_labels\\s*(?::[^=]*)?=\\s*(.+)$"),
        QRegularExpression::MultilineOption);
    static const QRegularExpression dependsLine(
        QStringLiteral("^depends_on\\s*(?::[^=]*)?=\\s*(.+)$"),
        QRegularExpression::MultilineOption);
    for (const auto &[line, names] : {std::pair {&labelsLine, &script.branchLabels},
                                      std::pair {&dependsLine, &script.dependsOn}}) {
        const QString value = line->match(text).captured(1).trimmed();
        for (auto it = quoted.globalMatch(value); it.hasNext();) {
            *names << it.next().captured(1);
        }
    }
    // The docstring's first line is the message.
    static const QRegularExpression docstring(QStringLiteral("^\\s*(?:\"\"\"|''')(.*)$"),
                                              QRegularExpression::MultilineOption);
    if (const auto m = docstring.match(text);
        m.hasMatch() && m.capturedStart() < r.capturedStart()) {
        script.message = m.captured(1).trimmed();
    }
    return script;
}

QString MigrationHistory::revisionDirectory(const QString &directory)
{
    const QDir versions(QDir(directory).filePath(QStringLiteral("versions")));
    return versions.exists() ? versions.path() : directory;
}

bool MigrationHistory::load(const QString &directory)
{
    m_chain.clear();
    m_error = Error();
    QDir dir(directory);
    if (!dir.exists()) {
        m_error = Error(Error::Kind::Usage,
                        QStringLiteral("No migrations folder %1 (run \"db init\" first)")
                            .arg(QDir::toNativeSeparators(directory)));
        return false;
    }
    QStringList files;
    for (const QDir &d : {dir, QDir(dir.filePath(QStringLiteral("versions")))}) {
        for (const QString &name : d.entryList({QStringLiteral("*.sql"), QStringLiteral("*.py")},
                                               QDir::Files, QDir::Name)) {
            files << d.filePath(name);
        }
    }
    for (const QString &file : std::as_const(files)) {
        std::optional<MigrationScript> parsed;
        if (file.endsWith(QStringLiteral(".py"))) {
            QFile f(file);
            if (!f.open(QIODevice::ReadOnly)) {
                m_error =
                    Error(Error::Kind::Usage, QStringLiteral("%1: %2").arg(file, f.errorString()));
                return false;
            }
            parsed = MigrationScript::parseAlembic(QString::fromUtf8(f.readAll()));
            if (!parsed) {
                continue; // not a revision (Flask-Migrate's env.py)
            }
            parsed->path = file;
        } else {
            parsed = MigrationScript::read(file, &m_error);
        }
        if (!parsed) {
            return false;
        }
        if (const MigrationScript *twice = script(parsed->revision)) {
            m_error = Error(Error::Kind::Usage,
                            QStringLiteral("Two scripts are revision %1: %2 and %3")
                                .arg(parsed->revision, twice->path, parsed->path));
            m_chain.clear();
            return false;
        }
        m_chain << *parsed;
    }
    // Branch labels name one revision each; depends_on names a revision or a label.
    QHash<QString, QString> labels;
    QSet<QString> revisions;
    for (const MigrationScript &s : std::as_const(m_chain)) {
        revisions.insert(s.revision);
        for (const QString &label : s.branchLabels) {
            if (labels.contains(label)) {
                m_error = Error(Error::Kind::Usage,
                                QStringLiteral("Branch label %1 is on two revisions: %2 and %3")
                                    .arg(label, labels.value(label), s.revision));
                m_chain.clear();
                return false;
            }
            labels.insert(label, s.revision);
        }
    }
    for (MigrationScript &s : m_chain) {
        for (QString &d : s.dependsOn) {
            d = labels.value(d, d);
            if (!revisions.contains(d)) {
                m_error = Error(Error::Kind::Usage,
                                QStringLiteral("Revision %1 depends on %2, which is not in the "
                                               "folder")
                                    .arg(s.revision, d));
                m_chain.clear();
                return false;
            }
        }
    }
    // Parents (and dependencies) before children (Kahn's order; scripts that follow one another
    // keep it).
    QList<MigrationScript> pending = m_chain;
    m_chain.clear();
    QSet<QString> placed {QString()};
    bool progress = true;
    while (!pending.isEmpty() && progress) {
        progress = false;
        for (qsizetype i = 0; i < pending.size(); ++i) {
            const QStringList parents = pending.at(i).parents() + pending.at(i).dependsOn;
            if (std::all_of(parents.cbegin(), parents.cend(),
                            [&](const QString &p) { return placed.contains(p); })) {
                placed.insert(pending.at(i).revision);
                m_chain << pending.takeAt(i);
                progress = true;
                break;
            }
        }
    }
    if (!pending.isEmpty()) {
        m_error = Error(Error::Kind::Usage,
                        QStringLiteral("%1 script(s) do not follow from the first revision "
                                       "(first: %2 follows %3)")
                            .arg(pending.size())
                            .arg(pending.first().revision, pending.first().downRevision));
        m_chain.clear();
        return false;
    }
    return true;
}

const MigrationScript *MigrationHistory::script(const QString &revision) const
{
    for (const MigrationScript &s : m_chain) {
        if (s.revision == revision) {
            return &s;
        }
    }
    return nullptr;
}

QStringList MigrationHistory::children(const QString &revision) const
{
    QStringList out;
    for (const MigrationScript &s : m_chain) {
        if (s.parents().contains(revision)) {
            out << s.revision;
        }
    }
    return out;
}

QStringList MigrationHistory::heads() const
{
    QStringList out;
    for (const MigrationScript &s : m_chain) {
        if (children(s.revision).isEmpty()) {
            out << s.revision;
        }
    }
    return out;
}

QString MigrationHistory::head() const
{
    const QStringList h = heads();
    return h.size() == 1 ? h.first() : QString();
}

QStringList MigrationHistory::branchPoints() const
{
    QStringList out;
    for (const MigrationScript &s : m_chain) {
        if (children(s.revision).size() > 1) {
            out << s.revision;
        }
    }
    return out;
}

QSet<QString> MigrationHistory::ancestors(const QStringList &revisions) const
{
    QSet<QString> out;
    QStringList todo = revisions;
    while (!todo.isEmpty()) {
        const QString r = todo.takeLast();
        if (r.isEmpty() || out.contains(r)) {
            continue;
        }
        out.insert(r);
        if (const MigrationScript *s = script(r)) {
            todo << s->parents() << s->dependsOn;
        }
    }
    return out;
}

QString MigrationHistory::labelledRevision(const QString &label) const
{
    for (const MigrationScript &s : m_chain) {
        if (s.branchLabels.contains(label)) {
            return s.revision;
        }
    }
    return QString();
}

QStringList MigrationHistory::branchHeads(const QString &label) const
{
    const QString labelled = labelledRevision(label);
    QStringList out;
    for (const QString &h : heads()) {
        QSet<QString> line;
        // Its parents only: a head that depends on the labelled revision is not on its line.
        QStringList todo {h};
        while (!todo.isEmpty()) {
            const QString r = todo.takeLast();
            if (!r.isEmpty() && !line.contains(r)) {
                line.insert(r);
                if (const MigrationScript *s = script(r)) {
                    todo << s->parents();
                }
            }
        }
        if (!labelled.isEmpty() && line.contains(labelled)) {
            out << h;
        }
    }
    return out;
}

std::optional<int> MigrationHistory::position(const QString &revision) const
{
    if (revision.isEmpty()) {
        return -1;
    }
    for (int i = 0; i < m_chain.size(); ++i) {
        if (m_chain.at(i).revision == revision) {
            return i;
        }
    }
    return std::nullopt;
}

std::optional<QStringList> currentRevisions(Connection &connection, Error *error)
{
    const auto exists = connection.select(
        connection.dialect().name() == u"sqlite"
            ? QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?")
            : QStringLiteral("SELECT count(*) FROM information_schema.tables "
                             "WHERE table_schema = current_schema() AND table_name = ?"),
        {revisionTable});
    if (!exists) {
        if (error) {
            *error = connection.lastError();
        }
        return std::nullopt;
    }
    if (exists->value(0).value(0).toInt() == 0) {
        return QStringList();
    }
    const auto rows = connection.select(
        QStringLiteral("SELECT version_num FROM alembic_version ORDER BY version_num"));
    if (!rows) {
        if (error) {
            *error = connection.lastError();
        }
        return std::nullopt;
    }
    QStringList out;
    for (const QVariantList &row : *rows) {
        out << row.value(0).toString();
    }
    return out;
}

std::optional<QString> currentRevision(Connection &connection, Error *error)
{
    const auto revisions = currentRevisions(connection, error);
    if (!revisions) {
        return std::nullopt;
    }
    return revisions->value(0);
}

bool setCurrentRevisions(Connection &connection, const QStringList &revisions, Error *error)
{
    // Flask-Migrate's table, as Alembic creates it.
    bool ok =
        connection.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS alembic_version (version_num "
                                       "VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc "
                                       "PRIMARY KEY (version_num))"))
        && connection.exec(QStringLiteral("DELETE FROM alembic_version"));
    for (const QString &revision : revisions) {
        ok = ok
            && connection.exec(
                QStringLiteral("INSERT INTO alembic_version (version_num) VALUES (?)"), {revision});
    }
    if (!ok && error) {
        *error = connection.lastError();
    }
    return ok;
}

bool setCurrentRevision(Connection &connection, const QString &revision, Error *error)
{
    return setCurrentRevisions(connection,
                               revision.isEmpty() ? QStringList() : QStringList {revision}, error);
}

QString newRevisionId()
{
    return QString::number(QRandomGenerator::global()->generate64() & 0xffffffffffffULL, 16)
        .rightJustified(12, u'0');
}

} // namespace orm
