// SPDX-License-Identifier: MIT
#pragma once

#include "orm/query/query.h"
#include "ui/columnfilter.h"
#include "ui/entitycatalog.h"
#include "ui/tablewindow.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace ui {

class Document;
class PageCache;

// The rows of one entity as a table, bound to an ORM query and never loading the whole table:
// its PageCache reads rows in pages when a view asks for them and keeps at most
// maxCachedPages(), and the number of rows is counted in a worker thread (BackgroundReader)
// while the first page is already shown.
//
// On a large table (backgroundReadRows()) a page is never read with an OFFSET in the window's
// thread, where stepping over millions of rows, or a sort or filter that scans the table, would
// freeze it: the worker reads the keys of the page and its neighbours, then the rows are read by
// key. Until they arrive the rows show a placeholder, and rowsArrived() says when they are in.
// Pages of a table in key order whose keys run without gaps are key ranges, read at once. Sorting,
// the quick search and the per-column filters are part of the query (ORDER BY and WHERE built as
// expression trees). Foreign keys read as the target's label, fetched in one query per page and
// column.
//
// New objects staged in the session are listed after the database's rows; modified, new and
// deleted rows are marked (font, background, header icon). A value whose storage class does not
// match the declared type is shown as stored, in the warning colour, with a note saying so.
// Edits are staged through the document, as undoable commands.
//
// A large table is shown through a window (window(), a TableWindow): the model has at most
// windowRows() rows, the absolute rows windowStart() and after (model row r is absolute row
// windowStart() + r), so that a view's per-row bookkeeping (QHeaderView keeps 8 bytes per
// section) stays the same at any size. Moving the window (setWindowStart()) is a layout change:
// persistent indexes follow their rows, and those that leave the window become invalid.
// EntityTableView moves it as the person scrolls. A table of windowRows() rows or fewer has no
// window (windowStart() is 0).
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
        // Whether another program changed the row a moment ago (read again since): the row is
        // marked for a few seconds.
        ExternallyChangedRole,
        // Whether the cell's staged value is in conflict with another program's change.
        ConflictRole,
    };
    enum class Change { None, New, Modified, Deleted };

    EntityTableModel(Document *document, const orm::EntityMeta &meta, QObject *parent = nullptr);
    ~EntityTableModel() override;

    const orm::EntityMeta &meta() const { return *m_meta; }
    // The largest value of the integer primary key in the database (one look-up at the end
    // of its index), for sizing its column; 0 when there is none. On a server it is read in
    // the worker: 0 until largestKeyKnown().
    qint64 largestKey() const;
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

    // A text that cannot be searched for (ColumnFilter::textError()) is refused before any SQL
    // runs: the rows stay as they were and searchError() says why, until the next text.
    void setSearchText(const QString &text);
    QString searchText() const { return m_search; }
    QString searchError() const { return m_searchError; }
    void setColumnFilter(int column, const QString &text);
    QString columnFilter(int column) const { return m_filters.value(column); }
    // Why a column's filter text is not valid (it is then ignored: never part of the query).
    QString columnFilterError(int column) const { return m_filterErrors.value(column); }
    // The WHERE condition of the search and the filters.
    orm::Expr condition() const;
    // The rows as the table shows them (search, filters, sort) as one SELECT of the entity's
    // table's columns, for File > Export; whether that differs from the whole table.
    orm::Select shownRowsSelect() const;
    bool isFilteredOrSorted() const { return !condition().isEmpty() || m_sortColumn >= 0; }

    // By model row (in the window).
    std::shared_ptr<orm::Entity> objectAt(int row) const;
    // The model row of an object among the loaded pages and the new objects, when it is in the
    // window; -1 otherwise.
    int rowOf(const orm::Entity &object) const;
    Change changeOf(const orm::Entity &object) const;

    static constexpr int defaultWindowRows = TableWindow::defaultCapacity;
    // Where the rows are: the window, its pages (see TableWindow).
    const TableWindow &window() const { return m_window; }
    int windowRows() const { return m_window.capacity(); }
    // Resets the model.
    void setWindowRows(int rows);
    qint64 windowStart() const { return m_window.start(); }
    // Clamped so that the window stays full; a layout change when it moves.
    void setWindowStart(qint64 start);
    bool isWindowed() const { return m_window.isWindowed(); }
    // Every row: the database's (as counted so far) and the new objects after them.
    qint64 absoluteRowCount() const { return m_window.totalRows(); }
    qint64 absoluteRow(int row) const { return m_window.absoluteRow(row); }
    // The model row of an absolute row; -1 outside the window.
    int windowRow(qint64 absoluteRow) const { return m_window.windowRow(absoluteRow); }
    std::shared_ptr<orm::Entity> objectAtAbsolute(qint64 row) const;
    // Like rowOf(), anywhere in the table: -1 when the object is neither loaded nor new.
    qint64 absoluteRowOf(const orm::Entity &object) const;
    // Where an object that is not loaded is in the table's order: the rows before it are
    // counted in the worker thread, then its row is read to check, and rowFound() says where
    // it is (-1: not in the table, e.g. filtered out). False when it cannot be looked for: new
    // objects (rowOf() knows them), or a sort by a foreign key's label.
    bool findRow(const std::shared_ptr<orm::Entity> &object);

    // Rows of the database matching the query; -1 while they are being counted.
    qint64 totalCount() const;
    // While a whole table is counted on a server: the rows its statistics estimate (a moment's
    // answer where the count may take seconds); -1 when there is none.
    qint64 estimatedCount() const { return isCounting() ? m_estimate : -1; }
    // Whether the count or a read of rows runs in the worker now, that cancelReads() stops.
    bool isReading() const;
    // Stops the count and the reads of rows under way (interrupted on the server), and every
    // other request made so far of the document's BackgroundReader: the rows counted so far
    // stay, those not read show a placeholder, until reload().
    void cancelReads();
    // Whether cancelReads() stopped the count: totalCount() stays -1 until reload().
    bool isCountCancelled() const { return m_countCancelled; }
    // Why the rows or their count could not be read since the last reload(), as the database
    // said it (loadFailed()); empty while they could. totalCount() stays -1 after a failed
    // count (isCountFailed()) until reload().
    QString loadError() const { return m_loadError; }
    bool isCountFailed() const { return m_countFailed; }
    // On a large table the quick search looks up the start of indexed text columns (an index
    // range) rather than scanning every row for the text anywhere.
    bool searchesByPrefix() const;
    void setLargeTableRows(qint64 rows) { m_largeTableRows = rows; }
    // From how many rows (of the whole table, once counted) pages are read in the background.
    qint64 backgroundReadRows() const { return m_backgroundRows; }
    void setBackgroundReadRows(qint64 rows);
    // Whether the row's page is being read in the background: its object is not there yet,
    // and the row reads as a placeholder.
    bool isArriving(int row) const;
    bool isCounting() const { return totalCount() < 0; }
    // Whether the row could not be read yet: another program holds the file locked. It reads
    // as a placeholder, and is read once the lock is gone (LockWaiter::released(), then
    // rowsArrived()) or, after the waiting was cancelled, on reload().
    bool isUnread(int row) const;

    int pageSize() const { return m_window.pageSize(); }
    void setPageSize(int rows);
    int maxCachedPages() const;
    void setMaxCachedPages(int pages);
    // How many page queries ran since the last reload (for tests and diagnostics).
    int pageLoadCount() const;
    int cachedPageCount() const;

    // Queries again (after a commit, or on request).
    void reload();

