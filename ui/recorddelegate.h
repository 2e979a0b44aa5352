// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace ui {

class Document;

// Edits the cells of an EntityTableModel with the same editors as the form (FieldEditor), and
// the same validation: the editor is marked while the typed value is invalid, and the value is
// staged (as an undoable command) when the editor closes.
class RecordDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit RecordDelegate(QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;

protected:
    // Keys and focus changes reach the editor's inner control: handled as the editor's own.
    bool eventFilter(QObject *object, QEvent *event) override;
};

} // namespace ui
