// SPDX-License-Identifier: MIT
// What the ORM keeps in memory, and for how long: the limits of its packed relationship states.

#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_Memory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void relationshipMemberOutOfRangeStopsTheProgram_data();
    void relationshipMemberOutOfRangeStopsTheProgram();
};

void tst_Memory::relationshipMemberOutOfRangeStopsTheProgram_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("message");
    QTest::newRow("mapped") << u"map"_s << u"Node.parent lies 70"_s;
    QTest::newRow("used without mapping")
        << u"use"_s << u"a relationship member lies more than 65535"_s;
}

void tst_Memory::relationshipMemberOutOfRangeStopsTheProgram()
{
    // Given a model whose relationship member lies 70,000 bytes into its object (beyond the
    // 16 bits a relationship state keeps its owner's distance in),
    QFETCH(QString, mode);
    QFETCH(QString, message);
    QProcess helper;
    helper.start(QStringLiteral(FAR_MEMBER_HELPER), {mode});
    QVERIFY(helper.waitForFinished());
    const QString out =
        QString::fromLocal8Bit(helper.readAllStandardOutput() + helper.readAllStandardError());
    // when it is mapped, or used before it is, then the program stops with the reason, in
    // every build (this one included), and never goes on with a wrong owner.
    QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
    QVERIFY2(out.contains(message), qPrintable(out));
    QVERIFY2(out.contains(u"declare it before the model's large members"_s), qPrintable(out));
    QVERIFY2(!out.contains(u"mapped"_s) && !out.contains(u"linked"_s), qPrintable(out));
}

QTEST_GUILESS_MAIN(tst_Memory)
#include "tst_memory.moc"
