#pragma once

#include "orm/query.h"
#include "ui/columnfilter.h"
#include "ui/entitycatalog.h"

#include <QAbstractTableModel>
#include <QHash>

#include <memory>
#include <vector>

namespace ui {

class Document;

// The rows of one entity as a table, bound to an ORM query and never loading the whole table:
// rows are fetched in pages (LIMIT / OFFSET) when a view asks for them, at most maxCachedPages()
// are kept, and the number of rows is counted in a worker thread (RowCounter) while the first
// page is already shown. Sorting, the quick search and the per-column filters are part of the
// query (ORDER BY and WHERE built as expression trees). Foreign keys read as the target's label,
// fetched in one query per page and column.
//
// New objects staged in the session are listed after the database's rows; modified, new and
// deleted rows are marked (font, background, header icon). A value whose storage class does not
// match the declared type is shown as stored, in the warning colour, with a note saying so.
// Edits are staged through the document, as undoable commands.
class EntityTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        ChangeRole = Qt::UserRole + 1, // a Change, as int
        ErrorRole, // the validation error of the cell
        ForeignKeyRole, // the key of a foreign-key cell
        // Why the cell shows the value as stored: its storage class does not match the declared
        // type ("Stored as text, declared BOOLEAN"); empty for other cells.
        StorageNoteRole,
    };
    enum class Change { None, New, Modified, Deleted };

    EntityTableModel(Document *document, const orm::EntityMeta &meta, QObject *parent = nullptr);
    ~EntityTableModel() override;

    const orm::EntityMeta &meta() const { return *m_meta; }
    Document *document() const { return m_document; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    void setSearchText(const QString &text);
    QString searchText() const { return m_search; }
    void setColumnFilter(int column, const QString &text);
    QString columnFilter(int column) const { return m_filters.value(column); }
    // Why a column's filter text is not valid (it is then ignored).
    QString columnFilterError(int column) const { return m_filterErrors.value(column); }
    // The WHERE condition of the search and the filters.
    orm::Expr condition() const;

    std::shared_ptr<orm::Entity> objectAt(int row) const;
    // The row of an object among the loaded pages and the new objects; -1 otherwise.
    int rowOf(const orm::Entity &object) const;
    Change changeOf(const orm::Entity &object) const;

    // Rows of the database matching the query; -1 while they are being counted.
    qint64 totalCount() const { return m_totalCount; }
    // On a large table the quick search looks up the start of indexed text columns (an index
    // range) rather than scanning every row for the text anywhere.
    bool searchesByPrefix() const;
    void setLargeTableRows(qint64 rows) { m_largeTableRows = rows; }
    bool isCounting() const { return m_totalCount < 0; }

    int pageSize() const { return m_pageSize; }
    void setPageSize(int rows);
    int maxCachedPages() const { return m_maxPages; }
    void setMaxCachedPages(int pages);
    // How many page queries ran since the last reload (for tests and diagnostics).
    int pageLoadCount() const { return m_pageLoads; }
    int cachedPageCount() const { return int(m_pages.size()); }

    // Queries again (after a commit, or on request).
    void reload();

Q_SIGNALS:
    void totalCountChanged(qint64 count);
    void loadFailed(const QString &message);

private:
    struct Page
    {
        std::vector<std::shared_ptr<orm::Entity>> rows;
        quint64 lastUse = 0;
    };

    // reversed: the same rows in the opposite order (pages near the end are read from there).
    orm::QueryBase buildQuery(bool reversed = false) const;
    const Page *page(int number) const;
    void loadLabels(const std::vector<std::shared_ptr<orm::Entity>> &rows) const;
    QString foreignLabel(const ForeignKeyLink &link, const QVariant &key) const;
    void requestCount();
    void onCountReady(quint64 id, qint64 count, const QString &error);
    void onObjectChanged(orm::Entity *object, int column);
    void onChangesUpdated();
    void syncNewObjects();
    std::vector<std::shared_ptr<orm::Entity>> stagedNewObjects() const;

    Document *m_document;
    const orm::EntityMeta *m_meta;
    orm::QueryBase m_query;
    orm::QueryBase m_reverseQuery;
    QList<ForeignKeyLink> m_links;
    QString m_search;
    QHash<int, QString> m_filters;
    QHash<int, QString> m_filterErrors;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_pageSize = 100;
    int m_maxPages = 40;
    qint64 m_dbRows = 0;
    qint64 m_totalCount = -1;
    qint64 m_tableRows = -1; // the whole table (no search, no filter), once counted
    qint64 m_largeTableRows = ColumnFilter::largeTableRows;
    quint64 m_countRequest = 0;
    mutable QHash<int, Page> m_pages;
    mutable QHash<const orm::Entity *, int> m_rowOf;
    mutable quint64 m_clock = 0;
    mutable int m_pageLoads = 0;
    mutable QHash<int, QHash<QString, QString>> m_labels; // by column, then key
    std::vector<std::shared_ptr<orm::Entity>> m_newObjects;
};

} // namespace ui
