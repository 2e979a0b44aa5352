// SPDX-License-Identifier: MIT
#include "ui/sqlresultmodel.h"

#include "orm/sql/types.h"
#include "ui/sqlconsolesession.h"

#include <QGuiApplication>
#include <QPalette>

namespace ui {

SqlResultModel::SqlResultModel(SqlConsoleSession *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    connect(session, &SqlConsoleSession::rowsFetched, this, &SqlResultModel::onRowsFetched);
}

void SqlResultModel::setResult(const QStringList &columns, const QList<QVariantList> &rows,
                               bool more)
{
    beginResetModel();
    m_columns = columns;
    m_rows = rows;
    m_more = more;
    m_fetching = false;
    endResetModel();
}

void SqlResultModel::clear()
{
    setResult({}, {}, false);
}

void SqlResultModel::stopReading()
{
    m_more = false;
    m_fetching = false;
}

QVariant SqlResultModel::storedValue(int row, int column) const
{
    if (row < 0 || row >= m_rows.size() || column < 0 || column >= m_rows.at(row).size())
        return {};
    return m_rows.at(row).at(column);
}

int SqlResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SqlResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant SqlResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVariant value = storedValue(index.row(), index.column());
    const bool isNull = value.isNull();
    switch (role) {
    case Qt::DisplayRole:
        if (isNull)
            return QStringLiteral("NULL");
        if (value.typeId() == QMetaType::QByteArray)
            return tr("BLOB (%n bytes)", nullptr, int(value.toByteArray().size()));
        if (value.canConvert<orm::TextBytes>() && value.typeId() != QMetaType::QString)
            return value.value<orm::TextBytes>().toString();
        return value.toString();
    case Qt::EditRole:
        return value;
    case Qt::ToolTipRole:
        if (value.typeId() == QMetaType::QString && value.toString().size() > 60)
            return value.toString().left(2000);
        return {};
    case Qt::ForegroundRole:
        if (isNull || value.typeId() == QMetaType::QByteArray)
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::TextAlignmentRole:
        if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Double)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant SqlResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < m_columns.size() ? QVariant(m_columns.at(section))
                                                          : QVariant();
    return section + 1;
}

bool SqlResultModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_more && !m_fetching;
}

void SqlResultModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    m_session->fetchMore(kPageRows);
}

void SqlResultModel::onRowsFetched(const QList<QVariantList> &rows, bool more, const QString &error)
{
    if (!m_fetching)
        return; // not asked by this model
    m_fetching = false;
    m_more = more;
    if (!rows.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size()) - 1);
        m_rows.append(rows);
        endInsertRows();
    }
    if (!error.isEmpty())
        Q_EMIT fetchFailed(error);
    Q_EMIT rowsFetched();
}

} // namespace ui
