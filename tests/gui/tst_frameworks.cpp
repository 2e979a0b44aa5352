// SPDX-License-Identifier: MIT
// Databases as web frameworks write them, opened in the window: a Django project's database
// made by Django itself (Debian's python3-django runs its migrations), whose join tables are
// many-to-many pickers, edited and committed as a person would and read back through Django's
// ORM; hand-written Rails and Laravel schemas (a join table matched by names, a pivot with a
// required column).

#include "guitestsupport.h"

#include "orm/mapping/automap.h"
#include "orm/mapping/relationship.h"
#include "ui/pendingchangesmodel.h"
#include "ui/pendingchangesview.h"
#include "ui/recordpicker.h"
#include "ui/relatedlistmodel.h"
#include "ui/relationshippanel.h"
#include "ui/schemaprovider.h"

#include <QCompleter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QToolBar>

using namespace guitest;

namespace {

// Runs the Django project's script (tests/interop); its JSON output, or empty.
QJsonObject runDjango(const QString &command, const QString &path)
{
    QProcess p;
    p.start(QStringLiteral(SYSTEM_PYTHON), {QStringLiteral(DJANGO_PROJECT), command, path});
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning().noquote() << p.readAllStandardError();
        return {};
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

bool djangoAvailable()
{
    QProcess p;
    p.start(QStringLiteral(SYSTEM_PYTHON), {u"-c"_s, u"import django"_s});
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

QStringList texts(QAbstractItemModel *model)
{
    QStringList out;
    for (int r = 0; r < model->rowCount(); ++r)
        out << model->index(r, 0).data().toString();
    out.sort();
    return out;
}

QStringList strings(const QJsonValue &array)
{
    QStringList out;
    for (const QJsonValue &v : array.toArray())
        out << v.toString();
    return out;
}

// Types into a relationship's picker and takes the first match, as a person does.
bool pick(ui::MainWindow &w, const QString &relationship, const QString &typed)
{
    ui::RecordPicker *picker = w.relationshipPanel()->picker(relationship);
    if (!picker || !picker->isEnabled())
        return false;
    picker->lineEdit()->setFocus();
    QTest::keyClicks(picker->lineEdit(), typed);
    if (!QTest::qWaitFor([picker] { return picker->completer()->popup()->isVisible(); }))
        return false;
    QTest::keyClick(picker->completer()->popup(), Qt::Key_Return);
    // (A popup still open would take the next keys, Ctrl+S included.)
    return QTest::qWaitFor([] { return !QApplication::activePopupWidget(); });
}

// Selects a row of a relationship's list and clicks Remove.
bool removeLinked(ui::MainWindow &w, const QString &relationship, const QString &label)
{
    QListView *list = w.relationshipPanel()->listView(relationship);
    const int row = list ? rowWithText(list->model(), label) : -1;
    if (row < 0)
        return false;
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualRect(list->model()->index(row, 0)).center());
    QPushButton *remove = w.relationshipPanel()->removeButton(relationship);
    if (!remove || !remove->isEnabled())
        return false;
    QTest::mouseClick(remove, Qt::LeftButton);
    return true;
}

// Shows the row of the current table whose column holds text in the form.
bool showRow(ui::MainWindow &w, const QString &column, const QString &text)
{
    if (!QTest::qWaitFor([&w] { return tableModel(w)->rowCount() > 0; }))
        return false;
    const int c = columnOf(w, column);
    int row = -1;
    if (!QTest::qWaitFor([&] {
            row = rowWithText(tableModel(w), text, c);
            return row >= 0;
        }))
        return false;
    clickCell(w, row, c);
    return w.form()->object() && w.form()->object()->value(column).toString() == text;
}

} // namespace

class tst_Frameworks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void djangoJoinTablesAreRelationships();
    void linkTablesAreListedWhenAskedFor();
    void bookkeepingTablesAreApartAndLocked();
    void djangoPickersEditAndCommit();
    void railsJoinTableIsInferred();
    void laravelPivotAsksForItsRequiredColumn();
    void existingLinkValuesAreEdited();
    void keylessPivotLinkValuesAreEdited_data();
    void keylessPivotLinkValuesAreEdited();
    void linkStoredTwiceIsNotEdited();

private:
    QTemporaryDir m_dir;
    QString m_django;
    Window m_w;
};

