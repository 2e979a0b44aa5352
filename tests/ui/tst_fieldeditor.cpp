// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "ui/fieldeditor.h"
#include "ui/int64spinbox.h"
#include "ui/recordform.h"

#include <QCalendarWidget>
#include <QCheckBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QUndoStack>

using namespace uitest;

class tst_FieldEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsAStoredValueAsItIsUntilReplaced();
    void spinBoxKeepsAValueThatIsNotAnInteger();
    void showsABlobsSizeAndAPreview();
    void showsTextThatIsNotUtf8InHexUntilReplaced();
    void editsADecimalAtItsScale();
    void keepsJsonTextAsWritten();
    void aDateIsTypedIntoNull();
};

namespace {

// A row another program wrote: text that is not UTF-8, NUMERIC(8, 2) and JSON with spaces, as
// SQLAlchemy stores them (12.5 as a REAL).
QString exactValuesDatabase(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(u"exact.db"_s);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    if (!engine)
        return {};
    orm::Connection &c = engine->connection();
    if (!c.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price NUMERIC(8, 2), "
                "data JSON, note TEXT)"_s)
        || !c.exec(u"INSERT INTO items VALUES (1, CAST(X'41C328FF42' AS TEXT), 12.5, "
                   "'{\"a\": 1, \"b\": [1, 2]}', 'first')"_s)) {
        qWarning() << c.lastError().text();
        return {};
    }
    return path;
}

// typeof() and hex() of a column of the row, as SQLite holds it.
QString held(const QString &path, const QString &column)
{
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    const auto rows = engine->connection().select(
        u"SELECT typeof(\"%1\") || ' ' || hex(\"%1\") FROM items WHERE id = 1"_s.arg(column));
    return rows && !rows->isEmpty() ? rows->first().at(0).toString() : QString();
}

QString hexOf(const QString &text)
{
    return u"text "_s + QString::fromLatin1(text.toUtf8().toHex().toUpper());
}

struct ExactForm
{
    std::unique_ptr<ui::Document> doc;
    std::unique_ptr<ui::RecordForm> form;
};

ExactForm openExactForm(const QString &path)
{
    ExactForm f;
    f.doc = openReflectedDocument(path);
    if (!f.doc)
        return f;
    const orm::EntityMeta &meta = *f.doc->catalog().entityForTable(u"items"_s);
    f.form = std::make_unique<ui::RecordForm>();
    f.form->setDocument(f.doc.get());
    f.form->setObject(f.doc->session().get(meta, qint64(1)));
    f.form->show();
    f.form->activateWindow();
    return f;
}

// Selects the field's text and types over it, each key to the widget that has the focus (a
// stored value's edit hands it to the control once a value is typed).
void typeOver(QWidget *edit, const QString &text)
{
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    for (QChar c : text)
        QTest::keyClicks(edit->window()->focusWidget(), QString(c));
}

} // namespace

