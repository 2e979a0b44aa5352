// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "ui/pendingchangesview.h"
#include "ui/sqllogview.h"
#include "ui/theme.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDockWidget>
#include <QPlainTextEdit>

#include <QIcon>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTimer>

using namespace guitest;

// Story 8: the keyboard, accessibility, remembered settings, light and dark palettes.
class tst_Keyboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void actionsHaveTheStandardShortcuts();
    void aWholeEditFromTheKeyboard();
    void everyControlHasAnAccessibleName();
    void geometryDocksAndRecentFilesAreRemembered();
    void theRecordsSplitterIsRememberedReadably();
    void errorColourIsReadableOnLightAndDark();
    void followsASwitchBetweenLightAndDarkWhileOpen();
    void tabLeavesTheTableWhereArrowsF2AndEnterWork();
    void f6AndTabGoThroughThePanesInOrder();
    void altTwoShowsAndFocusesTheSqlLog();
    void theQuitQuestionAnswersToItsMnemonics();
    void ctrlSWithAnInvalidFieldSaysWhyAndGoesToIt();

private:
    QTemporaryDir m_dir;
    QString m_demo;
};

void tst_Keyboard::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
}

void tst_Keyboard::actionsHaveTheStandardShortcuts()
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    using A = ui::MainWindow::Action;
    const QList<std::pair<A, QKeySequence::StandardKey>> expected = {
        {A::Commit, QKeySequence::Save},       {A::Undo, QKeySequence::Undo},
        {A::Redo, QKeySequence::Redo},         {A::Find, QKeySequence::Find},
        {A::NewRecord, QKeySequence::New},     {A::DeleteRecord, QKeySequence::Delete},
        {A::Back, QKeySequence::Back},         {A::Forward, QKeySequence::Forward},
        {A::OpenDatabase, QKeySequence::Open},
    };
    for (const auto &[action, key] : expected) {
        QVERIFY(w->action(action));
        QVERIFY2(w->action(action)->shortcuts().contains(QKeySequence::keyBindings(key).first()),
                 qPrintable(w->action(action)->text()));
        QVERIFY(!w->action(action)->icon().isNull());
    }
    QVERIFY(
        w->action(A::Redo)->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)));
}

void tst_Keyboard::aWholeEditFromTheKeyboard()
{
    const QString path = copyOf(m_demo, m_dir);
    Window w = openWindow(path);
    // Ctrl+F, type, Enter: the first match is current in the table and shown in the form.
    searchFor(*w, u"dave"_s);
    QTRY_COMPARE(tableModel(*w)->rowCount(), 3);
    QCOMPARE(w->form()->object()->value(u"username"_s).toString(), u"dave"_s);
    // Tab moves from the table into the form; type a new e-mail.
    QLineEdit *email = lineEditOf(w->form(), u"email"_s);
    email->setFocus(Qt::TabFocusReason);
    QTest::keySequence(email, QKeySequence::SelectAll);
    QTest::keyClicks(email, u"dave@rowsmith.org"_s);
    // Ctrl+S.
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QCOMPARE(readBack(path, u"SELECT email FROM users WHERE username = 'dave'"_s).toString(),
             u"dave@rowsmith.org"_s);
    // Ctrl+N, type, Ctrl+Z.
    QTest::keySequence(w.window.get(), QKeySequence::New);
    QCOMPARE(w->form()->object()->objectState(), orm::ObjectState::Pending);
    QTest::keySequence(w.window.get(), QKeySequence::Undo);
    QVERIFY(!w->document()->hasPendingChanges());
    // Del in the table stages a deletion; Ctrl+Z cancels it.
    table(*w)->setFocus();
    QTest::keyClick(table(*w), Qt::Key_Delete);
    QCOMPARE(w.prompts->deleteQuestions.size(), 0);
    QVERIFY(!w->messageLabel()->text().isEmpty()); // dave has posts: refused, said why
}

