// SPDX-License-Identifier: MIT
#pragma once

#include <QVariant>
#include <QWidget>

#include <memory>

class QHBoxLayout;
class QLabel;
class QLineEdit;

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
// A value whose storage class does not match the declared type (text 'maybe' in a BOOLEAN
// column of a foreign file) is never converted for display: a line edit shows it as stored,
// with a note saying so beside it, and typing a value of the declared type there replaces it
// (the column's own control then comes back). That note is SQLite's (storage classes): on a
// server, whose values are typed, it is never shown, and a NUMERIC value (exact decimal text)
// is the column's own value, edited as typed.
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

    QVariant value() const;
    // The program's change: valueEdited() is not emitted.
    void setValue(const QVariant &value);
    void setReadOnly(bool readOnly);
    // A foreign key's new target, whose key is known only at commit (null: none); the value
    // alone would read as "none chosen".
    virtual void setPendingReference(const std::shared_ptr<orm::Entity> &) { }
    // The control that takes focus (the label's buddy).
    virtual QWidget *control() const = 0;

    // Whether the value shown is kept as stored (it does not match the declared type), and the
    // line edit and the note that show it then (null before the first such value).
    bool showsStoredValue() const { return m_stored.isValid(); }
    QLineEdit *storedValueEdit() const { return m_storedEdit; }
    QLabel *storedValueNote() const { return m_storedNote; }
    // In the form, the note under the field of a column stored in another framework's form
    // ("Stored as epoch milliseconds", ValueFormatter::formNote()); null for other columns and
    // in a cell, where the control's tooltip says it.
    QLabel *formNote() const { return m_formNote; }

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
    // The column's own control, for values of the declared type.
    virtual QVariant controlValue() const = 0;
    virtual void setControlValue(const QVariant &value) = 0;
    virtual void setControlReadOnly(bool readOnly) = 0;

private:
    static FieldEditor *createControl(Document *document, const orm::EntityMeta &meta, int column,
                                      Style style, QWidget *parent);
    void showStoredValue(const QVariant &stored);
    void hideStoredValue();
    void updateStoredLook();
    void showFormNote();

    const orm::EntityMeta *m_meta;
    int m_column;
    Style m_style = Style::Form;
    bool m_serverTyped = false; // the engine types its values (a server): no storage classes
    QString m_error;
    bool m_readOnly = false;
    QWidget *m_adopted = nullptr; // what adopt() laid out
    QHBoxLayout *m_row = nullptr; // its row
    QVariant m_stored; // the value kept as stored while it is shown; invalid otherwise
    QLineEdit *m_storedEdit = nullptr;
    QLabel *m_storedNote = nullptr;
    QLabel *m_formNote = nullptr;
    QWidget *m_controlFocus = nullptr; // the focus proxy while the control is shown
};

} // namespace ui
