// SPDX-License-Identifier: MIT
#include "ui/recorddelegate.h"

#include "ui/document.h"
#include "ui/entitytablemodel.h"
#include "ui/fieldeditor.h"
#include "ui/stagedvalidator.h"

#include <QPlainTextEdit>

namespace ui {

RecordDelegate::RecordDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QWidget *RecordDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                      const QModelIndex &index) const
{
    const auto *model = qobject_cast<const EntityTableModel *>(index.model());
    if (!model)
        return QStyledItemDelegate::createEditor(parent, option, index);
    Document *document = model->document();
    FieldEditor *editor = FieldEditor::create(document, model->meta(), index.column(),
                                              FieldEditor::Style::Cell, parent);
    editor->setAutoFillBackground(true);
    editor->control()->installEventFilter(const_cast<RecordDelegate *>(this));
    const std::shared_ptr<orm::Entity> object = model->objectAt(index.row());
    // Validates as the user types, before anything is staged.
    connect(editor, &FieldEditor::valueEdited, editor,
            [editor, document, object](const QVariant &value) {
                if (object)
                    editor->setError(
                        document->validator()->checkValue(*object, editor->column(), value));
                editor->setToolTip(editor->error());
            });
    // A picked row is staged at once (a new target has no key to write into the cell).
    connect(editor, &FieldEditor::objectPicked, editor,
            [editor, document, object](const std::shared_ptr<orm::Entity> &target) {
                if (!object || !target)
                    return;
                const ForeignKeyLink link =
                    document->catalog().foreignKey(object->entityMeta(), editor->column());
                if (target->entityMeta().isKeyUnset(*target)) {
                    if (link.relationship)
                        document->setRelated(object, *link.relationship, target);
                } else {
                    document->stageValue(object, editor->column(),
                                         target->value(link.targetColumn));
                }
            });
    return editor;
}

bool RecordDelegate::eventFilter(QObject *object, QEvent *event)
{
    if (auto *w = qobject_cast<QWidget *>(object); w && !qobject_cast<FieldEditor *>(w)) {
        for (QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
            if (auto *editor = qobject_cast<FieldEditor *>(p))
                return QStyledItemDelegate::eventFilter(editor, event);
        }
    }
    return QStyledItemDelegate::eventFilter(object, event);
}

void RecordDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    if (auto *e = qobject_cast<FieldEditor *>(editor)) {
        e->setValue(index.data(Qt::EditRole));
        e->setError(index.data(EntityTableModel::ErrorRole).toString());
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void RecordDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                  const QModelIndex &index) const
{
    if (auto *e = qobject_cast<FieldEditor *>(editor)) {
        const QVariant current = index.data(Qt::EditRole);
        const QVariant value = e->value();
        if (current.isNull() == value.isNull() && (value.isNull() || current == value))
            return;
        model->setData(index, value, Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

void RecordDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                          const QModelIndex &index) const
{
    QRect r = option.rect;
    if (auto *e = qobject_cast<FieldEditor *>(editor)) {
        const QSize hint = e->sizeHint();
        r.setHeight(qMax(r.height(), hint.height()));
        r.setWidth(qMax(r.width(), qMin(hint.width(), 320)));
        if (qobject_cast<QPlainTextEdit *>(e->control()))
            r.setWidth(qMax(r.width(), 320));
        editor->setGeometry(r);
        return;
    }
    QStyledItemDelegate::updateEditorGeometry(editor, option, index);
}

} // namespace ui
