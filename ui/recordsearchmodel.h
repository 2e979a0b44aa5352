// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QSet>

#include <memory>
#include <vector>

namespace orm {
class Entity;
class EntityMeta;
} // namespace orm

namespace ui {

class Document;

// What a record picker offers: the rows of one entity whose text contains what the user typed,
// as one query with a LIMIT, ordered by label; new objects staged in the session come first.
// Excluded objects (already linked) are left out.
//
// On a large table (counted once, in the background) a text anywhere would be a scan of every
// row: the search then looks up the start of the label (an index range) and orders by the label
// in its index's order, so that the LIMIT stops the index walk early. Until the count is known
// the table is taken for a large one.
//
// On a server the query runs in the document's BackgroundReader: a last row says "Searching…"
// (isSearching()) until the rows arrive, whole, and objectAt() makes the chosen one's object of
// its row without another read.
class RecordSearchModel : public QAbstractListModel
{
    Q_OBJECT
public:
    // MoreRole: true on the last row that says more rows matched (or why none were looked for).
    enum Role { KeyRole = Qt::UserRole + 1, MoreRole };

    RecordSearchModel(Document *document, const orm::EntityMeta &meta, QObject *parent = nullptr);

    const orm::EntityMeta &meta() const { return *m_meta; }
    void setSearchText(const QString &text);
    QString searchText() const { return m_text; }
    void setLimit(int rows);
    int limit() const { return m_limit; }
    void setExcluded(const std::vector<std::shared_ptr<orm::Entity>> &objects);
    // Runs the query again (the search text is unchanged).
    void refresh();
    // Empty until the next refresh(): lets go of the staged new objects it lists.
    void clear();

    // Counts the table in the background, once (a picker asks when it gets the focus, so that
    // the count is there by the time the user has typed).
    void requestTableCount();
    bool isCounting() const { return m_countRequest != 0; }
    // Whether the search runs in the background (on a server).
    bool isSearching() const { return m_searchRequest != 0; }
    // Searches by indexed prefix rather than for the text anywhere (see above).
    bool searchesByPrefix() const;
    void setLargeTableRows(qint64 rows) { m_largeTableRows = rows; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // The object of a row (loaded on demand); null for the "more" row.
    std::shared_ptr<orm::Entity> objectAt(int row) const;
    // Whether more rows matched than the limit shows.
    bool hasMore() const { return m_more; }
    // Why nothing was looked for (a text that cannot be searched for, or another program
    // holding the file locked: the search then runs again once the lock is gone), shown in a
    // last row that cannot be chosen; empty otherwise.
    QString message() const { return m_message; }

private:
    struct Item
    {
        QVariant key;
        QString label;
        std::shared_ptr<orm::Entity> object; // new objects (no key yet)
        QVariantList row; // read in the background: the object's row
    };

    void onCountReady(quint64 id, qint64 count);
    void onRowsReady(quint64 id, const QList<QVariantList> &rows, const QString &error);
    // The matching rows read (keyColumn and labelColumn: where the key and the label are in
    // each; stored: the rows are the entity's whole rows).
    void addRows(const QList<QVariantList> &rows, int keyColumn, int labelColumn, bool stored);

    Document *m_document;
    const orm::EntityMeta *m_meta;
    QString m_text;
    qint64 m_tableRows = -1; // -1: not counted yet
    qint64 m_largeTableRows;
    quint64 m_countRequest = 0;
    quint64 m_searchRequest = 0;
    bool m_countRequested = false;
    bool m_searched = false;
    int m_limit = 50;
    bool m_more = false;
    QString m_message;
    bool m_unread = false; // the search met a lock
    std::vector<Item> m_items;
    QSet<QString> m_excludedKeys;
    std::vector<const orm::Entity *> m_excludedObjects;
};

} // namespace ui