void tst_Frameworks::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    if (!djangoAvailable())
        QSKIP("python3-django is not installed (packaging/test-deps.txt)");
    m_django = m_dir.filePath(u"django.db"_s);
    QVERIFY(!runDjango(u"create"_s, m_django).isEmpty() || QFile::exists(m_django));
    QVERIFY(QFile::exists(m_django));
}

void tst_Frameworks::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

void tst_Frameworks::djangoJoinTablesAreRelationships()
{
    // Given the database Django's migrations made, opened in the window,
    m_w = openReflected(copyOf(m_django, m_dir));
    QVERIFY(m_w->document());
    const ui::EntityCatalog &catalog = m_w->document()->catalog();
    // then each join table is a many-to-many relationship on both of its ends,
    struct Expected
    {
        QString table, relationship, target, secondary;
        orm::RelationshipKind kind;
    };
    using K = orm::RelationshipKind;
    const QList<Expected> expected = {
        {u"auth_user"_s, u"groups"_s, u"auth_group"_s, u"auth_user_groups"_s, K::ManyToMany},
        {u"auth_group"_s, u"users"_s, u"auth_user"_s, u"auth_user_groups"_s, K::ManyToMany},
        {u"auth_user"_s, u"permissions"_s, u"auth_permission"_s, u"auth_user_user_permissions"_s,
         K::ManyToMany},
        {u"auth_permission"_s, u"users"_s, u"auth_user"_s, u"auth_user_user_permissions"_s,
         K::ManyToMany},
        {u"auth_group"_s, u"permissions"_s, u"auth_permission"_s, u"auth_group_permissions"_s,
         K::ManyToMany},
        {u"auth_permission"_s, u"groups"_s, u"auth_group"_s, u"auth_group_permissions"_s,
         K::ManyToMany},
        {u"auth_permission"_s, u"content_type"_s, u"django_content_type"_s, QString(),
         K::ManyToOne},
        {u"django_content_type"_s, u"auth_permissions"_s, u"auth_permission"_s, QString(),
         K::OneToMany},
    };
    int found = 0;
    for (const Expected &e : expected) {
        const orm::EntityMeta *meta = catalog.entityForTable(e.table);
        QVERIFY2(meta, qPrintable(e.table));
        const orm::RelationshipMeta *rel = meta->relationship(e.relationship);
        QVERIFY2(rel, qPrintable(e.table + u'.' + e.relationship));
        QCOMPARE(rel->kind, e.kind);
        QCOMPARE(rel->target().tableName(), e.target);
        QCOMPARE(rel->secondary, e.secondary);
        ++found;
    }
    // and those are all the relationships there are.
    int all = 0;
    for (const orm::EntityMeta *meta : m_w->document()->schema().entities)
        all += int(meta->relationships().size());
    QCOMPARE(all, found);
}

