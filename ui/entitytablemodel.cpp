// SPDX-License-Identifier: MIT
#include "ui/entitytablemodel.h"

#include "ui/backgroundreader.h"
#include "ui/columnfilter.h"
#include "ui/document.h"
#include "ui/lockwaiter.h"
#include "ui/pagecache.h"
#include "ui/stagedvalidator.h"
#include "ui/theme.h"
#include "ui/valueformatter.h"

#include <QApplication>
#include <QFont>
#include <QLocale>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ui {

EntityTableModel::EntityTableModel(Document *document, const orm::EntityMeta &meta, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_meta(&meta)
    , m_query(document->session().query(meta))
    , m_links(document->catalog().foreignKeys(meta))
    , m_cache(new PageCache(document, meta, m_window, this))
{
    connect(document->backgroundReader(), &BackgroundReader::countReady, this,
            &EntityTableModel::onCountReady);
    connect(document->backgroundReader(), &BackgroundReader::countEstimated, this,
            &EntityTableModel::onCountEstimated);
    connect(m_cache, &PageCache::keysArrived, this, &EntityTableModel::onKeysArrived);
    connect(m_cache, &PageCache::loadFailed, this, &EntityTableModel::loadFailed);
    // Kept for whoever looks later (a browser showing another table meanwhile).
    connect(this, &EntityTableModel::loadFailed, this,
            [this](const QString &message) { m_loadError = message; });
    connect(m_cache, &PageCache::readingChanged, this, &EntityTableModel::readingChanged);
    connect(m_cache, &PageCache::labelsArrived, this, &EntityTableModel::onLabelsArrived);
    connect(document->backgroundReader(), &BackgroundReader::rowsReady, this,
            &EntityTableModel::onRowsReady);
    // On a server the window's thread never reads: rows, labels and keys come from the worker.
    m_cache->setReadsRowsInBackground(document->isServer());
    connect(&document->session(), &orm::Session::objectChanged, this,
            &EntityTableModel::onObjectChanged);
    connect(&document->session(), &orm::Session::objectRefreshed, this,
            &EntityTableModel::onObjectRefreshed);
    m_markTimer.setSingleShot(true);
    m_markTimer.setInterval(2500);
    connect(&m_markTimer, &QTimer::timeout, this, [this] {
        m_externallyChanged.clear();
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    });
    connect(document, &Document::changesUpdated, this, &EntityTableModel::onChangesUpdated);
    connect(document, &Document::committed, this, &EntityTableModel::reload);
    connect(document->lockWaiter(), &LockWaiter::released, this, &EntityTableModel::onLockReleased);
    reload();
}

EntityTableModel::~EntityTableModel() = default;

int EntityTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_window.rowCount();
}

int EntityTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_meta->columnCount();
}

void EntityTableModel::setPageSize(int rows)
{
    m_window.setPageSize(rows);
    reload();
}

int EntityTableModel::maxCachedPages() const
{
    return m_cache->maxPages();
}

void EntityTableModel::setMaxCachedPages(int pages)
{
    m_cache->setMaxPages(pages);
}

int EntityTableModel::pageLoadCount() const
{
    return m_cache->loadCount();
}

int EntityTableModel::cachedPageCount() const
{
    return m_cache->pageCount();
}

qint64 EntityTableModel::totalCount() const
{
    return m_cache->isCounted() ? m_cache->rowCount() : -1;
}

void EntityTableModel::setBackgroundReadRows(qint64 rows)
{
    m_backgroundRows = rows;
    updateBackgroundReads();
}

void EntityTableModel::updateBackgroundReads()
{
    m_cache->setReadsKeysInBackground(readsInBackground());
}

void EntityTableModel::setWindowRows(int rows)
{
    beginResetModel();
    m_window.setCapacity(rows);
    endResetModel();
    Q_EMIT windowChanged();
}

void EntityTableModel::setWindowStart(qint64 requested)
{
    const qint64 start = m_window.clampedStart(requested);
    if (start == m_window.start())
        return;
    // The rows stay the same rows: only their place in the window changes.
    const qint64 shift = m_window.start() - start;
    const int rows = m_window.rowCount();
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from) {
        const qint64 row = index.row() + shift;
        to << (row >= 0 && row < rows ? createIndex(int(row), index.column()) : QModelIndex());
    }
    m_window.setStart(start);
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT windowChanged();
}

