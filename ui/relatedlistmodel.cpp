// SPDX-License-Identifier: MIT
#include "ui/relatedlistmodel.h"

#include "orm/session/session.h"
#include "ui/entitycatalog.h"
#include "ui/theme.h"

#include <QFont>

namespace ui {

RelatedListModel::RelatedListModel(orm::Session *session, QObject *parent)
    : QAbstractListModel(parent)
    , m_session(session)
{ }

void RelatedListModel::setObjects(const std::vector<std::shared_ptr<orm::Entity>> &objects)
{
    if (objects == m_objects) {
        refresh();
        return;
    }
    beginResetModel();
    m_objects = objects;
    endResetModel();
}

std::shared_ptr<orm::Entity> RelatedListModel::objectAt(int row) const
{
    return row >= 0 && size_t(row) < m_objects.size() ? m_objects[size_t(row)] : nullptr;
}

int RelatedListModel::rowOf(const orm::Entity &object) const
{
    for (size_t i = 0; i < m_objects.size(); ++i) {
        if (m_objects[i].get() == &object)
            return int(i);
    }
    return -1;
}

void RelatedListModel::refresh()
{
    if (!m_objects.empty())
        Q_EMIT dataChanged(index(0), index(int(m_objects.size()) - 1));
}

int RelatedListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_objects.size());
}

QVariant RelatedListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const orm::Entity &o = *m_objects[size_t(index.row())];
    const bool isNew = o.objectState() == orm::ObjectState::Pending;
    const bool deleted = m_session->isMarkedForDeletion(o);
    switch (role) {
    case Qt::DisplayRole:
        return EntityCatalog::labelOf(o);
    case Qt::ToolTipRole: {
        // The row by its key ("Post #3"), which the label may not show.
        const QString row = EntityCatalog::describe(o);
        if (isNew)
            return tr("%1 (new, not committed yet)").arg(row);
        if (deleted)
            return tr("%1 (deleted when you commit)").arg(row);
        return row;
    }
    case Qt::DecorationRole:
        if (isNew)
            return Theme::icon(Theme::Icon::Added);
        if (deleted)
            return Theme::icon(Theme::Icon::Deleted);
        if (m_session->isModified(o))
            return Theme::icon(Theme::Icon::Modified);
        return {};
    case Qt::FontRole:
        if (deleted) {
            QFont f;
            f.setStrikeOut(true);
            return f;
        }
        return {};
    default:
        return {};
    }
}

} // namespace ui
