// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "ui/breadcrumbbar.h"
#include "ui/pendingchangesmodel.h"
#include "ui/pendingchangesview.h"
#include "ui/recordpicker.h"
#include "ui/relatedlistmodel.h"
#include "ui/relationshippanel.h"
#include "ui/schemaprovider.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QListView>
#include <QPushButton>

using namespace guitest;

namespace {

QString title(ui::MainWindow &w)
{
    return w.form()->findChild<QLabel *>(u"recordTitle"_s)->text();
}

QString subtitle(ui::MainWindow &w)
{
    return w.form()->findChild<QLabel *>(u"recordSubtitle"_s)->text();
}

QStringList rowsOf(const QAbstractItemModel *model)
{
    QStringList rows;
    for (int r = 0; r < model->rowCount(); ++r)
        rows << model->index(r, 0).data().toString();
    return rows;
}

// The pending-changes panel's changes, as listed.
QStringList pendingRows(ui::MainWindow &w)
{
    return rowsOf(w.pendingChangesView()->model());
}

QString cellText(ui::MainWindow &w, int row, const QString &column)
{
    return tableModel(w)->index(row, columnOf(w, column)).data().toString();
}

void openListRow(QListView *list, int row)
{
    const QPoint at = list->visualRect(list->model()->index(row, 0)).center();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, at);
}

// Types into a foreign key's picker and takes the first match, as a person does.
bool pick(ui::MainWindow &w, const QString &column, const QString &text)
{
    auto *picker = w.form()->editor(column)->findChild<ui::RecordPicker *>();
    if (!picker)
        return false;
    picker->lineEdit()->setFocus();
    picker->lineEdit()->selectAll();
    QTest::keyClicks(picker->lineEdit(), text);
    if (!QTest::qWaitFor([picker] { return picker->completer()->popup()->isVisible(); }))
        return false;
    QTest::keyClick(picker->completer()->popup(), Qt::Key_Return);
    return true;
}

} // namespace

// How rows are named in a database nobody described: by a title or a name rather than a unique
// code, a composite key by the rows it refers to, and a table by the same name in every pane.
class tst_Labels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void rowsAreNamedByATitleOrANameNotByACode();
    void aFileInAnotherNamingStyleIsNamedAlike();
    void aCompositeKeyIsNamedByTheRowsItRefersTo();
    void aRowReferringToACompositeKeyNamesItSo();
    void aNewCompositeKeyRecordIsTitledLikeOtherNewRecords();
    void everyPaneNamesATableAsTheTableListDoes();

private:
    QTemporaryDir m_dir;
    QString m_library;
    QString m_music;
    Window m_w;
};

void tst_Labels::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    // A lending library: members carry a unique card number and e-mail address besides their
    // name, books a unique ISBN besides their title; a loan is keyed by its book and member.
    m_library = m_dir.filePath(u"library.db"_s);
    QVERIFY(makeDatabase(
        m_library,
        {u"CREATE TABLE book (id INTEGER PRIMARY KEY, isbn VARCHAR(17) NOT NULL UNIQUE, "
         "title TEXT NOT NULL)"_s,
         u"CREATE TABLE member (id INTEGER PRIMARY KEY, card_number VARCHAR(10) NOT NULL "
         "UNIQUE, email TEXT UNIQUE, full_name TEXT NOT NULL)"_s,
         u"CREATE TABLE loan (book_id INTEGER NOT NULL REFERENCES book (id), "
         "member_id INTEGER NOT NULL REFERENCES member (id), due DATE, "
         "PRIMARY KEY (book_id, member_id))"_s,
         u"CREATE TABLE late_fee (id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL, "
         "member_id INTEGER NOT NULL, amount NUMERIC(6, 2) NOT NULL, "
         "FOREIGN KEY (book_id, member_id) REFERENCES loan (book_id, member_id))"_s,
         u"INSERT INTO book VALUES (1, '978-0-13-110362-7', 'The C Programming Language'), "
         "(2, '978-0-201-63361-0', 'Design Patterns')"_s,
         u"INSERT INTO member VALUES (1, 'C-0001', 'ada@example.org', 'Ada Lovelace'), "
         "(2, 'C-0002', 'alan@example.org', 'Alan Turing')"_s,
         u"INSERT INTO loan VALUES (1, 1, '2026-12-01'), (1, 2, NULL), (2, 1, '2026-11-01')"_s,
         u"INSERT INTO late_fee VALUES (1, 1, 1, 2.5)"_s}));
    // A music shop written as Chinook is: PascalCase, NVARCHAR.
    m_music = m_dir.filePath(u"music.db"_s);
    QVERIFY(makeDatabase(
        m_music,
        {u"CREATE TABLE Artist (ArtistId INTEGER PRIMARY KEY, Name NVARCHAR(120))"_s,
         u"CREATE TABLE Album (AlbumId INTEGER PRIMARY KEY, Title NVARCHAR(160) NOT NULL, "
         "ArtistId INTEGER NOT NULL REFERENCES Artist (ArtistId))"_s,
         u"CREATE TABLE Employee (EmployeeId INTEGER PRIMARY KEY, LastName NVARCHAR(20) NOT "
         "NULL, FirstName NVARCHAR(20) NOT NULL, Title NVARCHAR(30), Email NVARCHAR(60))"_s,
         u"INSERT INTO Artist VALUES (1, 'AC/DC'), (2, 'Accept')"_s,
         u"INSERT INTO Album VALUES (1, 'For Those About To Rock We Salute You', 1), "
         "(2, 'Balls to the Wall', 2)"_s,
         u"INSERT INTO Employee VALUES (1, 'Adams', 'Andrew', 'General Manager', "
         "'andrew@chinookcorp.com')"_s}));
}

