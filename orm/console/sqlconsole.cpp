// SPDX-License-Identifier: MIT
#include "orm/console/sqlconsole.h"

#include <QElapsedTimer>

#include <utility>

namespace orm {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

// Cuts text into statements. One pass over the characters: quotes and comments are skipped
// whole, words are read to follow CREATE TRIGGER bodies (BEGIN … END, with CASE … END inside).
class Splitter
{
public:
    Splitter(QStringView text, const SqlSyntax &syntax)
        : m_text(text)
        , m_syntax(syntax)
    { }

    std::vector<SqlConsole::Span> split()
    {
        const qsizetype n = m_text.size();
        qsizetype i = 0;
        while (i < n) {
            const QChar c = m_text[i];
            if (c.isSpace()) {
                ++i;
            } else if (c == u'-' && at(i + 1) == u'-') {
                i = skipLineComment(i);
            } else if (c == u'/' && at(i + 1) == u'*') {
                i = skipBlockComment(i);
            } else if (c == u';') {
                if (m_blockDepth > 0) {
                    i = token(i, i + 1);
                } else {
                    endStatement();
                    ++i;
                }
            } else if (c == u'\'') {
                const bool escapes = m_syntax.escapeStrings && i > 0
                    && (m_text[i - 1] == u'E' || m_text[i - 1] == u'e')
                    && (i < 2 || !isWordChar(m_text[i - 2]));
                i = token(i, skipQuoted(i, u'\'', escapes));
            } else if (c == u'"') {
                i = token(i, skipQuoted(i, u'"', false));
            } else if (c == u'`' && m_syntax.backtickIdentifiers) {
                i = token(i, skipQuoted(i, u'`', false));
            } else if (c == u'[' && m_syntax.bracketIdentifiers) {
                i = token(i, skipTo(i + 1, u"]"));
            } else if (c == u'$' && m_syntax.dollarQuotes && dollarTagLength(i) > 0) {
                const qsizetype tag = dollarTagLength(i);
                i = token(i, skipTo(i + tag, m_text.mid(i, tag)));
            } else if (isWordChar(c)) {
                qsizetype end = i + 1;
                while (end < n && isWordChar(m_text[end]))
                    ++end;
                word(m_text.mid(i, end - i));
                i = token(i, end);
            } else {
                i = token(i, i + 1);
            }
        }
        endStatement();
        return std::move(m_spans);
    }

private:
    QChar at(qsizetype i) const { return i < m_text.size() ? m_text[i] : QChar(); }

    // A token from start to end: part of the statement being read.
    qsizetype token(qsizetype start, qsizetype end)
    {
        if (m_start < 0)
            m_start = start;
        m_end = end;
        return end;
    }

    void endStatement()
    {
        if (m_start >= 0)
            m_spans.push_back({m_start, m_end - m_start});
        m_start = -1;
        m_words = 0;
        m_trigger = false;
        m_blockDepth = 0;
    }

    void word(QStringView w)
    {
        ++m_words;
        if (m_words <= 4 && w.compare(u"TRIGGER", Qt::CaseInsensitive) == 0
            && m_syntax.triggerBodies && m_firstWordIsCreate) {
            m_trigger = true;
        }
        if (m_words == 1)
            m_firstWordIsCreate = w.compare(u"CREATE", Qt::CaseInsensitive) == 0;
        if (!m_trigger)
            return;
        if (w.compare(u"BEGIN", Qt::CaseInsensitive) == 0
            || (m_blockDepth > 0 && w.compare(u"CASE", Qt::CaseInsensitive) == 0)) {
            ++m_blockDepth;
        } else if (m_blockDepth > 0 && w.compare(u"END", Qt::CaseInsensitive) == 0) {
            --m_blockDepth;
        }
    }

    qsizetype skipLineComment(qsizetype i) const
    {
        while (i < m_text.size() && m_text[i] != u'\n')
            ++i;
        return i;
    }

    qsizetype skipBlockComment(qsizetype i) const
    {
        int depth = 0;
        while (i < m_text.size()) {
            if (m_text[i] == u'/' && at(i + 1) == u'*' && (depth == 0 || m_syntax.nestedComments)) {
                ++depth;
                i += 2;
            } else if (m_text[i] == u'*' && at(i + 1) == u'/') {
                i += 2;
                if (--depth == 0)
                    return i;
            } else {
                ++i;
            }
        }
        return i; // unterminated: the rest of the text
    }