void tst_Keyboard::everyControlHasAnAccessibleName()
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    QVERIFY(clickEntity(*w, u"Posts"_s));
    clickCell(*w, 0);
    QStringList unnamed;
    for (QWidget *widget : w->findChildren<QWidget *>()) {
        if (!widget->isVisibleTo(w.window.get()) || widget->focusPolicy() == Qt::NoFocus)
            continue;
        const bool control = qobject_cast<QAbstractButton *>(widget)
            || qobject_cast<QLineEdit *>(widget) || qobject_cast<QAbstractItemView *>(widget)
            || qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QPlainTextEdit *>(widget)
            || qobject_cast<QComboBox *>(widget);
        if (!control)
            continue;
        if (qobject_cast<QAbstractSpinBox *>(widget->parentWidget()))
            continue; // a spin box's own line edit
        if (widget->parentWidget() && widget->parentWidget()->inherits("QDockWidget"))
            continue; // the dock's title buttons (named by Qt)
        const auto *button = qobject_cast<QAbstractButton *>(widget);
        if (widget->accessibleName().isEmpty() && (!button || button->text().isEmpty()))
            unnamed << QString::fromLatin1(widget->metaObject()->className()) + u' '
                    + widget->objectName();
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

void tst_Keyboard::geometryDocksAndRecentFilesAreRemembered()
{
    const QString path = copyOf(m_demo, m_dir, u"remembered.db"_s);
    {
        Window w = openWindow(path);
        w->resize(1111, 777);
        w->findChild<QDockWidget *>(u"sqlLogDock"_s)->hide();
        QVERIFY(w->close());
    }
    Window w = openWindow(QString(), WindowSize::Chosen);
    QCOMPARE(w->size(), QSize(1111, 777));
    QVERIFY(!w->findChild<QDockWidget *>(u"sqlLogDock"_s)->isVisible());
    QVERIFY(w->findChild<QDockWidget *>(u"pendingChangesDock"_s)->isVisible());
    QCOMPARE(w->recentFiles().first(), QFileInfo(path).absoluteFilePath());
}

void tst_Keyboard::theRecordsSplitterIsRememberedReadably()
{
    const QString path = copyOf(m_demo, m_dir, u"splitter.db"_s);
    QList<int> moved;
    {
        // Given the record beside the table, when the person drags the handle between them
        // 150 pixels to the left and closes the window,
        Window w = openWindow(path);
        auto *splitter = w->findChild<QSplitter *>(u"recordSplitter"_s);
        QVERIFY(splitter && splitter->orientation() == Qt::Horizontal);
        const QList<int> before = splitter->sizes();
        QSplitterHandle *handle = splitter->handle(1);
        const QPoint grip = handle->rect().center();
        QTest::mousePress(handle, Qt::LeftButton, {}, grip);
        QTest::mouseMove(handle, grip - QPoint(150, 0));
        QTest::mouseRelease(handle, Qt::LeftButton, {}, grip - QPoint(150, 0));
        moved = splitter->sizes();
        QVERIFY2(moved.first() < before.first() - 100,
                 qPrintable(u"%1 -> %2"_s.arg(before.first()).arg(moved.first())));
        QVERIFY(w->close());
    }
    // then the settings keep it as plain numbers, which every start reads without a warning
    // ("QVariant::load: unknown user type" for a QList<int>),
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
    const QByteArray text = file.readAll();
    QVERIFY2(!text.contains("QList"), text.constData());
    QVERIFY2(!text.contains("@Variant"), text.constData());
    // and the window opens with the record as wide as it was left.
    {
        Window w = openWindow(path);
        auto *splitter = w->findChild<QSplitter *>(u"recordSplitter"_s);
        QTRY_VERIFY(qAbs(splitter->sizes().first() - moved.first()) <= 2);
        QVERIFY(w->close());
    }
    // Sizes an older version stored as a QList<int> are still read, and stored anew.
    settings.remove(u"window/recordSizes"_s);
    settings.setValue(u"window/recordSplitter"_s, QVariant::fromValue(QList<int> {600, 530}));
    settings.sync();
    {
        Window w = openWindow(path);
        auto *splitter = w->findChild<QSplitter *>(u"recordSplitter"_s);
        QTRY_VERIFY2(qAbs(splitter->sizes().first() - 600) <= 60,
                     qPrintable(QString::number(splitter->sizes().first())));
        QVERIFY(w->close());
    }
    settings.sync();
    QVERIFY(!settings.contains(u"window/recordSplitter"_s));
    QVERIFY(settings.contains(u"window/recordSizes"_s));
}

static qreal luminance(const QColor &c)
{
    auto channel = [](qreal v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

static qreal contrast(const QColor &a, const QColor &b)
{
    const qreal la = luminance(a) + 0.05;
    const qreal lb = luminance(b) + 0.05;
    return la > lb ? la / lb : lb / la;
}

void tst_Keyboard::errorColourIsReadableOnLightAndDark()
{
    QPalette light;
    light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    light.setColor(QPalette::Base, Qt::white);
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2a, 0x2a, 0x2a));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    QVERIFY(!ui::Theme::isDark(light));
    QVERIFY(ui::Theme::isDark(dark));
    for (const QPalette &p : {light, dark}) {
        QVERIFY2(contrast(ui::Theme::errorColor(p), p.color(QPalette::Window)) >= 4.5,
                 "error text on window");
        QVERIFY2(contrast(ui::Theme::errorColor(p), p.color(QPalette::Base)) >= 4.5,
                 "error text on base");
    }
    // The window follows a palette change (the error label takes its colour from the palette).
    const QPalette saved = QApplication::palette();
    QApplication::setPalette(dark);
    Window w = openWindow(copyOf(m_demo, m_dir));
    QVERIFY(clickEntity(*w, u"Users"_s));
    clickCell(*w, 0);
    retype(lineEditOf(w->form(), u"email"_s), u"nope"_s);
    QCOMPARE(w->form()->errorLabel(u"email"_s)->palette().color(QPalette::WindowText),
             ui::Theme::errorColor(dark));
    w->document()->discard();
    QApplication::setPalette(saved);
}

void tst_Keyboard::followsASwitchBetweenLightAndDarkWhileOpen()
{
    // Given the window open on the light palette, with an error shown beside a field,
    const QPalette saved = QApplication::palette();
    QPalette light;
    light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::WindowText, Qt::black);
    light.setColor(QPalette::PlaceholderText, QColor(0x70, 0x70, 0x70));
    QApplication::setPalette(light);
    Window w = openWindow(copyOf(m_demo, m_dir));
    QVERIFY(clickEntity(*w, u"Users"_s));
    clickCell(*w, 0);
    retype(lineEditOf(w->form(), u"email"_s), u"nope"_s);
    QLabel *error = w->form()->errorLabel(u"email"_s);
    QCOMPARE(error->palette().color(QPalette::WindowText), ui::Theme::errorColor(light));
    auto *subtitle = w->form()->findChild<QLabel *>(u"recordSubtitle"_s);
    const QImage iconBefore =
        w->action(ui::MainWindow::Action::Find)->icon().pixmap(24, 24).toImage();

    // when the system switches to dark,
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2a, 0x2a, 0x2a));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    dark.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    QApplication::setPalette(dark);

    // then the error, the muted text and the painted icons take the dark palette's colours.
    QTRY_COMPARE(error->palette().color(QPalette::WindowText), ui::Theme::errorColor(dark));
    QCOMPARE(subtitle->palette().color(subtitle->foregroundRole()),
             dark.color(QPalette::PlaceholderText));
    if (QIcon::themeName().isEmpty() || !QIcon::hasThemeIcon(u"edit-find"_s)) {
        QVERIFY(w->action(ui::MainWindow::Action::Find)->icon().pixmap(24, 24).toImage()
                != iconBefore);
    }
    w->document()->discard();
    QApplication::setPalette(saved);
}