void EntityTableModel::insertAbsolute(qint64 at, qint64 count, const std::function<void()> &apply)
{
    const TableWindow::Insertion change = m_window.insertion(at, count);
    switch (change.kind) {
    case TableWindow::Insertion::Kind::Before:
    case TableWindow::Insertion::Kind::After:
        apply();
        m_window.insertRows(at, count);
        return;
    case TableWindow::Insertion::Kind::Shown:
        beginInsertRows(QModelIndex(), change.first, change.first + change.count - 1);
        apply();
        m_window.insertRows(at, count);
        endInsertRows();
        return;
    case TableWindow::Insertion::Kind::Reset:
        // Rows of the window would be pushed out of it (new objects staged while a large
        // table is counted): read again.
        beginResetModel();
        apply();
        m_window.insertRows(at, count);
        endResetModel();
        return;
    }
}

void EntityTableModel::removeAbsolute(qint64 at, qint64 count, const std::function<void()> &apply)
{
    const TableWindow::Removal change = m_window.removal(at, count);
    if (!change.shown) {
        apply(); // before or after the window
        m_window.removeRows(at, count);
        return;
    }
    beginRemoveRows(QModelIndex(), change.first, change.last);
    apply();
    m_window.removeRows(at, count);
    endRemoveRows();
    // The window fills up again: with the rows after it, else with those before it.
    if (const int below = m_window.rowsMissingBelow(); below > 0) {
        const int rows = m_window.rowCount();
        beginInsertRows(QModelIndex(), rows, rows + below - 1);
        m_window.growBelow(below);
        endInsertRows();
    }
    if (const int above = m_window.rowsMissingAbove(); above > 0) {
        beginInsertRows(QModelIndex(), 0, above - 1);
        m_window.growAbove(above);
        endInsertRows();
    }
}

orm::Expr EntityTableModel::condition() const
{
    QList<orm::Expr> terms;
    if (!m_search.trimmed().isEmpty())
        terms << (searchesByPrefix()
                      ? ColumnFilter::prefixSearch(*m_meta, m_search)
                      : ColumnFilter::quickSearch(*m_meta, m_search, &m_document->catalog()));
    for (auto it = m_appliedFilters.cbegin(); it != m_appliedFilters.cend(); ++it) {
        const ColumnFilter::Result r = ColumnFilter::parse(
            *m_meta, it.key(), it.value(), &m_document->catalog(), likePatternLimit(), dates());
        if (!r.condition.isEmpty())
            terms << r.condition;
    }
    return orm::Expr::allOf(terms);
}

bool EntityTableModel::searchesByPrefix() const
{
    // The range an index answers (text <= value < text + U+10FFFF) holds in SQLite's binary
    // order; a server sorts text by its collation, where it does not.
    return m_tableRows >= m_largeTableRows && ColumnFilter::canSearchByPrefix(*m_meta)
        && !m_document->isServer();
}

bool EntityTableModel::sortsByLabel() const
{
    if (m_sortColumn < 0 || m_sortColumn >= m_meta->columnCount())
        return false;
    const ForeignKeyLink link = m_document->catalog().foreignKey(*m_meta, m_sortColumn);
    return link.isValid() && link.target != m_meta && link.target->labelColumn() >= 0;
}

QList<EntityTableModel::SortTerm> EntityTableModel::sortTerms(bool reversed) const
{
    const QString table = m_meta->tableName();
    const bool descending = (m_sortOrder == Qt::DescendingOrder) != reversed;
    QList<SortTerm> terms;
    if (m_sortColumn >= 0 && m_sortColumn < m_meta->columnCount() && !sortsByLabel()) {
        const orm::Column &c = m_meta->column(m_sortColumn).column;
        // Case-insensitive where it costs a sort anyway; an indexed column sorts in its index's
        // order (no sort of the whole table).
        const bool lowered = c.type.isText() && !EntityCatalog::leadsAnIndex(*m_meta, m_sortColumn);
        terms.append({orm::Expr::column(table, c.name, c.type), m_sortColumn, descending, lowered});
    }
    // A stable order, so that pages do not overlap.
    for (int k : m_meta->primaryKeyColumns()) {
        const orm::Column &c = m_meta->column(k).column;
        terms.append({orm::Expr::column(table, c.name, c.type), k,
                      m_sortColumn == k ? descending : reversed, false});
    }
    return terms;
}

orm::QueryBase EntityTableModel::buildQuery(bool reversed) const
{
    orm::QueryBase q = m_document->session().query(*m_meta);
    const orm::Expr where = condition();
    if (!where.isEmpty())
        q = q.filter(where);
    if (sortsByLabel()) {
        // Foreign keys sort by what they show: the target's label.
        const QString table = m_meta->tableName();
        const ForeignKeyLink link = m_document->catalog().foreignKey(*m_meta, m_sortColumn);
        const orm::EntityMeta &target = *link.target;
        const QString t = target.tableName();
        q = q.join(t,
                   orm::Expr::column(t, target.column(link.targetColumn).column.name)
                       == orm::Expr::column(table, m_meta->column(m_sortColumn).column.name),
                   orm::Join::Type::Left);
        const orm::Expr label =
            orm::Expr::column(t, target.column(target.labelColumn()).column.name);
        q = q.orderBy(orm::OrderTerm(orm::func::lower(label),
                                     (m_sortOrder == Qt::DescendingOrder) != reversed));
    }
    for (const SortTerm &t : sortTerms(reversed))
        q = q.orderBy(
            orm::OrderTerm(t.lowered ? orm::func::lower(t.column) : t.column, t.descending));
    return q;
}

