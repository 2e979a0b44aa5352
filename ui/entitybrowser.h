// SPDX-License-Identifier: MIT
#pragma once

#include "ui/entitytableview.h"

#include <QHash>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QToolButton;
class QLineEdit;
class QTimer;

namespace orm {
class Entity;
class EntityMeta;
} // namespace orm

namespace ui {

class Document;
class EntityTableModel;
class FilterHeader;

// The table of one entity: a quick search (Ctrl+F), a filter under each column, sorting by
// header click (in SQL), in-place editing through the form's editors, and the row count. One
// EntityTableModel per entity is kept, so that going back to a table finds its search, filters
// and sort as they were. A large table is shown through a window of its rows (EntityTableView).
class EntityBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit EntityBrowser(QWidget *parent = nullptr);

    void setDocument(Document *document);
    void setEntity(const orm::EntityMeta *meta);
    const orm::EntityMeta *entity() const { return m_meta; }
    EntityTableModel *model() const { return m_model; }
    EntityTableModel *modelFor(const orm::EntityMeta *meta);

    EntityTableView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    // Beside the search field: why the search text was refused, why the table cannot be read,
    // or which triggers run when its rows are written (their SQL in the tooltip); hidden
    // otherwise.
    QLabel *noteLabel() const { return m_note; }
    FilterHeader *filterHeader() const { return m_header; }

    // The rows of the window the models show of a large table (for tests; the default is
    // EntityTableModel::defaultWindowRows).
    void setWindowRows(int rows);

    std::shared_ptr<orm::Entity> currentObject() const;
    std::vector<std::shared_ptr<orm::Entity>> selectedObjects() const;
    // Selects the object's row when it is loaded (or new), moving the window to it; false when
    // it is not, and then the row is looked for in the background and selected when found
    // (unless another row was chosen meanwhile), without currentObjectChanged().
    bool selectObject(const orm::Entity &object);
    void clearSelection();
    void focusSearch();

Q_SIGNALS:
    // The user (or selectObject) made another row current; null when the current object is
    // no longer listed (a search or a filter leaves it out, a commit deleted it).
    void currentObjectChanged(const std::shared_ptr<orm::Entity> &object);
    void countChanged(qint64 count);

private:
    enum class Selection { Announced, Quiet };
    void selectRow(qint64 absoluteRow, Selection selection);
    // After the window moved: the current row again, when the window has it.
    void restoreCurrent();
    // After the rows were read again (a reload, a commit, a sort, a search): the current
    // object selected and in view where it is now, else the same top row, and no current row
    // when the object is no longer listed.
    void rememberPlace();
    void restorePlace();
    void onRowFound(const std::shared_ptr<orm::Entity> &object, qint64 row);
    // Selects the current object's row again: in view if it was, else where it is.
    void placeCurrent(qint64 absoluteRow);
    void loseCurrent();
    void applySearch();
    void updateCountLabel();
    void updateSearchHint();
    void showSearchError(const QString &error);
    void refreshNote(const QString &searchError);
    void sizeColumns();
    void onCurrentRowChanged();

    Document *m_document = nullptr;
    const orm::EntityMeta *m_meta = nullptr;
    EntityTableModel *m_model = nullptr;
    QHash<const orm::EntityMeta *, EntityTableModel *> m_models;
    QLineEdit *m_search;
    QLabel *m_note;
    QLabel *m_countLabel;
    QToolButton *m_cancelReads; // stops the count and reads of rows under way
    EntityTableView *m_view;
    FilterHeader *m_header;
    QTimer *m_searchTimer;
    std::weak_ptr<orm::Entity> m_current;
    qint64 m_currentRow = -1; // absolute
    std::weak_ptr<orm::Entity> m_finding; // selected once found
    bool m_findingAfterReset = false; // m_finding was current before the rows were read again
    qint64 m_keptTop = -1; // the top row to show again once the rows are counted
    bool m_currentWasInView = false;
    int m_windowRows;
    bool m_quiet = false;
};

} // namespace ui
