// SPDX-License-Identifier: MIT
#include "ui/pendingchangesview.h"

#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/pendingchangesmodel.h"
#include "ui/schemachanges.h"
#include "ui/sqllogmodel.h"
#include "ui/stagedvalidator.h"
#include "ui/theme.h"

#include <QAction>
#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTextBlock>
#include <QTextCursor>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ui {

PendingChangesView::PendingChangesView(QWidget *parent)
    : QWidget(parent)
    , m_model(new PendingChangesModel(this))
    , m_tree(new QTreeView(this))
    , m_sql(new QPlainTextEdit(this))
    , m_revert(new QPushButton(Theme::icon(Theme::Icon::Revert), tr("Revert"), this))
    , m_summary(new QLabel(this))
    , m_bar(new QHBoxLayout)
{
    setObjectName(u"pendingChangesView"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    m_bar->setSpacing(4);
    m_summary->setObjectName(u"pendingSummary"_s);
    m_bar->addWidget(m_summary, 1);
    m_revert->setObjectName(u"revertChange"_s);
    m_revert->setToolTip(tr("Put the selected change or field back to its committed value"));
    m_revert->setAccessibleName(tr("Revert the selected change"));
    m_revert->setEnabled(false);
    m_bar->addWidget(m_revert);
    layout->addLayout(m_bar);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_tree->setObjectName(u"pendingChangesTree"_s);
    m_tree->setAccessibleName(tr("Pending changes"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(PendingChangesModel::ChangeColumn, 300);
    m_tree->header()->setSectionResizeMode(PendingChangesModel::ChangeColumn,
                                           QHeaderView::Interactive);
    m_tree->setColumnWidth(PendingChangesModel::OldValueColumn, 200);
    splitter->addWidget(m_tree);

    auto *sqlBox = new QWidget(splitter);
    auto *sqlLayout = new QVBoxLayout(sqlBox);
    sqlLayout->setContentsMargins(0, 0, 0, 0);
    sqlLayout->setSpacing(2);
    auto *sqlTitleRow = new QHBoxLayout;
    auto *sqlTitle = new QLabel(tr("SQL that Commit will run"), sqlBox);
    sqlTitleRow->addWidget(sqlTitle, 1);
    m_showValues = new QCheckBox(tr("Show &values"), sqlBox);
    m_showValues->setObjectName(u"showBoundValues"_s);
    m_showValues->setToolTip(tr("Show the values Commit binds to each statement's parameters, "
                                "highlighted; off, the parameters show as ?"));
    m_showValues->setChecked(QSettings().value(u"pending/showValues"_s, true).toBool());
    sqlTitleRow->addWidget(m_showValues);
    sqlLayout->addLayout(sqlTitleRow);
    m_sql->setObjectName(u"pendingSql"_s);
    m_sql->setAccessibleName(tr("SQL that Commit will run"));
    m_sql->setReadOnly(true);
    m_sql->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_sql->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    sqlTitle->setBuddy(m_sql);
    sqlLayout->addWidget(m_sql);
    splitter->addWidget(sqlBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_showValues, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(u"pending/showValues"_s, on);
        refresh();
    });
    connect(m_revert, &QPushButton::clicked, this, &PendingChangesView::revertSelected);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this] { m_revert->setEnabled(m_model->canRevert(m_tree->currentIndex())); });
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (auto o = m_model->objectAt(index))
            Q_EMIT openRequested(o, m_model->fieldAt(index));
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                if (!parent.isValid()) {
                    for (int r = first; r <= last; ++r)
                        m_tree->expand(m_model->index(r, 0));
                }
            });
    auto *revertAction = new QAction(tr("Revert"), m_tree);
    revertAction->setShortcut(QKeySequence::Delete);
    revertAction->setShortcutContext(Qt::WidgetShortcut);
    m_tree->addAction(revertAction);
    connect(revertAction, &QAction::triggered, this, &PendingChangesView::revertSelected);
    refresh();
}

void PendingChangesView::addBarAction(QAction *action)
{
    auto *button = new QToolButton(this);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_bar->addWidget(button);
}

void PendingChangesView::setDocument(Document *document)
{
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_model->setDocument(document);
    if (document) {
        connect(document, &Document::changesUpdated, this, &PendingChangesView::refresh);
        connect(document->validator(), &StagedValidator::errorsChanged, this,
                &PendingChangesView::refresh);
        connect(document->schemaChanges(), &SchemaChanges::changed, this,
                &PendingChangesView::refresh);
    }
    m_tree->expandAll();
    refresh();
}

