// SPDX-License-Identifier: MIT
#include "ui/sqlconsoleview.h"

#include "orm/engine/engine.h"
#include "orm/mapping/entitymeta.h"
#include "orm/mapping/relationship.h"
#include "orm/sql/schema.h"
#include "ui/document.h"
#include "ui/sqleditor.h"
#include "ui/sqlresultmodel.h"
#include "ui/theme.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

constexpr int kHistorySize = 100;

QToolButton *makeButton(const QString &text, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}

// Line and column (from 1) of a position in text.
QPair<int, int> lineAndColumn(const QString &text, int position)
{
    const QStringView before = QStringView(text).left(qBound(0, position, int(text.size())));
    const int line = int(before.count(u'\n')) + 1;
    const int column = int(before.size() - (before.lastIndexOf(u'\n') + 1)) + 1;
    return {line, column};
}

QString formatTime(qint64 ns)
{
    if (ns < 10'000'000)
        return SqlConsoleView::tr("%1 ms").arg(QLocale().toString(double(ns) / 1e6, 'f', 1));
    if (ns < 10'000'000'000)
        return SqlConsoleView::tr("%1 ms").arg(QLocale().toString(ns / 1'000'000));
    return SqlConsoleView::tr("%1 s").arg(QLocale().toString(double(ns) / 1e9, 'f', 1));
}

} // namespace

SqlConsoleView::SqlConsoleView(QWidget *parent)
    : QWidget(parent)
    , m_session(new SqlConsoleSession(this))
    , m_editor(new SqlEditor(this))
    , m_model(new SqlResultModel(m_session, this))
    , m_results(new QTableView(this))
    , m_plan(new QPlainTextEdit(this))
    , m_tabs(new QTabWidget(this))
    , m_message(new QLabel(this))
    , m_history(new QComboBox(this))
{
    setObjectName(u"sqlConsole"_s);
    m_editor->setObjectName(u"sqlConsoleEditor"_s);
    m_run = makeButton(tr("&Run"), tr("Run the statements, or the selection (Ctrl+Return)"), this);
    m_run->setIcon(Theme::icon(Theme::Icon::GoTo));
    m_cancel = makeButton(tr("Cancel"), tr("Stop the statement that runs"), this);
    m_cancel->setIcon(Theme::icon(Theme::Icon::Clear));
    m_commit = makeButton(tr("Co&mmit"), tr("Commit the console's transaction"), this);
    m_commit->setIcon(Theme::icon(Theme::Icon::Commit));
    m_rollback = makeButton(tr("Roll &Back"), tr("Roll back the console's transaction"), this);
    m_rollback->setIcon(Theme::icon(Theme::Icon::Discard));
    m_explain =
        makeButton(tr("E&xplain"), tr("Show how the database runs the first statement"), this);
    m_export = makeButton(tr("Ex&port…"),
                          tr("Write the rows of the last query to a CSV, JSON "
                             "or SQL file"),
                          this);
    m_history->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_history->setMinimumContentsLength(24);
    m_history->setToolTip(tr("Statements run on this database (Ctrl+Up / Ctrl+Down)"));
    m_history->setPlaceholderText(tr("History"));

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    for (QToolButton *button : {m_run, m_cancel, m_commit, m_rollback, m_explain, m_export})
        bar->addWidget(button);
    bar->addStretch(1);
    bar->addWidget(m_history, 2);

    m_results->setModel(m_model);
    m_results->setObjectName(u"sqlConsoleResults"_s);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_results->setWordWrap(false);
    m_results->verticalHeader()->setDefaultSectionSize(
        m_results->verticalHeader()->minimumSectionSize());
    auto *copy = new QAction(tr("&Copy"), m_results);
    connect(copy, &QAction::triggered, this, &SqlConsoleView::copySelection);
    m_results->addAction(copy);
    m_results->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_results->installEventFilter(this); // Ctrl+C
    m_plan->setReadOnly(true);
    m_plan->setFont(m_editor->font());
    m_plan->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_tabs->addTab(m_results, tr("Results"));
    m_tabs->addTab(m_plan, tr("Plan"));
    m_tabs->setDocumentMode(true);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_editor);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(u"sqlConsoleMessage"_s);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);

    connect(m_run, &QToolButton::clicked, this, &SqlConsoleView::run);
    connect(m_cancel, &QToolButton::clicked, this, &SqlConsoleView::cancel);
    connect(m_commit, &QToolButton::clicked, this, &SqlConsoleView::commit);
    connect(m_rollback, &QToolButton::clicked, this, &SqlConsoleView::rollback);
    connect(m_explain, &QToolButton::clicked, this, &SqlConsoleView::explain);
    connect(m_export, &QToolButton::clicked, this, [this] {
        if (m_last.ok && m_last.hasColumns)
            Q_EMIT exportRequested(m_last.lastStatement);
    });
    connect(m_editor, &SqlEditor::runRequested, this, &SqlConsoleView::run);
    connect(m_editor, &SqlEditor::historyRequested, this, &SqlConsoleView::stepHistory);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &SqlConsoleView::updateActions);
    connect(m_history, &QComboBox::activated, this, [this](int index) {
        if (index < 0 || index >= m_historyItems.size())
            return;
        m_historyIndex = index;
        m_editor->setPlainText(m_historyItems.at(index));
        m_editor->setFocus();
    });
    connect(m_session, &SqlConsoleSession::busyChanged, this, &SqlConsoleView::updateActions);
    connect(m_session, &SqlConsoleSession::runFinished, this, &SqlConsoleView::onRunFinished);
    connect(m_session, &SqlConsoleSession::resultReleased, this, [this] {
        m_model->stopReading();
        m_released = true;
        updateRowCount();
    });
    connect(m_session, &SqlConsoleSession::databaseChanged, this, &SqlConsoleView::databaseChanged);
    connect(m_session, &SqlConsoleSession::opened, this, [this](bool ok, const QString &error) {
        if (!ok)
            showMessage(tr("The console cannot connect: %1").arg(error), true);
        updateActions();
    });
    connect(m_session, &SqlConsoleSession::transactionEnded, this,
            [this](bool committed, bool ok, const QString &error) {
                m_model->clear();
                if (!ok) {
                    showMessage(committed ? tr("Not committed: %1").arg(error)
                                          : tr("Not rolled back: %1").arg(error),
                                true);
                } else {
                    showMessage(committed ? tr("Committed.") : tr("Rolled back."), false);
                }
                updateActions();
            });
    connect(m_session, &SqlConsoleSession::planReady, this,
            [this](bool ok, const QStringList &lines, const QString &error) {
                if (!ok) {
                    showMessage(tr("No plan: %1").arg(error), true);
                    return;
                }
                m_plan->setPlainText(lines.join(u'\n'));
                m_tabs->setCurrentWidget(m_plan);
                QString message = tr("The plan of the statement at the cursor.");
                if (m_session->inTransaction())
                    message += u' ' + tr("A transaction is open: Commit or Roll Back.");
                showMessage(message, false);
            });
    connect(m_model, &SqlResultModel::rowsFetched, this, &SqlConsoleView::updateRowCount);
    connect(m_model, &SqlResultModel::fetchFailed, this,
            [this](const QString &error) { showMessage(error, true); });
    updateActions();
}