orm::Select EntityTableModel::shownRowsSelect() const
{
    orm::Select select = buildQuery().select();
    const orm::Table &table = m_meta->table();
    select.columns.clear();
    for (const orm::Column &c : table.columns())
        select.columns << orm::Expr::column(table.qualifiedName(), c.name, c.type);
    return select;
}

orm::Expr EntityTableModel::rowsBefore(const orm::Entity &object) const
{
    if (sortsByLabel())
        return {};
    // ORDER BY a, b: a before, or a tied and b before. SQLite puts NULL first in ascending
    // order, last in descending order.
    QList<orm::Expr> before;
    QList<orm::Expr> tied;
    for (const SortTerm &t : sortTerms(false)) {
        const QVariant v = m_document->session().committedValue(object, t.index);
        const orm::Expr e = t.lowered ? orm::func::lower(t.column) : t.column;
        if (v.isNull()) {
            if (t.descending)
                before << orm::Expr::allOf(tied + QList<orm::Expr> {e.isNotNull()});
            tied << e.isNull();
            continue;
        }
        const orm::Expr value = t.lowered ? orm::func::lower(t.column.bound(v)) : t.column.bound(v);
        before << orm::Expr::allOf(
            tied + QList<orm::Expr> {t.descending ? e > value : (e.isNull() || e < value)});
        tied << (e == value);
    }
    return orm::Expr::anyOf(before);
}

bool EntityTableModel::findRow(const std::shared_ptr<orm::Entity> &object)
{
    m_findRequest = 0;
    m_findCheckRequest = 0;
    m_finding.reset();
    if (!object || &object->entityMeta() != m_meta
        || object->objectState() != orm::ObjectState::Persistent)
        return false;
    const orm::Expr before = rowsBefore(*object);
    if (before.isEmpty())
        return false;
    const orm::Expr where = condition();
    m_finding = object;
    m_findRequest = m_document->backgroundReader()->requestCount(
        *m_meta, where.isEmpty() ? before : orm::Expr::allOf({where, before}));
    return true;
}

std::vector<std::shared_ptr<orm::Entity>> EntityTableModel::stagedNewObjects() const
{
    std::vector<std::shared_ptr<orm::Entity>> out;
    for (const auto &o : m_document->session().newObjects()) {
        if (&o->entityMeta() == m_meta)
            out.push_back(o);
    }
    return out;
}

void EntityTableModel::reload()
{
    beginResetModel();
    // Rows read again report the objects they refreshed: the reset tells the views.
    m_resetting = true;
    m_query = buildQuery();
    m_cache->reset(m_query, buildQuery(true));
    m_countRequest = 0;
    m_estimate = -1;
    m_countCancelled = false;
    m_countFailed = false;
    m_loadError.clear();
    m_readsCancelled = false;
    m_findRequest = 0;
    m_findCheckRequest = 0;
    m_finding.reset();
    if (!m_meta->table().error().isEmpty()) {
        // A view the database cannot read: no rows, and no query (the browser says why).
        m_newObjects.clear();
        m_window.reset(0);
        m_cache->setRowCount(0, TableWindow::Counted::Yes);
        endResetModel();
        Q_EMIT windowChanged();
        Q_EMIT totalCountChanged(0);
        return;
    }
    // A large table's first rows arrive from the worker like any other page (a sort or a
    // filter may scan the whole table before the first row is known).
    updateBackgroundReads();
    const bool background = readsInBackground();
    const qint64 first = background ? 0 : m_cache->readFirstPage();
    m_newObjects = stagedNewObjects();
    m_window.reset(first + qint64(m_newObjects.size()));
    const bool mayHaveMore = background || m_cache->hasUnreadRows() || first >= pageSize();
    m_cache->setRowCount(first, mayHaveMore ? TableWindow::Counted::No : TableWindow::Counted::Yes);
    m_resetting = false;
    endResetModel();
    Q_EMIT windowChanged();
    if (background)
        m_cache->requestKeys(0);
    if (mayHaveMore)
        requestCount();
    else
        Q_EMIT totalCountChanged(first);
}

bool EntityTableModel::readsInBackground() const
{
    // On a server every read is a round trip, and a sort or a filter may take seconds there
    // at any size.
    if (m_document->isServer())
        return true; // whole rows, with a key or without (a view's)
    return m_tableRows >= m_backgroundRows && !m_meta->primaryKeyColumns().isEmpty();
}

