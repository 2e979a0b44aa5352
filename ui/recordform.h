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

    FieldEditor *editor(int column) const { return m_editors.value(column); }
    FieldEditor *editor(const QString &columnName) const;
    QLabel *errorLabel(int column) const { return m_errorLabels.value(column); }
    QLabel *errorLabel(const QString &columnName) const;
    void focusField(int column);

Q_SIGNALS:
    // The user asked to cancel the deletion of the object shown.
    void undeleteRequested(const std::shared_ptr<orm::Entity> &object);

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild(const orm::EntityMeta *meta);
    void refreshValues();
    void refreshValue(int column);
    void refreshErrors();
    void showFieldError(int column, const QString &message);
    void refreshHeader();
    void onValueEdited(int column, const QVariant &value);
    void onObjectPicked(int column, const std::shared_ptr<orm::Entity> &target);
    bool eventFilter(QObject *watched, QEvent *event) override;

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
};

} // namespace ui
