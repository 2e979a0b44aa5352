// SPDX-License-Identifier: MIT
#include "orm/drivers/sqlite/createtable_p.h"

namespace orm::detail {

namespace {

struct Token
{
    enum class Kind { Word, Quoted, String, Punctuation };
    Kind kind = Kind::Word;
    qsizetype start = 0;
    qsizetype end = 0; // one past the last character
    QString text; // a word's or punctuation's text; a quoted name without its quotes

    bool is(QStringView word) const
    {
        return kind == Kind::Word && text.compare(word, Qt::CaseInsensitive) == 0;
    }
    bool isPunctuation(QChar c) const
    {
        return kind == Kind::Punctuation && text.size() == 1 && text.front() == c;
    }
    bool isName() const { return kind != Kind::Punctuation; }
};

// The text between quotes, with doubled closing quotes made single.
QString unquoted(QStringView text, QChar close)
{
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        out += text.at(i);
        if (text.at(i) == close && i + 1 < text.size() && text.at(i + 1) == close) {
            ++i;
        }
    }
    return out;
}

QList<Token> tokenize(const QString &sql)
{
    QList<Token> tokens;
    const qsizetype n = sql.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = sql.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == u'-' && i + 1 < n && sql.at(i + 1) == u'-') {
            const qsizetype eol = sql.indexOf(u'\n', i);
            i = eol < 0 ? n : eol + 1;
        } else if (c == u'/' && i + 1 < n && sql.at(i + 1) == u'*') {
            const qsizetype close = sql.indexOf(QStringLiteral("*/"), i + 2);
            i = close < 0 ? n : close + 2;
        } else if (c == u'"' || c == u'`' || c == u'[' || c == u'\'') {
            const QChar close = c == u'[' ? QChar(u']') : c;
            qsizetype j = i + 1;
            while (j < n) {
                if (sql.at(j) == close) {
                    if (close != u']' && j + 1 < n && sql.at(j + 1) == close) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            Token t;
            t.kind = c == u'\'' ? Token::Kind::String : Token::Kind::Quoted;
            t.start = i;
            t.end = std::min(j + 1, n);
            t.text = unquoted(QStringView(sql).mid(i + 1, j - i - 1), close);
            tokens << t;
            i = t.end;
        } else if (c.isLetterOrNumber() || c == u'_' || c == u'$' || c.unicode() > 0x7f) {
            qsizetype j = i;
            while (j < n
                   && (sql.at(j).isLetterOrNumber() || sql.at(j) == u'_' || sql.at(j) == u'$'
                       || sql.at(j).unicode() > 0x7f)) {
                ++j;
            }
            tokens << Token {Token::Kind::Word, i, j, sql.mid(i, j - i)};
            i = j;
        } else {
            tokens << Token {Token::Kind::Punctuation, i, i + 1, QString(c)};
            ++i;
        }
    }
    return tokens;
}

// The index of the parenthesis that closes the one at open, or -1.
qsizetype closing(const QList<Token> &tokens, qsizetype open)
{
    int depth = 0;
    for (qsizetype i = open; i < tokens.size(); ++i) {
        if (tokens.at(i).isPunctuation(u'(')) {
            ++depth;
        } else if (tokens.at(i).isPunctuation(u')') && --depth == 0) {
            return i;
        }
    }
    return -1;
}

// The names of a parenthesised list ("(a COLLATE NOCASE, "b" DESC)": a, b).
QStringList nameList(const QList<Token> &tokens, qsizetype open, qsizetype close)
{
    QStringList names;
    bool expectName = true;
    int depth = 0;
    for (qsizetype i = open + 1; i < close; ++i) {
        const Token &t = tokens.at(i);
        if (t.isPunctuation(u'(')) {
            ++depth;
        } else if (t.isPunctuation(u')')) {
            --depth;
        } else if (depth == 0 && t.isPunctuation(u',')) {
            expectName = true;
        } else if (expectName && depth == 0 && t.isName()) {
            names << t.text;
            expectName = false;
        }
    }
    return names;
}

// A foreign key's REFERENCES clause at tokens[at] (the word REFERENCES) up to end: the referred
// table and the deferrability.
ForeignKeyClauses references(const QList<Token> &tokens, qsizetype at, qsizetype end,
                             const QStringList &columns)
{
    ForeignKeyClauses fk;
    fk.columns = columns;
    if (at + 1 < end && tokens.at(at + 1).isName()) {
        fk.referredTable = tokens.at(at + 1).text;
    }
    int depth = 0;
    for (qsizetype i = at + 2; i < end; ++i) {
        const Token &t = tokens.at(i);
        if (t.isPunctuation(u'(')) {
            ++depth;
        } else if (t.isPunctuation(u')')) {
            --depth;
        } else if (depth > 0) {
            continue;
        } else if (t.is(u"NOT") && i + 1 < end && tokens.at(i + 1).is(u"DEFERRABLE")) {
            fk.deferrable = ForeignKey::Deferrable::No; // whatever INITIALLY says (SQLite's)
            break;
        } else if (t.is(u"DEFERRABLE")) {
            const bool deferred = i + 2 < end && tokens.at(i + 1).is(u"INITIALLY")
                && tokens.at(i + 2).is(u"DEFERRED");
            fk.deferrable = deferred ? ForeignKey::Deferrable::InitiallyDeferred
                                     : ForeignKey::Deferrable::InitiallyImmediate;
            break;
        } else if (t.is(u"REFERENCES")) {
            break; // another column constraint's
        }
    }
    return fk;
}

// A column definition, tokens[begin, end): its name, COLLATE, AS (…) and REFERENCES.
void columnDefinition(const QString &sql, const QList<Token> &tokens, qsizetype begin,
                      qsizetype end, CreateTableClauses *out)
{
    ColumnClauses column;
    column.name = tokens.at(begin).text;
    for (qsizetype i = begin + 1; i < end; ++i) {
        const Token &t = tokens.at(i);
        if (t.isPunctuation(u'(')) {
            i = closing(tokens, i); // a type's arguments, a CHECK's or a DEFAULT's expression
            if (i < 0) {
                break;
            }
        } else if (t.is(u"COLLATE") && i + 1 < end && tokens.at(i + 1).isName()) {
            column.collation = tokens.at(++i).text;
        } else if (t.is(u"AS") && i + 1 < end && tokens.at(i + 1).isPunctuation(u'(')) {
            const qsizetype close = closing(tokens, i + 1);
            if (close < 0) {
                break;
            }
            const qsizetype from = tokens.at(i + 1).end;
            column.generatedExpression = sql.mid(from, tokens.at(close).start - from).trimmed();
            column.generatedStored = close + 1 < end && tokens.at(close + 1).is(u"STORED");
            i = close;
        } else if (t.is(u"REFERENCES")) {
            out->foreignKeys << references(tokens, i, end, {column.name});
        }
    }
    out->columns << column;
}

// A table constraint, tokens[begin, end): what it says of foreign keys.
void tableConstraint(const QList<Token> &tokens, qsizetype begin, qsizetype end,
                     CreateTableClauses *out)
{
    qsizetype i = begin;
    if (tokens.at(i).is(u"CONSTRAINT")) {
        i += 2;
    }
    if (i + 2 >= end || !tokens.at(i).is(u"FOREIGN") || !tokens.at(i + 1).is(u"KEY")
        || !tokens.at(i + 2).isPunctuation(u'(')) {
        return;
    }
    const qsizetype close = closing(tokens, i + 2);
    if (close < 0 || close + 1 >= end || !tokens.at(close + 1).is(u"REFERENCES")) {
        return;
    }
    out->foreignKeys << references(tokens, close + 1, end, nameList(tokens, i + 2, close));
}

bool isTableConstraint(const Token &t)
{
    return t.kind == Token::Kind::Word
        && (t.is(u"CONSTRAINT") || t.is(u"PRIMARY") || t.is(u"UNIQUE") || t.is(u"CHECK")
            || t.is(u"FOREIGN"));
}

} // namespace

