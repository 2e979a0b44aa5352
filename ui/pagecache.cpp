// SPDX-License-Identifier: MIT
#include "ui/pagecache.h"

#include "ui/backgroundreader.h"
#include "ui/document.h"
#include "ui/lockwaiter.h"

#include <QSet>

#include <algorithm>

namespace ui {

PageCache::PageCache(Document *document, const orm::EntityMeta &meta, const TableWindow &window,
                     QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_meta(&meta)
    , m_window(&window)
    , m_links(document->catalog().foreignKeys(meta))
    , m_query(document->session().query(meta))
    , m_reverseQuery(m_query)
{
    connect(document->backgroundReader(), &BackgroundReader::rowsReady, this,
            &PageCache::onRowsReady);
    connect(document->backgroundReader(), &BackgroundReader::rowsReady, this,
            &PageCache::onLabelsReady);
}

PageCache::~PageCache() = default;

void PageCache::reset(const orm::QueryBase &query, const orm::QueryBase &reverseQuery)
{
    m_query = query;
    m_reverseQuery = reverseQuery;
    m_pages.clear();
    m_rowOf.clear();
    m_labels.clear();
    m_rows = 0;
    m_counted = TableWindow::Counted::No;
    m_loads = 0;
    m_denseFirstKey.reset();
    m_pageKeys.clear();
    m_keyRequest = 0;
    m_wantedPages.clear();
    m_unread = false;
    m_labelRequests.clear();
    m_labelsArriving.clear();
}

void PageCache::setRowCount(qint64 rows, TableWindow::Counted counted)
{
    m_rows = rows;
    m_counted = counted;
}

void PageCache::setDenseKeys(std::optional<qint64> firstKey, TableWindow::Order order)
{
    m_denseFirstKey = firstKey;
    m_denseOrder = order;
}

void PageCache::setMaxPages(int pages)
{
    m_maxPages = qMax(2, pages);
}

QList<orm::Expr> PageCache::keyColumns(const orm::EntityMeta &meta)
{
    QList<orm::Expr> columns;
    for (int k : meta.primaryKeyColumns()) {
        const orm::Column &c = meta.column(k).column;
        columns << orm::Expr::column(meta.tableName(), c.name, c.type);
    }
    return columns;
}

orm::Expr PageCache::integerKey(const orm::EntityMeta &meta)
{
    const QList<int> &pk = meta.primaryKeyColumns();
    if (pk.size() != 1 || !meta.column(pk.first()).column.type.isIntegral())
        return {};
    return keyColumns(meta).first();
}

qint64 PageCache::readFirstPage()
{
    const Page *p = page(0);
    return p ? qint64(p->rows.size()) : 0;
}

std::shared_ptr<orm::Entity> PageCache::object(qint64 row)
{
    if (row < 0 || row >= m_rows)
        return nullptr;
    const Page *p = page(m_window->pageOf(row));
    const qsizetype i = m_window->indexInPage(row);
    return p && size_t(i) < p->rows.size() ? p->rows[size_t(i)] : nullptr;
}

std::shared_ptr<orm::Entity> PageCache::cachedObject(qint64 row) const
{
    const auto it = m_pages.constFind(m_window->pageOf(row));
    if (row < 0 || it == m_pages.cend())
        return nullptr;
    const size_t i = size_t(m_window->indexInPage(row));
    return i < it->rows.size() ? it->rows[i] : nullptr;
}

qint64 PageCache::rowOf(const orm::Entity &object)
{
    const auto held = [this, &object](qint64 row) {
        const auto it = m_pages.constFind(m_window->pageOf(row));
        const size_t i = size_t(m_window->indexInPage(row));
        return it != m_pages.cend() && i < it->rows.size() && it->rows[i].get() == &object;
    };
    const auto it = m_rowOf.find(&object);
    if (it != m_rowOf.end()) {
        if (held(it.value()))
            return it.value();
        m_rowOf.erase(it);
    }
    // Not where it was last read (its page went, another still shows it): looked for in the
    // cached pages, a few thousand rows at most.
    for (auto page = m_pages.cbegin(); page != m_pages.cend(); ++page) {
        for (size_t i = 0; i < page->rows.size(); ++i) {
            if (page->rows[i].get() == &object) {
                const qint64 row = m_window->firstRowOf(page.key()) + qint64(i);
                m_rowOf.insert(&object, row);
                return row;
            }
        }
    }
    return -1;
}

QString PageCache::label(int column, const QString &key) const
{
    return m_labels.value(column).value(key);
}

bool PageCache::isLabelArriving(int column, const QString &key) const
{
    const auto it = m_labelsArriving.constFind(column);
    return it != m_labelsArriving.cend() && it->contains(key);
}

bool PageCache::isArriving(qint64 row) const
{
    const qint64 number = m_window->pageOf(row);
    return row >= 0 && row < m_rows && (m_background || m_rowsInBackground) && !m_denseFirstKey
        && !m_pages.contains(number) && !m_pageKeys.contains(number);
}

bool PageCache::isUnread(qint64 row) const
{
    return m_unread && row >= 0 && row < m_rows && !m_pages.contains(m_window->pageOf(row));
}

bool PageCache::readUnread()
{
    if (!m_unread)
        return false;
    m_unread = false;
    // Labels of the rows read before the lock came.
    m_labels.clear();
    for (const Page &p : std::as_const(m_pages))
        loadLabels(p.rows);
    return true;
}

void PageCache::requestKeys(qint64 number)
{
    if (m_keyRequest != 0) {
        // Only the latest pages asked for are read next: those scrolled past are not.
        m_wantedPages.removeAll(number);
        m_wantedPages.append(number);
        while (m_wantedPages.size() > 2)
            m_wantedPages.removeFirst();
        return;
    }
    const std::optional<TableWindow::Read> read = m_window->keyRead(number, m_rows, m_counted);
    if (!read)
        return;
    const orm::QueryBase query = read->fromEnd
        ? m_reverseQuery.limit(read->limit).offset(read->offset)
        : m_query.limit(read->limit).offset(read->offset);
    m_keyRead = *read;
    m_keyRequestPage = m_window->keyReadFirstPage(number);
    BackgroundReader *reader = m_document->backgroundReader();
    m_keyRequest = m_rowsInBackground ? reader->requestEntityRows(query)
                                      : reader->requestRows(query, keyColumns(*m_meta));
    Q_EMIT readingChanged();
}

void PageCache::cancelReads()
{
    m_keyRequest = 0;
    m_wantedPages.clear();
    // Labels under way are shown by their keys.
    m_labelRequests.clear();
    m_labelsArriving.clear();
    m_unread = true;
    Q_EMIT readingChanged();
}

void PageCache::onRowsReady(quint64 id, const QList<QVariantList> &rows, const QString &error)
{
    if (id == 0 || id != m_keyRequest)
        return;
    m_keyRequest = 0;
    if (!error.isEmpty()) {
        m_wantedPages.clear();
        Q_EMIT readingChanged();
        Q_EMIT loadFailed(error);
        return;
    }
    const QList<int> &pk = m_meta->primaryKeyColumns();
    QList<QVariantList> keys;
    if (m_rowsInBackground) {
        keys = rows; // the rows themselves, made objects when their page is shown
    } else {
        keys.reserve(rows.size());
        for (const QVariantList &r : rows) {
            QVariantList key;
            for (qsizetype i = 0; i < pk.size(); ++i)
                key << orm::storage::fromStorage(r.value(i), m_meta->column(pk[i]).column.type);
            keys << key;
        }
    }
    if (m_keyRead.fromEnd)
        std::reverse(keys.begin(), keys.end());
    // Bounded: the keys of a few hundred pages at most.
    if (m_pageKeys.size() > 4 * m_maxPages)
        m_pageKeys.clear();
    const int size = m_window->pageSize();
    for (qsizetype i = 0; i < keys.size(); i += size)
        m_pageKeys.insert(m_keyRequestPage + i / size, keys.mid(i, size));
    const qint64 first = m_window->firstRowOf(m_keyRequestPage);
    Q_EMIT keysArrived(first, first + keys.size());
    while (!m_wantedPages.isEmpty() && m_keyRequest == 0) {
        const qint64 next = m_wantedPages.takeLast();
        if (!m_pageKeys.contains(next) && !m_pages.contains(next))
            requestKeys(next);
    }
    if (m_keyRequest == 0)
        Q_EMIT readingChanged();
}

const PageCache::Page *PageCache::page(qint64 number)
{
    auto it = m_pages.find(number);
    if (it != m_pages.end()) {
        it->lastUse = ++m_clock;
        return &*it;
    }
    // While another program holds the file locked, the rows wait (placeholders): no query
    // would be answered.
    if (!m_rowsInBackground && (m_unread || m_document->lockWaiter()->isReadWaiting())) {
        m_unread = true;
        return nullptr;
    }
    const auto keys = m_pageKeys.constFind(number);
    const bool byKeys = keys != m_pageKeys.cend();
    if (!m_denseFirstKey && !byKeys && (m_background || m_rowsInBackground)) {
        requestKeys(number);
        return nullptr;
    }
    if (m_pages.size() >= m_maxPages)
        evictOldest();
    ++m_loads;
    Page p;
    p.rows = readPage(number, byKeys ? &*keys : nullptr);
    if (byKeys && m_rowsInBackground)
        m_pageKeys.remove(number); // read again from the server when the page comes back
    p.lastUse = ++m_clock;
    orm::Session &session = m_document->session();
    if (p.rows.empty() && session.lastError().kind() == orm::Error::Kind::Busy) {
        --m_loads;
        m_unread = true; // read when the lock is gone
        return nullptr;
    }
    if (p.rows.empty() && session.lastError().isError())
        failLater(session.lastError().text());
    const qint64 first = m_window->firstRowOf(number);
    for (size_t i = 0; i < p.rows.size(); ++i)
        m_rowOf.insert(p.rows[i].get(), first + qint64(i));
    loadLabels(p.rows);
    return &*m_pages.insert(number, std::move(p));
}

void PageCache::evictOldest()
{
    auto oldest = m_pages.begin();
    for (auto p = m_pages.begin(); p != m_pages.end(); ++p) {
        if (p->lastUse < oldest->lastUse)
            oldest = p;
    }
    // Its objects go with it: their entries go too (an address may be taken by another).
    const qint64 base = m_window->firstRowOf(oldest.key());
    for (size_t i = 0; i < oldest->rows.size(); ++i) {
        auto r = m_rowOf.find(oldest->rows[i].get());
        if (r != m_rowOf.end() && r.value() == base + qint64(i))
            m_rowOf.erase(r);
    }
    m_pages.erase(oldest);
}

std::vector<std::shared_ptr<orm::Entity>> PageCache::readPage(qint64 number,
                                                              const QList<QVariantList> *keys)
{
    if (m_denseFirstKey) {
        // Keys without gaps: the page is a range of keys, found in the key's B-tree at once
        // wherever it is (an OFFSET steps over every row before it).
        const auto [a, b] = m_window->keyRange(number, m_rows, *m_denseFirstKey, m_denseOrder);
        return m_query.filter(integerKey(*m_meta).between(a, b)).limit(b - a + 1).allEntities();
    }
    if (keys) {
        auto rows = m_rowsInBackground ? m_document->session().loadStoredRows(*m_meta, *keys)
                                       : loadByKeys(*keys);
        // Scrolling on: the keys further on are read before the person gets there.
        for (const qint64 ahead : m_window->pagesAhead(number, m_rows)) {
            if (!m_pageKeys.contains(ahead) && !m_pages.contains(ahead) && m_keyRequest == 0)
                requestKeys(ahead);
        }
        return rows;
    }
    const TableWindow::Read read = m_window->pageRead(number, m_rows, m_counted);
    if (!read.fromEnd)
        return m_query.limit(read.limit).offset(read.offset).allEntities();
    // Near the end: read from the end (OFFSET steps over rows one by one).
    auto rows = m_reverseQuery.limit(read.limit).offset(read.offset).allEntities();
    std::reverse(rows.begin(), rows.end());
    return rows;
}

std::vector<std::shared_ptr<orm::Entity>>
PageCache::loadByKeys(const QList<QVariantList> &keys) const
{
    const QList<int> &pk = m_meta->primaryKeyColumns();
    const QList<orm::Expr> columns = keyColumns(*m_meta);
    orm::Expr where;
    if (columns.size() == 1) {
        QVariantList values;
        values.reserve(keys.size());
        for (const QVariantList &key : keys)
            values << key.value(0);
        where = columns.first().in(values);
    } else {
        QList<orm::Expr> any;
        for (const QVariantList &key : keys) {
            QList<orm::Expr> all;
            for (qsizetype i = 0; i < columns.size(); ++i)
                all << (columns[i] == key.value(i));
            any << orm::Expr::allOf(all);
        }
        where = orm::Expr::anyOf(any);
    }
    const auto keyText = [](const QVariantList &key) {
        QStringList parts;
        for (const QVariant &v : key)
            parts << v.toString();
        return parts.join(QChar(0x1f));
    };
    QHash<QString, std::shared_ptr<orm::Entity>> byKey;
    for (auto &o : m_document->session().query(*m_meta).filter(where).allEntities()) {
        QVariantList key;
        for (int k : pk)
            key << o->value(k);
        byKey.insert(keyText(key), std::move(o));
    }
    std::vector<std::shared_ptr<orm::Entity>> out;
    out.reserve(keys.size());
    for (const QVariantList &key : keys) {
        if (auto o = byKey.value(keyText(key)))
            out.push_back(std::move(o));
    }
    return out;
}

void PageCache::failLater(const QString &message)
{
    // Said once the read is over (never inside a view's data() call).
    QMetaObject::invokeMethod(
        this, [this, message] { Q_EMIT loadFailed(message); }, Qt::QueuedConnection);
}

void PageCache::onLabelsReady(quint64 id, const QList<QVariantList> &rows, const QString &error)
{
    const auto it = m_labelRequests.find(id);
    if (id == 0 || it == m_labelRequests.end())
        return;
    const LabelRequest request = it.value();
    m_labelRequests.erase(it);
    QSet<QString> &arriving = m_labelsArriving[request.column];
    for (const QVariant &key : request.keys)
        arriving.remove(key.toString());
    if (!error.isEmpty()) {
        // Shown by their keys; said like a page that cannot be read.
        Q_EMIT labelsArrived(request.column);
        Q_EMIT loadFailed(error);
        return;
    }
    const ForeignKeyLink *link = nullptr;
    for (const ForeignKeyLink &l : std::as_const(m_links)) {
        if (l.column == request.column)
            link = &l;
    }
    if (!link)
        return;
    const orm::TypeSpec &keyType = link->target->column(link->targetColumn).column.type;
    QHash<QString, QString> &cache = m_labels[request.column];
    for (const QVariantList &r : rows)
        cache.insert(orm::storage::fromStorage(r.value(0), keyType).toString(),
                     r.value(1).toString());
    for (const QVariant &key : request.keys) {
        if (!cache.contains(key.toString()))
            cache.insert(key.toString(), QString()); // dangling: shown as the key
    }
    Q_EMIT labelsArrived(request.column);
}

void PageCache::loadLabels(const std::vector<std::shared_ptr<orm::Entity>> &rows)
{
    orm::Session &session = m_document->session();
    for (const ForeignKeyLink &link : m_links) {
        const orm::EntityMeta &target = *link.target;
        if (target.labelColumn() < 0)
            continue;
        const bool byKey = target.primaryKeyColumns() == QList<int> {link.targetColumn};
        QHash<QString, QString> &cache = m_labels[link.column];
        QVariantList wanted;
        QSet<QString> seen;
        for (const auto &row : rows) {
            const QVariant key = row->value(link.column);
            if (key.isNull())
                continue;
            const QString k = key.toString();
            if (cache.contains(k) || seen.contains(k) || isLabelArriving(link.column, k))
                continue;
            if (byKey && session.identityLookup(target, key))
                continue;
            seen.insert(k);
            wanted << key;
        }
        if (wanted.isEmpty())
            continue;
        // One query per page and column, not one per row.
        const orm::Column &keyColumn = target.column(link.targetColumn).column;
        const orm::Expr keyExpr =
            orm::Expr::column(target.tableName(), keyColumn.name, keyColumn.type);
        const orm::Expr labelExpr =
            orm::Expr::column(target.tableName(), target.column(target.labelColumn()).column.name);
        const orm::QueryBase labels = session.query(target).filter(keyExpr.in(wanted));
        if (m_rowsInBackground) {
            const quint64 id = m_document->backgroundReader()->requestRows(
                labels, {keyExpr, labelExpr}, BackgroundReader::Queue::Labels);
            m_labelRequests.insert(id, {link.column, wanted});
            QSet<QString> &arriving = m_labelsArriving[link.column];
            for (const QVariant &key : std::as_const(wanted))
                arriving.insert(key.toString());
            continue;
        }
        const auto result = labels.rows({keyExpr, labelExpr});
        if (!result) {
            if (session.lastError().kind() == orm::Error::Kind::Busy) {
                m_unread = true; // read when the lock is gone
            } else {
                // The rows' labels are part of what the page shows (a damaged table of
                // theirs): said like a page that cannot be read.
                failLater(session.lastError().text());
            }
            continue;
        }
        for (const QVariantList &r : *result)
            cache.insert(orm::storage::fromStorage(r.value(0), keyColumn.type).toString(),
                         r.value(1).toString());
        for (const QVariant &key : wanted) {
            if (!cache.contains(key.toString()))
                cache.insert(key.toString(), QString()); // dangling: shown as the key
        }
    }
}

} // namespace ui
