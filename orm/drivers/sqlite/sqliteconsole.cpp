// SPDX-License-Identifier: MIT
// What the SQL console asks of SQLite: its quotes and trigger bodies, whether a statement
// writes (sqlite3_stmt_readonly), where an error lies (sqlite3_error_offset), what defensive
// mode refuses, and EXPLAIN QUERY PLAN.
#include "orm/drivers/sqlite/sqliteconnection.h"
#include "orm/engine/consoledriver.h"

#include <QHash>
#include <QRegularExpression>

#include <sqlite3.h>

namespace orm::sqlite {

namespace {

QString keywordOf(const QString &statement)
{
    static const QRegularExpression first(
        QStringLiteral("^(?:\\s|--[^\\n]*\\n?|/\\*.*?\\*/)*(\\w+)"),
        QRegularExpression::DotMatchesEverythingOption);
    return first.match(statement).captured(1).toUpper();
}

class ConsoleDriver final : public orm::ConsoleDriver
{
public:
    explicit ConsoleDriver(Connection &connection)
        : m_connection(connection)
    { }

    SqlSyntax syntax() const override
    {
        SqlSyntax s;
        s.bracketIdentifiers = true;
        s.backtickIdentifiers = true;
        s.triggerBodies = true;
        return s;
    }

    bool writes(const QString &statement) override
    {
        // These cannot run inside a transaction (VACUUM, ATTACH, DETACH, and pragmas such as
        // journal_mode): they run on their own.
        const QString keyword = keywordOf(statement);
        if (keyword == u"VACUUM" || keyword == u"PRAGMA" || keyword == u"ATTACH"
            || keyword == u"DETACH") {
            return false;
        }
        const QByteArray utf8 = statement.toUtf8();
        sqlite3_stmt *stmt = nullptr;
        const int rc = sqlite3_prepare_v2(m_connection.handle(), utf8.constData(), int(utf8.size()),
                                          &stmt, nullptr);
        const bool writes = rc == SQLITE_OK && stmt && sqlite3_stmt_readonly(stmt) == 0;
        sqlite3_finalize(stmt);
        return writes;
    }

    bool openResultHoldsOffWriters() override
    {
        sqlite3_stmt *stmt = nullptr;
        bool wal = false;
        if (sqlite3_prepare_v2(m_connection.handle(), "PRAGMA journal_mode", -1, &stmt, nullptr)
                == SQLITE_OK
            && sqlite3_step(stmt) == SQLITE_ROW) {
            const auto *mode = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
            wal = mode && qstricmp(mode, "wal") == 0;
        }
        sqlite3_finalize(stmt);
        return !wal;
    }

    int errorPosition(const QString &statement) const override
    {
        const int offset = sqlite3_error_offset(m_connection.handle());
        if (offset >= 0) {
            // SQLite counts bytes of UTF-8.
            return int(QString::fromUtf8(statement.toUtf8().left(offset)).size());
        }
        // SQLite 3.40 places syntax errors and unknown columns, not unknown tables nor text
        // that ends too soon: those are found by what the message names.
        const QString message = m_connection.lastError().message();
        if (message == u"incomplete input")
            return int(statement.trimmed().size());
        static const QRegularExpression named(
            QStringLiteral("^no such (?:table|column|function): (?:main\\.)?(.+)$"));
        const auto match = named.match(message);
        if (!match.hasMatch())
            return -1;
        const QRegularExpression word(QStringLiteral("(?<![\\w.])[\"`\\[]?%1[\"`\\]]?(?!\\w)")
                                          .arg(QRegularExpression::escape(match.captured(1))),
                                      QRegularExpression::CaseInsensitiveOption);
        return int(word.match(statement).capturedStart());
    }

    QString refusal(const QString &statement, const Error *error) const override;
    std::optional<QStringList> plan(const QString &statement, Error *error) override;

private:
    Connection &m_connection;
};

QString ConsoleDriver::refusal(const QString &statement, const Error *error) const
{
    if (!m_connection.options().defensive)
        return {};
    if (error) {
        const QString message = error->message();
        if (message.contains(u"not authorized")
            && statement.contains(u"load_extension", Qt::CaseInsensitive)) {
            return QStringLiteral("Loading extensions is turned off: a file from anywhere "
                                  "could load code through them.");
        }
        if (message.contains(u"may not be modified")) {
            return QStringLiteral("Defensive mode refuses writes to the schema table, which "
                                  "can corrupt the file: use CREATE, ALTER or DROP.");
        }
        if (message.contains(u"unsafe use of")) {
            return QStringLiteral("trusted_schema is off: the file's schema (a view, trigger, "
                                  "default or check) may not call a function that is not "
                                  "marked innocuous.");
        }
        return {};
    }
    // Pragmas defensive mode ignores without an error.
    static const QRegularExpression ignored(
        QStringLiteral("^\\s*PRAGMA\\s+(?:\\w+\\.)?(writable_schema|schema_version|"
                       "journal_mode\\s*=\\s*'?off|legacy_file_format)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    const auto match = ignored.match(statement);
    if (!match.hasMatch())
        return {};
    return QStringLiteral("Defensive mode ignores PRAGMA %1: changing it can corrupt the file.")
        .arg(match.captured(1).section(u' ', 0, 0).section(u'=', 0, 0).toLower());
}

std::optional<QStringList> ConsoleDriver::plan(const QString &statement, Error *error)
{
    orm::Statement st = m_connection.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + statement);
    if (!st.isValid()) {
        *error = m_connection.lastError();
        return std::nullopt;
    }
    // Rows: id, parent, notused, detail; a step is one level below its parent.
    QHash<qint64, int> depth;
    QStringList lines;
    while (st.next()) {
        const qint64 id = st.int64(0);
        const int level = depth.value(st.int64(1), -1) + 1;
        depth.insert(id, level);
        lines.append(QString(level * 2, u' ') + st.text(3));
    }
    if (st.hasError()) {
        *error = m_connection.lastError();
        return std::nullopt;
    }
    return lines;
}

} // namespace

std::unique_ptr<orm::ConsoleDriver> consoleDriver(Connection &connection)
{
    return std::make_unique<ConsoleDriver>(connection);
}

} // namespace orm::sqlite