bool EntityTableModel::isUnread(int row) const
{
    return row >= 0 && row < rowCount() && m_cache->isUnread(absoluteRow(row));
}

void EntityTableModel::onLockReleased()
{
    if (!m_cache->readUnread())
        return;
    if (m_cache->isCounted() && !m_cache->hasDenseKeys())
        checkDenseKeys();
    if (const int rows = rowCount(); rows > 0) {
        Q_EMIT dataChanged(index(0, 0), index(rows - 1, columnCount() - 1));
        Q_EMIT headerDataChanged(Qt::Vertical, 0, rows - 1);
        Q_EMIT rowsArrived(0, rows - 1);
    }
}

bool EntityTableModel::isArriving(int row) const
{
    return row >= 0 && row < rowCount() && m_cache->isArriving(absoluteRow(row));
}

void EntityTableModel::onKeysArrived(qint64 first, qint64 end)
{
    if (const qint64 rows = m_cache->rowCount(); !m_cache->isCounted() && end > rows) {
        // The first rows, while the table is counted.
        insertAbsolute(rows, end - rows,
                       [this, end] { m_cache->setRowCount(end, TableWindow::Counted::No); });
        Q_EMIT windowChanged();
    }
    if (const auto shown = m_window.rowsInWindow(first, end)) {
        const auto [top, bottom] = *shown;
        Q_EMIT dataChanged(index(top, 0), index(bottom, columnCount() - 1));
        Q_EMIT headerDataChanged(Qt::Vertical, top, bottom);
        Q_EMIT rowsArrived(top, bottom);
    }
}

void EntityTableModel::requestCount()
{
    m_countRequest = m_document->backgroundReader()->requestCount(*m_meta, condition());
    Q_EMIT readingChanged();
}

void EntityTableModel::onCountEstimated(quint64 id, qint64 estimate)
{
    if (id == 0 || id != m_countRequest)
        return;
    m_estimate = estimate;
    Q_EMIT readingChanged();
}

bool EntityTableModel::isReading() const
{
    return m_countRequest != 0 || m_cache->isReadingKeys();
}

void EntityTableModel::cancelReads()
{
    if (!isReading())
        return;
    m_document->backgroundReader()->cancel();
    if (m_countRequest != 0) {
        m_countRequest = 0;
        m_countCancelled = true;
    }
    m_readsCancelled = true; // the rows not read yet stay so
    m_cache->cancelReads();
    if (const int rows = rowCount(); rows > 0)
        Q_EMIT dataChanged(index(0, 0), index(rows - 1, columnCount() - 1));
    Q_EMIT readingChanged();
}

void EntityTableModel::onCountReady(quint64 id, qint64 count, const QString &error)
{
    if (id != 0 && id == m_findCheckRequest) {
        m_findCheckRequest = 0;
        const std::shared_ptr<orm::Entity> object = m_finding.lock();
        m_finding.reset();
        if (object)
            Q_EMIT rowFound(object, count > 0 ? m_foundAt : -1);
        return;
    }
    if (id != 0 && id == m_findRequest) {
        m_findRequest = 0;
        const std::shared_ptr<orm::Entity> object = m_finding.lock();
        if (!object) {
            m_finding.reset();
            return;
        }
        // The object is not there when a filter leaves it out (one look-up by its key: its
        // page may be far, and is read when it is shown).
        bool there = count >= 0 && count < m_cache->rowCount();
        if (there && !condition().isEmpty()) {
            const QList<orm::Expr> columns = PageCache::keyColumns(*m_meta);
            const QList<int> &pk = m_meta->primaryKeyColumns();
            QList<orm::Expr> sameKey;
            for (qsizetype i = 0; i < pk.size(); ++i)
                sameKey << (columns[i] == m_document->session().committedValue(*object, pk[i]));
            const orm::QueryBase check = m_query.filter(orm::Expr::allOf(sameKey));
            if (m_document->isServer()) {
                // A round trip: in the worker, and the answer comes as a count.
                m_foundAt = count;
                m_findCheckRequest = m_document->backgroundReader()->requestQueryCount(check);
                return;
            }
            there = check.exists();
        }
        m_finding.reset();
        Q_EMIT rowFound(object, there ? count : -1);
        return;
    }
    if (id != m_countRequest || m_countRequest == 0)
        return;
    m_countRequest = 0;
    m_countFailed = count < 0;
    Q_EMIT readingChanged();
    if (count < 0) {
        Q_EMIT loadFailed(error);
        return;
    }
    const auto counting = [this, count] { m_cache->setRowCount(count, TableWindow::Counted::No); };
    if (const qint64 rows = m_cache->rowCount(); count > rows)
        insertAbsolute(rows, count - rows, counting);
    else if (count < rows)
        removeAbsolute(count, rows - count, counting);
    Q_EMIT windowChanged();
    m_cache->setRowCount(count, TableWindow::Counted::Yes);
    checkDenseKeys();
    if (m_search.trimmed().isEmpty()
        && std::all_of(m_appliedFilters.cbegin(), m_appliedFilters.cend(),
                       [](const QString &f) { return f.trimmed().isEmpty(); })) {
        m_tableRows = count;
        updateBackgroundReads();
    }
    Q_EMIT totalCountChanged(count);
}

