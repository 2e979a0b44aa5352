// SPDX-License-Identifier: MIT
#include "ui/recordsearchmodel.h"

#include "orm/query/query.h"
#include "ui/backgroundreader.h"
#include "ui/columnfilter.h"
#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/lockwaiter.h"
#include "ui/theme.h"

#include <QApplication>

using namespace Qt::StringLiterals;

namespace ui {

RecordSearchModel::RecordSearchModel(Document *document, const orm::EntityMeta &meta,
                                     QObject *parent)
    : QAbstractListModel(parent)
    , m_document(document)
    , m_meta(&meta)
    , m_largeTableRows(ColumnFilter::largeTableRows)
{
    connect(document->backgroundReader(), &BackgroundReader::countReady, this,
            [this](quint64 id, qint64 count, const QString &) { onCountReady(id, count); });
    connect(document->backgroundReader(), &BackgroundReader::rowsReady, this,
            &RecordSearchModel::onRowsReady);
    connect(document->lockWaiter(), &LockWaiter::released, this, [this] {
        if (m_unread)
            refresh();
    });
}

void RecordSearchModel::requestTableCount()
{
    if (m_countRequested)
        return;
    m_countRequested = true;
    m_countRequest = m_document->backgroundReader()->requestCount(*m_meta);
}

void RecordSearchModel::onCountReady(quint64 id, qint64 count)
{
    if (id != m_countRequest || m_countRequest == 0)
        return;
    m_countRequest = 0;
    const bool before = searchesByPrefix();
    // A table that could not be counted stays taken for a large one.
    if (count >= 0)
        m_tableRows = count;
    if (m_searched && searchesByPrefix() != before)
        refresh();
}

bool RecordSearchModel::searchesByPrefix() const
{
    const bool large = m_tableRows < 0 || m_tableRows >= m_largeTableRows;
    // Not on a server: its collation, not SQLite's binary order, sorts the index's text.
    return large && ColumnFilter::canSearchByPrefix(*m_meta) && !m_document->isServer();
}

void RecordSearchModel::setSearchText(const QString &text)
{
    m_text = text;
    refresh();
}

void RecordSearchModel::setLimit(int rows)
{
    m_limit = qMax(1, rows);
    refresh();
}

void RecordSearchModel::setExcluded(const std::vector<std::shared_ptr<orm::Entity>> &objects)
{
    m_excludedKeys.clear();
    m_excludedObjects.clear();
    for (const auto &o : objects) {
        m_excludedObjects.push_back(o.get());
        if (!m_meta->isKeyUnset(*o))
            m_excludedKeys.insert(o->primaryKey().toString());
    }
}

void RecordSearchModel::clear()
{
    beginResetModel();
    m_items.clear();
    m_more = false;
    m_message.clear();
    endResetModel();
}

void RecordSearchModel::refresh()
{
    beginResetModel();
    m_items.clear();
    m_more = false;
    m_searchRequest = 0;
    orm::Session &session = m_document->session();
    const QString needle = m_text.trimmed();
    m_unread = false;
    m_message =
        ColumnFilter::textError(needle, m_document->engine().connection().likePatternLimit());
    if (!m_message.isEmpty()) {
        // Refused before any SQL runs.
        m_message = tr("Cannot search: %1").arg(m_message);
        endResetModel();
        return;
    }
    const LockWaiter *waiter = m_document->lockWaiter();
    if (waiter->isReadWaiting()) {
        // Searched again once the lock is gone.
        m_unread = true;
        m_message = waiter->message();
        endResetModel();
        return;
    }
    auto excluded = [this](const orm::Entity *o) {
        return std::find(m_excludedObjects.begin(), m_excludedObjects.end(), o)
            != m_excludedObjects.end();
    };
    for (const auto &o : session.newObjects()) {
        if (&o->entityMeta() != m_meta || excluded(o.get()))
            continue;
        const QString label = EntityCatalog::labelOf(*o);
        if (needle.isEmpty() || label.contains(needle, Qt::CaseInsensitive))
            m_items.push_back({QVariant(), label, o, {}});
    }
    requestTableCount();
    m_searched = true;
    orm::QueryBase query = session.query(*m_meta);
    const QList<int> &pk = m_meta->primaryKeyColumns();
    const int labelColumn = m_meta->labelColumn();
    const bool byPrefix = searchesByPrefix();
    const bool labelIndexed = labelColumn >= 0 && EntityCatalog::leadsAnIndex(*m_meta, labelColumn);
    if (!needle.isEmpty()) {
        if (!byPrefix)
            query = query.filter(ColumnFilter::quickSearch(*m_meta, needle));
        else if (labelIndexed && m_meta->column(labelColumn).column.type.isText())
            query = query.filter(ColumnFilter::startsWithRange(*m_meta, labelColumn, needle));
        else
            query = query.filter(ColumnFilter::prefixSearch(*m_meta, needle));
    }
    if (pk.size() == 1) {
        const QString table = m_meta->tableName();
        if (labelColumn >= 0) {
            const orm::Expr label =
                orm::Expr::column(table, m_meta->column(labelColumn).column.name);
            // A large table is read in an index's order, so that the LIMIT ends the walk early;
            // without an index on the label, in the key's (sorting every match by label would
            // read them all first).
            if (!byPrefix)
                query = query.orderBy(orm::OrderTerm(orm::func::lower(label)));
            else if (labelIndexed)
                query = query.orderBy(orm::OrderTerm(label));
        }
        const orm::Column &keyColumn = m_meta->column(pk.first()).column;
        query = query.orderBy(orm::OrderTerm(orm::Expr::column(table, keyColumn.name)));
        // One more row than shown tells whether there are more.
        const int wanted = m_limit + 1 + int(m_excludedKeys.size());
        if (m_document->isServer()) {
            // A round trip: the rows arrive whole from the worker (onRowsReady()).
            m_searchRequest =
                m_document->backgroundReader()->requestEntityRows(query.limit(wanted));
            endResetModel();
            return;
        }
        QList<orm::Expr> columns {orm::Expr::column(table, keyColumn.name)};
        if (labelColumn >= 0)
            columns << orm::Expr::column(table, m_meta->column(labelColumn).column.name);
        const auto rows = query.limit(wanted).rows(columns);
        if (!rows && session.lastError().kind() == orm::Error::Kind::Busy) {
            m_unread = true;
            m_message = waiter->message();
        }
        if (rows)
            addRows(*rows, 0, labelColumn >= 0 ? 1 : -1, false);
    }
    endResetModel();
}

void RecordSearchModel::addRows(const QList<QVariantList> &rows, int keyColumn, int labelColumn,
                                bool stored)
{
    orm::Session &session = m_document->session();
    const orm::TypeSpec &keyType = m_meta->column(m_meta->primaryKeyColumns().first()).column.type;
    int shown = 0;
    for (const QVariantList &row : rows) {
        const QVariant key = orm::storage::fromStorage(row.value(keyColumn), keyType);
        if (m_excludedKeys.contains(key.toString()))
            continue;
        if (shown == m_limit) {
            m_more = true;
            break;
        }
        // An object in the session shows its staged label.
        const auto inSession = session.identityLookup(*m_meta, key);
        if (inSession && session.isMarkedForDeletion(*inSession))
            continue;
        const QString label = inSession ? EntityCatalog::labelOf(*inSession)
            : labelColumn >= 0          ? row.value(labelColumn).toString()
                               : EntityCatalog::recordName(*m_meta) + u' ' + key.toString();
        m_items.push_back({key, label, nullptr, stored ? row : QVariantList()});
        ++shown;
    }
}

void RecordSearchModel::onRowsReady(quint64 id, const QList<QVariantList> &rows,
                                    const QString &error)
{
    if (id == 0 || id != m_searchRequest)
        return;
    beginResetModel();
    m_searchRequest = 0;
    if (error.isEmpty())
        addRows(rows, m_meta->primaryKeyColumns().first(), m_meta->labelColumn(), true);
    else
        m_message = tr("Cannot search: %1").arg(error);
    endResetModel();
}

int RecordSearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid()
        ? 0
        : int(m_items.size()) + (m_more || !m_message.isEmpty() || isSearching() ? 1 : 0);
}

