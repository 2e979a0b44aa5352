#pragma once

#include <QHash>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QLineEdit;
class QTableView;
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
// and sort as they were.
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

    QTableView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    FilterHeader *filterHeader() const { return m_header; }

    std::shared_ptr<orm::Entity> currentObject() const;
    std::vector<std::shared_ptr<orm::Entity>> selectedObjects() const;
    // Selects the object's row when it is loaded (or new); false when it is not.
    bool selectObject(const orm::Entity &object);
    void clearSelection();
    void focusSearch();

Q_SIGNALS:
    // The user (or selectObject) made another row current.
    void currentObjectChanged(const std::shared_ptr<orm::Entity> &object);
    void countChanged(qint64 count);

private:
    void applySearch();
    void updateCountLabel();
    void updateSearchHint();
    void sizeColumns();
    void onCurrentRowChanged();

    Document *m_document = nullptr;
    const orm::EntityMeta *m_meta = nullptr;
    EntityTableModel *m_model = nullptr;
    QHash<const orm::EntityMeta *, EntityTableModel *> m_models;
    QLineEdit *m_search;
    QLabel *m_countLabel;
    QTableView *m_view;
    FilterHeader *m_header;
    QTimer *m_searchTimer;
    std::weak_ptr<orm::Entity> m_current;
};

} // namespace ui