void tst_FieldEditor::showsAStoredValueAsItIsUntilReplaced()
{
    // Given the form on a row whose BOOLEAN and INTEGER columns hold text,
    QTemporaryDir dir;
    auto doc = openReflectedDocument(oddValuesDatabase(dir));
    QVERIFY(doc);
    const orm::EntityMeta &meta = *doc->catalog().entityForTable(u"things"_s);
    const auto row = doc->session().get(meta, qint64(2));
    QVERIFY(row);
    ui::RecordForm form;
    form.setDocument(doc.get());
    form.setObject(row);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    ui::FieldEditor *flag = form.editor(u"flag"_s);
    QVERIFY(flag);
    // then the BOOLEAN's editor shows the text as stored, not a check box's guess,
    QVERIFY(flag->showsStoredValue());
    QCOMPARE(flag->storedValueEdit()->text(), u"maybe"_s);
    QVERIFY(flag->storedValueEdit()->isVisible());
    QVERIFY(!flag->control()->isVisible());
    // with the note beside it,
    QVERIFY(flag->storedValueNote()->isVisible());
    QCOMPARE(flag->storedValueNote()->text(), u"Stored as text, declared BOOLEAN"_s);
    // the INTEGER's is not read as 0 either,
    ui::FieldEditor *amount = form.editor(u"amount"_s);
    QVERIFY(amount->showsStoredValue());
    QCOMPARE(amount->storedValueEdit()->text(), u"lots"_s);
    QCOMPARE(amount->storedValueNote()->text(), u"Stored as text, declared INTEGER"_s);
    // and looking stages nothing: the editors hold the stored values unchanged.
    QCOMPARE(flag->value(), QVariant(u"maybe"_s));
    QVERIFY(!doc->hasPendingChanges());

    // When the user types a value of the declared type over the stored one,
    QLineEdit *stored = flag->storedValueEdit();
    stored->setFocus();
    stored->selectAll();
    QTest::keyClicks(stored, u"yes"_s);
    // then it is staged as that type, and the check box is back in its place, checked;
    QVERIFY(doc->hasPendingChanges());
    QCOMPARE(row->value(u"flag"_s), QVariant(true));
    QVERIFY(!flag->showsStoredValue());
    QVERIFY(flag->control()->isVisible());
    QVERIFY(!flag->storedValueNote()->isVisible());
    auto *check = qobject_cast<QCheckBox *>(flag->control());
    QVERIFY(check);
    QCOMPARE(check->checkState(), Qt::Checked);
    // and Undo brings the stored value back, shown as it is with its note.
    doc->undoStack()->undo();
    QVERIFY(!doc->hasPendingChanges());
    QVERIFY(flag->showsStoredValue());
    QCOMPARE(flag->storedValueEdit()->text(), u"maybe"_s);
    QVERIFY(flag->storedValueNote()->isVisible());
    QVERIFY(!flag->control()->isVisible());
}

void tst_FieldEditor::spinBoxKeepsAValueThatIsNotAnInteger()
{
    // Given a spin box given text and a fraction,
    ui::Int64SpinBox spin;
    spin.setNullability(ui::Int64SpinBox::Nullability::Nullable);
    spin.setVariant(u"lots"_s);
    // then it shows them as they are and gives them back unchanged, never as 0 or 1;
    QCOMPARE(spin.text(), u"lots"_s);
    QVERIFY(spin.holdsOtherValue());
    QCOMPARE(spin.variant(), QVariant(u"lots"_s));
    spin.setVariant(1.5);
    QCOMPARE(spin.text(), u"1.5"_s);
    QCOMPARE(spin.variant(), QVariant(1.5));
    // text that is a whole number is that number;
    spin.setVariant(u"12"_s);
    QVERIFY(!spin.holdsOtherValue());
    QCOMPARE(spin.variant(), QVariant(qint64(12)));
    // and typing replaces a value shown as it is.
    spin.setVariant(u"lots"_s);
    spin.show();
    QVERIFY(QTest::qWaitForWindowExposed(&spin));
    QSignalSpy edited(&spin, &ui::Int64SpinBox::valueEdited);
    spin.selectAll();
    QTest::keyClicks(&spin, u"42"_s);
    QVERIFY(!spin.holdsOtherValue());
    QCOMPARE(spin.variant(), QVariant(qint64(42)));
    QVERIFY(!edited.isEmpty());
    QCOMPARE(edited.last().first(), QVariant(qint64(42)));
}

