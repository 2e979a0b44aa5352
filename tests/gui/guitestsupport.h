// SPDX-License-Identifier: MIT
#pragma once

// Shared by the GUI suites: a window on a copy of the demo database, prompts that answer
// without dialogs, and helpers that click and type like a person.

#include "../ui/uitestsupport.h"

#include "ui/entitybrowser.h"
#include "ui/entitylistmodel.h"
#include "ui/entitytablemodel.h"
#include "ui/fieldeditor.h"
#include "ui/mainwindow.h"
#include "ui/pluraltranslator.h"
#include "ui/prompts.h"
#include "ui/recordform.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QTreeView>

namespace guitest {

using namespace uitest;

// Answers the window's questions as the test says, and remembers what was asked.
class TestPrompts : public ui::Prompts
{
public:
    QMessageBox::StandardButton saveAnswer = QMessageBox::Cancel;
    int saveQuestions = 0;
    QMessageBox::StandardButton consoleAnswer = QMessageBox::Cancel;
    int consoleQuestions = 0; // about the SQL console's open transaction
    bool deleteAnswer = true;
    QStringList deleteQuestions;
    QStringList deleteDetails;
    bool discardAnswer = true;
    bool dontAskAgain = false;
    QList<int> discardQuestions; // the number of changes each asked about
    QString fileToOpen;
    QString newFile;
    QString fileToSave;
    QStringList saveFilters; // the filter of each file asked to save
    QStringList readFilters; // the filter of each file asked to read rows from
    QStringList errors;
    std::optional<QString> password; // nullopt: declined
    QStringList passwordQuestions; // the servers each asked about
    QMessageBox::StandardButton dataEditsAnswer = QMessageBox::Cancel;
    QList<int> dataEditsQuestions; // before a schema commit: the data changes staged
    bool dataLossAnswer = false;
    QList<QStringList> dataLossQuestions; // what each said would be lost

    QMessageBox::StandardButton askToSaveChanges(QWidget *, const QString &, int) override
    {
        ++saveQuestions;
        return saveAnswer;
    }
    QMessageBox::StandardButton askAboutConsoleTransaction(QWidget *, const QString &) override
    {
        ++consoleQuestions;
        return consoleAnswer;
    }
    bool confirmDeletion(QWidget *, const QString &question, const QString &details) override
    {
        deleteQuestions << question;
        deleteDetails << details;
        return deleteAnswer;
    }
    bool confirmDiscard(QWidget *, int changeCount, bool *dontAsk) override
    {
        discardQuestions << changeCount;
        if (dontAsk)
            *dontAsk = discardAnswer && dontAskAgain;
        return discardAnswer;
    }
    QString chooseFileToOpen(QWidget *, const QString &) override { return fileToOpen; }
    QString chooseFileToRead(QWidget *, const QString &, const QString &,
                             const QString &filter) override
    {
        readFilters << filter;
        return fileToOpen;
    }
    QString chooseNewFile(QWidget *, const QString &) override { return newFile; }
    QString chooseFileToSave(QWidget *, const QString &, const QString &,
                             const QString &filter) override
    {
        saveFilters << filter;
        return fileToSave;
    }
    QMessageBox::StandardButton askAboutDataEditsBeforeSchema(QWidget *, int count) override
    {
        dataEditsQuestions << count;
        return dataEditsAnswer;
    }
    bool confirmDataLoss(QWidget *, const QStringList &losses) override
    {
        dataLossQuestions << losses;
        return dataLossAnswer;
    }
    void showError(QWidget *, const QString &, const QString &message) override
    {
        errors << message;
    }
    std::optional<QString> askPassword(QWidget *, const QString &server, const QString &) override
    {
        passwordQuestions << server;
        return password;
    }
};

// No desktop keychain answers (no D-Bus session bus where folder points): the window asks for
// passwords each time.
inline void withoutKeychain(const QString &folder)
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + QDir(folder).filePath(u"no-bus"_s).toUtf8());
}

// Settings go to a temporary folder, never to the user's; plurals read as the application's.
inline void isolateSettings(const QString &folder)
{
    static ui::PluralTranslator plurals;
    QCoreApplication::installTranslator(&plurals);
    QCoreApplication::setOrganizationName(u"RowsmithTests"_s);
    QCoreApplication::setApplicationName(u"Rowsmith"_s);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, folder);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
    QSettings().clear();
}

// A copy of a prepared database, so that each test starts from the same data quickly.
inline QString copyOf(const QString &source, const QTemporaryDir &dir,
                      const QString &name = u"copy.db"_s)
{
    const QString path = dir.filePath(name);
    QFile::remove(path);
    return QFile::copy(source, path) ? path : QString();
}

struct Window
{
    std::unique_ptr<ui::MainWindow> window;
    TestPrompts *prompts = nullptr;

    ui::MainWindow *operator->() const { return window.get(); }
    ui::MainWindow &operator*() const { return *window; }
};

enum class WindowSize { Story, Chosen };

