// SPDX-License-Identifier: MIT
#pragma once

#include "orm/query/query.h"
#include "ui/entitycatalog.h"
#include "ui/tablewindow.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <memory>
#include <optional>
#include <vector>

namespace ui {

class Document;

// The database's rows of a query, read in pages as they are asked for (EntityTableModel's
// rows, before the new objects after them). A page is read when one of its rows is wanted, at
// most maxPages() are kept, and the least recently used one leaves when another comes: its
// objects go with it (the session lets go of objects nobody holds). The foreign keys of a
// page's rows are read as their targets' labels, in one query per page and column.
//
// How a page is read (TableWindow says which rows): a range of keys when the rows are in key
// order with no key missing (setDenseKeys()); by LIMIT / OFFSET otherwise, from the end of the
// opposite order past the middle. When setReadsKeysInBackground(), a page is never read with an
// OFFSET in the window's thread: the document's BackgroundReader reads the keys of the page and
// its neighbours (one read at a time; the latest two pages asked for meanwhile are read next),
// keysArrived() says when, and the rows are then read by key; until then object() is null and
// isArriving() true. Pages of keys read ahead as the person scrolls on.
//
// On a server (setReadsRowsInBackground()) the window's thread never reads at all: the worker
// reads the rows of the page and its neighbours whole (key or none: views too), and the
// session makes its objects of them when a page is shown (Session::loadStoredRows()); the
// foreign keys' labels are read there too, one query per page and column, and read as
// isLabelArriving() until they are in (labelsArrived()).
//
// While another program holds the file locked, no page is read: object() is null, isUnread()
// true, until readUnread() after the lock is gone.
//
// rowOf() finds an object's row by its address only once the page at that row is seen to hold
// that very object: an address left by an object let go, and taken by another, never names a
// wrong row.
class PageCache : public QObject
{
    Q_OBJECT
public:
    PageCache(Document *document, const orm::EntityMeta &meta, const TableWindow &window,
              QObject *parent = nullptr);
    ~PageCache() override;

    // Forgets every page, key, label and read under way: the rows are now query's (reverseQuery
    // has them in the opposite order), none known yet.
    void reset(const orm::QueryBase &query, const orm::QueryBase &reverseQuery);

    // The rows: as many as counted, or as known so far (before the count).
    qint64 rowCount() const { return m_rows; }
    bool isCounted() const { return m_counted == TableWindow::Counted::Yes; }
    void setRowCount(qint64 rows, TableWindow::Counted counted);

    void setReadsKeysInBackground(bool background) { m_background = background; }
    bool readsKeysInBackground() const { return m_background; }
    // Rows and labels are read whole in the worker, never on the window's thread (a server).
    void setReadsRowsInBackground(bool rows) { m_rowsInBackground = rows; }
    bool readsRowsInBackground() const { return m_rowsInBackground; }
    // Row r holds key firstKey + r (or firstKey - r in descending order); nullopt: it does not.
    void setDenseKeys(std::optional<qint64> firstKey, TableWindow::Order order);
    bool hasDenseKeys() const { return m_denseFirstKey.has_value(); }

    // Reads the first page at once (the rows are not counted yet): how many rows it holds, 0
    // when it could not be read.
    qint64 readFirstPage();
    // The object at a row; its page is read when it is not cached (null while its keys are read
    // in the background, while a lock keeps it from being read, or past the end).
    std::shared_ptr<orm::Entity> object(qint64 row);
    // The object at a row of a cached page; never reads.
    std::shared_ptr<orm::Entity> cachedObject(qint64 row) const;
    // The row of an object of a cached page; -1 when no cached page holds it.
    qint64 rowOf(const orm::Entity &object);
    // The label shown for a foreign key's value (empty when not read).
    QString label(int column, const QString &key) const;
    // Whether a foreign key's label is being read in the worker.
    bool isLabelArriving(int column, const QString &key) const;