std::optional<qint64> EntityTableModel::keyAggregate(bool largest) const
{
    // min() and max() of an integer key are one look-up each at either end of its B-tree.
    const orm::Expr key = PageCache::integerKey(*m_meta);
    if (key.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 v = m_document->session()
                         .query(*m_meta)
                         .scalar(largest ? orm::func::max(key) : orm::func::min(key))
                         .toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

qint64 EntityTableModel::largestKey() const
{
    if (!m_document->isServer())
        return keyAggregate(true).value_or(0);
    const orm::Expr key = PageCache::integerKey(*m_meta);
    if (!m_largestKey && m_largestKeyRequest == 0 && !key.isEmpty()) {
        auto *self = const_cast<EntityTableModel *>(this); // asked once, answered later
        self->m_largestKeyRequest = m_document->backgroundReader()->requestRows(
            m_document->session().query(*m_meta), {orm::func::max(key)},
            BackgroundReader::Queue::Counts);
    }
    return m_largestKey.value_or(0);
}

void EntityTableModel::onRowsReady(quint64 id, const QList<QVariantList> &rows,
                                   const QString &error)
{
    if (id == 0 || id != m_largestKeyRequest)
        return;
    m_largestKeyRequest = 0;
    m_largestKey = error.isEmpty() && !rows.isEmpty() ? rows.first().value(0).toLongLong() : 0;
    Q_EMIT largestKeyKnown();
}

void EntityTableModel::onLabelsArrived(int column)
{
    if (const int rows = rowCount(); rows > 0 && column >= 0 && column < columnCount())
        Q_EMIT dataChanged(index(0, column), index(rows - 1, column));
}

void EntityTableModel::checkDenseKeys()
{
    m_cache->setDenseKeys(std::nullopt, TableWindow::Order::Ascending);
    if (m_cache->readsRowsInBackground())
        return; // every page is read in the worker: no key range to look up
    const QList<int> &pk = m_meta->primaryKeyColumns();
    const qint64 rows = m_cache->rowCount();
    if (PageCache::integerKey(*m_meta).isEmpty() || !condition().isEmpty()
        || (m_sortColumn >= 0 && m_sortColumn != pk.first()) || rows < 2 * pageSize())
        return;
    const std::optional<qint64> low = keyAggregate(false);
    const std::optional<qint64> high = keyAggregate(true);
    if (!low || !high || *high - *low + 1 != rows)
        return;
    if (m_sortColumn >= 0 && m_sortOrder == Qt::DescendingOrder)
        m_cache->setDenseKeys(*high, TableWindow::Order::Descending);
    else
        m_cache->setDenseKeys(*low, TableWindow::Order::Ascending);
}

QString EntityTableModel::foreignLabel(const ForeignKeyLink &link, const QVariant &key) const
{
    const orm::EntityMeta &target = *link.target;
    if (target.primaryKeyColumns() == QList<int> {link.targetColumn}) {
        // An object in the session shows its staged label.
        if (const auto o = m_document->session().identityLookup(target, key))
            return EntityCatalog::labelOf(*o);
    }
    const QString label = m_cache->label(link.column, key.toString());
    if (!label.isEmpty())
        return label;
    if (m_cache->isLabelArriving(link.column, key.toString()))
        return u"…"_s;
    // An unset integer key (a new row's) points nowhere yet.
    if (key.toLongLong() == 0 && target.column(link.targetColumn).column.type.isIntegral())
        return QString();
    return u"#"_s + key.toString();
}

std::shared_ptr<orm::Entity> EntityTableModel::objectAt(int row) const
{
    return row >= 0 && row < rowCount() ? objectAtAbsolute(absoluteRow(row)) : nullptr;
}

std::shared_ptr<orm::Entity> EntityTableModel::objectAtAbsolute(qint64 row) const
{
    if (row < 0)
        return nullptr;
    const qint64 rows = m_cache->rowCount();
    if (row < rows)
        return m_cache->object(row);
    const size_t i = size_t(row - rows);
    return i < m_newObjects.size() ? m_newObjects[i] : nullptr;
}

qint64 EntityTableModel::absoluteRowOf(const orm::Entity &object) const
{
    if (const qint64 row = m_cache->rowOf(object); row >= 0)
        return row;
    for (size_t i = 0; i < m_newObjects.size(); ++i) {
        if (m_newObjects[i].get() == &object)
            return m_cache->rowCount() + qint64(i);
    }
    return -1;
}

int EntityTableModel::rowOf(const orm::Entity &object) const
{
    const qint64 row = absoluteRowOf(object);
    return row < 0 ? -1 : windowRow(row);
}

EntityTableModel::Change EntityTableModel::changeOf(const orm::Entity &object) const
{
    const orm::Session &session = m_document->session();
    if (object.objectState() == orm::ObjectState::Pending)
        return Change::New;
    if (session.isMarkedForDeletion(object))
        return Change::Deleted;
    if (session.isModified(object))
        return Change::Modified;
    return Change::None;
}

QVariant EntityTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const std::shared_ptr<orm::Entity> object = objectAt(index.row());
    if (!object) {
        const bool unread = isUnread(index.row());
        if (!unread && !isArriving(index.row()))
            return {};
        if (role == Qt::DisplayRole)
            return u"…"_s;
        if (role == Qt::ForegroundRole)
            return QApplication::palette().color(QPalette::PlaceholderText);
        if (role == Qt::ToolTipRole) {
            if (!unread)
                return tr("Reading these rows…");
            if (m_readsCancelled)
                return tr("Not read: the reading was cancelled. View > Reload reads these rows.");
            const LockWaiter *waiter = m_document->lockWaiter();
            return waiter->isReadWaiting()
                ? waiter->message()
                : tr("Not read: another program held the file locked. View > Reload reads "
                     "these rows again.");
        }
        return {};
    }
    const int column = index.column();
    const orm::ColumnMeta &cm = m_meta->column(column);
    // A value kept as stored (text 'maybe' in a BOOLEAN column) reads as it is, never as the
    // declared type would convert it.
    const bool asStored = cm.access->isStoredAsIs(*object);
    const bool isBool = cm.column.type.type == orm::ColumnType::Boolean && !asStored;
    // Storage classes are SQLite's: a server types its values, and says nothing of the kind.
    const bool noted = asStored && !m_document->isServer();
    switch (role) {
    case Qt::DisplayRole: {
        if (isBool)
            return {};
        const QVariant v = object->value(column);
        if (asStored)
            return ValueFormatter::storedText(v);
        if (v.isNull()) {
            if (column == m_meta->autoincrementColumn()
                && object->objectState() == orm::ObjectState::Pending)
                return tr("new");
            return ValueFormatter::nullText();
        }
        for (const ForeignKeyLink &link : m_links) {
            if (link.column == column)
                return foreignLabel(link, v);
        }
        if (column == m_meta->autoincrementColumn() && m_meta->isKeyUnset(*object))
            return tr("new");
        return ValueFormatter::display(cm.column, v);
    }
    case Qt::EditRole:
    case ForeignKeyRole:
        return object->value(column);
    case Qt::CheckStateRole:
        if (!isBool)
            return {};
        if (object->value(column).isNull())
            return Qt::PartiallyChecked;
        return object->value(column).toBool() ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole: {
        const QString error = m_document->validator()->error(*object, column);
        if (!error.isEmpty())
            return error;
        const QVariant v = object->value(column);
        if (noted)
            return ValueFormatter::storedNote(cm.column, v);
        if (m_document->session().hasConflict(*object, column))
            return tr("Another program changed this field since you edited it: commit to "
                      "choose which value to keep");
        if (cm.column.type.type == orm::ColumnType::Text && !v.isNull())
            return ValueFormatter::display(cm.column, v, ValueFormatter::Length::Full).left(2000);
        return {};
    }
    case ErrorRole:
        return m_document->validator()->error(*object, column);
    case StorageNoteRole:
        return noted ? ValueFormatter::storedNote(cm.column, object->value(column)) : QString();
    case ChangeRole:
        return int(changeOf(*object));
    case ExternallyChangedRole:
        return isExternallyChanged(*object);
    case ConflictRole:
        return m_document->session().hasConflict(*object, column);
    case Qt::FontRole: {
        const Change change = changeOf(*object);
        if (change == Change::None)
            return {};
        QFont font;
        if (change == Change::Deleted)
            font.setStrikeOut(true);
        else if (change == Change::New)
            font.setItalic(true);
        else if (m_document->session().modifiedColumns(*object).contains(column))
            font.setBold(true);
        return font;
    }
    case Qt::ForegroundRole: {
        const QPalette palette = QApplication::palette();
        if (changeOf(*object) == Change::Deleted)
            return palette.color(QPalette::Disabled, QPalette::Text);
        if (!m_document->validator()->error(*object, column).isEmpty())
            return Theme::errorColor(palette);
        if (noted)
            return Theme::warningColor(palette);
        if (object->value(column).isNull() && !isBool)
            return palette.color(QPalette::PlaceholderText);
        return {};
    }
    case Qt::BackgroundRole: {
        const QPalette palette = QApplication::palette();
        if (!m_document->validator()->error(*object, column).isEmpty())
            return Theme::tint(palette, Theme::errorColor(palette), 0.22);
        if (m_document->session().hasConflict(*object, column))
            return Theme::tint(palette, Theme::warningColor(palette), 0.35);
        if (isExternallyChanged(*object) && changeOf(*object) == Change::None)
            return Theme::tint(palette, palette.color(QPalette::Highlight), 0.18);
        if (noted && changeOf(*object) == Change::None)
            return Theme::tint(palette, Theme::warningColor(palette), 0.14);
        switch (changeOf(*object)) {
        case Change::New:
            return Theme::tint(palette, Theme::addedColor(palette), 0.12);
        case Change::Deleted:
            return Theme::tint(palette, Theme::deletedColor(palette), 0.10);
        case Change::Modified:
            return Theme::tint(
                palette, Theme::modifiedColor(palette),
                m_document->session().modifiedColumns(*object).contains(column) ? 0.25 : 0.08);
        case Change::None:
            return {};
        }
        return {};
    }
    case Qt::TextAlignmentRole: {
        bool isLink = false;
        for (const ForeignKeyLink &link : m_links)
            isLink = isLink || link.column == column;
        if (ValueFormatter::isNumeric(cm.column) && !isLink)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    }
    default:
        return {};
    }
}

QVariant EntityTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= m_meta->columnCount())
            return {};
        if (role == Qt::DisplayRole)
            return EntityCatalog::columnLabel(*m_meta, section);
        if (role == Qt::ToolTipRole) {
            const orm::Column &c = m_meta->column(section).column;
            QStringList facts {c.name, orm::typeDisplayName(c.type)};
            if (c.primaryKey)
                facts << tr("primary key");
            if (EntityCatalog::isRequired(*m_meta, section))
                facts << tr("required");
            if (c.isGenerated())
                facts << tr("computed as %1").arg(c.generatedExpression);
            if (c.unique)
                facts << tr("unique");
            const ForeignKeyLink link = m_document->catalog().foreignKey(*m_meta, section);
            if (link.isValid())
                facts << tr("refers to %1").arg(link.target->displayName());
            if (const QString form = ValueFormatter::formNote(c); !form.isEmpty())
                facts << form;
            return facts.join(u" · "_s);
        }
        return {};
    }
    if (section < 0 || section >= rowCount())
        return {};
    const qint64 row = absoluteRow(section);
    if (role == Qt::AccessibleTextRole)
        return tr("Row %1").arg(row + 1);
    if (role == Qt::DecorationRole || role == Qt::ToolTipRole) {
        // Only rows already loaded: headers never trigger a page load.
        const std::shared_ptr<orm::Entity> object =
            row < m_cache->rowCount() ? m_cache->cachedObject(row) : objectAtAbsolute(row);
        if (!object)
            return {};
        const Change change = changeOf(*object);
        const bool invalid = !m_document->validator()->errors(*object).isEmpty();
        if (role == Qt::ToolTipRole) {
            switch (change) {
            case Change::New:
                return invalid ? tr("New, not valid yet") : tr("New");
            case Change::Modified:
                return invalid ? tr("Modified, not valid") : tr("Modified");
            case Change::Deleted:
                return tr("Deleted when you commit");
            case Change::None:
                return {};
            }
        }
        if (invalid)
            return Theme::icon(Theme::Icon::Warning);
        switch (change) {
        case Change::New:
            return Theme::icon(Theme::Icon::Added);
        case Change::Modified:
            return Theme::icon(Theme::Icon::Modified);
        case Change::Deleted:
            return Theme::icon(Theme::Icon::Deleted);
        case Change::None:
            return {};
        }
    }
    return {};
}

