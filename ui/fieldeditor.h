#pragma once

#include <QVariant>
#include <QWidget>

#include <memory>

namespace orm {
class Entity;
class EntityMeta;
} // namespace orm

namespace ui {

class Document;

// The editor of one column, chosen from its metadata: a line edit limited to n characters for
// String(n), a plain-text editor for Text and JSON, a 64-bit spin box for integers, a number
// field for floats, a check box for booleans, date and date-time editors (shown in local time,
// stored in UTC), a record picker for foreign keys. The form and the table's delegate both use
// it, so that both edit and validate alike.
//
// Undo and Redo are the document's, not the editor's: the editors leave Ctrl+Z to the window.
class FieldEditor : public QWidget
{
    Q_OBJECT
public:
    enum class Style { Form, Cell };

    static FieldEditor *create(Document *document, const orm::EntityMeta &meta, int column,
                               Style style, QWidget *parent = nullptr);
    ~FieldEditor() override;

    const orm::EntityMeta &meta() const { return *m_meta; }
    int column() const { return m_column; }

    virtual QVariant value() const = 0;
    // The program's change: valueEdited() is not emitted.
    virtual void setValue(const QVariant &value) = 0;
    virtual void setReadOnly(bool readOnly) = 0;
    // The control that takes focus (the label's buddy).
    virtual QWidget *control() const = 0;

    // Marks the control as invalid (empty message: valid again).
    void setError(const QString &message);
    QString error() const { return m_error; }

Q_SIGNALS:
    // The user changed the value.
    void valueEdited(const QVariant &value);
    // The user chose a row in a foreign-key picker (it may be new, without a key yet).
    void objectPicked(const std::shared_ptr<orm::Entity> &object);
    void editingFinished();

protected:
    FieldEditor(const orm::EntityMeta &meta, int column, QWidget *parent);
    // Lays the control out, gives it focus and the accessible name, and leaves Undo / Redo to
    // the window.
    void adopt(QWidget *control);

private:
    const orm::EntityMeta *m_meta;
    int m_column;
    QString m_error;
};

} // namespace ui
