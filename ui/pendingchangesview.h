// SPDX-License-Identifier: MIT
#pragma once

#include "orm/session/session.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;
class QTreeView;
class QHBoxLayout;
class QAction;

namespace orm {
class Entity;
}

namespace ui {

class Document;
class PendingChangesModel;

// The pending-changes panel: every staged new, modified and deleted object and every staged
// link, each field's committed and staged values, problems that block the commit, and the SQL
// that commit() will run. A change or a single field can be reverted on its own (undoably).
class PendingChangesView : public QWidget
{
    Q_OBJECT
public:
    explicit PendingChangesView(QWidget *parent = nullptr);

    void setDocument(Document *document);
    // Puts an action (Commit, Discard) on the panel's own bar.
    void addBarAction(QAction *action);

    QTreeView *treeView() const { return m_tree; }
    PendingChangesModel *model() const { return m_model; }
    QPushButton *revertButton() const { return m_revert; }
    QPlainTextEdit *sqlPreview() const { return m_sql; }
    // Whether the SQL shows the values it binds (else "?").
    QCheckBox *showValuesBox() const { return m_showValues; }
    void revertSelected();

Q_SIGNALS:
    // Go to the object of a change (and to one of its fields, or -1).
    void openRequested(const std::shared_ptr<orm::Entity> &object, int column);

private:
    void refresh();
    void showSql();
    void showSchemaChanges();
    QString valueText(const orm::Session::PendingValue &value) const;
    void fitChangeColumn();

    Document *m_document = nullptr;
    PendingChangesModel *m_model;
    QTreeView *m_tree;
    QPlainTextEdit *m_sql;
    QCheckBox *m_showValues = nullptr;
    QList<std::pair<int, int>> m_marked;
    QPushButton *m_revert;
    QLabel *m_summary;
    QHBoxLayout *m_bar;
};

} // namespace ui