Qt::ItemFlags EntityTableModel::flags(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    const std::shared_ptr<orm::Entity> object = objectAt(index.row());
    const int column = index.column();
    if (!object || m_meta->isReadOnly() || m_document->session().isMarkedForDeletion(*object))
        return f;
    const orm::Column &c = m_meta->column(column).column;
    if (EntityCatalog::isGeneratedKey(*m_meta, column) || c.isGenerated()
        || c.type.type == orm::ColumnType::LargeBinary)
        return f;
    // A check box cannot show a value kept as stored: its editor shows it, and replaces it.
    if (c.type.type == orm::ColumnType::Boolean
        && !m_meta->column(column).access->isStoredAsIs(*object))
        return f | Qt::ItemIsUserCheckable;
    return f | Qt::ItemIsEditable;
}

bool EntityTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)
        || !(flags(index) & (Qt::ItemIsEditable | Qt::ItemIsUserCheckable)))
        return false;
    const std::shared_ptr<orm::Entity> object = objectAt(index.row());
    if (!object)
        return false;
    if (role == Qt::CheckStateRole)
        return m_document->stageValue(object, index.column(), value.toInt() == Qt::Checked);
    if (role != Qt::EditRole)
        return false;
    return m_document->stageValue(object, index.column(), value);
}

