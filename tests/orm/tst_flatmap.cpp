// SPDX-License-Identifier: MIT
// The session's flat containers against std::map and std::unordered_map, on the key patterns
// tables have: consecutive rowids, strides, negative and huge keys, random keys, with erasures.

#include "orm/mapping/entity.h"
#include "orm/mapping/flatmap.h"

#include <QRandomGenerator>
#include <QtTest>

#include <map>

namespace {

// IntKeyMap stores objects; any Entity will do, they are only compared by address.
class Thing final : public orm::Entity
{
public:
    const orm::EntityMeta &entityMeta() const override { std::abort(); }
};

} // namespace

class tst_FlatMap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void intKeyMapMatchesAReference_data();
    void intKeyMapMatchesAReference();
    void intKeyMapKeepsInsertionOrder();
    void flatIndexMatchesAReference();
    void pointerIndexFindsEveryObject();
};

void tst_FlatMap::intKeyMapMatchesAReference_data()
{
    QTest::addColumn<QList<qint64>>("keys");
    QList<qint64> consecutive, stride32, stride1024, hugeStride, negative, random;
    for (qint64 i = 1; i <= 20000; ++i) {
        consecutive << i;
        stride32 << i * 32;
        stride1024 << i * 1024;
        hugeStride << i * (qint64(1) << 40);
        negative << -i * 7;
    }
    QRandomGenerator rng(42);
    for (int i = 0; i < 20000; ++i)
        random << qint64(rng.generate64());
    QTest::newRow("consecutive") << consecutive;
    QTest::newRow("stride 32") << stride32;
    QTest::newRow("stride 1024") << stride1024;
    QTest::newRow("stride 2^40") << hugeStride;
    QTest::newRow("negative") << negative;
    QTest::newRow("random") << random;
}

void tst_FlatMap::intKeyMapMatchesAReference()
{
    QFETCH(QList<qint64>, keys);
    orm::detail::IntKeyMap map;
    std::map<qint64, std::shared_ptr<orm::Entity>> reference;
    // Half inserted through operator[], half through insertAbsent().
    for (qsizetype i = 0; i < keys.size(); ++i) {
        auto thing = std::make_shared<Thing>();
        if (reference.count(keys[i]))
            continue;
        if (i % 2)
            map[keys[i]] = thing;
        else
            map.insertAbsent(keys[i], thing);
        reference[keys[i]] = thing;
    }
    QCOMPARE(map.size(), reference.size());
    for (const auto &[k, v] : reference) {
        auto it = map.find(k);
        QVERIFY(it != map.end());
        QCOMPARE(it->second, v);
    }
    // Erase every third key, then look everything up again, present or not.
    qsizetype n = 0;
    for (auto it = reference.begin(); it != reference.end(); ++n) {
        if (n % 3 == 0) {
            map.erase(map.find(it->first));
            it = reference.erase(it);
        } else {
            ++it;
        }
    }
    QCOMPARE(map.size(), reference.size());
    for (qint64 k : std::as_const(keys)) {
        const auto it = map.find(k);
        const auto want = reference.find(k);
        QCOMPARE(it != map.end(), want != reference.end());
        if (want != reference.end())
            QCOMPARE(it->second, want->second);
    }
    QVERIFY(map.find(keys.constFirst() - 1) == map.end() || reference.count(keys.constFirst() - 1));
    // Insert again after the holes (compaction keeps every entry).
    for (qsizetype i = 0; i < keys.size(); i += 3) {
        if (reference.count(keys[i]))
            continue;
        auto thing = std::make_shared<Thing>();
        map[keys[i]] = thing;
        reference[keys[i]] = thing;
    }
    QCOMPARE(map.size(), reference.size());
    size_t iterated = 0;
    for (const auto &entry : map) {
        QCOMPARE(entry.second, reference.at(entry.first));
        ++iterated;
    }
    QCOMPARE(iterated, reference.size());
}

void tst_FlatMap::intKeyMapKeepsInsertionOrder()
{
    orm::detail::IntKeyMap map;
    const QList<qint64> keys = {500, 3, 77, 1000000, -4, 64, 65, 0};
    for (qint64 k : keys)
        map.insertAbsent(k, std::make_shared<Thing>());
    QList<qint64> seen;
    for (const auto &entry : map)
        seen << entry.first;
    QCOMPARE(seen, keys);
}

void tst_FlatMap::flatIndexMatchesAReference()
{
    orm::detail::FlatIndex<quint64> index;
    std::unordered_map<quint64, size_t> reference;
    QRandomGenerator rng(7);
    for (size_t i = 0; i < 50000; ++i) {
        const quint64 key = i % 2 ? rng.generate64() : i * 176; // addresses come in strides
        if (index.insertIfAbsent(key, i))
            reference.emplace(key, i);
        else
            QVERIFY(reference.count(key));
    }
    for (const auto &[k, v] : reference)
        QCOMPARE(index.value(k), qsizetype(v));
    QCOMPARE(index.value(1), reference.count(1) ? qsizetype(reference.at(1)) : qsizetype(-1));
}

void tst_FlatMap::pointerIndexFindsEveryObject()
{
    // Objects allocated one after the other (addresses close together) and far apart.
    std::vector<std::shared_ptr<Thing>> things;
    std::vector<std::unique_ptr<char[]>> spacers;
    for (int i = 0; i < 20000; ++i) {
        things.push_back(std::make_shared<Thing>());
        if (i % 100 == 0)
            spacers.push_back(std::make_unique<char[]>(4096));
    }
    orm::detail::PointerIndex index;
    for (size_t i = 0; i < things.size(); ++i)
        QVERIFY(index.insertIfAbsent(things[i].get(), i));
    QVERIFY(!index.insertIfAbsent(things[7].get(), 99));
    for (size_t i = 0; i < things.size(); ++i)
        QCOMPARE(index.value(things[i].get()), qsizetype(i));
    const Thing other;
    QCOMPARE(index.value(&other), qsizetype(-1));
}

QTEST_MAIN(tst_FlatMap)
#include "tst_flatmap.moc"