    // Whether the row's page is being read in the background (its keys are not there yet).
    bool isArriving(qint64 row) const;
    // Whether the row could not be read: another program held the file locked.
    bool isUnread(qint64 row) const;
    bool hasUnreadRows() const { return m_unread; }
    // After the lock that kept rows or labels from being read is gone: the labels of the
    // cached pages are read again and rows are read when next asked for. False when nothing
    // was waiting.
    bool readUnread();
    // Asks the worker for the keys of the page and those around it.
    void requestKeys(qint64 page);
    // The read of keys under way is given up (BackgroundReader::cancel() stops it), and no
    // page is read until readUnread() or reset(): the rows not read stay unread.
    void cancelReads();
    bool isReadingKeys() const { return m_keyRequest != 0; }

    int maxPages() const { return m_maxPages; }
    // At least two.
    void setMaxPages(int pages);
    int pageCount() const { return int(m_pages.size()); }
    // How many pages were read since the last reset().
    int loadCount() const { return m_loads; }

    // The primary key's columns as expressions.
    static QList<orm::Expr> keyColumns(const orm::EntityMeta &meta);
    // The integer primary key as an expression; empty when the key is not one integer.
    static orm::Expr integerKey(const orm::EntityMeta &meta);

Q_SIGNALS:
    // The keys of rows [first, end) arrived: their pages can be read (rows past rowCount()
    // while not counted are rows the table has).
    void keysArrived(qint64 first, qint64 end);
    // A page, its labels or its keys could not be read.
    void loadFailed(const QString &message);
    // isReadingKeys() changed.
    void readingChanged();
    // Labels of a foreign-key column arrived from the worker.
    void labelsArrived(int column);

private:
    struct Page
    {
        std::vector<std::shared_ptr<orm::Entity>> rows;
        quint64 lastUse = 0;
    };

    const Page *page(qint64 number);
    void evictOldest();
    std::vector<std::shared_ptr<orm::Entity>> readPage(qint64 number,
                                                       const QList<QVariantList> *keys);
    // The objects of the keys, in their order (a key no longer in the database is skipped).
    std::vector<std::shared_ptr<orm::Entity>> loadByKeys(const QList<QVariantList> &keys) const;
    void loadLabels(const std::vector<std::shared_ptr<orm::Entity>> &rows);
    void onRowsReady(quint64 id, const QList<QVariantList> &rows, const QString &error);
    void onLabelsReady(quint64 id, const QList<QVariantList> &rows, const QString &error);
    void failLater(const QString &message);

    Document *m_document;
    const orm::EntityMeta *m_meta;
    const TableWindow *m_window;
    QList<ForeignKeyLink> m_links;
    orm::QueryBase m_query;
    orm::QueryBase m_reverseQuery;
    qint64 m_rows = 0;
    TableWindow::Counted m_counted = TableWindow::Counted::No;
    bool m_background = false;
    std::optional<qint64> m_denseFirstKey;
    TableWindow::Order m_denseOrder = TableWindow::Order::Ascending;
    int m_maxPages = 40;
    QHash<qint64, Page> m_pages;
    // The row of each object of the cached pages. Only ever trusted once the page at that row
    // is seen to hold that very object (held there, so its address is its own): an entry
    // outlived by its object, or left by another page, can never name a wrong row.
    QHash<const orm::Entity *, qint64> m_rowOf;
    quint64 m_clock = 0;
    int m_loads = 0;
    QHash<int, QHash<QString, QString>> m_labels; // by column, then key
    // Read in the background: the keys of pages' rows (one list of key values per row), or on
    // a server the rows themselves (orm::StoredRows), until their page is read.
    QHash<qint64, QList<QVariantList>> m_pageKeys;
    bool m_rowsInBackground = false;
    // Labels read in the worker: the request's column and keys, and the keys under way.
    struct LabelRequest
    {
        int column = -1;
        QVariantList keys;
    };
    QHash<quint64, LabelRequest> m_labelRequests;
    QHash<int, QSet<QString>> m_labelsArriving; // by column
    quint64 m_keyRequest = 0;
    TableWindow::Read m_keyRead; // what it reads
    qint64 m_keyRequestPage = 0; // the first page it reads
    QList<qint64> m_wantedPages; // asked for while a request ran; the latest last
    // Rows or labels could not be read (a lock): none is read until the lock is gone.
    bool m_unread = false;
};

} // namespace ui
