// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>

#include <memory>
#include <vector>

namespace orm {
class Entity;
class Session;
} // namespace orm

namespace ui {

// The objects of one relationship of one object (a user's posts, a post's tags), by label,
// with their staged state.
class RelatedListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit RelatedListModel(orm::Session *session, QObject *parent = nullptr);

    // Resets only when the list differs.
    // The rows the objects' composite keys refer to, which name them, are the caller's to
    // read (Document::loadKeyTargets()); refresh() shows them once they are in.
    void setObjects(const std::vector<std::shared_ptr<orm::Entity>> &objects);
    const std::vector<std::shared_ptr<orm::Entity>> &objects() const { return m_objects; }
    std::shared_ptr<orm::Entity> objectAt(int row) const;
    int rowOf(const orm::Entity &object) const;
    // Labels and marks may have changed (not the list).
    void refresh();

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    orm::Session *m_session;
    std::vector<std::shared_ptr<orm::Entity>> m_objects;
};

} // namespace ui
