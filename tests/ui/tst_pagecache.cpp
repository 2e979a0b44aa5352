// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "orm/query/query.h"
#include "ui/pagecache.h"
#include "ui/tablewindow.h"

using namespace uitest;
using ui::PageCache;
using ui::TableWindow;

class tst_PageCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readsAPageWhenOneOfItsRowsIsWanted();
    void evictsTheLeastRecentlyUsedPage();
    void evictedPagesLetGoOfTheirObjects();
    void findsARowOnlyInAPageThatHoldsIt();
    void readsPagesPastTheMiddleFromTheEnd();
    void readsPagesOfDenseKeysAsKeyRanges();
    void readsKeysInTheBackgroundThenRowsByKey();
    void readsTheLabelsOfAPagesForeignKeys();

private:
    QTemporaryDir m_dir;
    QString m_large;
};

void tst_PageCache::initTestCase()
{
    QVERIFY(m_dir.isValid());
    blog::DemoOptions big;
    big.users = 300;
    big.postsPerUser = 10;
    m_large = demoDatabase(m_dir, u"large.db"_s, big);
    QVERIFY(!m_large.isEmpty());
}

// The posts by id, and in the opposite order.
static std::pair<orm::QueryBase, orm::QueryBase> postsById(orm::Session &session)
{
    const orm::Expr id = PageCache::keyColumns(blog::Post::staticMeta()).first();
    const orm::QueryBase all = session.query(blog::Post::staticMeta());
    return {all.orderBy(orm::OrderTerm(id, false)), all.orderBy(orm::OrderTerm(id, true))};
}

// A cache of the 3000 posts by id, counted, in pages of pageSize.
struct Posts
{
    explicit Posts(ui::Document *document, int pageSize = 50)
        : cache(document, blog::Post::staticMeta(), window)
    {
        window.setPageSize(pageSize);
        const auto [forward, reverse] = postsById(document->session());
        cache.reset(forward, reverse);
        cache.setRowCount(3000, TableWindow::Counted::Yes);
    }
    qint64 idAt(qint64 row)
    {
        const auto object = cache.object(row);
        return object ? object->value(u"id"_s).toLongLong() : -1;
    }

    TableWindow window;
    PageCache cache;
};

void tst_PageCache::readsAPageWhenOneOfItsRowsIsWanted()
{
    // Given the posts in pages of 50, none read yet,
    auto doc = openDocument(m_large);
    Posts posts(doc.get());
    QCOMPARE(posts.cache.loadCount(), 0);
    // when a row is wanted, then its page is read, once for all its rows;
    QCOMPARE(posts.idAt(0), 1);
    QCOMPARE(posts.idAt(49), 50);
    QCOMPARE(posts.cache.loadCount(), 1);
    QCOMPARE(posts.idAt(50), 51);
    QCOMPARE(posts.cache.loadCount(), 2);
    QCOMPARE(posts.cache.pageCount(), 2);
    // a row of a page not read is not read by cachedObject(), nor is a row past the end;
    QVERIFY(!posts.cache.cachedObject(100));
    QVERIFY(posts.cache.cachedObject(60));
    QVERIFY(!posts.cache.object(3000));
    QVERIFY(!posts.cache.object(-1));
    QCOMPARE(posts.cache.loadCount(), 2);
    // and a reset forgets every page.
    const auto [forward, reverse] = postsById(doc->session());
    posts.cache.reset(forward, reverse);
    QCOMPARE(posts.cache.pageCount(), 0);
    QCOMPARE(posts.cache.loadCount(), 0);
    QCOMPARE(posts.cache.rowCount(), qint64(0));
    QVERIFY(!posts.cache.isCounted());
}