SqlConsoleView::~SqlConsoleView() = default;

void SqlConsoleView::setDocument(Document *document)
{
    if (!document) {
        updateActions();
        return;
    }
    const orm::DatabaseUrl url = document->engine().url();
    m_unavailable = url.isMemory();
    if (m_databaseKey != document->path()) {
        m_databaseKey = document->path();
        loadHistory();
    }
    updateCompletions(document);
    if (m_unavailable) {
        showMessage(tr("The console needs a database file or a server: an in-memory database "
                       "is seen by one connection only."),
                    true);
    } else if (!m_session->isOpen() || m_session->url().toString() != url.toString()
               || m_session->url().password() != url.password()) {
        m_model->clear();
        m_session->open(url);
        showMessage(QString(), false);
    }
    updateActions();
}

bool SqlConsoleView::hasOpenTransaction() const
{
    return m_session->inTransaction();
}

void SqlConsoleView::updateCompletions(Document *document)
{
    QStringList names;
    if (const orm::MetaData *metadata = document->schema().metadata) {
        // A reflected database: every table and view.
        for (const orm::Table &table : metadata->tables()) {
            names.append(table.qualifiedName());
            for (const orm::Column &column : table.columns())
                names.append(column.name);
        }
    }
    for (const QList<const orm::EntityMeta *> *entities :
         {&document->schema().entities, &document->schema().linkEntities}) {
        for (const orm::EntityMeta *meta : *entities) {
            names.append(meta->tableName());
            for (const auto &column : meta->columns())
                names.append(column.column.name);
            // Association tables of typed models are no entity of their own.
            for (const auto &relationship : meta->relationships()) {
                if (!relationship->secondary.isEmpty()) {
                    names.append(relationship->secondary);
                    names += relationship->secondaryLocal;
                    names += relationship->secondaryRemote;
                }
            }
        }
    }
    m_editor->setCompletions(names);
}

