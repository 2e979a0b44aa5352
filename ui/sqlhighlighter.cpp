// SPDX-License-Identifier: MIT
#include "ui/sqlhighlighter.h"

#include "ui/theme.h"

#include <QGuiApplication>
#include <QPalette>
#include <QSet>
#include <QTextBlock>
#include <QTextLayout>

namespace ui {

namespace {

// Block states: inside nothing, or inside a comment or a quote that goes on to the next line.
enum State { Normal = 0, InComment = 1, InString = 2, InIdentifier = 3 };

const QSet<QString> &keywordSet()
{
    static const QSet<QString> set(SqlHighlighter::keywords().cbegin(),
                                   SqlHighlighter::keywords().cend());
    return set;
}

} // namespace

SqlHighlighter::SqlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    updateFormats();
}

const QStringList &SqlHighlighter::keywords()
{
    // Written in lower case, upper-cased once.
    static const QStringList words =
        QStringLiteral(
            "abort add after all alter always analyze and as asc attach autoincrement before "
            "begin between by cascade case cast check collate column commit conflict "
            "constraint create cross current_date current_time current_timestamp database "
            "default deferrable deferred delete desc detach distinct do drop each else end "
            "escape except exclusive exists explain false filter first following for foreign "
            "from full generated glob group having if ilike immediate in index indexed "
            "initially inner insert instead intersect into is isnull join key last left like "
            "limit match materialized natural no not nothing notnull null nulls of offset on "
            "or order others outer over partition plan pragma preceding primary query raise "
            "range recursive references regexp reindex release rename replace restrict "
            "returning right rollback row rows savepoint schema select set show table temp "
            "temporary then to transaction trigger true truncate unbounded union unique "
            "update using vacuum values view virtual when where window with without")
            .toUpper()
            .split(u' ');
    return words;
}

bool SqlHighlighter::isInCommentOrString(const QTextBlock &block, int position)
{
    if (!block.layout())
        return false;
    const int at = position - 1;
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (at >= range.start && at < range.start + range.length)
            return range.format.property(QTextFormat::UserProperty).toBool();
    }
    return false;
}

void SqlHighlighter::updateFormats()
{
    const QPalette palette = QGuiApplication::palette();
    const bool dark = Theme::isDark(palette);
    m_keyword.setForeground(dark ? QColor(0x7a, 0xb4, 0xff) : QColor(0x00, 0x33, 0xb3));
    m_keyword.setFontWeight(QFont::Bold);
    m_string.setForeground(dark ? QColor(0x9c, 0xd6, 0x7a) : QColor(0x06, 0x7d, 0x17));
    m_number.setForeground(dark ? QColor(0xf0, 0xa0, 0x60) : QColor(0x17, 0x50, 0xeb));
    m_comment.setForeground(palette.color(QPalette::PlaceholderText));
    m_comment.setFontItalic(true);
    // Marked so that the editor offers no completion inside them.
    m_string.setProperty(QTextFormat::UserProperty, true);
    m_comment.setProperty(QTextFormat::UserProperty, true);
    m_identifier.setForeground(dark ? QColor(0xd8, 0xa0, 0xe8) : QColor(0x87, 0x10, 0x94));
}

void SqlHighlighter::highlightBlock(const QString &text)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    int state = previousBlockState() < 0 ? Normal : previousBlockState();
    // What goes on from the previous line closes first.
    auto closeQuote = [&](QChar quote, const QTextCharFormat &format, int open) {
        qsizetype j = i;
        while (j < n) {
            if (text[j] == quote) {
                if (j + 1 < n && text[j + 1] == quote) {
                    j += 2;
                    continue;
                }
                setFormat(int(i), int(j + 1 - i), format);
                i = j + 1;
                return true;
            }
            ++j;
        }
        setFormat(int(i), int(n - i), format);
        i = n;
        setCurrentBlockState(open);
        return false;
    };
    setCurrentBlockState(Normal);
    if (state == InComment) {
        const qsizetype end = text.indexOf(QStringLiteral("*/"));
        if (end < 0) {
            setFormat(0, int(n), m_comment);
            setCurrentBlockState(InComment);
            return;
        }
        setFormat(0, int(end + 2), m_comment);
        i = end + 2;
    } else if (state == InString && !closeQuote(u'\'', m_string, InString)) {
        return;
    } else if (state == InIdentifier && !closeQuote(u'"', m_identifier, InIdentifier)) {
        return;
    }
    while (i < n) {
        const QChar c = text[i];
        if (c == u'-' && i + 1 < n && text[i + 1] == u'-') {
            setFormat(int(i), int(n - i), m_comment);
            return;
        }
        if (c == u'/' && i + 1 < n && text[i + 1] == u'*') {
            const qsizetype end = text.indexOf(QStringLiteral("*/"), i + 2);
            if (end < 0) {
                setFormat(int(i), int(n - i), m_comment);
                setCurrentBlockState(InComment);
                return;
            }
            setFormat(int(i), int(end + 2 - i), m_comment);
            i = end + 2;
        } else if (c == u'\'') {
            const qsizetype start = i++;
            if (!closeQuote(u'\'', m_string, InString)) {
                setFormat(int(start), int(n - start), m_string);
                return;
            }
            setFormat(int(start), 1, m_string);
        } else if (c == u'"') {
            const qsizetype start = i++;
            if (!closeQuote(u'"', m_identifier, InIdentifier)) {
                setFormat(int(start), int(n - start), m_identifier);
                return;
            }
            setFormat(int(start), 1, m_identifier);
        } else if (c == u'[' || c == u'`') {
            const qsizetype end = text.indexOf(c == u'[' ? u']' : u'`', i + 1);
            const qsizetype stop = end < 0 ? n : end + 1;
            setFormat(int(i), int(stop - i), m_identifier);
            i = stop;
        } else if (c.isDigit()
                   || (c == u'.' && i + 1 < n && text[i + 1].isDigit()
                       && (i == 0 || !text[i - 1].isLetterOrNumber()))) {
            qsizetype j = i;
            while (j < n
                   && (text[j].isLetterOrNumber() || text[j] == u'.'
                       || ((text[j] == u'+' || text[j] == u'-') && j > i
                           && (text[j - 1] == u'e' || text[j - 1] == u'E'))))
                ++j;
            setFormat(int(i), int(j - i), m_number);
            i = j;
        } else if (c.isLetter() || c == u'_') {
            qsizetype j = i;
            while (j < n && (text[j].isLetterOrNumber() || text[j] == u'_' || text[j] == u'$'))
                ++j;
            if (keywordSet().contains(text.mid(i, j - i).toUpper()))
                setFormat(int(i), int(j - i), m_keyword);
            i = j;
        } else {
            ++i;
        }
    }
}

} // namespace ui