const ColumnClauses *CreateTableClauses::column(const QString &name) const
{
    for (const ColumnClauses &c : columns) {
        if (c.name.compare(name, Qt::CaseInsensitive) == 0) {
            return &c;
        }
    }
    return nullptr;
}

CreateTableClauses parseCreateTable(const QString &sql)
{
    CreateTableClauses out;
    const QList<Token> tokens = tokenize(sql);
    if (tokens.size() < 4 || !tokens.at(0).is(u"CREATE")) {
        return out;
    }
    qsizetype open = -1;
    for (qsizetype i = 1; i < tokens.size(); ++i) {
        if (tokens.at(i).is(u"AS")) {
            return out; // CREATE TABLE … AS SELECT: SQLite keeps no such text
        }
        if (tokens.at(i).isPunctuation(u'(')) {
            open = i;
            break;
        }
    }
    const qsizetype close = open < 0 ? -1 : closing(tokens, open);
    if (close < 0) {
        return out;
    }
    // The definitions, split at the commas between them.
    qsizetype begin = open + 1;
    int depth = 0;
    for (qsizetype i = open + 1; i <= close; ++i) {
        const Token &t = tokens.at(i);
        if (t.isPunctuation(u'(')) {
            ++depth;
        } else if (t.isPunctuation(u')') && i < close) {
            --depth;
        } else if (depth == 0 && (t.isPunctuation(u',') || i == close)) {
            if (i > begin) {
                if (isTableConstraint(tokens.at(begin))) {
                    tableConstraint(tokens, begin, i, &out);
                } else if (tokens.at(begin).isName()) {
                    columnDefinition(sql, tokens, begin, i, &out);
                }
            }
            begin = i + 1;
        }
    }
    for (qsizetype i = close + 1; i < tokens.size(); ++i) {
        if (tokens.at(i).is(u"WITHOUT") && i + 1 < tokens.size() && tokens.at(i + 1).is(u"ROWID")) {
            out.withoutRowid = true;
        } else if (tokens.at(i).is(u"STRICT")) {
            out.strict = true;
        }
    }
    out.valid = true;
    return out;
}

} // namespace orm::detail
