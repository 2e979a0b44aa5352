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

QTEST_MAIN(tst_FieldEditor)
#include "tst_fieldeditor.moc"