void tst_Labels::init()
{
    const bool music = QByteArray(QTest::currentTestFunction()).contains("NamingStyle");
    m_w = openReflected(copyOf(music ? m_music : m_library, m_dir));
    QVERIFY(m_w->document());
}

void tst_Labels::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

void tst_Labels::rowsAreNamedByATitleOrANameNotByACode()
{
    ui::MainWindow &w = *m_w;
    // Given the library, when the person opens the first member,
    QVERIFY(clickEntity(w, u"Member"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 2);
    clickCell(w, 0);
    // the heading and the breadcrumbs name her, not her card number or e-mail address;
    QCOMPARE(title(w), u"Ada Lovelace"_s);
    QCOMPARE(w.breadcrumbs()->crumbs().last(), u"Member: Ada Lovelace"_s);
    // a book is named by its title, not its ISBN;
    QVERIFY(clickEntity(w, u"Book"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 2);
    clickCell(w, 0);
    QCOMPARE(title(w), u"The C Programming Language"_s);
    // and the loans' table and pickers show both so.
    QVERIFY(clickEntity(w, u"Loan"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 3);
    QCOMPARE(cellText(w, 0, u"book_id"_s), u"The C Programming Language"_s);
    QCOMPARE(cellText(w, 0, u"member_id"_s), u"Ada Lovelace"_s);
    clickCell(w, 0, columnOf(w, u"due"_s));
    auto *member = w.form()->editor(u"member_id"_s)->findChild<ui::RecordPicker *>();
    QVERIFY(member);
    QCOMPARE(member->lineEdit()->text(), u"Ada Lovelace"_s);
}

void tst_Labels::aFileInAnotherNamingStyleIsNamedAlike()
{
    ui::MainWindow &w = *m_w;
    // Given a file whose columns are written Title, Name, LastName,
    // when the person opens an album,
    QVERIFY(clickEntity(w, u"Album"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 2);
    clickCell(w, 0);
    // it is named by its title, and its artist by name, in the table and the panel;
    QCOMPARE(title(w), u"For Those About To Rock We Salute You"_s);
    QCOMPARE(cellText(w, 0, u"ArtistId"_s), u"AC/DC"_s);
    QPushButton *artist = w.relationshipPanel()->linkButton(u"Artist"_s);
    QVERIFY(artist);
    QCOMPARE(artist->text(), u"AC/DC"_s);
    // and an employee by his last name, not his job title.
    QVERIFY(clickEntity(w, u"Employee"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 1);
    clickCell(w, 0);
    QCOMPARE(title(w), u"Adams"_s);
}

void tst_Labels::aCompositeKeyIsNamedByTheRowsItRefersTo()
{
    ui::MainWindow &w = *m_w;
    // Given a book lent twice,
    QVERIFY(clickEntity(w, u"Book"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 2);
    clickCell(w, 0);
    QCOMPARE(title(w), u"The C Programming Language"_s);
    // its loans are listed by book and member (read for the list, not known before),
    QListView *loans = w.relationshipPanel()->listView(u"loans"_s);
    QVERIFY(loans);
    QTRY_COMPARE(loans->model()->rowCount(), 2);
    QCOMPARE(rowsOf(loans->model()),
             (QStringList {u"The C Programming Language · Ada Lovelace"_s,
                           u"The C Programming Language · Alan Turing"_s}));
    QCOMPARE(loans->model()->index(0, 0).data(Qt::ToolTipRole).toString(), u"Loan (1, 1)"_s);
    // and when the person opens the first, its heading names it so, its key in the subtitle.
    openListRow(loans, 0);
    QCOMPARE(w.browser()->entity()->displayName(), u"Loan"_s);
    QCOMPARE(title(w), u"The C Programming Language · Ada Lovelace"_s);
    QCOMPARE(subtitle(w), u"Loan (1, 1)"_s);
    // (a long crumb is cut short)
    QVERIFY2(w.breadcrumbs()->crumbs().last().startsWith(u"Loan: The C Programming Language · "_s),
             qPrintable(w.breadcrumbs()->crumbs().last()));

    // Deleting the other loan is staged under its name too.
    QTest::keySequence(&w, QKeySequence::Back);
    loans = w.relationshipPanel()->listView(u"loans"_s);
    QVERIFY(loans);
    QTRY_COMPARE(loans->model()->rowCount(), 2);
    openListRow(loans, 1);
    QCOMPARE(title(w), u"The C Programming Language · Alan Turing"_s);
    // (the person clicks its highlighted row in the table, then presses Delete)
    QCOMPARE(w.form()->object(), w.browser()->currentObject());
    clickCell(w, table(w)->currentIndex().row());
    QTest::keyClick(table(w), Qt::Key_Delete);
    QCOMPARE(pendingRows(w),
             QStringList {u"Delete Loan: The C Programming Language · Alan Turing"_s});
    QCOMPARE(subtitle(w), u"Loan (1, 2) · deleted when you commit"_s);
}

void tst_Labels::aRowReferringToACompositeKeyNamesItSo()
{
    ui::MainWindow &w = *m_w;
    // Given a late fee, whose loan (a composite key) is shown in the relationship panel,
    // when the person opens it first thing,
    QVERIFY(clickEntity(w, u"Late fee"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 1);
    clickCell(w, 0);
    // the panel names the loan by its book and member,
    QPushButton *loan = w.relationshipPanel()->linkButton(u"loan"_s);
    QVERIFY(loan);
    QCOMPARE(loan->text(), u"The C Programming Language · Ada Lovelace"_s);
    QCOMPARE(loan->toolTip(), u"Go to Loan (1, 1)"_s);
    // and following it shows the same name.
    QTest::mouseClick(loan, Qt::LeftButton);
    QCOMPARE(title(w), u"The C Programming Language · Ada Lovelace"_s);
}

void tst_Labels::aNewCompositeKeyRecordIsTitledLikeOtherNewRecords()
{
    ui::MainWindow &w = *m_w;
    // Given a new book, titled "New Book" while it has no title,
    QVERIFY(clickEntity(w, u"Book"_s));
    QTest::keySequence(&w, QKeySequence::New);
    QCOMPARE(title(w), u"New Book"_s);
    QCOMPARE(subtitle(w), u"Book · new, not committed yet"_s);
    w.document()->discard();

    // when the person makes a new loan,
    QVERIFY(clickEntity(w, u"Loan"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 3);
    QTest::keySequence(&w, QKeySequence::New);
    // it is titled the same way, with no key in the subtitle while it has none;
    QCOMPARE(title(w), u"New Loan"_s);
    QCOMPARE(subtitle(w), u"Loan · new, not committed yet"_s);
    QCOMPARE(w.breadcrumbs()->crumbs().last(), u"Loan: New Loan"_s);
    QCOMPARE(pendingRows(w), QStringList {u"New Loan"_s});
    // once its book and member are chosen, it is named by them, its key known;
    QVERIFY(pick(w, u"book_id"_s, u"Design"_s));
    QCOMPARE(title(w), u"New Loan"_s); // a member still to choose
    QVERIFY(pick(w, u"member_id"_s, u"Alan"_s));
    QCOMPARE(title(w), u"Design Patterns · Alan Turing"_s);
    QCOMPARE(subtitle(w), u"Loan (2, 2) · new, not committed yet"_s);
    QCOMPARE(pendingRows(w), QStringList {u"New Loan: Design Patterns · Alan Turing"_s});
    // and once committed, it keeps that name.
    QVERIFY2(w.commit(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(title(w), u"Design Patterns · Alan Turing"_s);
    QCOMPARE(subtitle(w), u"Loan (2, 2)"_s);
}

void tst_Labels::everyPaneNamesATableAsTheTableListDoes()
{
    ui::MainWindow &w = *m_w;
    // Given the table list's "Late fee" (late_fee in the file),
    QVERIFY(entityIndex(w, u"Late fee"_s).isValid());
    // when the person opens its row, and changes its amount,
    QVERIFY(clickEntity(w, u"Late fee"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 1);
    clickCell(w, 0);
    retype(w.form()->editor(u"amount"_s)->control(), u"3.00"_s);
    QVERIFY(w.document()->hasPendingChanges());
    // the heading, the breadcrumbs and the pending changes call it "Late fee" too;
    QCOMPARE(title(w), u"Late fee 1"_s);
    QCOMPARE(subtitle(w), u"Late fee #1 · modified, not committed yet"_s);
    QCOMPARE(w.breadcrumbs()->crumbs().last(), u"Late fee: Late fee 1"_s);
    QCOMPARE(pendingRows(w), QStringList {u"Late fee: Late fee 1"_s});
    // and so do the loan's: its panel lists "Late fees", its row "Late fee 1".
    QPushButton *loan = w.relationshipPanel()->linkButton(u"loan"_s);
    QVERIFY(loan);
    QTest::mouseClick(loan, Qt::LeftButton);
    QCOMPARE(subtitle(w), u"Loan (1, 1)"_s);
    ui::RelatedListModel *fees = w.relationshipPanel()->listModel(u"late_fees"_s);
    QVERIFY(fees);
    QCOMPARE(rowsOf(fees), QStringList {u"Late fee 1"_s});
    QCOMPARE(fees->index(0, 0).data(Qt::ToolTipRole).toString(), u"Late fee #1"_s);
}

QTEST_MAIN(tst_Labels)
#include "tst_labels.moc"
