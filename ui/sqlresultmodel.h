// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>
#include <QVariant>

namespace ui {

class SqlConsoleSession;

// The rows of the SQL console's last statement, read as the view asks for them
// (canFetchMore() / fetchMore()): each page is read on the console's thread and appended when
// it arrives, so that a result of millions of rows is read only as far as the person scrolls,
// and the window never waits for a page. Values are shown as stored: NULL as "NULL" (dimmed),
// blobs by their size, text that is not UTF-8 with its replacement characters.
class SqlResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int kPageRows = 256;

    explicit SqlResultModel(SqlConsoleSession *session, QObject *parent = nullptr);

    // A new result: its columns, first rows and whether more can be read.
    void setResult(const QStringList &columns, const QList<QVariantList> &rows, bool more);
    void clear();
    // No more rows are read: the rest of the result was let go.
    void stopReading();
    // Whether more rows can be read, and whether a page is being read.
    bool hasMore() const { return m_more; }
    bool isFetching() const { return m_fetching; }
    // The stored value of a cell.
    QVariant storedValue(int row, int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // A page failed (the statement was cancelled, the connection went).
    void fetchFailed(const QString &error);
    // Rows were appended (the count shown can change).
    void rowsFetched();

private:
    void onRowsFetched(const QList<QVariantList> &rows, bool more, const QString &error);

    SqlConsoleSession *m_session;
    QStringList m_columns;
    QList<QVariantList> m_rows;
    bool m_more = false;
    bool m_fetching = false;
};

} // namespace ui