void tst_Keyboard::tabLeavesTheTableWhereArrowsF2AndEnterWork()
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    QVERIFY(clickEntity(*w, u"Users"_s));
    QTableView *view = table(*w);
    const int username = columnOf(*w, u"username"_s);
    clickCell(*w, 0, username);
    QCOMPARE(QApplication::focusWidget(), view);
    // Given the table focused, the arrows move between its cells;
    QTest::keyClick(view, Qt::Key_Right);
    QCOMPARE(view->currentIndex().column(), columnOf(*w, u"email"_s));
    QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(view->currentIndex().row(), 1);
    // F2 edits the current cell, Escape leaves it as it was;
    QTest::keyClick(view, Qt::Key_F2);
    QVERIFY(view->findChild<ui::FieldEditor *>());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QTRY_VERIFY(!view->findChild<ui::FieldEditor *>());
    // Enter edits it too, and Enter in the editor stages what was typed, once.
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY(view->findChild<ui::FieldEditor *>());
    QTest::keySequence(QApplication::focusWidget(), QKeySequence::SelectAll);
    QTest::keyClicks(QApplication::focusWidget(), u"bob@rowsmith.org"_s);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_VERIFY(!view->findChild<ui::FieldEditor *>());
    QCoreApplication::processEvents();
    QVERIFY(!view->findChild<ui::FieldEditor *>());
    QCOMPARE(view->currentIndex().data().toString(), u"bob@rowsmith.org"_s);
    QCOMPARE(QApplication::focusWidget(), view);
    // Tab leaves the table, for the record's fields.
    QTest::keyClick(view, Qt::Key_Tab);
    QVERIFY(w->form()->isAncestorOf(QApplication::focusWidget()));
    w->document()->discard();
}