Qt::ItemFlags RecordSearchModel::flags(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return Qt::NoItemFlags;
    if (size_t(index.row()) >= m_items.size())
        return Qt::ItemNeverHasChildren; // the "more" row: shown, not chosen
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant RecordSearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (size_t(index.row()) >= m_items.size()) {
        switch (role) {
        case Qt::DisplayRole:
            if (isSearching())
                return tr("Searching…");
            return m_message.isEmpty() ? tr("More matches: type to narrow the search…") : m_message;
        case Qt::ForegroundRole:
            return m_message.isEmpty() || isSearching()
                ? QApplication::palette().color(QPalette::PlaceholderText)
                : Theme::errorColor(QApplication::palette());
        case MoreRole:
            return true;
        default:
            return {};
        }
    }
    const Item &item = m_items[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return item.label;
    case Qt::ToolTipRole:
        return item.object
            ? tr("New %1, not committed yet").arg(EntityCatalog::recordName(*m_meta))
            : tr("%1 %2").arg(EntityCatalog::recordName(*m_meta), item.key.toString());
    case Qt::DecorationRole:
        return item.object ? Theme::icon(Theme::Icon::Added) : QVariant();
    case KeyRole:
        return item.key;
    case MoreRole:
        return false;
    default:
        return {};
    }
}

std::shared_ptr<orm::Entity> RecordSearchModel::objectAt(int row) const
{
    if (row < 0 || size_t(row) >= m_items.size())
        return nullptr;
    const Item &item = m_items[size_t(row)];
    if (item.object)
        return item.object;
    orm::Session &session = m_document->session();
    if (!item.row.isEmpty()) {
        // Read in the background: its object is made of its row, without a round trip.
        if (auto loaded = session.identityLookup(*m_meta, item.key))
            return loaded;
        auto objects = session.loadStoredRows(*m_meta, {item.row});
        return objects.empty() ? nullptr : objects.front();
    }
    return session.get(*m_meta, item.key);
}

} // namespace ui
