// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QWidget>

#include <memory>

class QGridLayout;
class QLabel;
class QPushButton;

namespace orm {
class Entity;
class EntityMeta;
} // namespace orm

namespace ui {

class Document;
class FieldEditor;

// The form of one object, generated from its entity's metadata: a label and an editor per
// column (required fields marked), and under each editor the field's error, shown while the
// user types and after a commit the database refused. Every edit is staged in the session as an
// undoable command (typing in one field merges into one command).
class RecordForm : public QWidget
{
    Q_OBJECT
public:
    explicit RecordForm(QWidget *parent = nullptr);

    void setDocument(Document *document);
    Document *document() const { return m_document; }
    void setObject(const std::shared_ptr<orm::Entity> &object);
    std::shared_ptr<orm::Entity> object() const { return m_object; }

    // Reads the shown object's row again (another program committed), in the document's
    // BackgroundReader: the form shows the values it has meanwhile and takes the new ones when
    // they arrive (Session::loadStoredRows(): the untouched fields refreshed, the staged ones
    // kept, a staged field the other program changed a conflict). A row deleted elsewhere with
    // nothing staged is let go. objectReadAgain() follows, with the object still shown or
    // none. For a server, where the window's thread must not wait for the round trip.
    void readAgain();
    bool isReadingAgain() const { return m_readAgainRequest != 0; }

    FieldEditor *editor(int column) const { return m_editors.value(column); }
    FieldEditor *editor(const QString &columnName) const;
    QLabel *errorLabel(int column) const { return m_errorLabels.value(column); }
    QLabel *errorLabel(const QString &columnName) const;
    void focusField(int column);

Q_SIGNALS:
    // The user asked to cancel the deletion of the object shown.
    void undeleteRequested(const std::shared_ptr<orm::Entity> &object);
    // The row readAgain() asked for is in (object(): null when it was let go).
    void objectReadAgain();

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild(const orm::EntityMeta *meta);
    void refreshValues();
    void refreshValue(int column);
    // The value a field shows: the object's, or what was typed there and refused.
    QVariant shownValue(int column) const;
    void refreshErrors();
    void showFieldError(int column, const QString &message);
    void refreshHeader();
    void onValueEdited(int column, const QVariant &value);
    void onObjectPicked(int column, const std::shared_ptr<orm::Entity> &target);
    bool eventFilter(QObject *watched, QEvent *event) override;
    void onRowsRead(quint64 id, const QList<QVariantList> &rows, const QString &error);

    Document *m_document = nullptr;
    std::shared_ptr<orm::Entity> m_object;
    const orm::EntityMeta *m_meta = nullptr;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_placeholder;
    QWidget *m_banner;
    QLabel *m_bannerText;
    QPushButton *m_bannerButton;
    QWidget *m_fields;
    QGridLayout *m_grid;
    QLabel *m_legend;
    QLabel *m_objectError;
    QHash<int, FieldEditor *> m_editors;
    QHash<int, QLabel *> m_errorLabels;
    QHash<int, QLabel *> m_labels;
    int m_mergeToken = 0;
    quint64 m_readAgainRequest = 0;
    std::shared_ptr<orm::Entity> m_readAgainObject; // the one that request reads
};

} // namespace ui
