// SPDX-License-Identifier: MIT
#include "ui/conflictview.h"

#include "orm/session/session.h"
#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/valueformatter.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace ui {

namespace {
QString shown(const orm::Entity &object, int column, const QVariant &value)
{
    if (value.isNull())
        return ValueFormatter::nullText();
    return ValueFormatter::display(object.entityMeta().column(column).column, value);
}
} // namespace

ConflictView::ConflictView(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Changed by Another Program"));
    setModal(false);
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_table = new QTableWidget(0, 6, this);
    m_table->setHorizontalHeaderLabels(
        {tr("Record"), tr("Field"), tr("Loaded"), tr("Theirs"), tr("Mine"), tr("Choice")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setAccessibleName(tr("Fields in conflict"));
    layout->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    m_keepAll = new QPushButton(tr("Keep All Mine"), this);
    m_keepAll->setToolTip(tr("Write my values over theirs at the next commit"));
    m_takeAll = new QPushButton(tr("Take All Theirs"), this);
    m_takeAll->setToolTip(tr("Drop my values where they changed it"));
    m_commit = new QPushButton(tr("Commit"), this);
    m_commit->setToolTip(tr("Commit again once every field is resolved"));
    auto *close = new QPushButton(tr("Close"), this);
    buttons->addWidget(m_keepAll);
    buttons->addWidget(m_takeAll);
    buttons->addStretch(1);
    buttons->addWidget(m_commit);
    buttons->addWidget(close);
    layout->addLayout(buttons);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_commit, &QPushButton::clicked, this, &ConflictView::commitRequested);
    auto resolveAll = [this](orm::Session::Resolution resolution) {
        if (!m_document)
            return;
        m_document->undoStack()->beginMacro(resolution == orm::Session::Resolution::KeepMine
                                                ? tr("Keep all my changes")
                                                : tr("Take all their changes"));
        std::vector<std::shared_ptr<orm::Entity>> objects;
        for (const orm::Conflict &c : m_document->session().conflicts()) {
            if (std::find(objects.begin(), objects.end(), c.object) == objects.end())
                objects.push_back(c.object);
        }
        for (const auto &o : objects)
            m_document->resolveConflict(o, -1, resolution);
        m_document->undoStack()->endMacro();
    };
    connect(m_keepAll, &QPushButton::clicked, this,
            [resolveAll] { resolveAll(orm::Session::Resolution::KeepMine); });
    connect(m_takeAll, &QPushButton::clicked, this,
            [resolveAll] { resolveAll(orm::Session::Resolution::TakeTheirs); });
    connect(m_table, &QTableWidget::cellChanged, this, &ConflictView::onMineEdited);
    resize(760, 320);
}

void ConflictView::setDocument(Document *document)
{
    if (m_document)
        disconnect(&m_document->session(), nullptr, this, nullptr);
    for (QAction *a : std::as_const(m_undoActions)) {
        removeAction(a);
        delete a;
    }
    m_undoActions.clear();
    m_document = document;
    if (m_document) {
        // The window's Undo and Redo work here too: every choice is a step of them.
        QAction *undo = m_document->undoStack()->createUndoAction(this);
        undo->setShortcuts(QKeySequence::keyBindings(QKeySequence::Undo));
        QAction *redo = m_document->undoStack()->createRedoAction(this);
        redo->setShortcuts(QKeySequence::keyBindings(QKeySequence::Redo));
        m_undoActions = {undo, redo};
        addActions(m_undoActions);
        connect(&m_document->session(), &orm::Session::conflictsChanged, this,
                &ConflictView::scheduleRebuild);
        connect(&m_document->session(), &orm::Session::objectChanged, this,
                [this](orm::Entity *, int) {
                    if (isVisible())
                        scheduleRebuild();
                });
    }
    rebuild();
}

void ConflictView::scheduleRebuild()
{
    // From the event loop: a choice's own button must outlive its click.
    if (std::exchange(m_rebuildScheduled, true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_rebuildScheduled = false;
            rebuild();
        },
        Qt::QueuedConnection);
}

int ConflictView::rowOf(const orm::Entity &object, int column) const
{
    for (int i = 0; i < m_fields.size(); ++i) {
        if (m_fields.at(i).object.lock().get() == &object && m_fields.at(i).column == column)
            return i;
    }
    return -1;
}

void ConflictView::rebuild()
{
    m_rebuilding = true;
    const QList<orm::Conflict> conflicts =
        m_document ? m_document->session().conflicts() : QList<orm::Conflict>();
    m_fields.clear();
    m_table->clearContents();
    m_table->setRowCount(int(conflicts.size()));
    for (int row = 0; row < conflicts.size(); ++row) {
        const orm::Conflict &c = conflicts.at(row);
        const orm::Entity &o = *c.object;
        m_fields.append({c.object, c.column});
        auto item = [](const QString &text, bool editable = false) {
            auto *i = new QTableWidgetItem(text);
            if (!editable)
                i->setFlags(i->flags() & ~Qt::ItemIsEditable);
            return i;
        };
        const QString record = EntityCatalog::recordName(o.entityMeta()) + u' '
            + EntityCatalog::labelOf(o)
            + (m_document->session().isMarkedForDeletion(o) ? tr(" (marked for deletion)")
                                                            : QString());
        m_table->setItem(row, RecordColumn, item(record));
        m_table->setItem(row, FieldColumn,
                         item(EntityCatalog::columnLabel(o.entityMeta(), c.column)));
        m_table->setItem(row, LoadedColumn, item(shown(o, c.column, c.loaded)));
        m_table->setItem(row, TheirsColumn, item(shown(o, c.column, c.theirs)));
        QTableWidgetItem *mine = item(c.mine.toString(), true);
        mine->setData(Qt::DisplayRole, shown(o, c.column, c.mine));
        mine->setToolTip(tr("Type a new value to write it over theirs"));
        m_table->setItem(row, MineColumn, mine);
        auto *choice = new QWidget(m_table);
        auto *choiceLayout = new QHBoxLayout(choice);
        choiceLayout->setContentsMargins(2, 0, 2, 0);
        auto *keep = new QPushButton(tr("Keep Mine"), choice);
        auto *take = new QPushButton(tr("Take Theirs"), choice);
        keep->setObjectName(QStringLiteral("keepMine"));
        take->setObjectName(QStringLiteral("takeTheirs"));
        choiceLayout->addWidget(keep);
        choiceLayout->addWidget(take);
        const std::weak_ptr<orm::Entity> weak = c.object;
        const int column = c.column;
        auto resolve = [this, weak, column](orm::Session::Resolution resolution) {
            if (const auto object = weak.lock(); object && m_document)
                m_document->resolveConflict(object, column, resolution);
        };
        connect(keep, &QPushButton::clicked, this,
                [resolve] { resolve(orm::Session::Resolution::KeepMine); });
        connect(take, &QPushButton::clicked, this,
                [resolve] { resolve(orm::Session::Resolution::TakeTheirs); });
        m_table->setCellWidget(row, ChoiceColumn, choice);
    }
    m_table->resizeColumnsToContents();
    const bool any = !conflicts.isEmpty();
    m_summary->setText(
        any ? tr("Another program changed %n field(s) you have edited. Nothing was written. "
                 "Choose, for each field, the value to keep; each choice can be undone.",
                 nullptr, int(conflicts.size()))
            : tr("Every conflict is resolved: commit to write your changes."));
    m_keepAll->setEnabled(any);
    m_takeAll->setEnabled(any);
    m_commit->setEnabled(!any && m_document && m_document->hasPendingChanges());
    m_rebuilding = false;
}

void ConflictView::onMineEdited(int row, int column)
{
    if (m_rebuilding || column != MineColumn || row < 0 || row >= m_fields.size() || !m_document)
        return;
    const auto object = m_fields.at(row).object.lock();
    if (!object)
        return;
    const QString text = m_table->item(row, column)->text();
    m_document->resolveConflictWith(object, m_fields.at(row).column, text);
}

} // namespace ui
