// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include <QDateTimeEdit>
#include <QPlainTextEdit>
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
    void refusedValuesStayAndBlockTheCommit();

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

void tst_ExactValues::refusedValuesStayAndBlockTheCommit()
{
    // Given an item with a NUMERIC(5, 2) price and a JSON document, shown in the form,
    const QString path = m_dir.filePath(u"items.db"_s);
    QVERIFY(makeDatabase(path,
                         {u"CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, "
                          "price NUMERIC(5, 2), doc JSON)"_s,
                          u"INSERT INTO items VALUES (1, 'pen', 3.5, '{\"a\": 1}')"_s}));
    m_w = openReflected(path);
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Items"_s));
    QTRY_COMPARE(table(w)->model()->rowCount(), 1);
    clickCell(w, 0);
    QTRY_VERIFY(w.form()->object());
    QAction *commit = w.action(ui::MainWindow::Action::Commit);
    // when a person types a price with a digit too many after the point (1.23, staged for the
    // keys before the last, would be written in its place),
    QLineEdit *price = lineEditOf(w.form(), u"price"_s);
    QVERIFY(price);
    retype(price, u"1.234"_s);
    // the field keeps it and says why, and Commit waits for it;
    QCOMPARE(price->text(), u"1.234"_s);
    QVERIFY2(errorText(w.form(), u"price"_s).contains(u"after the point"_s),
             qPrintable(errorText(w.form(), u"price"_s)));
    QVERIFY(!commit->isEnabled());
    // text that is not JSON typed into the document, and another field edited after it,
    auto *doc = qobject_cast<QPlainTextEdit *>(w.form()->editor(u"doc"_s)->control());
    QVERIFY(doc);
    retype(doc, u"{\"bad\":"_s);
    QTest::keyClick(doc, Qt::Key_Tab);
    retype(lineEditOf(w.form(), u"name"_s), u"pencil"_s);
    // stays as typed, red with the reason, and Commit still waits: nothing is written;
    QCOMPARE(doc->toPlainText(), u"{\"bad\":"_s);
    QVERIFY2(errorText(w.form(), u"doc"_s).contains(u"JSON"_s),
             qPrintable(errorText(w.form(), u"doc"_s)));
    QCOMPARE(errorText(w.form(), u"price"_s).isEmpty(), false);
    QVERIFY(!commit->isEnabled());
    QTest::keySequence(&w, QKeySequence::Save);
    QCOMPARE(readBack(path, u"SELECT name || ' ' || price FROM items"_s), QVariant(u"pen 3.5"_s));
    // once both are fixed, the commit writes what the fields show.
    QTest::keyClick(price, Qt::Key_Backspace);
    retype(doc, u"{\"ok\": true}"_s);
    QCOMPARE(errorText(w.form(), u"price"_s), QString());
    QCOMPARE(errorText(w.form(), u"doc"_s), QString());
    QVERIFY(commit->isEnabled());
    QTest::keySequence(&w, QKeySequence::Save);
    QTRY_VERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(readBack(path, u"SELECT name || ' ' || price || ' ' || doc FROM items"_s),
             QVariant(u"pencil 1.23 {\"ok\": true}"_s));
}

QTEST_MAIN(tst_ExactValues)
#include "tst_exactvalues.moc"