void tst_FieldEditor::showsABlobsSizeAndAPreview()
{
    // Given a table of blobs: a PNG image, 100 bytes of data, and a 2 MiB value,
    QTemporaryDir dir;
    const QString path = dir.filePath(u"blobs.db"_s);
    QByteArray bytes = QByteArray::fromHex("00ff") + QByteArray("hello, blob");
    bytes += QByteArray(100 - bytes.size(), 'x');
    QVERIFY(blobDatabase(path, QSize(400, 300), {bytes, QByteArray(2 * 1024 * 1024, 1)}));
    auto doc = openReflectedDocument(path);
    QVERIFY(doc);
    const orm::EntityMeta &meta = *doc->catalog().entityForTable(u"files"_s);
    ui::RecordForm form;
    form.setDocument(doc.get());
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    auto sizeOf = [&form] {
        return form.editor(u"data"_s)->findChild<QLineEdit *>(u"blobSize"_s)->text();
    };
    auto preview = [&form] {
        return form.editor(u"data"_s)->findChild<QLabel *>(u"blobPreview"_s);
    };

    // when the image's row is shown, then its size, format and dimensions, and a thumbnail;
    form.setObject(doc->session().get(meta, qint64(1)));
    QVERIFY2(sizeOf().contains(u"PNG image, 400 × 300"_s), qPrintable(sizeOf()));
    QVERIFY(preview()->isVisible());
    QCOMPARE(preview()->pixmap().size(), QSize(160, 120));
    // when the data's row is shown, its size and its first bytes in hex and as text;
    form.setObject(doc->session().get(meta, qint64(2)));
    QCOMPARE(sizeOf(), QLocale().formattedDataSize(100));
    QVERIFY2(preview()->text().startsWith(u"00 ff 68 65 6c 6c 6f"_s),
             qPrintable(preview()->text()));
    QVERIFY(preview()->text().contains(u"..hello, blob"_s));
    QVERIFY(preview()->text().endsWith(QChar(0x2026)));
    // a large value says how large it is;
    form.setObject(doc->session().get(meta, qint64(3)));
    QCOMPARE(sizeOf(), QLocale().formattedDataSize(2 * 1024 * 1024));
    // and nothing was staged by looking.
    QVERIFY(!doc->hasPendingChanges());
}

void tst_FieldEditor::showsTextThatIsNotUtf8InHexUntilReplaced()
{
    // Given a row whose text is not valid UTF-8 (41 C3 28 FF 42),
    QTemporaryDir dir;
    const QString path = exactValuesDatabase(dir);
    ExactForm f = openExactForm(path);
    QVERIFY(f.form);
    QVERIFY(QTest::qWaitForWindowActive(f.form.get()));
    // when the form shows it, then it shows its bytes in hex, with a note, staging nothing;
    ui::FieldEditor *name = f.form->editor(u"name"_s);
    QVERIFY(name->showsStoredValue());
    QCOMPARE(name->storedValueEdit()->text(), u"41 C3 28 FF 42"_s);
    QCOMPARE(name->storedValueNote()->text(), u"Not valid UTF-8: its bytes, in hex"_s);
    QVERIFY(!f.doc->hasPendingChanges());
    // when another field is edited and committed, then its bytes stay as they were;
    typeOver(f.form->editor(u"note"_s)->control(), u"second"_s);
    QVERIFY(f.doc->hasPendingChanges());
    QVERIFY2(f.doc->commit(), qPrintable(f.doc->lastError().text()));
    QCOMPARE(held(path, u"name"_s), u"text 41C328FF42"_s);
    QCOMPARE(held(path, u"note"_s), hexOf(u"second"_s));
    // when the person types over it, then what they typed is written.
    typeOver(f.form->editor(u"name"_s)->storedValueEdit(), u"A(B"_s);
    QVERIFY2(f.doc->commit(), qPrintable(f.doc->lastError().text()));
    QCOMPARE(held(path, u"name"_s), hexOf(u"A(B"_s));
}

void tst_FieldEditor::editsADecimalAtItsScale()
{
    // Given 12.5 stored in a NUMERIC(8, 2) column (as SQLAlchemy stores Decimal("12.50")),
    QTemporaryDir dir;
    const QString path = exactValuesDatabase(dir);
    ExactForm f = openExactForm(path);
    QVERIFY(f.form);
    QVERIFY(QTest::qWaitForWindowActive(f.form.get()));
    // then the form shows it at its scale,
    ui::FieldEditor *price = f.form->editor(u"price"_s);
    auto *edit = qobject_cast<QLineEdit *>(price->control());
    QVERIFY(edit);
    QCOMPARE(edit->text(), u"12.50"_s);
    QVERIFY(!f.doc->hasPendingChanges());
    // a value with more digits after the point than the scale is refused beside the field,
    QLabel *error = f.form->errorLabel(u"price"_s);
    typeOver(edit, u"12.345"_s);
    QTRY_COMPARE(error->text(), u"at most 2 digits after the point"_s);
    // so is one SQLite would round,
    typeOver(edit, u"0.1234567890123456"_s);
    QTRY_COMPARE(error->text(), u"more than 15 significant digits: SQLite would round it"_s);
    typeOver(edit, u"1234567"_s);
    QTRY_COMPARE(error->text(), u"at most 6 digits before the point"_s);
    // and a value that fits is staged exactly, and written as SQLAlchemy writes it.
    typeOver(edit, u"0.1"_s);
    QTRY_VERIFY(error->text().isEmpty() || !error->isVisible());
    const orm::EntityMeta &meta = *f.doc->catalog().entityForTable(u"items"_s);
    const auto row = f.doc->session().get(meta, qint64(1));
    QCOMPARE(row->value(u"price"_s), QVariant::fromValue(orm::Decimal(10, 2)));
    QVERIFY2(f.doc->commit(), qPrintable(f.doc->lastError().text()));
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    const auto rows = engine->connection().select(u"SELECT price, typeof(price) FROM items"_s);
    QCOMPARE(rows->first().at(0), QVariant(0.1));
    QCOMPARE(rows->first().at(1), QVariant(u"real"_s));
}