void tst_Frameworks::linkTablesAreListedWhenAskedFor()
{
    // Given the Django database, whose table list leaves the join tables out,
    m_w = openReflected(copyOf(m_django, m_dir));
    ui::MainWindow &w = *m_w;
    QVERIFY(entityIndex(w, u"Auth user"_s).isValid());
    QVERIFY(!entityIndex(w, u"Auth user groups"_s).isValid());
    // when View > Show Link Tables is checked, they are listed (and open),
    QAction *show = w.action(ui::MainWindow::Action::ShowLinkTables);
    QVERIFY(show && show->isCheckable() && !show->isChecked());
    show->trigger();
    QVERIFY(entityIndex(w, u"Auth user groups"_s).isValid());
    QVERIFY(entityIndex(w, u"Auth group permissions"_s).isValid());
    QVERIFY(clickEntity(w, u"Auth user groups"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 1);
    // and unchecked, they go again; the choice is remembered.
    show->trigger();
    QVERIFY(!entityIndex(w, u"Auth user groups"_s).isValid());
    QVERIFY(!QSettings().value(u"view/showLinkTables"_s).toBool());
}

void tst_Frameworks::bookkeepingTablesAreApartAndLocked()
{
    // Given the Django database opened,
    m_w = openReflected(copyOf(m_django, m_dir));
    ui::MainWindow &w = *m_w;
    // then it opens on a table of the data, not Django's bookkeeping,
    QVERIFY(w.browser()->entity());
    QVERIFY(orm::bookkeepingOwner(w.browser()->entity()->tableName()).isEmpty());
    // which is listed last, under a heading of its own,
    auto *list = qobject_cast<ui::EntityListModel *>(w.entityList()->model());
    QVERIFY(list);
    const int heading = list->bookkeepingHeadingRow();
    QVERIFY(heading > 0);
    QStringList kept;
    for (int r = heading + 1; r < list->rowCount(); ++r)
        kept << list->index(r, 0).data().toString();
    kept.sort();
    QCOMPARE(kept,
             (QStringList {u"Django content type"_s, u"Django migrations"_s, u"Django session"_s}));
    QVERIFY(w.entityList()->isFirstColumnSpanned(heading, QModelIndex()));
    // read-only, saying that Django keeps it,
    QVERIFY(clickEntity(w, u"Django migrations"_s));
    QVERIFY(w.browser()->entity()->isReadOnly());
    QVERIFY(entityIndex(w, u"Django migrations"_s)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"Django's bookkeeping"_s));
    QVERIFY(!w.action(ui::MainWindow::Action::NewRecord)->isEnabled());
    // and unlocked from its context menu, it can be edited.
    const QModelIndex row = entityIndex(w, u"Django migrations"_s);
    Q_EMIT w.entityList()->customContextMenuRequested(w.entityList()->visualRect(row).center());
    auto *menu = w.entityList()->findChild<QMenu *>(u"entityListMenu"_s);
    QVERIFY(menu);
    auto *unlock = menu->findChild<QAction *>(u"unlockBookkeeping"_s);
    QVERIFY(unlock && !unlock->isChecked());
    unlock->trigger();
    menu->close();
    QVERIFY(!w.browser()->entity()->isReadOnly());
    QVERIFY(w.action(ui::MainWindow::Action::NewRecord)->isEnabled());
}

void tst_Frameworks::djangoPickersEditAndCommit()
{
    const QString path = copyOf(m_django, m_dir);
    m_w = openReflected(path);
    ui::MainWindow &w = *m_w;
    // Given user02, in no group and with no permission of his own,
    QVERIFY(clickEntity(w, u"Auth user"_s));
    QVERIFY(showRow(w, u"username"_s, u"user02"_s));
    // when the person adds him to "editors" and gives him "Can view group" through the pickers,
    QVERIFY(pick(w, u"groups"_s, u"edit"_s));
    QTRY_COMPARE(texts(w.relationshipPanel()->listView(u"groups"_s)->model()),
                 QStringList {u"editors"_s});
    QVERIFY(pick(w, u"permissions"_s, u"Can view gr"_s));
    QTRY_COMPARE(texts(w.relationshipPanel()->listView(u"permissions"_s)->model()),
                 QStringList {u"Can view group"_s});
    // and, on the group, takes user01 out of it, gives it "Can delete group" and takes
    // "Can view group" away,
    QVERIFY(clickEntity(w, u"Auth group"_s));
    QVERIFY(showRow(w, u"name"_s, u"editors"_s));
    QTRY_COMPARE(texts(w.relationshipPanel()->listView(u"users"_s)->model()),
                 (QStringList {u"user01"_s, u"user02"_s}));
    QVERIFY(removeLinked(w, u"users"_s, u"user01"_s));
    QVERIFY(pick(w, u"permissions"_s, u"Can delete gr"_s));
    QVERIFY(removeLinked(w, u"permissions"_s, u"Can view group"_s));
    // and clicks Commit,
    QAction *commit = w.action(ui::MainWindow::Action::Commit);
    QVERIFY(commit->isEnabled());
    auto *bar = w.findChild<QToolBar *>();
    QVERIFY(bar && bar->widgetForAction(commit));
    QTest::mouseClick(bar->widgetForAction(commit), Qt::LeftButton);
    // (A commit that meets the counts being read tries again from the event loop.)
    QTRY_VERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));

    // then Django's ORM reads every change.
    const QJsonObject dump = runDjango(u"dump"_s, path);
    QVERIFY(!dump.isEmpty());
    const QJsonObject users = dump[u"users"_s].toObject();
    QCOMPARE(strings(users[u"user02"_s][u"groups"_s]), QStringList {u"editors"_s});
    QCOMPARE(strings(users[u"user02"_s][u"permissions"_s]), QStringList {u"view_group"_s});
    QCOMPARE(strings(users[u"user01"_s][u"groups"_s]), QStringList());
    QCOMPARE(strings(dump[u"groups"_s][u"editors"_s]),
             (QStringList {u"add_user"_s, u"change_user"_s, u"delete_group"_s, u"delete_user"_s,
                           u"view_user"_s}));
}

