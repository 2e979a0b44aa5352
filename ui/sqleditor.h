// SPDX-License-Identifier: MIT
#pragma once

#include <QPlainTextEdit>

class QCompleter;
class QStringListModel;

namespace ui {

class SqlHighlighter;

// The SQL console's editor: highlighted SQL, completion of table and column names (and
// keywords) as a word is typed or on Ctrl+Space, Ctrl+Return to run, Ctrl+Up / Ctrl+Down to
// go through the history, and an error's place marked (a wavy underline, the cursor there).
class SqlEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit SqlEditor(QWidget *parent = nullptr);

    // The words offered (names of tables and columns); keywords are added.
    void setCompletions(const QStringList &names);
    QCompleter *completer() const { return m_completer; }
    // What Run runs: the selection if there is one, else the whole text; *offset receives its
    // start in the document.
    QString textToRun(int *offset) const;
    // Underlines the word at position (characters into the document), moves the cursor there.
    void markError(int position);
    void clearErrorMark();
    bool hasErrorMark() const { return !extraSelections().isEmpty(); }

Q_SIGNALS:
    void runRequested();
    // Ctrl+Up: step -1 (older), Ctrl+Down: +1 (newer).
    void historyRequested(int step);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;

private:
    QString wordBeforeCursor() const;
    void insertCompletion(const QString &completion);
    void updateCompleter(bool forced);

    SqlHighlighter *m_highlighter;
    QCompleter *m_completer;
    QStringListModel *m_words;
};

} // namespace ui
