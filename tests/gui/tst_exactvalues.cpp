// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include <QDateTimeEdit>
#include <QSpinBox>

#include <ctime>

using namespace guitest;

// Values are shown and edited as they are stored: date-times to the microsecond.
class tst_ExactValues : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void dateTimesShowSecondsAndMicroseconds();

private:
    QTemporaryDir m_dir;
    QString m_demo;
    Window m_w;
};

void tst_ExactValues::initTestCase()
{
    // Naive date-times are shown in local time: the stories read them in UTC.
    qputenv("TZ", "UTC");
    tzset();
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir, u"demo.db"_s);
    QVERIFY(!m_demo.isEmpty());
}

void tst_ExactValues::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

void tst_ExactValues::dateTimesShowSecondsAndMicroseconds()
{
    // Given users created at 09:00:00.251237 (alice, as Flask-SQLAlchemy stores it) and at
    // 16:00:00 exactly (bob),
    const QString path = copyOf(m_demo, m_dir);
    QVERIFY(writeFromAnotherProgram(path,
                                    u"UPDATE users SET created_at = '2024-01-01 09:00:00.251237' "
                                    "WHERE username = 'alice'"_s)
                .isEmpty());
    m_w = openWindow(path);
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    // when the table shows them,
    const int created = columnOf(w, u"created_at"_s);
    QAbstractItemModel *model = table(w)->model();
    // then each cell shows the seconds, and the fraction when there is one;
    QTRY_COMPARE(model->index(0, created).data().toString(), u"2024-01-01 09:00:00.251237"_s);
    QCOMPARE(model->index(1, created).data().toString(), u"2024-01-01 16:00:00"_s);

    // the form shows the microseconds in a field of their own,
    clickCell(w, 0);
    ui::FieldEditor *editor = w.form()->editor(u"created_at"_s);
    QVERIFY(editor);
    auto *dateTime = qobject_cast<QDateTimeEdit *>(editor->control());
    QVERIFY(dateTime);
    QCOMPARE(dateTime->text(), u"2024-01-01 09:00:00"_s);
    auto *fraction = editor->findChild<QSpinBox *>(u"microseconds"_s);
    QVERIFY(fraction);
    QVERIFY(fraction->isVisible());
    QCOMPARE(fraction->text(), u".251237"_s);
    QVERIFY(!w.document()->hasPendingChanges());
    // and microseconds typed there are staged, shown in the table and committed as typed.
    fraction->setFocus(Qt::OtherFocusReason);
    QTest::keySequence(fraction, QKeySequence::SelectAll);
    QTest::keyClicks(fraction, u"123456"_s);
    QTRY_VERIFY(w.document()->hasPendingChanges());
    QCOMPARE(model->index(0, created).data().toString(), u"2024-01-01 09:00:00.123456"_s);
    QTest::keySequence(&w, QKeySequence::Save);
    QTRY_VERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(readBack(path, u"SELECT created_at FROM users WHERE username = 'alice'"_s),
             QVariant(u"2024-01-01 09:00:00.123456"_s));
}

QTEST_MAIN(tst_ExactValues)
#include "tst_exactvalues.moc"
