// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "ui/pendingchangesmodel.h"
#include "ui/pendingchangesview.h"
#include "ui/recordpicker.h"
#include "ui/recordsearchmodel.h"
#include "ui/relatedlistmodel.h"
#include "ui/relationshippanel.h"
#include "ui/schemaprovider.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QCompleter>
#include <QDateEdit>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>

using namespace guitest;

namespace {

// Runs the seed models' Flask-SQLAlchemy script (tests/interop); its JSON output, or empty.
QJsonObject runFlask(const QString &command, const QString &path)
{
    QProcess p;
    p.start(QStringLiteral(SYSTEM_PYTHON), {QStringLiteral(FLASK_MODELS), command, path});
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning().noquote() << p.readAllStandardError();
        return {};
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

bool flaskAvailable()
{
    QProcess p;
    p.start(QStringLiteral(SYSTEM_PYTHON), {u"-c"_s, u"import flask_sqlalchemy"_s});
    return p.waitForFinished(30000) && p.exitCode() == 0;
}

int rowWithText(QAbstractItemModel *model, const QString &text, int column = 0)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, column).data().toString() == text)
            return r;
    }
    return -1;
}

QJsonValue field(const QJsonObject &dump, const QString &table, int row, const QString &column)
{
    return dump[table].toArray().at(row).toObject()[column];
}

} // namespace

// Issue 6: a database made by a Flask-SQLAlchemy application, opened with its reflected
// entities and edited like the built-in blog, then read back by Flask-SQLAlchemy.
class tst_Reflected : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void browseFollowLinkEditAndCommit();
    void checkRefusalIsShownBesideTheField();
    void readOnlyTablesSayWhy();
    void openingAnotherFileLetsGoOfEveryObject();
    void openingAnotherFileLetsGoOfTheNewObjectsAPickerOffers();
    void blogTablesWithOtherColumnsAreReflected_data();
    void blogTablesWithOtherColumnsAreReflected();
    void aNewRecordsEditorsShowItsOwnValues();
    void aNewParentChosenInThePickerIsWhatEveryPaneShows();

private:
    QTemporaryDir m_dir;
    QString m_seed;
    QString m_path;
    Window m_w;
};

void tst_Reflected::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    if (!flaskAvailable())
        QSKIP("python3-flask-sqlalchemy is not installed (./dev test installs it)");
    // The seed models' database, with a CHECK, a table without a primary key and a view added.
    m_seed = m_dir.filePath(u"seed.db"_s);
    QCOMPARE(QProcess::execute(QStringLiteral(SYSTEM_PYTHON),
                               {QStringLiteral(FLASK_MODELS), u"create"_s, m_seed}),
             0);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(m_seed), {});
    QVERIFY(engine);
    for (const QString &sql :
         {u"CREATE TABLE reviews (id INTEGER PRIMARY KEY, "
          "post_id INTEGER NOT NULL REFERENCES posts (id), "
          "stars INTEGER NOT NULL CONSTRAINT stars_in_range CHECK (stars BETWEEN 1 AND 5), "
          "comment VARCHAR(200))"_s,
          u"INSERT INTO reviews (post_id, stars, comment) VALUES (1, 4, 'clear')"_s,
          u"CREATE TABLE audit_log (at DATETIME, note TEXT)"_s,
          u"INSERT INTO audit_log VALUES ('2024-06-01 12:00:00.000000', 'seeded')"_s,
          u"CREATE VIEW active_users AS SELECT id, username FROM users WHERE is_active"_s,
          u"CREATE TABLE loans (id INTEGER PRIMARY KEY, due DATE NOT NULL, "
          "renewals INTEGER NOT NULL, note TEXT)"_s,
          u"INSERT INTO loans (due, renewals, note) VALUES ('2026-12-01', 2, 'first')"_s,
          u"CREATE TABLE genres (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, "
          "parent_id INTEGER REFERENCES genres (id))"_s,
          u"INSERT INTO genres (name, parent_id) VALUES ('Fiction', NULL), ('Poetry', 1)"_s}) {
        QVERIFY2(engine->connection().exec(sql),
                 qPrintable(engine->connection().lastError().text()));
    }
}

void tst_Reflected::init()
{
    if (QByteArray(QTest::currentTestFunction()).startsWith("blogTables"))
        return; // runs the executable, not this window
    m_path = copyOf(m_seed, m_dir);
    m_w = openReflected(m_path);
    QVERIFY(m_w->document());
}

void tst_Reflected::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