bool SqlConsoleView::eventFilter(QObject *watched, QEvent *event)
{
    // Ctrl+C in the results copies the selection, not only the current cell as the view would.
    if (watched == m_results
        && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Copy)) {
            event->accept();
            if (event->type() == QEvent::KeyPress)
                copySelection();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SqlConsoleView::copySelection()
{
    QModelIndexList cells = m_results->selectionModel()->selectedIndexes();
    if (cells.isEmpty())
        return;
    std::sort(cells.begin(), cells.end(), [](const QModelIndex &a, const QModelIndex &b) {
        return a.row() != b.row() ? a.row() < b.row() : a.column() < b.column();
    });
    // A cell's text with tabs and line breaks as spaces, so that the rows stay rows.
    const auto field = [this](const QModelIndex &cell) {
        const QVariant value = m_model->storedValue(cell.row(), cell.column());
        if (value.isNull())
            return QString();
        QString text = cell.data(Qt::DisplayRole).toString();
        for (QChar &c : text) {
            if (c == u'\t' || c == u'\n' || c == u'\r')
                c = u' ';
        }
        return text;
    };
    QString out;
    int row = cells.first().row();
    int column = -1;
    for (const QModelIndex &cell : std::as_const(cells)) {
        if (cell.row() != row) {
            out += u'\n';
            row = cell.row();
            column = -1;
        } else if (column >= 0) {
            out += u'\t';
        }
        column = cell.column();
        out += field(cell);
    }
    QGuiApplication::clipboard()->setText(out + u'\n');
}

void SqlConsoleView::run()
{
    if (!m_run->isEnabled())
        return;
    const QString text = m_editor->textToRun(&m_runOffset);
    if (text.trimmed().isEmpty())
        return;
    m_editor->clearErrorMark();
    addToHistory(text);
    m_model->clear();
    showMessage(tr("Running…"), false);
    m_session->run(text, SqlResultModel::kPageRows);
    updateActions();
}

void SqlConsoleView::cancel()
{
    m_session->cancel();
}

void SqlConsoleView::commit()
{
    if (m_commit->isEnabled())
        m_session->commit();
    updateActions();
}

void SqlConsoleView::rollback()
{
    if (m_rollback->isEnabled())
        m_session->rollback();
    updateActions();
}

void SqlConsoleView::explain()
{
    if (!m_explain->isEnabled())
        return;
    int offset = 0;
    const QString text = m_editor->textToRun(&offset);
    if (text.trimmed().isEmpty())
        return;
    // The statement the cursor is in (or the selection's first).
    const QTextCursor cursor = m_editor->textCursor();
    m_session->explain(text, cursor.hasSelection() ? 0 : cursor.position());
    updateActions();
}

void SqlConsoleView::onRunFinished(const SqlConsoleSession::Outcome &outcome)
{
    m_last = outcome;
    m_released = false;
    m_model->setResult(outcome.columns, outcome.rows, outcome.moreRows);
    if (outcome.hasColumns) {
        m_tabs->setCurrentWidget(m_results);
        // Fitted to the first rows, none wider than a third of the view.
        m_results->resizeColumnsToContents();
        const int widest = qMax(120, m_results->viewport()->width() / 3);
        for (int c = 0; c < m_model->columnCount(); ++c) {
            if (m_results->columnWidth(c) > widest)
                m_results->setColumnWidth(c, widest);
        }
    }
    if (!outcome.ok) {
        QString text;
        if (outcome.cancelled) {
            text = tr("Cancelled after %1.").arg(formatTime(outcome.elapsedNs));
        } else {
            const int position = m_runOffset + qMax(0, outcome.errorOffset);
            const auto [line, column] = lineAndColumn(m_editor->toPlainText(), position);
            text = tr("Error at line %1, column %2: %3").arg(line).arg(column).arg(outcome.error);
            if (outcome.errorOffset >= 0)
                m_editor->markError(position);
        }
        if (!outcome.refusal.isEmpty())
            text += u' ' + outcome.refusal;
        if (outcome.endedTransaction)
            text += u' '
                + tr("It ended the open transaction: everything run in it since the last Commit "
                     "or Roll Back was rolled back.");
        else if (outcome.statements > 1)
            text += u' ' + tr("(statement %1; those before it ran)").arg(outcome.statements);
        if (outcome.inTransaction)
            text += u' ' + tr("A transaction is open: Commit or Roll Back.");
        showMessage(text, true);
    } else {
        updateRowCount();
    }
    updateActions();
}

void SqlConsoleView::updateRowCount()
{
    if (!m_last.ok)
        return;
    QStringList parts;
    if (m_last.statements > 1)
        parts << tr("%n statement(s) run.", nullptr, m_last.statements);
    if (m_last.hasColumns) {
        const int rows = m_model->rowCount();
        if (m_released)
            parts << tr("%1 rows read; the rest were let go, so that other programs can write "
                        "to the file meanwhile: run again to read further.")
                         .arg(QLocale().toString(rows));
        else
            parts << (m_model->hasMore() ? tr("%1 rows read so far; more are read as you scroll.")
                                               .arg(QLocale().toString(rows))
                                         : tr("%n row(s).", nullptr, rows));
    } else if (m_last.schemaChanged) {
        parts << tr("The tables were changed.");
    } else if (m_last.statements > 0) {
        parts << tr("%n row(s) changed.", nullptr, int(m_last.changes));
    }
    parts << tr("Took %1.").arg(formatTime(m_last.elapsedNs));
    if (!m_last.refusal.isEmpty())
        parts << m_last.refusal;
    if (m_session->inTransaction())
        parts << tr("A transaction is open: Commit or Roll Back.");
    showMessage(parts.join(u' '), !m_last.refusal.isEmpty());
}

void SqlConsoleView::showMessage(const QString &text, bool isError)
{
    m_message->setText(text);
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText,
                     isError ? Theme::errorColor(this->palette())
                             : this->palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
}

void SqlConsoleView::updateActions()
{
    const bool ready = m_session->isOpen() && !m_session->isBusy() && !m_unavailable;
    const bool hasText = !m_editor->document()->isEmpty();
    m_run->setEnabled(ready && hasText);
    m_explain->setEnabled(ready && hasText);
    // Read again on a connection of the export's own, from the first row.
    m_export->setEnabled(ready && m_last.ok && m_last.hasColumns);
    m_cancel->setEnabled(m_session->isBusy());
    m_commit->setEnabled(ready && m_session->inTransaction());
    m_rollback->setEnabled(ready && m_session->inTransaction());
}

QString SqlConsoleView::historyKey() const
{
    return u"sqlConsoleHistory/"_s
        + QString::fromLatin1(
               QCryptographicHash::hash(m_databaseKey.toUtf8(), QCryptographicHash::Sha1).toHex());
}

void SqlConsoleView::loadHistory()
{
    m_historyItems = QSettings().value(historyKey()).toStringList();
    m_historyIndex = -1;
    m_history->clear();
    for (const QString &item : std::as_const(m_historyItems))
        m_history->addItem(item.simplified().left(200));
    m_history->setCurrentIndex(-1);
}

void SqlConsoleView::addToHistory(const QString &text)
{
    if (m_databaseKey.isEmpty())
        return;
    const QString statement = text.trimmed();
    m_historyItems.removeAll(statement);
    m_historyItems.prepend(statement);
    while (m_historyItems.size() > kHistorySize)
        m_historyItems.removeLast();
    QSettings().setValue(historyKey(), m_historyItems);
    loadHistory();
}

void SqlConsoleView::stepHistory(int step)
{
    if (m_historyItems.isEmpty())
        return;
    // Up goes to older statements (higher indexes), Down back towards the text typed.
    const int next = qBound(-1, m_historyIndex - step, int(m_historyItems.size()) - 1);
    if (next == m_historyIndex)
        return;
    if (m_historyIndex == -1)
        m_typed = m_editor->toPlainText();
    m_historyIndex = next;
    m_editor->setPlainText(next < 0 ? m_typed : m_historyItems.at(next));
    m_editor->moveCursor(QTextCursor::End);
    m_history->setCurrentIndex(next);
}

} // namespace ui