void tst_Frameworks::railsJoinTableIsInferred()
{
    // Given a Rails schema whose join table has no foreign keys,
    const QString path = m_dir.filePath(u"rails.db"_s);
    QVERIFY(
        makeDatabase(path,
                     {u"CREATE TABLE categories (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
                      "name varchar)"_s,
                      u"CREATE TABLE products (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
                      "title varchar)"_s,
                      u"CREATE TABLE categories_products (product_id integer NOT NULL, "
                      "category_id integer NOT NULL)"_s,
                      u"INSERT INTO categories (name) VALUES ('tools'), ('garden')"_s,
                      u"INSERT INTO products (title) VALUES ('hammer')"_s}));
    m_w = openReflected(path);
    ui::MainWindow &w = *m_w;
    // when a product is shown, its categories are a many-to-many marked as inferred,
    QVERIFY(clickEntity(w, u"Products"_s));
    QVERIFY(showRow(w, u"title"_s, u"hammer"_s));
    QVERIFY(pick(w, u"categories"_s, u"gar"_s));
    QListView *list = w.relationshipPanel()->listView(u"categories"_s);
    QTRY_COMPARE(texts(list->model()), QStringList {u"garden"_s});
    auto *title = list->parentWidget()->findChild<QLabel *>();
    QVERIFY(title);
    QVERIFY2(title->text().contains(u"inferred"_s), qPrintable(title->text()));
    QVERIFY(!title->toolTip().isEmpty());
    // and the link is written to the join table at commit.
    QTest::keySequence(&w, QKeySequence::Save);
    // (A commit that meets the counts being read tries again from the event loop.)
    QTRY_VERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(readBack(path, u"SELECT category_id || ',' || product_id FROM categories_products"_s)
                 .toString(),
             u"2,1"_s);
}

