#include "ui/pendingchangesview.h"

#include "ui/document.h"
#include "ui/pendingchangesmodel.h"
#include "ui/stagedvalidator.h"
#include "ui/theme.h"

#include <QAction>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
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
    m_tree->setColumnWidth(PendingChangesModel::OldValueColumn, 200);
    splitter->addWidget(m_tree);

    auto *sqlBox = new QWidget(splitter);
    auto *sqlLayout = new QVBoxLayout(sqlBox);
    sqlLayout->setContentsMargins(0, 0, 0, 0);
    sqlLayout->setSpacing(2);
    auto *sqlTitle = new QLabel(tr("SQL that Commit will run"), sqlBox);
    sqlLayout->addWidget(sqlTitle);
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
    }
    m_tree->expandAll();
    refresh();
}

void PendingChangesView::refresh()
{
    if (!m_document || !m_document->hasPendingChanges()) {
        m_summary->setText(tr("No pending changes: edits are staged here until you commit."));
        m_sql->clear();
        m_revert->setEnabled(false);
        return;
    }
    const int n = m_document->pendingChangeCount();
    const int invalid = m_document->validator()->invalidObjectCount();
    QString text = tr("%n pending change(s)", nullptr, n);
    if (invalid > 0)
        text += u" · "_s + tr("%n to fix before committing", nullptr, invalid);
    m_summary->setText(text);
    QStringList statements = m_document->session().pendingSql();
    for (QString &s : statements)
        s += u';';
    const QString sql = statements.join(u'\n');
    if (m_sql->toPlainText() != sql)
        m_sql->setPlainText(sql);
    m_revert->setEnabled(m_model->canRevert(m_tree->currentIndex()));
}

void PendingChangesView::revertSelected()
{
    const QModelIndex index = m_tree->currentIndex();
    if (m_model->canRevert(index))
        m_model->revert(index);
}

} // namespace ui