    // Past a quoted text whose quote is doubled inside (and, with escapes, after a backslash).
    qsizetype skipQuoted(qsizetype i, QChar quote, bool escapes) const
    {
        ++i;
        while (i < m_text.size()) {
            if (escapes && m_text[i] == u'\\') {
                i += 2;
            } else if (m_text[i] == quote) {
                if (at(i + 1) != quote)
                    return i + 1;
                i += 2;
            } else {
                ++i;
            }
        }
        return i;
    }

    qsizetype skipTo(qsizetype i, QStringView closing) const
    {
        const qsizetype found = m_text.indexOf(closing, i);
        return found < 0 ? m_text.size() : found + closing.size();
    }

    // The length of a dollar quote's opening `$tag$` at i (0: none; `$1` is a parameter).
    qsizetype dollarTagLength(qsizetype i) const
    {
        if (i > 0 && isWordChar(m_text[i - 1]))
            return 0;
        qsizetype j = i + 1;
        if (j < m_text.size() && m_text[j].isDigit())
            return 0;
        while (j < m_text.size() && (m_text[j].isLetterOrNumber() || m_text[j] == u'_'))
            ++j;
        return at(j) == u'$' ? j + 1 - i : 0;
    }

    QStringView m_text;
    SqlSyntax m_syntax;
    std::vector<SqlConsole::Span> m_spans;
    qsizetype m_start = -1;
    qsizetype m_end = -1;
    int m_words = 0;
    bool m_firstWordIsCreate = false;
    bool m_trigger = false;
    int m_blockDepth = 0;
};

bool changesSchema(const QString &keyword)
{
    return keyword == u"CREATE" || keyword == u"ALTER" || keyword == u"DROP";
}

} // namespace

SqlConsole::~SqlConsole()
{
    close();
}

bool SqlConsole::open(const DatabaseUrl &url, const ConnectionOptions &options)
{
    close();
    m_lastError = Error();
    m_connection = Connection::open(url, options, &m_lastError);
    if (!m_connection)
        return false;
    m_driver = consoleDriver(*m_connection);
    const std::lock_guard lock(m_interruptMutex);
    m_interruptible = m_connection.get();
    return true;
}

void SqlConsole::close()
{
    if (!m_connection)
        return;
    {
        const std::lock_guard lock(m_interruptMutex);
        m_interruptible = nullptr;
    }
    m_expectsTransaction = false;
    m_lostTransaction = false;
    closeResult();
    if (m_connection->inTransaction())
        m_connection->rollback();
    m_driver.reset();
    m_connection.reset();
}

std::vector<SqlConsole::Span> SqlConsole::split(QStringView text, const SqlSyntax &syntax)
{
    return Splitter(text, syntax).split();
}

std::vector<SqlConsole::Span> SqlConsole::split(QStringView text) const
{
    return split(text, m_driver ? m_driver->syntax() : SqlSyntax());
}

QString SqlConsole::firstKeyword(QStringView statement)
{
    const auto spans = split(statement, SqlSyntax());
    if (spans.empty())
        return {};
    QStringView rest = statement.mid(spans.front().offset);
    qsizetype end = 0;
    while (end < rest.size() && (rest[end].isLetterOrNumber() || rest[end] == u'_'))
        ++end;
    return rest.left(end).toString().toUpper();
}