void tst_PageCache::evictsTheLeastRecentlyUsedPage()
{
    // Given three pages kept at most, pages 0, 1 and 2 read, then page 0 used again,
    auto doc = openDocument(m_large);
    Posts posts(doc.get());
    posts.cache.setMaxPages(3);
    for (int page = 0; page < 3; ++page)
        QVERIFY(posts.cache.object(page * 50));
    QVERIFY(posts.cache.object(10));
    QCOMPARE(posts.cache.loadCount(), 3);
    // when page 3 is read, then page 1, used least recently, leaves: page 0 stays,
    QVERIFY(posts.cache.object(150));
    QCOMPARE(posts.cache.pageCount(), 3);
    QVERIFY(posts.cache.cachedObject(10));
    QVERIFY(!posts.cache.cachedObject(60));
    QCOMPARE(posts.cache.loadCount(), 4);
    QVERIFY(posts.cache.object(20));
    QCOMPARE(posts.cache.loadCount(), 4);
    // and page 1 is read again when wanted.
    QCOMPARE(posts.idAt(60), 61);
    QCOMPARE(posts.cache.loadCount(), 5);
    // At least two pages are kept.
    posts.cache.setMaxPages(1);
    QCOMPARE(posts.cache.maxPages(), 2);
}

void tst_PageCache::evictedPagesLetGoOfTheirObjects()
{
    // Given two pages kept at most, and page 0 read,
    auto doc = openDocument(m_large);
    Posts posts(doc.get(), 20);
    posts.cache.setMaxPages(2);
    std::vector<std::weak_ptr<orm::Entity>> first;
    for (int r = 0; r < 20; ++r)
        first.push_back(posts.cache.object(r));
    // when ten more pages are read and the session lets go of what nobody uses,
    for (int page = 1; page <= 10; ++page)
        QVERIFY(posts.cache.object(page * 20));
    doc->session().releaseUnusedObjects();
    // then page 0's objects are gone,
    for (const auto &object : first)
        QVERIFY(object.expired());
    // and each row of the pages read after that (objects that may take the addresses of those
    // let go) is found where it is.
    for (int page = 11; page <= 20; ++page) {
        for (int r = page * 20; r < page * 20 + 20; ++r) {
            const auto object = posts.cache.object(r);
            QVERIFY(object);
            QCOMPARE(posts.cache.rowOf(*object), r);
        }
    }
}

void tst_PageCache::findsARowOnlyInAPageThatHoldsIt()
{
    // Given page 0 of the posts read, and post 50 (its last row) held,
    QTemporaryDir dir;
    const QString path = dir.filePath(u"inserted.db"_s);
    QVERIFY(QFile::copy(m_large, path));
    auto doc = openDocument(path);
    Posts posts(doc.get());
    posts.cache.setMaxPages(2);
    const auto held = posts.cache.object(49);
    QCOMPARE(posts.cache.rowOf(*held), 49);
    // when another program inserts a post before every other (post 0), and page 1 is read,
    QCOMPARE(writeFromAnotherProgram(path,
                                     u"INSERT INTO posts (id, title, date_posted, user_id) "
                                     "VALUES (0, 'first', '2020-01-01 00:00:00.000000', 1)"_s),
             QString());
    QCOMPARE(posts.idAt(50), 50);
    // then post 50 is in both pages: its row is the one it was read at last;
    QCOMPARE(posts.cache.object(50), held);
    QCOMPARE(posts.cache.rowOf(*held), 50);
    // once page 1 leaves, it is found where page 0 still shows it;
    QVERIFY(posts.cache.object(0));
    QVERIFY(posts.cache.object(100));
    QVERIFY(!posts.cache.cachedObject(50));
    QCOMPARE(posts.cache.rowOf(*held), 49);
    // and once no page holds it, it has no row, though it is alive.
    QVERIFY(posts.cache.object(150));
    QVERIFY(posts.cache.object(200));
    QVERIFY(!posts.cache.cachedObject(49));
    QCOMPARE(posts.cache.rowOf(*held), -1);
}

void tst_PageCache::readsPagesPastTheMiddleFromTheEnd()
{
    // Given the posts, counted, in pages of 50,
    auto doc = openDocument(m_large);
    Posts posts(doc.get());
    StatementLog log(doc->engine().connection());
    // when the last page is read, then it is read from the end, in the table's order;
    QCOMPARE(posts.idAt(2999), 3000);
    QCOMPARE(posts.idAt(2950), 2951);
    QVERIFY2(log.countContaining(u"ORDER BY \"posts\".\"id\" DESC LIMIT ? OFFSET ?"_s) == 1,
             qPrintable(log.sql().join(u'\n')));
    // and before the count, every page is read forward.
    const auto [forward, reverse] = postsById(doc->session());
    posts.cache.reset(forward, reverse);
    posts.cache.setRowCount(3000, TableWindow::Counted::No);
    log.clear();
    QCOMPARE(posts.idAt(2999), 3000);
    QVERIFY2(log.countContaining(u"DESC"_s) == 0, qPrintable(log.sql().join(u'\n')));
}

