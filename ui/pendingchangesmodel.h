// SPDX-License-Identifier: MIT
#pragma once

#include "orm/session/session.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace ui {

class Document;

// Every staged change of a document as a tree: one row per new, modified or deleted object
// and per staged link or unlink, with one child per field (old value -> new value). The tree
// is updated in place as changes come and go, so that views keep their expansion and
// selection while the user types.
class PendingChangesModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { ChangeColumn, OldValueColumn, NewValueColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1,
        ErrorRole,
        // Whether the field is in conflict with another program's change (its theirs value).
        ConflictRole,
    };

    explicit PendingChangesModel(QObject *parent = nullptr);

    void setDocument(Document *document);
    Document *document() const { return m_document; }

    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    std::shared_ptr<orm::Entity> objectAt(const QModelIndex &index) const;
    // The column of a field row; -1 for a change row.
    int fieldAt(const QModelIndex &index) const;
    orm::PendingChange::Kind kindAt(const QModelIndex &index) const;
    bool canRevert(const QModelIndex &index) const;
    // Reverts one change or one field, as an undoable command.
    void revert(const QModelIndex &index);

private:
    struct Entry
    {
        quintptr id = 0;
        QString key;
        orm::PendingChange change;
        QList<int> fields;
    };
    void rebuild();
    QList<int> fieldsOf(const orm::PendingChange &change) const;
    static QString keyOf(const orm::PendingChange &change);
    int rowOfId(quintptr id) const;
    QVariant entryData(const Entry &entry, int column, int role) const;
    QVariant fieldData(const Entry &entry, int field, int column, int role) const;

    Document *m_document = nullptr;
    std::vector<Entry> m_entries;
    quintptr m_nextId = 1;
};

} // namespace ui