SqlConsole::Result SqlConsole::run(const QString &statement)
{
    Result result;
    if (!m_connection) {
        result.error = Error(Error::Kind::Usage, QStringLiteral("The console is not connected"));
        return result;
    }
    closeResult();
    m_interrupted = false;
    QElapsedTimer timer;
    timer.start();
    const QString keyword = firstKeyword(statement);
    // A COMMIT or ROLLBACK typed in the console ended it as the person meant.
    if (m_expectsTransaction && !m_connection->inTransaction())
        m_expectsTransaction = false;
    if (!m_connection->inTransaction() && m_driver->writes(statement)) {
        if (!m_connection->begin(Connection::TransactionMode::Immediate)) {
            result.error = m_connection->lastError();
            result.elapsedNs = timer.nsecsElapsed();
            return result;
        }
        result.beganTransaction = true;
        m_expectsTransaction = true;
        m_lostTransaction = false;
    }
    Statement st = m_connection->prepare(statement);
    bool ok = st.isValid();
    if (ok) {
        st.setFetch(Fetch::RowByRow);
        if (st.next()) {
            QVariantList row;
            row.reserve(st.columnCount());
            for (int c = 0; c < st.columnCount(); ++c)
                row.append(st.value(c));
            m_firstRow = std::move(row);
        }
        ok = !st.hasError();
    }
    result.elapsedNs = timer.nsecsElapsed();
    if (!ok) {
        result.error = m_connection->lastError();
        markCancelled(&result.error);
        result.errorPosition = m_driver->errorPosition(statement);
        result.refusal = m_driver->refusal(statement, &result.error);
        m_firstRow.reset();
        st = Statement();
        // A transaction opened for this statement alone holds nothing: it goes with it.
        if (result.beganTransaction && m_connection->inTransaction())
            m_connection->rollback();
        result.endedTransaction =
            !result.beganTransaction && m_expectsTransaction && !m_connection->inTransaction();
        if (result.endedTransaction)
            m_lostTransaction = true;
        if (result.beganTransaction || result.endedTransaction)
            m_expectsTransaction = false;
        result.beganTransaction = false;
        return result;
    }
    result.ok = true;
    result.refusal = m_driver->refusal(statement, nullptr);
    result.schemaChanged = changesSchema(keyword);
    result.hasColumns = st.columnCount() > 0;
    for (int c = 0; c < st.columnCount(); ++c)
        result.columns.append(st.columnName(c));
    if (m_firstRow)
        m_open = std::move(st);
    else
        result.changes = result.hasColumns || result.schemaChanged ? 0 : st.changes();
    return result;
}

std::optional<QList<QVariantList>> SqlConsole::fetch(int count)
{
    m_interrupted = false;
    QList<QVariantList> rows;
    if (m_firstRow) {
        rows.append(std::move(*m_firstRow));
        m_firstRow.reset();
    }
    while (m_open.isValid() && rows.size() < count) {
        if (!m_open.next()) {
            const bool failed = m_open.hasError();
            closeResult();
            if (failed) {
                m_lastError = m_connection->lastError();
                markCancelled(&m_lastError);
                return std::nullopt;
            }
            break;
        }
        QVariantList row;
        const int columns = m_open.columnCount();
        row.reserve(columns);
        for (int c = 0; c < columns; ++c)
            row.append(m_open.value(c));
        rows.append(std::move(row));
    }
    return rows;
}

void SqlConsole::closeResult()
{
    m_firstRow.reset();
    m_open = Statement();
}

bool SqlConsole::inTransaction() const
{
    return m_connection && m_connection->inTransaction();
}

bool SqlConsole::commit()
{
    closeResult();
    m_expectsTransaction = false;
    if (std::exchange(m_lostTransaction, false)) {
        // Ended under the console (an interrupted write on SQLite): nothing to commit.
        m_lastError = Error(Error::Kind::Sql,
                            QStringLiteral("The transaction had already been rolled back: "
                                           "nothing was committed"));
        return false;
    }
    if (!inTransaction())
        return true;
    if (m_connection->commit())
        return true;
    m_lastError = m_connection->lastError();
    return false;
}

bool SqlConsole::rollback()
{
    m_expectsTransaction = false;
    m_lostTransaction = false;
    closeResult();
    if (!inTransaction())
        return true;
    if (m_connection->rollback())
        return true;
    m_lastError = m_connection->lastError();
    return false;
}

std::optional<QStringList> SqlConsole::plan(const QString &statement)
{
    if (!m_connection)
        return std::nullopt;
    closeResult();
    return m_driver->plan(statement, &m_lastError);
}

void SqlConsole::interrupt()
{
    m_interrupted = true;
    const std::lock_guard lock(m_interruptMutex);
    if (m_interruptible)
        m_interruptible->interrupt();
}

void SqlConsole::markCancelled(Error *error)
{
    if (m_interrupted.exchange(false) && error->kind() != Error::Kind::Cancelled) {
        error->setKind(Error::Kind::Cancelled);
        error->setMessage(QStringLiteral("Cancelled (%1)").arg(error->message()));
    }
}

} // namespace orm