Q_SIGNALS:
    void totalCountChanged(qint64 count);
    void loadFailed(const QString &message);
    void rowFound(const std::shared_ptr<orm::Entity> &object, qint64 absoluteRow);
    // Model rows whose page was read in the background can now be read (after dataChanged()).
    void rowsArrived(int first, int last);
    // The window moved, or the rows around it changed (absoluteRowCount()).
    void windowChanged();
    // estimatedCount(), isReading() or isCountCancelled() changed.
    void readingChanged();
    // On a server: largestKey() arrived from the worker.
    void largestKeyKnown();

private:
    // The ORDER BY of a column sort or of the key alone (not of a foreign key's label).
    struct SortTerm
    {
        orm::Expr column;
        int index = -1;
        bool descending = false;
        bool lowered = false; // lower(column)
    };
    bool sortsByLabel() const;
    QList<SortTerm> sortTerms(bool reversed) const;
    // reversed: the same rows in the opposite order (pages near the end are read from there).
    orm::QueryBase buildQuery(bool reversed = false) const;
    // The rows that come before the object in the table's order (its database values).
    orm::Expr rowsBefore(const orm::Entity &object) const;
    // Rows inserted at, or removed from, an absolute row; apply() changes what the rows are.
    void insertAbsolute(qint64 at, qint64 count, const std::function<void()> &apply);
    void removeAbsolute(qint64 at, qint64 count, const std::function<void()> &apply);
    bool isExternallyChanged(const orm::Entity &object) const;
    bool readsInBackground() const;
    // The cache reads pages' keys in the background on a large table.
    void updateBackgroundReads();
    // The keys of absolute rows [first, end) arrived: they can be read.
    void onKeysArrived(qint64 first, qint64 end);
    // Whether the rows are in key order with no key missing between the first and the last
    // (no filter): row r then holds key first + r, and a page is a key range, not an OFFSET.
    void checkDenseKeys();
    // The smallest or largest value of the integer primary key in the database.
    std::optional<qint64> keyAggregate(bool largest) const;
    QString foreignLabel(const ForeignKeyLink &link, const QVariant &key) const;
    void requestCount();
    void onCountReady(quint64 id, qint64 count, const QString &error);
    void onCountEstimated(quint64 id, qint64 estimate);
    void onRowsReady(quint64 id, const QList<QVariantList> &rows, const QString &error);
    void onLabelsArrived(int column);
    void onObjectChanged(orm::Entity *object, int column);
    void onObjectRefreshed(orm::Entity *object);
    // The lock that kept rows or labels from being read is gone.
    void onLockReleased();
    void onChangesUpdated();
    void syncNewObjects();
    std::vector<std::shared_ptr<orm::Entity>> stagedNewObjects() const;
    int likePatternLimit() const;
    // How the engine holds dates, for the column filters.
    ColumnFilter::Dates dates() const;

    Document *m_document;
    const orm::EntityMeta *m_meta;
    orm::QueryBase m_query;
    QList<ForeignKeyLink> m_links;
    QString m_search;
    QString m_searchError;
    QString m_loadError;
    bool m_countFailed = false;
    QHash<int, QString> m_filters; // as typed
    QHash<int, QString> m_appliedFilters; // the valid ones, in the query
    QHash<int, QString> m_filterErrors;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    qint64 m_tableRows = -1; // the whole table (no search, no filter), once counted
    qint64 m_largeTableRows = ColumnFilter::largeTableRows;
    qint64 m_backgroundRows = ColumnFilter::largeTableRows;
    quint64 m_countRequest = 0;
    qint64 m_estimate = -1;
    bool m_countCancelled = false;
    bool m_readsCancelled = false;
    quint64 m_findRequest = 0;
    // On a server: whether the found row passes the filter, asked in the worker too, and the
    // row it is at if it does.
    quint64 m_findCheckRequest = 0;
    qint64 m_foundAt = -1;
    // On a server: the largest key, read once in the worker.
    quint64 m_largestKeyRequest = 0;
    std::optional<qint64> m_largestKey;
    std::weak_ptr<orm::Entity> m_finding;
    TableWindow m_window;
    // The database's rows (before the new objects), read as views ask for them: data() is
    // const, the cache fills as it is read.
    PageCache *m_cache;
    std::vector<std::shared_ptr<orm::Entity>> m_newObjects;
    // Rows another program changed, marked until m_markTimer clears them; by address, and
    // checked to be the same object (an object let go meanwhile may leave its address to
    // another).
    QHash<const orm::Entity *, std::weak_ptr<orm::Entity>> m_externallyChanged;
    QTimer m_markTimer;
    bool m_resetting = false;
};

} // namespace ui