void tst_Reflected::browseFollowLinkEditAndCommit()
{
    ui::MainWindow &w = *m_w;
    // Given the users of the seed database, john_doe opened from the table,
    QVERIFY(clickEntity(w, u"Users"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 2);
    const int username = columnOf(w, u"username"_s);
    const int john = rowWithText(tableModel(w), u"john_doe"_s, username);
    QVERIFY(john >= 0);
    clickCell(w, john, username);
    QCOMPARE(w.form()->object()->value(u"username"_s).toString(), u"john_doe"_s);

    // when the person follows to his post "Another Post" through the relationship panel,
    QListView *posts = w.relationshipPanel()->listView(u"posts"_s);
    QVERIFY(posts && posts->isVisible());
    QTRY_COMPARE(posts->model()->rowCount(), 2);
    const int another = rowWithText(posts->model(), u"Another Post"_s);
    QVERIFY(another >= 0);
    const QPoint at = posts->visualRect(posts->model()->index(another, 0)).center();
    QTest::mouseClick(posts->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(posts->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(w.form()->object()->value(u"title"_s).toString(), u"Another Post"_s);
    QCOMPARE(w.browser()->entity()->tableName(), u"posts"_s);

    // adds the tag "flask" through the many-to-many picker,
    QListView *tags = w.relationshipPanel()->listView(u"tags"_s);
    QVERIFY(tags);
    QCOMPARE(tags->model()->rowCount(), 1); // python
    ui::RecordPicker *picker = w.relationshipPanel()->picker(u"tags"_s);
    QVERIFY(picker);
    picker->lineEdit()->setFocus();
    QTest::keyClicks(picker->lineEdit(), u"fla"_s);
    QTRY_VERIFY(picker->completer()->popup()->isVisible());
    QTest::keyClick(picker->completer()->popup(), Qt::Key_Return);
    QTRY_COMPARE(tags->model()->rowCount(), 2);
    // removes "python",
    const int python = rowWithText(tags->model(), u"python"_s);
    QVERIFY(python >= 0);
    QTest::mouseClick(tags->viewport(), Qt::LeftButton, {},
                      tags->visualRect(tags->model()->index(python, 0)).center());
    QPushButton *remove = w.relationshipPanel()->removeButton(u"tags"_s);
    QVERIFY(remove && remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(tags->model()->rowCount(), 1);
    QCOMPARE(tags->model()->index(0, 0).data().toString(), u"flask"_s);

    // empties the title (NOT NULL in the file: the error shows beside it, Commit is disabled)
    // and gives it a new one,
    QLineEdit *title = lineEditOf(w.form(), u"title"_s);
    QVERIFY(title);
    QCOMPARE(title->maxLength(), 200); // VARCHAR(200)
    retype(title, QString());
    QVERIFY2(!errorText(w.form(), u"title"_s).isEmpty(), "no error beside the empty title");
    QVERIFY(!w.action(ui::MainWindow::Action::Commit)->isEnabled());
    retype(title, u"Another Post, edited"_s);
    QCOMPARE(errorText(w.form(), u"title"_s), QString());

    // goes back to john and marks him inactive,
    QTest::keySequence(&w, QKeySequence::Back);
    QCOMPARE(w.form()->object()->value(u"username"_s).toString(), u"john_doe"_s);
    auto *active = qobject_cast<QCheckBox *>(w.form()->editor(u"is_active"_s)->control());
    QVERIFY(active && active->isChecked());
    active->setFocus(Qt::OtherFocusReason);
    QTest::keyClick(active, Qt::Key_Space);
    QCOMPARE(w.form()->object()->value(u"is_active"_s), QVariant(false));

    // and commits with Ctrl+S,
    QVERIFY(w.action(ui::MainWindow::Action::Commit)->isEnabled());
    QTest::keySequence(&w, QKeySequence::Save);
    QVERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));

    // then Flask-SQLAlchemy reads every change back, with Python's types, and the values
    // nobody touched are as they were.
    const QJsonObject dump = runFlask(u"dump"_s, m_path);
    QVERIFY(!dump.isEmpty());
    QCOMPARE(field(dump, u"posts"_s, 1, u"title"_s)[u"type"_s].toString(), u"str"_s);
    QCOMPARE(field(dump, u"posts"_s, 1, u"title"_s)[u"value"_s].toString(),
             u"Another Post, edited"_s);
    QCOMPARE(field(dump, u"posts"_s, 1, u"body"_s)[u"type"_s].toString(), u"None"_s);
    QCOMPARE(field(dump, u"posts"_s, 1, u"date_posted"_s)[u"type"_s].toString(), u"datetime"_s);
    QCOMPARE(field(dump, u"posts"_s, 1, u"user_id"_s)[u"value"_s].toInt(), 1);
    QCOMPARE(field(dump, u"users"_s, 0, u"is_active"_s)[u"type"_s].toString(), u"bool"_s);
    QCOMPARE(field(dump, u"users"_s, 0, u"is_active"_s)[u"value"_s].toBool(), false);
    QCOMPARE(field(dump, u"users"_s, 0, u"created_at"_s)[u"value"_s].toString(),
             u"2024-05-06 07:08:09.123456"_s);
    QCOMPARE(field(dump, u"users"_s, 1, u"is_active"_s)[u"value"_s].toBool(), false); // jane
    // Post 2 has "flask" (tag 1) instead of "python" (tag 2); post 1 keeps both.
    QCOMPARE(dump[u"post_tags"_s].toArray(),
             QJsonDocument::fromJson("[[1,1],[1,2],[2,1]]").array());
    QCOMPARE(dump[u"john_posts"_s].toArray(),
             QJsonDocument::fromJson(R"(["Another Post, edited", "My First Blog Post"])").array());
}

void tst_Reflected::checkRefusalIsShownBesideTheField()
{
    ui::MainWindow &w = *m_w;
    // Given a review, whose stars a CHECK of the file keeps between 1 and 5,
    QVERIFY(clickEntity(w, u"Reviews"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 1);
    clickCell(w, 0, columnOf(w, u"comment"_s));
    QWidget *stars = w.form()->editor(u"stars"_s)->control();
    // when its stars are set to 9 (only the database checks it)
    retype(stars, u"9"_s);
    QCOMPARE(w.form()->object()->value(u"stars"_s).toLongLong(), 9);
    QVERIFY(w.action(ui::MainWindow::Action::Commit)->isEnabled());
    // and the person commits,
    QTest::keySequence(&w, QKeySequence::Save);
    // then nothing is written, the edit is kept,
    QCOMPARE(readBack(m_path, u"SELECT stars FROM reviews"_s).toInt(), 4);
    QVERIFY(w.document()->hasPendingChanges());
    QCOMPARE(w.form()->object()->value(u"stars"_s).toLongLong(), 9);
    // and the database's reason shows beside the stars, not for the whole record.
    QVERIFY2(errorText(w.form(), u"stars"_s).contains(u"stars_in_range"_s),
             qPrintable(errorText(w.form(), u"stars"_s)));
    QCOMPARE(errorText(w.form(), u"comment"_s), QString());
    QVERIFY(!w.form()->findChild<QLabel *>(u"objectError"_s)->isVisible());
    QCOMPARE(QApplication::focusWidget(), stars);
    // Fixing the field lets the commit through.
    retype(stars, u"5"_s);
    QTRY_COMPARE(errorText(w.form(), u"stars"_s), QString());
    QTest::keySequence(&w, QKeySequence::Save);
    QVERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(readBack(m_path, u"SELECT stars FROM reviews"_s).toInt(), 5);
}

void tst_Reflected::readOnlyTablesSayWhy()
{
    ui::MainWindow &w = *m_w;
    const QColor muted = QPalette().color(QPalette::PlaceholderText);
    // Given a view and a table without a primary key, the entity list shows them muted and its
    // tooltip says why they are read-only;
    const QList<std::pair<QString, QString>> readOnly {
        {u"Active users"_s, u"active_users is a view"_s},
        {u"Audit log"_s, u"audit_log has no primary key"_s}};
    for (const auto &[name, reason] : readOnly) {
        const QModelIndex index = entityIndex(w, name);
        QVERIFY2(index.isValid(), qPrintable(name));
        QVERIFY2(index.data(Qt::ToolTipRole).toString().contains(reason),
                 qPrintable(index.data(Qt::ToolTipRole).toString()));
        QCOMPARE(index.data(Qt::ForegroundRole).value<QColor>(), muted);
    }
    // a table that can be edited looks and reads as usual.
    const QModelIndex users = entityIndex(w, u"Users"_s);
    QVERIFY(!users.data(Qt::ForegroundRole).isValid());
    QVERIFY(!users.data(Qt::ToolTipRole).toString().contains(u"Read-only"_s));

    // When a row of each is opened, the form says why above its fields, which stay read-only;
    QLabel *note = w.form()->findChild<QLabel *>(u"recordNote"_s);
    QVERIFY(note);
    for (const auto &[name, reason] : readOnly) {
        QVERIFY(clickEntity(w, name));
        QTRY_VERIFY(tableModel(w)->rowCount() > 0);
        clickCell(w, 0);
        QVERIFY(w.form()->object());
        QVERIFY2(note->isVisible() && note->text().contains(reason), qPrintable(note->text()));
        QVERIFY(!w.action(ui::MainWindow::Action::NewRecord)->isEnabled());
        // nothing can be deleted from it, selected row or not, and the subtitle shows no key.
        QVERIFY(table(w)->selectionModel()->hasSelection());
        QVERIFY(!w.action(ui::MainWindow::Action::DeleteRecord)->isEnabled());
        QVERIFY2(!w.form()->findChild<QLabel *>(u"recordSubtitle"_s)->text().contains(u'#'),
                 qPrintable(w.form()->findChild<QLabel *>(u"recordSubtitle"_s)->text()));
    }
    // a row of a table that can be edited has no such note.
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    QVERIFY(w.form()->object());
    QVERIFY(!note->isVisible());
}

void tst_Reflected::openingAnotherFileLetsGoOfEveryObject()
{
    ui::MainWindow &w = *m_w;
    // Given a user shown with his posts listed beside him (objects whose descriptions belong
    // to the open file),
    QVERIFY(clickEntity(w, u"Users"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 2);
    const int username = columnOf(w, u"username"_s);
    clickCell(w, rowWithText(tableModel(w), u"john_doe"_s, username), username);
    QVERIFY(w.form()->object());
    const std::weak_ptr<orm::Entity> user = w.form()->object();
    ui::RelatedListModel *posts = w.relationshipPanel()->listModel(u"posts"_s);
    QVERIFY(posts);
    QTRY_COMPARE(posts->rowCount(), 2);
    const std::weak_ptr<orm::Entity> post = posts->objects().front();
    // when the person opens another file,
    const QString other = copyOf(m_seed, m_dir);
    QVERIFY(w.openDatabase(other));
    // then no object of the first file is left, not even until the next turn of the event
    // loop: they would outlive the descriptions they are read through.
    QVERIFY(user.expired());
    QVERIFY(post.expired());
    // and the other file shows as usual.
    QVERIFY(clickEntity(w, u"Users"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 2);
}

void tst_Reflected::openingAnotherFileLetsGoOfTheNewObjectsAPickerOffers()
{
    ui::MainWindow &w = *m_w;
    // Given a post shown with its tags, a new tag staged, and the tag picker offering it,
    QVERIFY(clickEntity(w, u"Posts"_s));
    QTRY_VERIFY(tableModel(w)->rowCount() > 0);
    clickCell(w, 0);
    QVERIFY(w.form()->object());
    const orm::EntityMeta *tags = w.document()->catalog().entityForTable(u"tags"_s);
    QVERIFY(tags);
    std::shared_ptr<orm::Entity> fresh = w.document()->createObject(*tags);
    QVERIFY(fresh);
    QVERIFY(fresh->setValue(u"name"_s, u"freshly made"_s));
    ui::RecordPicker *picker = w.relationshipPanel()->picker(u"tags"_s);
    QVERIFY(picker);
    picker->lineEdit()->setFocus();
    QTest::keyClicks(picker->lineEdit(), u"fresh"_s);
    QTRY_VERIFY(picker->searchModel()->rowCount() > 0);
    QCOMPARE(picker->searchModel()->objectAt(0), fresh);
    const std::weak_ptr<orm::Entity> staged = fresh;
    fresh.reset();
    // when the person opens another file and lets the staged tag go,
    m_w.prompts->saveAnswer = QMessageBox::Discard;
    QVERIFY(w.openDatabase(copyOf(m_seed, m_dir)));
    // then the tag is gone at once, not held by the picker until its deletion.
    QVERIFY(staged.expired());
}

void tst_Reflected::blogTablesWithOtherColumnsAreReflected_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<bool>("retyped");
    QTest::addColumn<QString>("firstShown");
    // The blog's typed entities start on Users; the reflected ones on Groups (by name).
    QTest::newRow("the blog's own tables") << QString() << false << u"Users"_s;
    QTest::newRow("a column missing") << u"is_active"_s << false << u"Groups"_s;
    QTest::newRow("a column of another type") << u"created_at"_s << true << u"Groups"_s;
}

void tst_Reflected::blogTablesWithOtherColumnsAreReflected()
{
    QFETCH(QString, column);
    QFETCH(bool, retyped);
    QFETCH(QString, firstShown);
    // Given a file with the blog's table names, where users has a column less or of another
    // type than the blog's model,
    const QString path = m_dir.filePath(u"lookalike.db"_s);
    QFile::remove(path);
    {
        const orm::MetaData blogTables = blog::metadata();
        orm::MetaData md;
        for (orm::Table t : blogTables.tables()) {
            if (t.name() == u"users" && !column.isEmpty()) {
                const int i = t.columnIndex(column);
                QVERIFY(i >= 0);
                if (retyped)
                    t.columns()[i].type = orm::Integer;
                else
                    t.columns().removeAt(i);
            }
            md.addTable(t);
        }
        auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
        QVERIFY(engine);
        QVERIFY2(md.createAll(engine->connection()),
                 qPrintable(engine->connection().lastError().text()));
    }
    // when Rowsmith opens it,
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"HOME"_s, m_dir.filePath(u"home"_s)); // settings stay out of the user's
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"home/.config"_s));
    env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"home/.local/share"_s));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ROWSMITH_EXECUTABLE), {u"--quit-after-load"_s, path});
    QVERIFY(p.waitForFinished(30000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    // then its rows are shown, through the typed models only when every column fits.
    QVERIFY2(p.exitCode() == 0, qPrintable(QString::fromUtf8(p.readAllStandardError())));
    QVERIFY2(out.contains(u": "_s + firstShown + u", "_s), qPrintable(out));
}

void tst_Reflected::aNewRecordsEditorsShowItsOwnValues()
{
    // Given a loan shown in the form, due on 2026-12-01 and renewed twice,
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Loans"_s));
    clickCell(w, 0);
    QVERIFY(w.form()->editor(u"due"_s) && w.form()->editor(u"renewals"_s));
    auto *due = w.form()->editor(u"due"_s)->findChild<QDateEdit *>();
    auto *renewals = w.form()->editor(u"renewals"_s)->findChild<QAbstractSpinBox *>();
    QVERIFY(due && renewals);
    QCOMPARE(due->date(), QDate(2026, 12, 1));
    QCOMPARE(renewals->text(), u"2"_s);

    // when a new loan is made,
    QTest::keySequence(&w, QKeySequence::New);
    QVERIFY(w.form()->object()->value(u"due"_s).isNull());

    // its editors show that nothing is set yet, not the previous loan's values.
    QCOMPARE(due->text(), u"Not set (required)"_s);
    QCOMPARE(renewals->text(), QString());
}

void tst_Reflected::aNewParentChosenInThePickerIsWhatEveryPaneShows()
{
    // Given a genre that refers to its parent, and a new genre staged,
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Genres"_s));
    const orm::EntityMeta *genres = w.document()->catalog().entityForTable(u"genres"_s);
    QVERIFY(genres);
    std::shared_ptr<orm::Entity> verse = w.document()->createObject(*genres);
    QVERIFY(verse);
    QVERIFY(w.document()->stageValue(verse, genres->columnIndex(u"name"_s), u"Verse"_s, 0));
    const auto poetry = w.document()->session().get(*genres, 2);
    QVERIFY(poetry);
    w.openObject(poetry);
    QCOMPARE(w.form()->object(), poetry);

    // when the new genre is chosen as Poetry's parent in the picker,
    auto *picker = w.form()->editor(u"parent_id"_s)->findChild<ui::RecordPicker *>();
    QVERIFY(picker);
    QCOMPARE(picker->lineEdit()->text(), u"Fiction"_s);
    picker->lineEdit()->setFocus();
    picker->lineEdit()->selectAll();
    QTest::keyClicks(picker->lineEdit(), u"Vers"_s);
    QTRY_VERIFY(picker->completer()->popup()->isVisible());
    QTest::keyClick(picker->completer()->popup(), Qt::Key_Return);

    // the picker, the pending changes and the SQL all name it, not "none",
    QCOMPARE(picker->lineEdit()->text(), u"Verse"_s);
    QAbstractItemModel *pending = w.pendingChangesView()->model();
    QString staged;
    for (int r = 0; r < pending->rowCount(); ++r) {
        const QModelIndex change = pending->index(r, 0);
        for (int f = 0; f < pending->rowCount(change); ++f) {
            if (pending->index(f, 0, change).data().toString().startsWith(u"Parent"_s))
                staged = pending->index(f, ui::PendingChangesModel::NewValueColumn, change)
                             .data()
                             .toString();
        }
    }
    QCOMPARE(staged, u"Verse (new)"_s);
    const QString sql = w.pendingChangesView()->sqlPreview()->toPlainText();
    QVERIFY2(sql.contains(u"Verse>"_s) && sql.contains(u"<key of the new "_s), qPrintable(sql));
    // and the commit writes its key.
    QVERIFY2(w.commit(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(readBack(m_path,
                      u"SELECT p.name FROM genres g JOIN genres p ON p.id = g.parent_id "
                      u"WHERE g.name = 'Poetry'"_s)
                 .toString(),
             u"Verse"_s);
}

QTEST_MAIN(tst_Reflected)
#include "tst_reflected.moc"
