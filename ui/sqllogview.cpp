// SPDX-License-Identifier: MIT
#include "ui/sqllogview.h"

#include "ui/sqllogmodel.h"
#include "ui/theme.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ui {

SqlLogView::SqlLogView(QWidget *parent)
    : QWidget(parent)
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_follow(new QCheckBox(tr("Follow"), this))
{
    setObjectName(u"sqlLogView"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest statement in view"));
    bar->addWidget(m_follow);
    auto *clear = new QPushButton(Theme::icon(Theme::Icon::Clear), tr("Clear"), this);
    clear->setObjectName(u"clearSqlLog"_s);
    clear->setAccessibleName(tr("Clear the SQL log"));
    bar->addWidget(clear);
    layout->addLayout(bar);
    m_view->setObjectName(u"sqlLogTable"_s);
    m_view->setAccessibleName(tr("SQL statements"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);
    connect(clear, &QPushButton::clicked, this, [this] {
        if (m_model)
            m_model->clear();
    });
    updateSummary();
}

void SqlLogView::setModel(SqlLogModel *model)
{
    m_model = model;
    m_view->setModel(model);
    if (!model)
        return;
    const int digit = m_view->fontMetrics().horizontalAdvance(u'0');
    m_view->setColumnWidth(SqlLogModel::TimeColumn, digit * 15);
    m_view->setColumnWidth(SqlLogModel::DurationColumn, digit * 10);
    m_view->setColumnWidth(SqlLogModel::StatementColumn, digit * 90);
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_view->scrollToBottom();
        updateSummary();
    });
    connect(model, &QAbstractItemModel::modelReset, this, &SqlLogView::updateSummary);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &SqlLogView::updateSummary);
    updateSummary();
}

void SqlLogView::updateSummary()
{
    const int n = m_model ? m_model->rowCount() : 0;
    m_summary->setText(tr("%n statement(s) run by this window's session", nullptr, n));
}

} // namespace ui