void EntityTableModel::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reload();
}

ColumnFilter::Dates EntityTableModel::dates() const
{
    return m_document->isServer() ? ColumnFilter::Dates::Typed : ColumnFilter::Dates::AsText;
}

int EntityTableModel::likePatternLimit() const
{
    return m_document->engine().connection().likePatternLimit();
}

void EntityTableModel::setSearchText(const QString &text)
{
    m_searchError = ColumnFilter::textError(text.trimmed(), likePatternLimit());
    if (!m_searchError.isEmpty() || text == m_search)
        return;
    m_search = text;
    reload();
}

void EntityTableModel::setColumnFilter(int column, const QString &text)
{
    if (m_filters.value(column) == text)
        return;
    if (text.trimmed().isEmpty())
        m_filters.remove(column);
    else
        m_filters.insert(column, text);
    const ColumnFilter::Result r = ColumnFilter::parse(
        *m_meta, column, text, &m_document->catalog(), likePatternLimit(), dates());
    // Refused text never reaches SQL: the column is then unfiltered, and the rows are read
    // again only when that changes them.
    if (r.error.isEmpty())
        m_filterErrors.remove(column);
    else
        m_filterErrors.insert(column, r.error);
    const QString applied = r.condition.isEmpty() ? QString() : text;
    if (applied == m_appliedFilters.value(column))
        return;
    if (applied.isEmpty())
        m_appliedFilters.remove(column);
    else
        m_appliedFilters.insert(column, applied);
    reload();
}