void PendingChangesView::refresh()
{
    if (m_document && !m_document->schemaChanges()->isEmpty()) {
        showSchemaChanges();
        return;
    }
    if (!m_document || !m_document->hasPendingChanges()) {
        m_summary->setText(tr("No pending changes: edits are staged here until you commit."));
        m_sql->clear();
        m_marked.clear();
        m_revert->setEnabled(false);
        return;
    }
    const int n = m_document->pendingChangeCount();
    const int invalid = m_document->validator()->invalidObjectCount();
    QString text = tr("%n pending change(s)", nullptr, n);
    if (invalid > 0)
        text += u" · "_s + tr("%n to fix before committing", nullptr, invalid);
    m_summary->setText(text);
    showSql();
    fitChangeColumn();
    m_revert->setEnabled(m_model->canRevert(m_tree->currentIndex()));
}

void PendingChangesView::showSql()
{
    // Each "?" (outside quoted names and strings) is the next value's place.
    const bool values = m_showValues->isChecked();
    QString text;
    QList<std::pair<int, int>> marked; // position, length
    for (const orm::Session::PendingStatement &statement :
         m_document->session().pendingStatements()) {
        if (!text.isEmpty())
            text += u'\n';
        size_t next = 0;
        QChar quote;
        for (const QChar c : statement.sql) {
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
            } else if (c == u'"' || c == u'\'') {
                quote = c;
            } else if (c == u'?' && values && next < statement.values.size()) {
                const QString value = valueText(statement.values[next++]);
                marked.append({int(text.size()), int(value.size())});
                text += value;
                continue;
            }
            text += c;
        }
        text += u';';
    }
    if (m_sql->toPlainText() == text && marked == m_marked)
        return;
    m_marked = marked;
    m_sql->setPlainText(text);
    // Bound values are marked: they are parameters, not part of the SQL text.
    QTextCharFormat format;
    format.setBackground(Theme::tint(palette(), palette().color(QPalette::Highlight), 0.18));
    for (const auto &[position, length] : std::as_const(marked)) {
        QTextCursor cursor(m_sql->document());
        cursor.setPosition(position);
        cursor.setPosition(position + length, QTextCursor::KeepAnchor);
        cursor.mergeCharFormat(format);
    }
}

void PendingChangesView::showSchemaChanges()
{
    // Schema edits commit on their own: the panel shows what that commit runs (on SQLite, the
    // table rebuilds), after the data edits that must go first.
    const SchemaChanges *changes = m_document->schemaChanges();
    QString text = tr("%n schema change(s)", nullptr, changes->count());
    if (m_document->hasPendingChanges()) {
        text += u" · "_s
            + tr("%n data change(s) to commit or discard first", nullptr,
                 m_document->pendingChangeCount());
    }
    m_summary->setText(text);
    QStringList lines;
    for (const orm::MigrationOp &op : changes->operations())
        lines << u"-- "_s + op.description();
    for (const QString &statement : changes->statements())
        lines << statement + u';';
    const QString sql = lines.join(u'\n');
    if (m_sql->toPlainText() != sql) {
        m_marked.clear();
        m_sql->setPlainText(sql);
    }
    m_revert->setEnabled(m_model->canRevert(m_tree->currentIndex()));
}

QString PendingChangesView::valueText(const orm::Session::PendingValue &value) const
{
    if (value.keyOf) {
        return tr("<key of the new %1 %2>")
            .arg(EntityCatalog::recordName(value.keyOf->entityMeta()).toLower(),
                 EntityCatalog::labelOf(*value.keyOf));
    }
    const QString text = SqlLogModel::formatParameter(value.value);
    return value.setAtCommit ? tr("%1 <set at commit>").arg(text) : text;
}

void PendingChangesView::fitChangeColumn()
{
    // The change's own words show whole, up to half the panel; never narrower than set.
    constexpr int column = PendingChangesModel::ChangeColumn;
    const int before = m_tree->columnWidth(column);
    m_tree->resizeColumnToContents(column);
    const int limit = qMax(200, m_tree->viewport()->width() / 2);
    m_tree->setColumnWidth(column, qMax(before, qMin(m_tree->columnWidth(column), limit)));
}

void PendingChangesView::revertSelected()
{
    const QModelIndex index = m_tree->currentIndex();
    if (m_model->canRevert(index))
        m_model->revert(index);
}

} // namespace ui