void tst_Frameworks::laravelPivotAsksForItsRequiredColumn()
{
    // Given a Laravel pivot project_user with a NOT NULL role,
    const QString path = m_dir.filePath(u"laravel.db"_s);
    QVERIFY(makeDatabase(
        path,
        {u"CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
         "name varchar NOT NULL)"_s,
         u"CREATE TABLE projects (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
         "name varchar NOT NULL)"_s,
         u"CREATE TABLE project_user (project_id integer NOT NULL REFERENCES projects "
         "(id), user_id integer NOT NULL REFERENCES users (id), role varchar NOT NULL, "
         "created_at datetime, updated_at datetime, PRIMARY KEY (project_id, user_id))"_s,
         u"INSERT INTO users (name) VALUES ('Ada')"_s,
         u"INSERT INTO projects (name) VALUES ('Engine')"_s}));
    m_w = openReflected(path);
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    QVERIFY(showRow(w, u"name"_s, u"Ada"_s));
    // when the person picks a project without a role, nothing is linked and the panel says why,
    QLineEdit *role = w.relationshipPanel()->linkField(u"projects"_s, u"role"_s);
    QVERIFY(role && role->isVisible());
    QVERIFY(w.relationshipPanel()->linkField(u"projects"_s, u"created_at"_s));
    QVERIFY(pick(w, u"projects"_s, u"Eng"_s));
    QLabel *note = w.relationshipPanel()->linkNote(u"projects"_s);
    QTRY_VERIFY(note && note->isVisible());
    QVERIFY2(note->text().contains(u"role"_s), qPrintable(note->text()));
    QCOMPARE(w.relationshipPanel()->listView(u"projects"_s)->model()->rowCount(), 0);
    QVERIFY(!w.document()->hasPendingChanges());
    // types the role and a date that is none, and picks again: refused, the field named,
    QTest::keyClicks(role, u"owner"_s);
    QLineEdit *created = w.relationshipPanel()->linkField(u"projects"_s, u"created_at"_s);
    QTest::keyClicks(created, u"garbage"_s);
    w.relationshipPanel()->picker(u"projects"_s)->lineEdit()->clear();
    QVERIFY(pick(w, u"projects"_s, u"Eng"_s));
    QTRY_VERIFY2(note->isVisible() && note->text().contains(u"created_at"_s),
                 qPrintable(note->text()));
    QCOMPARE(w.relationshipPanel()->listView(u"projects"_s)->model()->rowCount(), 0);
    QVERIFY(!w.document()->hasPendingChanges());
    // corrects the date and picks again,
    created->clear();
    QTest::keyClicks(created, u"2024-05-06 07:08:09"_s);
    w.relationshipPanel()->picker(u"projects"_s)->lineEdit()->clear();
    QVERIFY(pick(w, u"projects"_s, u"Eng"_s));
    QTRY_COMPARE(texts(w.relationshipPanel()->listView(u"projects"_s)->model()),
                 QStringList {u"Engine"_s});
    QVERIFY(!note->isVisible());
    // then the link is committed with them.
    QTest::keySequence(&w, QKeySequence::Save);
    // (A commit that meets the counts being read tries again from the event loop.)
    QTRY_VERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(readBack(path, u"SELECT role FROM project_user WHERE user_id = 1"_s).toString(),
             u"owner"_s);
    QVERIFY(readBack(path, u"SELECT created_at FROM project_user WHERE user_id = 1"_s)
                .toString()
                .startsWith(u"2024-05-06 07:08:09"_s));
}

void tst_Frameworks::existingLinkValuesAreEdited()
{
    // Given a Laravel pivot where Ada is a member of the Engine project,
    const QString path = m_dir.filePath(u"laravel-roles.db"_s);
    QVERIFY(makeDatabase(
        path,
        {u"CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
         "name varchar NOT NULL)"_s,
         u"CREATE TABLE projects (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
         "name varchar NOT NULL)"_s,
         u"CREATE TABLE project_user (project_id integer NOT NULL REFERENCES projects "
         "(id), user_id integer NOT NULL REFERENCES users (id), role varchar NOT NULL, "
         "created_at datetime, updated_at datetime, PRIMARY KEY (project_id, user_id))"_s,
         u"INSERT INTO users (name) VALUES ('Ada')"_s,
         u"INSERT INTO projects (name) VALUES ('Engine'), ('Gearbox')"_s,
         u"INSERT INTO project_user VALUES (1, 1, 'member', NULL, NULL)"_s}));
    m_w = openReflected(path);
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    QVERIFY(showRow(w, u"name"_s, u"Ada"_s));
    QListView *list = w.relationshipPanel()->listView(u"projects"_s);
    QVERIFY(list);
    QTRY_COMPARE(texts(list->model()), QStringList {u"Engine"_s});
    ui::FieldEditor *role = w.relationshipPanel()->linkValueEditor(u"projects"_s, u"role"_s);
    QVERIFY(role);
    QVERIFY(!role->isVisible());
    // when the person selects that link, its own values are shown,
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualRect(list->model()->index(0, 0)).center());
    QTRY_VERIFY(role->isVisible());
    auto *edit = qobject_cast<QLineEdit *>(role->control());
    QVERIFY(edit);
    QCOMPARE(edit->text(), u"member"_s);
    // and a role typed there is staged and committed to that link's row.
    retype(edit, u"owner"_s);
    QTRY_VERIFY(w.document()->hasPendingChanges());
    QTest::keySequence(&w, QKeySequence::Save);
    QTRY_VERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(readBack(path,
                      u"SELECT role FROM project_user WHERE project_id = 1 AND "
                      "user_id = 1"_s),
             QVariant(u"owner"_s));
    QCOMPARE(texts(list->model()), QStringList {u"Engine"_s});
}