void tst_PageCache::readsPagesOfDenseKeysAsKeyRanges()
{
    // Given posts whose keys run from 1 to 3000 without a gap,
    auto doc = openDocument(m_large);
    Posts posts(doc.get());
    posts.cache.setDenseKeys(1, TableWindow::Order::Ascending);
    StatementLog log(doc->engine().connection());
    // when rows anywhere are read, then each page is a range of keys, never an OFFSET;
    for (qint64 r : {1500, 2999, 777}) {
        QCOMPARE(posts.idAt(r), r + 1);
    }
    QCOMPARE(log.countContaining(u"BETWEEN"_s), 3);
    QVERIFY2(log.countContaining(u"OFFSET"_s) == 0, qPrintable(log.sql().join(u'\n')));
    // also counting down from the last key.
    const auto [forward, reverse] = postsById(doc->session());
    posts.cache.reset(reverse, forward);
    posts.cache.setRowCount(3000, TableWindow::Counted::Yes);
    posts.cache.setDenseKeys(3000, TableWindow::Order::Descending);
    QCOMPARE(posts.idAt(0), 3000);
    QCOMPARE(posts.idAt(2999), 1);
    QVERIFY2(log.countContaining(u"OFFSET"_s) == 0, qPrintable(log.sql().join(u'\n')));
}

void tst_PageCache::readsKeysInTheBackgroundThenRowsByKey()
{
    // Given the posts read in the background, in pages of 50,
    auto doc = openDocument(m_large);
    Posts posts(doc.get());
    posts.cache.setReadsKeysInBackground(true);
    QSignalSpy arrived(&posts.cache, &PageCache::keysArrived);
    StatementLog log(doc->engine().connection());
    // when a far row is wanted, then the window's thread reads nothing: it is arriving;
    QVERIFY(posts.cache.isArriving(1500));
    QVERIFY(!posts.cache.object(1500));
    QVERIFY(log.sql().isEmpty());
    // its keys arrive with those of four pages on either side,
    QTRY_COMPARE(arrived.count(), 1);
    QCOMPARE(arrived.first().at(0).toLongLong(), qint64(26 * 50));
    QCOMPARE(arrived.first().at(1).toLongLong(), qint64(35 * 50));
    QVERIFY(!posts.cache.isArriving(1500));
    QVERIFY(!posts.cache.isArriving(26 * 50));
    QVERIFY(posts.cache.isArriving(35 * 50));
    // then its rows are read by key,
    QCOMPARE(posts.idAt(1500), 1501);
    QVERIFY(log.countContaining(u" IN ("_s) >= 1);
    QVERIFY2(log.countContaining(u"OFFSET"_s) == 0, qPrintable(log.sql().join(u'\n')));
    QCOMPARE(arrived.count(), 1);
    // and once a page near the edge of those is read, the keys two pages on are read ahead.
    QCOMPARE(posts.idAt(34 * 50), 34 * 50 + 1);
    QTRY_COMPARE(arrived.count(), 2);
    QVERIFY(!posts.cache.isArriving(36 * 50));
    QCOMPARE(posts.idAt(36 * 50), 36 * 50 + 1);
    // A row past the end never arrives.
    QVERIFY(!posts.cache.isArriving(3000));
}

void tst_PageCache::readsTheLabelsOfAPagesForeignKeys()
{
    // Given the posts, whose author is a foreign key to the users,
    auto doc = openDocument(m_large);
    Posts posts(doc.get());
    const int author = blog::Post::staticMeta().columnIndex(u"user_id"_s);
    const auto post = posts.cache.object(0);
    QVERIFY(post);
    // when a page is read, then its authors' names are read with it (by key, in one query).
    const QString key = post->value(author).toString();
    const auto user = doc->session().get<blog::User>(post->value(author).toLongLong());
    QVERIFY(user);
    QCOMPARE(posts.cache.label(author, key), user->username);
    QCOMPARE(posts.cache.label(author, u"no such key"_s), QString());
}

QTEST_MAIN(tst_PageCache)
#include "tst_pagecache.moc"