void tst_FieldEditor::keepsJsonTextAsWritten()
{
    // Given JSON written with spaces,
    QTemporaryDir dir;
    const QString path = exactValuesDatabase(dir);
    const QString written = held(path, u"data"_s);
    ExactForm f = openExactForm(path);
    QVERIFY(f.form);
    QVERIFY(QTest::qWaitForWindowActive(f.form.get()));
    // then the form shows it as written,
    auto *edit = qobject_cast<QPlainTextEdit *>(f.form->editor(u"data"_s)->control());
    QVERIFY(edit);
    QCOMPARE(edit->toPlainText(), u"{\"a\": 1, \"b\": [1, 2]}"_s);
    // an edit of another field leaves it as written,
    typeOver(f.form->editor(u"note"_s)->control(), u"second"_s);
    QVERIFY2(f.doc->commit(), qPrintable(f.doc->lastError().text()));
    QCOMPARE(held(path, u"data"_s), written);
    // and JSON the person edits is written as entered.
    typeOver(edit, u"{\"a\":  2}"_s);
    QVERIFY2(f.doc->commit(), qPrintable(f.doc->lastError().text()));
    QCOMPARE(held(path, u"data"_s), hexOf(u"{\"a\":  2}"_s));
}

void tst_FieldEditor::aDateIsTypedIntoNull()
{
    // Given a form on a row whose date-time is NULL,
    QTemporaryDir dir;
    const QString path = dir.filePath(u"events.db"_s);
    {
        auto engine =
            orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
        QVERIFY(engine);
        QVERIFY(engine->connection().exec(
            u"CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME)"_s));
        QVERIFY(engine->connection().exec(u"INSERT INTO events VALUES (1, NULL)"_s));
    }
    auto doc = openReflectedDocument(path);
    QVERIFY(doc);
    const orm::EntityMeta &meta = *doc->catalog().entityForTable(u"events"_s);
    ui::RecordForm form;
    form.setDocument(doc.get());
    form.setObject(doc->session().get(meta, qint64(1)));
    form.show();
    form.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&form));
    auto *edit = qobject_cast<QDateTimeEdit *>(form.editor(u"at"_s)->control());
    QVERIFY(edit);
    // when the person types a date and time into it,
    edit->setFocus();
    QTest::keyClicks(edit, u"20240304050607"_s); // each section moves on once full
    QTest::keyClick(edit, Qt::Key_Return);
    // then that is the value staged (typed in local time, held as UTC),
    const auto row = doc->session().get(meta, qint64(1));
    const QDateTime typed(QDate(2024, 3, 4), QTime(5, 6, 7), Qt::LocalTime);
    QTRY_COMPARE(row->value(u"at"_s).value<orm::Timestamp>(),
                 orm::Timestamp::fromDateTime(typed.toUTC()));
    // and the calendar of a NULL value opens on this month.
    form.editor(u"at"_s)->setValue(QVariant());
    // (a click on the editor's arrow opens the calendar)
    QTest::mouseClick(edit, Qt::LeftButton, {}, QPoint(edit->width() - 6, edit->height() / 2));
    QTRY_VERIFY(edit->calendarWidget()->isVisible());
    QCOMPARE(edit->calendarWidget()->yearShown(), QDate::currentDate().year());
    QTest::keyClick(edit->calendarWidget(), Qt::Key_Escape);
}

QTEST_MAIN(tst_FieldEditor)
#include "tst_fieldeditor.moc"