void tst_Keyboard::f6AndTabGoThroughThePanesInOrder()
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    QVERIFY(clickEntity(*w, u"Posts"_s));
    clickCell(*w, 0);
    const QList<QWidget *> panes = {
        w->entityList(), w->browser(), w->findChild<QScrollArea *>(u"formArea"_s),
        static_cast<QWidget *>(w->pendingChangesView()), static_cast<QWidget *>(w->sqlLogView())};
    const auto paneOfFocus = [&panes] {
        QWidget *focus = QApplication::focusWidget();
        for (qsizetype i = 0; i < panes.size(); ++i) {
            if (focus && (panes[i] == focus || panes[i]->isAncestorOf(focus)))
                return int(i);
        }
        return -1;
    };
    // Given the focus in the list of tables, F6 goes to the rows, the record, the pending
    // changes (the SQL log is behind its tab), then the tables again;
    QTest::keyClick(w.window.get(), Qt::Key_1, Qt::AltModifier);
    w->entityList()->setFocus();
    QList<int> visited;
    for (int i = 0; i < 4; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6);
        visited << paneOfFocus();
        if (i == 0)
            QCOMPARE(QApplication::focusWidget(), table(*w));
    }
    QCOMPARE(visited, QList<int>({1, 2, 3, 0}));
    // Shift+F6 goes back;
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6, Qt::ShiftModifier);
    QCOMPARE(paneOfFocus(), 3);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F6, Qt::ShiftModifier);
    QCOMPARE(paneOfFocus(), 2);
    // and Tab walks through the panes in the same order, from the tables on.
    w->entityList()->setFocus();
    QList<int> order {0};
    for (int i = 0; i < 100 && !(order.size() > 1 && order.last() == 0); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        if (const int pane = paneOfFocus(); pane >= 0 && pane != order.last())
            order << pane;
    }
    QCOMPARE(order, QList<int>({0, 1, 2, 3, 0}));
}

// Shown in the window, not only "visible" (a dock behind another's tab is moved out of view).
static bool inView(QWidget *widget)
{
    return widget->isVisible() && !widget->visibleRegion().isEmpty();
}

