// SPDX-License-Identifier: MIT
#include "ui/sqleditor.h"

#include "ui/sqlhighlighter.h"
#include "ui/theme.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>

namespace ui {

SqlEditor::SqlEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_highlighter(new SqlHighlighter(document()))
    , m_completer(new QCompleter(this))
    , m_words(new QStringListModel(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setPlaceholderText(tr("Type SQL here; Ctrl+Return runs it (the selection, if any)"));
    m_completer->setModel(m_words);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setModelSorting(QCompleter::CaseInsensitivelySortedModel);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setWidget(this);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &SqlEditor::insertCompletion);
    setCompletions({});
}

void SqlEditor::setCompletions(const QStringList &names)
{
    QStringList words = names;
    words += SqlHighlighter::keywords();
    words.removeDuplicates();
    std::sort(words.begin(), words.end(), [](const QString &a, const QString &b) {
        return a.compare(b, Qt::CaseInsensitive) < 0;
    });
    m_words->setStringList(words);
}

QString SqlEditor::textToRun(int *offset) const
{
    const QTextCursor cursor = textCursor();
    if (cursor.hasSelection()) {
        *offset = cursor.selectionStart();
        // A selection separates paragraphs with U+2029.
        return cursor.selectedText().replace(QChar::ParagraphSeparator, u'\n');
    }
    *offset = 0;
    return toPlainText();
}

void SqlEditor::markError(int position)
{
    QTextCursor cursor(document());
    cursor.setPosition(qBound(0, position, document()->characterCount() - 1));
    QTextCursor word = cursor;
    word.movePosition(QTextCursor::EndOfWord, QTextCursor::KeepAnchor);
    if (!word.hasSelection() || word.selectedText().trimmed().isEmpty()) {
        word = cursor;
        if (!word.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor)) {
            // At the end of the text: mark the character before.
            word.movePosition(QTextCursor::PreviousCharacter, QTextCursor::KeepAnchor);
        }
    }
    QTextEdit::ExtraSelection mark;
    mark.cursor = word;
    mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    mark.format.setUnderlineColor(Theme::errorColor(palette()));
    mark.format.setBackground(Theme::tint(palette(), Theme::errorColor(palette())));
    setExtraSelections({mark});
    setTextCursor(cursor);
    ensureCursorVisible();
}

void SqlEditor::clearErrorMark()
{
    setExtraSelections({});
}

QString SqlEditor::wordBeforeCursor() const
{
    const QTextCursor cursor = textCursor();
    const QString line = cursor.block().text();
    int start = cursor.positionInBlock();
    const int end = start;
    while (start > 0 && (line.at(start - 1).isLetterOrNumber() || line.at(start - 1) == u'_'))
        --start;
    return line.mid(start, end - start);
}

void SqlEditor::insertCompletion(const QString &completion)
{
    QTextCursor cursor = textCursor();
    const int typed = int(m_completer->completionPrefix().size());
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, typed);
    cursor.insertText(completion);
    setTextCursor(cursor);
}

void SqlEditor::updateCompleter(bool forced)
{
    const QString prefix = wordBeforeCursor();
    const QTextCursor cursor = textCursor();
    if ((!forced && prefix.size() < 2)
        || SqlHighlighter::isInCommentOrString(cursor.block(), cursor.positionInBlock())) {
        m_completer->popup()->hide();
        return;
    }
    if (prefix != m_completer->completionPrefix()) {
        m_completer->setCompletionPrefix(prefix);
        m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    }
    // Nothing to offer, or the word is already whole: no popup.
    if (m_completer->completionCount() == 0
        || (m_completer->completionCount() == 1
            && m_completer->currentCompletion().compare(prefix, Qt::CaseInsensitive) == 0)) {
        m_completer->popup()->hide();
        return;
    }
    QRect rect = cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0)
                  + m_completer->popup()->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
}

void SqlEditor::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers().testFlag(Qt::ControlModifier);
    const bool popup = m_completer->popup()->isVisible();
    if (ctrl && (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)) {
        m_completer->popup()->hide();
        Q_EMIT runRequested();
        return;
    }
    if (popup) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore(); // the completer takes them
            return;
        default:
            break;
        }
    }
    if (ctrl && (event->key() == Qt::Key_Up || event->key() == Qt::Key_Down)) {
        Q_EMIT historyRequested(event->key() == Qt::Key_Up ? -1 : 1);
        return;
    }
    if (ctrl && event->key() == Qt::Key_Space) {
        updateCompleter(true);
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
    if (hasErrorMark() && !event->text().isEmpty())
        clearErrorMark(); // the text changed under the mark
    const QString typed = event->text();
    if (!typed.isEmpty() && (typed.at(0).isLetterOrNumber() || typed.at(0) == u'_'))
        updateCompleter(false);
    else if (popup)
        m_completer->popup()->hide();
}

void SqlEditor::focusInEvent(QFocusEvent *event)
{
    m_completer->setWidget(this);
    QPlainTextEdit::focusInEvent(event);
}

} // namespace ui
