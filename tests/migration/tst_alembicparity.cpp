// SPDX-License-Identifier: MIT
#include "alembiclines.h"
#include "migrationpairs.h"
#include "migrationtestsupport.h"

#include <QProcess>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

// Rowsmith's comparison finds what Alembic 1.8's autogenerate finds (compare_type and
// compare_server_default on), on every schema pair of the migration tests; order and names
// aside. CHECK constraints, which Alembic does not compare, are left out of the comparison.
class tst_AlembicParity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sameChangesAsAlembic_data();
    void sameChangesAsAlembic();

private:
    QTemporaryDir m_dir;
    QList<QStringList> m_alembic; // what Alembic finds, by pair (one Python run for all)
};

namespace {

QList<std::pair<QString, MigrationPair>> pairsBothWays()
{
    QList<std::pair<QString, MigrationPair>> out;
    for (const MigrationPair &pair : migrationPairs()) {
        out.append({QString::fromLatin1(pair.name), pair});
        out.append({QString::fromLatin1(pair.name) + u", backwards"_s,
                    MigrationPair {pair.name, pair.after, pair.before}});
    }
    return out;
}

} // namespace

void tst_AlembicParity::initTestCase()
{
    QStringList arguments {QStringLiteral(ALEMBIC_COMPARE)};
    int n = 0;
    for (const auto &[name, pair] : pairsBothWays()) {
        const QString from = m_dir.filePath(u"from%1.db"_s.arg(n));
        const QString to = m_dir.filePath(u"to%1.db"_s.arg(n));
        QVERIFY(makeDatabase(from, pair.before) && makeDatabase(to, pair.after));
        arguments << from << to;
        ++n;
    }
    QProcess python;
    python.start(QStringLiteral(SYSTEM_PYTHON), arguments);
    QVERIFY(python.waitForFinished(120000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    for (const QString &line :
         QString::fromUtf8(python.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts)) {
        if (line.startsWith(u"== "_s)) {
            m_alembic.append(QStringList());
        } else if (!m_alembic.isEmpty()) {
            m_alembic.last() << line;
        }
    }
    QCOMPARE(m_alembic.size(), n);
}

void tst_AlembicParity::sameChangesAsAlembic_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    QTest::addColumn<int>("index");
    int n = 0;
    for (const auto &[name, pair] : pairsBothWays()) {
        QTest::newRow(qPrintable(name)) << pair.before << pair.after << n++;
    }
}

void tst_AlembicParity::sameChangesAsAlembic()
{
    // Given two databases
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    QFETCH(int, index);
    auto fromDb = makeDatabase(m_dir.filePath(u"from.db"_s), before);
    auto toDb = makeDatabase(m_dir.filePath(u"to.db"_s), after);
    QVERIFY(fromDb && toDb);

    // When Rowsmith and Alembic compare them
    const QStringList ours = asAlembicLines(
        orm::compareSchemas(reflected(*fromDb), reflected(*toDb)), AlembicEngine::Sqlite);
    QStringList theirs = m_alembic.value(index);
    theirs.sort();

    // Then they find the same changes
    QCOMPARE(ours, theirs);
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    QVERIFY(!ours.isEmpty() || tag.contains(u"check"_s) || tag.contains(u"unique"_s)
            || tag.contains(u"view"_s) || tag.contains(u"expression"_s)
            || tag.contains(u"partial"_s));
}

QTEST_GUILESS_MAIN(tst_AlembicParity)
#include "tst_alembicparity.moc"
