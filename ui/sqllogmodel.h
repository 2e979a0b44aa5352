// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QTimer>

#include <deque>

namespace ui {

// The statements a session ran, newest last, with their bound values and durations. Records
// arrive while statements run (possibly inside another model's data()): they are buffered and
// appended from the event loop. At most maximumEntries() are kept.
class SqlLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, DurationColumn, StatementColumn, ParametersColumn, ColumnCount };
    enum Role { FailedRole = Qt::UserRole + 1 };

    explicit SqlLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void append(const orm::StatementRecord &record);
    // Appends what is buffered now (the event loop does it too).
    void flush();
    void clear();
    int maximumEntries() const { return m_maximum; }
    void setMaximumEntries(int entries);

    static QString formatDuration(qint64 nanoseconds);
    static QString formatParameters(const QVariantList &params);
    // One value as the log shows it: NULL, a quoted string (its first 80 characters), a size
    // for bytes.
    static QString formatParameter(const QVariant &value);

private:
    struct Entry
    {
        orm::StatementRecord record;
        QTime time;
    };
    void trim();

    std::deque<Entry> m_entries;
    std::vector<Entry> m_pending;
    QTimer m_flushTimer;
    int m_maximum = 5000;
};

} // namespace ui
