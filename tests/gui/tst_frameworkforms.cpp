// SPDX-License-Identifier: MIT
// A database another framework wrote, with its own stored forms (Prisma's epoch milliseconds,
// older Rails' 't' / 'f' booleans), shown and edited as date-times and check boxes, with a note
// on how the column stores them, and committed in the same forms. Generated columns (SQLite's
// GENERATED ALWAYS AS) are shown, never edited.

#include "guitestsupport.h"

#include <QCheckBox>
#include <QLabel>
#include <QSpinBox>

#include <ctime>

using namespace guitest;

class tst_FrameworkForms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void editsAndCommitsInTheColumnsForm();
    void editsRealEpochSeconds();
    void generatedColumnsAreShownNotEdited();

private:
    QTemporaryDir m_dir;
    Window m_w;
};

void tst_FrameworkForms::initTestCase()
{
    // Naive date-times are shown in local time: the story reads them in UTC.
    qputenv("TZ", "UTC");
    tzset();
    isolateSettings(m_dir.filePath(u"settings"_s));
}

void tst_FrameworkForms::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

void tst_FrameworkForms::editsAndCommitsInTheColumnsForm()
{
    // Given events whose start is stored in epoch milliseconds and whose flag as 't' / 'f',
    const QString path = m_dir.filePath(u"events.db"_s);
    {
        auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
        QVERIFY(engine);
        for (const QString &sql :
             {u"CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, title TEXT "
              "NOT NULL, starts_at DATETIME NOT NULL, public BOOLEAN NOT NULL DEFAULT 'f')"_s,
              u"INSERT INTO events VALUES (1, 'launch', 1714558830123, 't')"_s,
              u"INSERT INTO events VALUES (2, 'review', 1714645230000, 'f')"_s}) {
            QVERIFY2(engine->connection().exec(sql),
                     qPrintable(engine->connection().lastError().text()));
        }
    }
    m_w = openReflected(path);
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Events"_s));
    QAbstractItemModel *model = table(w)->model();
    const int startsAt = columnOf(w, u"starts_at"_s);
    const int isPublic = columnOf(w, u"public"_s);
    // when the table shows them, they read as a date-time and a check box, and the header
    // says how they are stored;
    QTRY_COMPARE(model->index(0, startsAt).data().toString(), u"2024-05-01 10:20:30.123000"_s);
    QCOMPARE(model->index(0, isPublic).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(model->index(1, isPublic).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    const QString header = model->headerData(startsAt, Qt::Horizontal, Qt::ToolTipRole).toString();
    QVERIFY2(header.contains(u"Stored as epoch milliseconds"_s), qPrintable(header));

    // the form shows the note beside the field,
    clickCell(w, 0);
    QTRY_VERIFY(w.form()->object());
    ui::FieldEditor *editor = w.form()->editor(u"starts_at"_s);
    QVERIFY(editor);
    QVERIFY(editor->formNote());
    QVERIFY(editor->formNote()->isVisible());
    QCOMPARE(editor->formNote()->text(), u"Stored as epoch milliseconds"_s);
    ui::FieldEditor *flag = w.form()->editor(u"public"_s);
    QVERIFY(flag && flag->formNote() && flag->formNote()->isVisible());
    QVERIFY2(flag->formNote()->text().contains(u"'t' / 'f'"_s),
             qPrintable(flag->formNote()->text()));

    // and a time and a flag edited there are committed in the column's forms.
    auto *fraction = editor->findChild<QSpinBox *>(u"microseconds"_s);
    QVERIFY(fraction && fraction->isVisible());
    fraction->setFocus(Qt::OtherFocusReason);
    QTest::keySequence(fraction, QKeySequence::SelectAll);
    QTest::keyClicks(fraction, u"250000"_s);
    QTRY_VERIFY(w.document()->hasPendingChanges());
    auto *check = qobject_cast<QCheckBox *>(flag->control());
    QVERIFY(check);
    check->setFocus(Qt::OtherFocusReason);
    QTest::keyClick(check, Qt::Key_Space);
    QTRY_COMPARE(model->index(0, isPublic).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QTest::keySequence(&w, QKeySequence::Save);
    QTRY_VERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(readBack(path,
                      u"SELECT typeof(starts_at) || ':' || starts_at || ',' || public "
                      "FROM events WHERE id = 1"_s),
             QVariant(u"integer:1714558830250,f"_s));
    // The other row is untouched.
    QCOMPARE(readBack(path, u"SELECT starts_at || ',' || public FROM events WHERE id = 2"_s),
             QVariant(u"1714645230000,f"_s));
}

void tst_FrameworkForms::editsRealEpochSeconds()
{
    // Given pings whose time Python's time.time() stored as REAL seconds,
    const QString path = m_dir.filePath(u"pings.db"_s);
    QVERIFY(makeDatabase(path,
                         {u"CREATE TABLE pings (id INTEGER PRIMARY KEY, host TEXT, "
                          "at DATETIME NOT NULL)"_s,
                          u"INSERT INTO pings VALUES (1, 'a', 1700000000.5), "
                          "(2, 'b', 1700000001), (3, 'c', 1700000002.25)"_s}));
    m_w = openReflected(path);
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Pings"_s));
    QAbstractItemModel *model = table(w)->model();
    const int at = columnOf(w, u"at"_s);
    // when the table shows them, they read as date-times with their fraction, and the header
    // says how they are stored;
    QTRY_COMPARE(model->index(0, at).data().toString(), u"2023-11-14 22:13:20.500000"_s);
    const QString header = model->headerData(at, Qt::Horizontal, Qt::ToolTipRole).toString();
    QVERIFY2(header.contains(u"REAL"_s), qPrintable(header));
    // the form offers the fraction,
    clickCell(w, 0);
    QTRY_VERIFY(w.form()->object());
    ui::FieldEditor *editor = w.form()->editor(u"at"_s);
    QVERIFY(editor);
    auto *fraction = editor->findChild<QSpinBox *>(u"microseconds"_s);
    QVERIFY(fraction && fraction->isVisible());
    // and one typed there is committed as REAL seconds.
    fraction->setFocus(Qt::OtherFocusReason);
    QTest::keySequence(fraction, QKeySequence::SelectAll);
    QTest::keyClicks(fraction, u"750000"_s);
    QTRY_VERIFY(w.document()->hasPendingChanges());
    QTest::keySequence(&w, QKeySequence::Save);
    QTRY_VERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(readBack(path, u"SELECT typeof(at) || ':' || at FROM pings WHERE id = 1"_s),
             QVariant(u"real:1700000000.75"_s));
}

void tst_FrameworkForms::generatedColumnsAreShownNotEdited()
{
    // Given items whose total the database computes from their quantity,
    const QString path = m_dir.filePath(u"items.db"_s);
    QVERIFY(makeDatabase(path,
                         {u"CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT NOT "
                          "NULL, qty INTEGER NOT NULL, total INTEGER NOT NULL GENERATED "
                          "ALWAYS AS (qty * 2) STORED)"_s,
                          u"INSERT INTO items (qty) VALUES (2)"_s}));
    m_w = openReflected(path);
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Items"_s));
    QAbstractItemModel *model = table(w)->model();
    const int total = columnOf(w, u"total"_s);
    QTRY_COMPARE(model->index(0, total).data().toString(), u"4"_s);

    // when a person tries to edit the total in the table and in the form, nothing opens, the
    // form's field is read-only and not marked as one to fill in,
    QVERIFY(!editCell(table(w), model->index(0, total)));
    clickCell(w, 0);
    QTRY_VERIFY(w.form()->object());
    auto *shown = qobject_cast<QLineEdit *>(w.form()->editor(u"total"_s)->control());
    QVERIFY(shown && shown->isReadOnly());
    const QString tip = model->headerData(total, Qt::Horizontal, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"computed as qty * 2"_s) && !tip.contains(u"required"_s),
             qPrintable(tip));
    const auto labels = w.form()->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.cbegin(), labels.cend(),
                        [](const QLabel *l) { return l->text() == u"Total"_s; }));

    // and the quantity typed in the form is committed, with the total the database computed.
    ui::FieldEditor *qty = w.form()->editor(u"qty"_s);
    QVERIFY(qty && qty->control());
    retype(qty->control(), u"5"_s);
    QTRY_VERIFY(w.document()->hasPendingChanges());
    QTest::keySequence(&w, QKeySequence::Save);
    QTRY_VERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(readBack(path, u"SELECT qty || ',' || total FROM items"_s), QVariant(u"5,10"_s));
}

QTEST_MAIN(tst_FrameworkForms)
#include "tst_frameworkforms.moc"