void tst_Keyboard::altTwoShowsAndFocusesTheSqlLog()
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    // Given the SQL log behind the pending changes' tab,
    QTest::keyClick(w.window.get(), Qt::Key_1, Qt::AltModifier);
    QVERIFY(inView(w->pendingChangesView()));
    QVERIFY(!inView(w->sqlLogView()));
    // when Alt+2 is pressed, then it shows, focused;
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_2, Qt::AltModifier);
    QVERIFY(inView(w->sqlLogView()));
    QVERIFY(w->sqlLogView()->isAncestorOf(QApplication::focusWidget()));
    // again, it stays;
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_2, Qt::AltModifier);
    QVERIFY(inView(w->sqlLogView()));
    // Alt+1 brings the pending changes to the front, focused.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_1, Qt::AltModifier);
    QVERIFY(inView(w->pendingChangesView()));
    QVERIFY(!inView(w->sqlLogView()));
    QCOMPARE(QApplication::focusWidget(), w->pendingChangesView()->treeView());
}

void tst_Keyboard::theQuitQuestionAnswersToItsMnemonics()
{
    // Given one staged change, and the window's own questions (real dialogs),
    const QString path = copyOf(m_demo, m_dir);
    Window w = openWindow(path);
    w->setPrompts(std::make_unique<ui::Prompts>());
    QVERIFY(clickEntity(*w, u"Users"_s));
    clickCell(*w, 0);
    retype(lineEditOf(w->form(), u"email"_s), u"alice@rowsmith.org"_s);
    // when the window is closed, then the question's buttons each have their own mnemonic,
    // it speaks of 1 change, and Alt+D discards.
    QStringList buttons;
    QString details;
    QTimer answer;
    answer.setInterval(0);
    connect(&answer, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        answer.stop();
        details = box->informativeText();
        for (QAbstractButton *b : box->buttons())
            buttons << b->text();
        QApplication::setActiveWindow(box);
        QTest::keyClick(box, Qt::Key_D, Qt::AltModifier);
        // (The button is released after a moment, as a click on it is.)
        if (!QTest::qWaitFor([box] { return !box->isVisible(); }))
            box->done(QMessageBox::Cancel); // the mnemonic did nothing
    });
    answer.start();
    w->close();
    QCOMPARE(details, u"1 staged change, not written yet."_s);
    QSet<QChar> mnemonics;
    for (const QString &text : buttons) {
        const qsizetype at = text.indexOf(u'&');
        QVERIFY2(at >= 0 && at + 1 < text.size(), qPrintable(text));
        mnemonics.insert(text.at(at + 1).toLower());
    }
    QCOMPARE(mnemonics.size(), buttons.size());
    QVERIFY(!w->isVisible());
    QCOMPARE(readBack(path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"alice@example.com"_s);
}

void tst_Keyboard::ctrlSWithAnInvalidFieldSaysWhyAndGoesToIt()
{
    // Given alice's e-mail made invalid, and another user in the form,
    const QString path = copyOf(m_demo, m_dir);
    Window w = openWindow(path);
    QVERIFY(clickEntity(*w, u"Users"_s));
    clickCell(*w, 0);
    retype(lineEditOf(w->form(), u"email"_s), u"nope"_s);
    clickCell(*w, 2);
    QCOMPARE(w->form()->object()->value(u"username"_s).toString(), u"carol"_s);
    // when Ctrl+S is pressed, then the window says why nothing was committed, and the focus
    // is in the field to fix;
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(w->messageLabel()->isVisible());
    QVERIFY2(w->messageLabel()->text().contains(u"Nothing was committed"_s)
                 && w->messageLabel()->text().contains(u"E-mail"_s),
             qPrintable(w->messageLabel()->text()));
    QCOMPARE(w->form()->object()->value(u"username"_s).toString(), u"alice"_s);
    QCOMPARE(QApplication::focusWidget(), w->form()->editor(u"email"_s)->control());
    QCOMPARE(readBack(path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"alice@example.com"_s);
    // fixed, Ctrl+S commits.
    retype(lineEditOf(w->form(), u"email"_s), u"alice@rowsmith.org"_s);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(!w->document()->hasPendingChanges());
    QCOMPARE(readBack(path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"alice@rowsmith.org"_s);
}

QTEST_MAIN(tst_Keyboard)
#include "tst_keyboard.moc"
