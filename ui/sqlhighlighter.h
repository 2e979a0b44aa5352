// SPDX-License-Identifier: MIT
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace ui {

// Colours SQL as typed in the console: keywords, strings, numbers, comments (a block comment
// across lines too) and quoted identifiers ("name", [name], `name`). Lexical only: it knows no
// grammar, so a keyword used as a name is coloured as a keyword.
class SqlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit SqlHighlighter(QTextDocument *document);

    // The SQL keywords it colours (upper case), for completion too.
    static const QStringList &keywords();
    // Whether the character before position (in the block) is inside a comment or a string:
    // no completion is offered there.
    static bool isInCommentOrString(const QTextBlock &block, int position);

protected:
    void highlightBlock(const QString &text) override;

private:
    void updateFormats();

    QTextCharFormat m_keyword;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_comment;
    QTextCharFormat m_identifier;
};

} // namespace ui
