// SPDX-License-Identifier: MIT
#include "ui/sqllogmodel.h"

#include "ui/theme.h"

#include <QApplication>
#include <QFont>
#include <QFontDatabase>

using namespace Qt::StringLiterals;

namespace ui {

SqlLogModel::SqlLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &SqlLogModel::flush);
}

int SqlLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int SqlLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SqlLogModel::formatDuration(qint64 ns)
{
    if (ns < 1000)
        return tr("%1 ns").arg(ns);
    if (ns < 1000 * 1000)
        return tr("%1 µs").arg(double(ns) / 1000.0, 0, 'f', 0);
    return tr("%1 ms").arg(double(ns) / 1e6, 0, 'f', ns < 10 * 1000 * 1000 ? 2 : 1);
}

QString SqlLogModel::formatParameter(const QVariant &p)
{
    if (p.isNull())
        return u"NULL"_s;
    if (p.metaType().id() == QMetaType::QString) {
        const QString text = p.toString();
        QString shown = text.left(80);
        shown.replace(u'\'', u"''"_s);
        return u'\'' + shown + (text.size() > 80 ? u"…'"_s : u"'"_s);
    }
    if (p.metaType().id() == QMetaType::QByteArray)
        return tr("<%n byte(s)>", nullptr, int(p.toByteArray().size()));
    return p.toString();
}

QString SqlLogModel::formatParameters(const QVariantList &params)
{
    QStringList parts;
    for (const QVariant &p : params)
        parts << formatParameter(p);
    return parts.join(u", "_s);
}

QVariant SqlLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Entry &e = m_entries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return e.time.toString(u"HH:mm:ss.zzz"_s);
        case DurationColumn:
            return formatDuration(e.record.durationNs);
        case StatementColumn:
            return QString(e.record.sql).replace(u'\n', u' ');
        case ParametersColumn:
            return formatParameters(e.record.params);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (!e.record.ok)
            return tr("Failed: %1").arg(e.record.error);
        if (index.column() == StatementColumn)
            return e.record.sql;
        return {};
    case Qt::FontRole:
        if (index.column() == StatementColumn || index.column() == ParametersColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::ForegroundRole:
        if (!e.record.ok)
            return Theme::errorColor(QApplication::palette());
        return {};
    case Qt::DecorationRole:
        if (index.column() == TimeColumn && !e.record.ok)
            return Theme::icon(Theme::Icon::Warning);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case FailedRole:
        return !e.record.ok;
    default:
        return {};
    }
}

QVariant SqlLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DurationColumn:
        return tr("Duration");
    case StatementColumn:
        return tr("Statement");
    case ParametersColumn:
        return tr("Values");
    default:
        return {};
    }
}

void SqlLogModel::append(const orm::StatementRecord &record)
{
    m_pending.push_back({record, QTime::currentTime()});
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void SqlLogModel::flush()
{
    m_flushTimer.stop();
    if (m_pending.empty())
        return;
    std::vector<Entry> incoming;
    incoming.swap(m_pending);
    if (incoming.size() > size_t(m_maximum))
        incoming.erase(incoming.begin(), incoming.end() - m_maximum);
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, first + int(incoming.size()) - 1);
    for (Entry &e : incoming)
        m_entries.push_back(std::move(e));
    endInsertRows();
    trim();
}

void SqlLogModel::trim()
{
    if (m_entries.size() <= size_t(m_maximum))
        return;
    const int excess = int(m_entries.size()) - m_maximum;
    beginRemoveRows(QModelIndex(), 0, excess - 1);
    m_entries.erase(m_entries.begin(), m_entries.begin() + excess);
    endRemoveRows();
}

void SqlLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_pending.clear();
    endResetModel();
}

void SqlLogModel::setMaximumEntries(int entries)
{
    m_maximum = qMax(1, entries);
    trim();
}

} // namespace ui