namespace {

// Laravel's default pivot: team_user with a role and timestamps, and no key.
QStringList laravelTeams(bool uniquePair)
{
    QStringList sql {
        u"CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
        "name varchar NOT NULL)"_s,
        u"CREATE TABLE teams (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
        "name varchar NOT NULL)"_s,
        u"CREATE TABLE team_user (team_id integer NOT NULL REFERENCES teams (id) ON DELETE "
        "CASCADE, user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE, "
        "role varchar, created_at datetime, updated_at datetime)"_s,
        u"INSERT INTO users (name) VALUES ('Ada'), ('Bob')"_s,
        u"INSERT INTO teams (name) VALUES ('Engine'), ('Gearbox')"_s,
        u"INSERT INTO team_user (team_id, user_id, role) VALUES (1, 1, 'member'), "
        "(2, 1, 'member'), (1, 2, 'member')"_s,
    };
    if (uniquePair)
        sql << u"CREATE UNIQUE INDEX team_user_team_id_user_id_unique ON team_user "
               "(team_id, user_id)"_s;
    return sql;
}

// The new values of the pending changes view's fields, one "field: value" each.
QStringList stagedFields(ui::MainWindow &w)
{
    QAbstractItemModel *pending = w.pendingChangesView()->model();
    QStringList out;
    for (int r = 0; r < pending->rowCount(); ++r) {
        const QModelIndex change = pending->index(r, 0);
        for (int f = 0; f < pending->rowCount(change); ++f) {
            out << pending->index(f, 0, change).data().toString() + u": "_s
                    + pending->index(f, ui::PendingChangesModel::NewValueColumn, change)
                          .data()
                          .toString();
        }
    }
    return out;
}

void clickRow(QListView *list, int row)
{
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualRect(list->model()->index(row, 0)).center());
}

} // namespace

void tst_Frameworks::keylessPivotLinkValuesAreEdited_data()
{
    QTest::addColumn<bool>("uniquePair");
    QTest::newRow("unique index over the pair") << true;
    QTest::newRow("no index") << false;
}