void EntityTableModel::onObjectRefreshed(orm::Entity *object)
{
    if (&object->entityMeta() != m_meta)
        return;
    m_externallyChanged.insert(object, object->weak_from_this());
    m_markTimer.start();
}

bool EntityTableModel::isExternallyChanged(const orm::Entity &object) const
{
    const auto it = m_externallyChanged.constFind(&object);
    return it != m_externallyChanged.cend() && it->lock().get() == &object;
}

void EntityTableModel::onObjectChanged(orm::Entity *object, int column)
{
    if (m_resetting)
        return;
    const int columns = m_meta->columnCount();
    const int rows = rowCount();
    if (rows == 0)
        return;
    if (&object->entityMeta() == m_meta) {
        const int row = rowOf(*object);
        if (row >= 0) {
            Q_EMIT dataChanged(index(row, 0), index(row, columns - 1));
            Q_EMIT headerDataChanged(Qt::Vertical, row, row);
        }
    }
    for (const ForeignKeyLink &link : m_links) {
        if (link.target == &object->entityMeta()
            && (column < 0 || column == link.target->labelColumn()))
            Q_EMIT dataChanged(index(0, link.column), index(rows - 1, link.column));
    }
}

void EntityTableModel::onChangesUpdated()
{
    if (m_resetting)
        return; // (rows read again during reload(): the reset tells the views)
    syncNewObjects();
    const int rows = rowCount();
    if (rows > 0) {
        // Deletions, reverts and validation change how rows look.
        Q_EMIT dataChanged(index(0, 0), index(rows - 1, columnCount() - 1));
        Q_EMIT headerDataChanged(Qt::Vertical, 0, rows - 1);
    }
}

void EntityTableModel::syncNewObjects()
{
    const std::vector<std::shared_ptr<orm::Entity>> wanted = stagedNewObjects();
    if (wanted == m_newObjects)
        return;
    for (size_t i = m_newObjects.size(); i-- > 0;) {
        if (std::find(wanted.begin(), wanted.end(), m_newObjects[i]) == wanted.end()) {
            removeAbsolute(m_cache->rowCount() + qint64(i), 1,
                           [this, i] { m_newObjects.erase(m_newObjects.begin() + qsizetype(i)); });
        }
    }
    for (const auto &o : wanted) {
        if (std::find(m_newObjects.begin(), m_newObjects.end(), o) == m_newObjects.end())
            insertAbsolute(absoluteRowCount(), 1, [this, o] { m_newObjects.push_back(o); });
    }
    Q_EMIT windowChanged();
}

} // namespace ui
