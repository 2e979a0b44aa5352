// SPDX-License-Identifier: MIT
// What the SQL console asks of a PostgreSQL server: its quotes (dollar-quoted bodies, E'…'
// strings, nested comments), which statements write (by their words: the server has no
// read-only flag for a statement before it runs), where an error lies
// (PG_DIAG_STATEMENT_POSITION), and EXPLAIN.
#include "orm/drivers/postgresql/pgconnection.h"
#include "orm/engine/consoledriver.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace orm::postgresql {

namespace {

class ConsoleDriver final : public orm::ConsoleDriver
{
public:
    explicit ConsoleDriver(Connection &connection)
        : m_connection(connection)
    { }

    SqlSyntax syntax() const override
    {
        SqlSyntax s;
        s.dollarQuotes = true;
        s.escapeStrings = true;
        s.nestedComments = true;
        return s;
    }

    bool writes(const QString &statement) override;

    int errorPosition(const QString &) const override { return m_connection.lastErrorPosition(); }

    // A reader never holds a writer off on a server (MVCC).
    bool openResultHoldsOffWriters() override { return false; }

    // A server's refusals (permissions, read-only transactions) say why themselves.
    QString refusal(const QString &, const Error *) const override { return {}; }

    std::optional<QStringList> plan(const QString &statement, Error *error) override
    {
        orm::Statement st = m_connection.prepare(QStringLiteral("EXPLAIN ") + statement);
        QStringList lines;
        while (st.isValid() && st.next())
            lines.append(st.text(0));
        if (!st.isValid() || st.hasError()) {
            *error = m_connection.lastError();
            return std::nullopt;
        }
        return lines;
    }

private:
    Connection &m_connection;
};

bool ConsoleDriver::writes(const QString &statement)
{
    static const QRegularExpression first(
        QStringLiteral("^(?:\\s|--[^\\n]*\\n?|/\\*.*?\\*/)*(\\w+)"),
        QRegularExpression::DotMatchesEverythingOption);
    const QString keyword = first.match(statement).captured(1).toUpper();
    // Statements that cannot run inside a transaction block run on their own.
    static const QRegularExpression outside(
        QStringLiteral("^\\s*(CREATE|DROP)\\s+(DATABASE|TABLESPACE)\\b|\\bCONCURRENTLY\\b|"
                       "^\\s*ALTER\\s+SYSTEM\\b"),
        QRegularExpression::CaseInsensitiveOption);
    if (outside.match(statement).hasMatch())
        return false;
    static const QStringList reads {
        u"SELECT"_s,  u"VALUES"_s,  u"TABLE"_s,    u"SHOW"_s,     u"EXPLAIN"_s, u"BEGIN"_s,
        u"START"_s,   u"COMMIT"_s,  u"END"_s,      u"ROLLBACK"_s, u"ABORT"_s,   u"SAVEPOINT"_s,
        u"RELEASE"_s, u"SET"_s,     u"RESET"_s,    u"VACUUM"_s,   u"ANALYZE"_s, u"CHECKPOINT"_s,
        u"DISCARD"_s, u"LISTEN"_s,  u"UNLISTEN"_s, u"NOTIFY"_s,   u"PREPARE"_s, u"DEALLOCATE"_s,
        u"FETCH"_s,   u"DECLARE"_s, u"CLOSE"_s,    u"MOVE"_s,     u"LOAD"_s,    u"WITH"_s,
    };
    if (!reads.contains(keyword))
        return true;
    // A query that writes after all: a data-modifying WITH, SELECT … INTO, a row lock.
    static const QRegularExpression writing(
        QStringLiteral("\\b(INSERT|UPDATE|DELETE|MERGE|INTO)\\b|\\bFOR\\s+(NO\\s+KEY\\s+)?"
                       "(UPDATE|SHARE)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    // EXPLAIN ANALYZE runs its statement: it writes when that does.
    static const QRegularExpression analyzed(QStringLiteral("^\\s*EXPLAIN\\b.*\\bANALY[SZ]E\\b"),
                                             QRegularExpression::CaseInsensitiveOption
                                                 | QRegularExpression::DotMatchesEverythingOption);
    if (keyword == u"EXPLAIN")
        return analyzed.match(statement).hasMatch() && writing.match(statement).hasMatch();
    return (keyword == u"SELECT" || keyword == u"WITH") && writing.match(statement).hasMatch();
}

} // namespace

std::unique_ptr<orm::ConsoleDriver> consoleDriver(Connection &connection)
{
    return std::make_unique<ConsoleDriver>(connection);
}

} // namespace orm::postgresql
