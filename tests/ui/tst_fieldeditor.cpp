#include "uitestsupport.h"

#include "ui/fieldeditor.h"
#include "ui/int64spinbox.h"
#include "ui/recordform.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QUndoStack>

using namespace uitest;

class tst_FieldEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsAStoredValueAsItIsUntilReplaced();
    void spinBoxKeepsAValueThatIsNotAnInteger();
    void showsABlobsSizeAndAPreview();
};

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

QTEST_MAIN(tst_FieldEditor)
#include "tst_fieldeditor.moc"