// Shows a window with test prompts and opens path in it (unless empty). The stories are
// written for a 1400 x 900 window, whatever the test screen's size (offscreen: 800 x 800);
// WindowSize::Chosen keeps the size the window chose for itself (saved, or a first start's).
inline Window showWindow(std::unique_ptr<ui::MainWindow> window, const QString &path,
                         WindowSize size = WindowSize::Story)
{
    Window w;
    w.window = std::move(window);
    auto prompts = std::make_unique<TestPrompts>();
    w.prompts = prompts.get();
    w.window->setPrompts(std::move(prompts));
    if (size == WindowSize::Story)
        w.window->resize(1400, 900);
    w.window->show();
    QApplication::setActiveWindow(w.window.get());
    if (!QTest::qWaitForWindowActive(w.window.get()))
        qWarning("the window did not become active");
    if (!path.isEmpty() && !w.window->openDatabase(path))
        qWarning() << "cannot open" << path << w.prompts->errors;
    return w;
}

inline Window openWindow(const QString &path, WindowSize size = WindowSize::Story)
{
    return showWindow(std::make_unique<ui::MainWindow>(blogSchema()), path, size);
}

// The window as it opens any SQLite file: reflected, automapped entities.
inline Window openReflected(const QString &path)
{
    return showWindow(
        std::make_unique<ui::MainWindow>(std::make_shared<ui::ReflectingSchemaProvider>()), path);
}

inline QModelIndex entityIndex(ui::MainWindow &w, const QString &displayName)
{
    QAbstractItemModel *m = w.entityList()->model();
    for (int r = 0; r < m->rowCount(); ++r) {
        if (m->index(r, 0).data().toString() == displayName)
            return m->index(r, 0);
    }
    return {};
}

inline bool clickEntity(ui::MainWindow &w, const QString &displayName)
{
    const QModelIndex index = entityIndex(w, displayName);
    if (!index.isValid())
        return false;
    QTreeView *list = w.entityList();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(index).center());
    return w.browser()->entity() && w.browser()->entity()->displayName() == displayName;
}

inline QTableView *table(ui::MainWindow &w)
{
    return w.browser()->view();
}

inline ui::EntityTableModel *tableModel(ui::MainWindow &w)
{
    return w.browser()->model();
}

// Opens a cell's editor as a person does (scrolled into view, a click, then a double-click);
// null when none opens.
inline ui::FieldEditor *editCell(QTableView *view, const QModelIndex &cell)
{
    view->scrollTo(cell);
    const QPoint at = view->visualRect(cell).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
    return view->findChild<ui::FieldEditor *>();
}

inline void clickCell(ui::MainWindow &w, int row, int column = 1)
{
    QTableView *view = table(w);
    const QModelIndex index = view->model()->index(row, column);
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

inline int columnOf(ui::MainWindow &w, const QString &name)
{
    return w.browser()->entity()->columnIndex(name);
}

// Replaces the text of a line edit (or any text control) as a person would.
inline void retype(QWidget *control, const QString &text)
{
    control->setFocus(Qt::OtherFocusReason);
    QTest::keySequence(control, QKeySequence::SelectAll);
    if (text.isEmpty())
        QTest::keyClick(control, Qt::Key_Delete);
    else
        QTest::keyClicks(control, text);
}

inline QLineEdit *lineEditOf(ui::RecordForm *form, const QString &column)
{
    ui::FieldEditor *e = form->editor(column);
    return e ? qobject_cast<QLineEdit *>(e->control()) : nullptr;
}

inline QString errorText(ui::RecordForm *form, const QString &column)
{
    QLabel *l = form->errorLabel(column);
    return l && l->isVisible() ? l->text() : QString();
}

inline void searchFor(ui::MainWindow &w, const QString &text)
{
    QTest::keySequence(&w, QKeySequence::Find);
    QLineEdit *search = w.browser()->searchField();
    QTest::keySequence(search, QKeySequence::SelectAll);
    QTest::keyClicks(search, text);
    QTest::keyClick(search, Qt::Key_Return);
}

// Reads a value through another connection, as another program would see the file.
inline QVariant readBack(const QString &path, const QString &sql)
{
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    if (!engine)
        return {};
    const auto rows = engine->connection().select(sql);
    return rows && !rows->isEmpty() ? rows->first().value(0) : QVariant();
}

// A new SQLite file at path (replacing one there) made by the statements; false, with the
// failing statement warned, when one fails.
inline bool makeDatabase(const QString &path, const QStringList &sql)
{
    QFile::remove(path);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
    if (!engine)
        return false;
    for (const QString &statement : sql) {
        if (!engine->connection().exec(statement)) {
            qWarning() << statement << engine->connection().lastError().text();
            return false;
        }
    }
    return true;
}

// The longest time the event loop went without running a 10 ms timer.
class EventLoopGaps : public QObject
{
public:
    EventLoopGaps()
    {
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this,
                [this] { m_longest = qMax(m_longest, m_clock.restart()); });
        m_clock.start();
        m_timer.start();
    }
    qint64 longest() const { return m_longest; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
};

// The sanitizer build (Debug, AddressSanitizer) is too slow to be timed.
inline constexpr bool timed()
{
#if defined(__SANITIZE_ADDRESS__)
    return false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return false;
#else
    return true;
#endif
#else
    return true;
#endif
}

} // namespace guitest