void tst_Frameworks::keylessPivotLinkValuesAreEdited()
{
    QFETCH(bool, uniquePair);
    // Given Laravel's default pivot, without a key, where Ada is a member of two teams,
    const QString path = m_dir.filePath(u"laravel-pivot.db"_s);
    QVERIFY(makeDatabase(path, laravelTeams(uniquePair)));
    m_w = openReflected(path);
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    QVERIFY(showRow(w, u"name"_s, u"Ada"_s));
    QListView *list = w.relationshipPanel()->listView(u"teams"_s);
    QVERIFY(list);
    QTRY_COMPARE(texts(list->model()), (QStringList {u"Engine"_s, u"Gearbox"_s}));
    ui::FieldEditor *role = w.relationshipPanel()->linkValueEditor(u"teams"_s, u"role"_s);
    QVERIFY(role);
    QVERIFY(!role->isVisible());
    // when the person selects her Engine link, its role is shown and can be edited,
    clickRow(list, 0);
    QTRY_VERIFY(role->isVisible());
    QVERIFY(role->isEnabled());
    auto *edit = qobject_cast<QLineEdit *>(role->control());
    QVERIFY(edit);
    QCOMPARE(edit->text(), u"member"_s);
    // a role typed there is a pending change, which Undo takes back, and Discard too,
    retype(edit, u"owner"_s);
    QTRY_VERIFY(w.document()->hasPendingChanges());
    QVERIFY2(stagedFields(w).contains(u"Role: owner"_s), qPrintable(stagedFields(w).join(u'|')));
    w.action(ui::MainWindow::Action::Undo)->trigger();
    QVERIFY(!w.document()->hasPendingChanges());
    QTRY_COMPARE(edit->text(), u"member"_s);
    retype(edit, u"lead"_s);
    QTRY_VERIFY(w.document()->hasPendingChanges());
    w.action(ui::MainWindow::Action::Discard)->trigger();
    QVERIFY(!w.document()->hasPendingChanges());
    QTRY_COMPARE(edit->text(), u"member"_s);
    // and typed again, it is committed to that one link's row.
    clickRow(list, 0);
    QTRY_VERIFY(role->isVisible());
    retype(edit, u"owner"_s);
    QTRY_VERIFY(w.document()->hasPendingChanges());
    QTest::keySequence(&w, QKeySequence::Save);
    QTRY_VERIFY2(!w.document()->hasPendingChanges(), qPrintable(w.messageLabel()->text()));
    QCOMPARE(readBack(path,
                      u"SELECT group_concat(team_id || ',' || user_id || ',' || role, ';') FROM "
                      "(SELECT * FROM team_user ORDER BY user_id, team_id)"_s)
                 .toString(),
             u"1,1,owner;2,1,member;1,2,member"_s);
    QCOMPARE(texts(list->model()), (QStringList {u"Engine"_s, u"Gearbox"_s}));
}

void tst_Frameworks::linkStoredTwiceIsNotEdited()
{
    // Given a pivot without a key or an index, where Ada's Engine link is stored twice,
    const QString path = m_dir.filePath(u"laravel-twice.db"_s);
    QStringList sql = laravelTeams(false);
    sql << u"INSERT INTO team_user (team_id, user_id, role) VALUES (1, 1, 'member')"_s
        << u"UPDATE team_user SET role = 'lead' WHERE team_id = 2"_s;
    QVERIFY(makeDatabase(path, sql));
    m_w = openReflected(path);
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    QVERIFY(showRow(w, u"name"_s, u"Ada"_s));
    QListView *list = w.relationshipPanel()->listView(u"teams"_s);
    QVERIFY(list);
    QTRY_VERIFY(list->model()->rowCount() >= 2);
    ui::FieldEditor *role = w.relationshipPanel()->linkValueEditor(u"teams"_s, u"role"_s);
    QVERIFY(role);
    int engine = 0;
    while (engine < list->model()->rowCount()
           && list->model()->index(engine, 0).data().toString() != u"Engine"_s)
        ++engine;
    const int gearbox = engine == 0 ? list->model()->rowCount() - 1 : 0;
    auto *edit = qobject_cast<QLineEdit *>(role->control());
    QVERIFY(edit);
    clickRow(list, gearbox);
    QTRY_VERIFY(role->isEnabled());
    QCOMPARE(edit->text(), u"lead"_s);
    // when the person selects it, its values are shown, not offered for editing, and she
    // reads why,
    clickRow(list, engine);
    QTRY_VERIFY(!role->isEnabled());
    QVERIFY(role->isVisible());
    QCOMPARE(edit->text(), u"member"_s);
    auto *values = w.relationshipPanel()->findChild<QWidget *>(u"linkValues_teams"_s);
    QVERIFY(values);
    QStringList captions;
    for (QLabel *label : values->findChildren<QLabel *>())
        captions << label->text();
    QVERIFY2(captions.join(u' ').contains(u"more than once"_s), qPrintable(captions.join(u'|')));
    // while the other link stays editable.
    clickRow(list, gearbox);
    QTRY_VERIFY(role->isEnabled());
    QCOMPARE(edit->text(), u"lead"_s);
}

QTEST_MAIN(tst_Frameworks)
#include "tst_frameworks.moc"
