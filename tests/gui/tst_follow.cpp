// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "orm/query/query.h"
#include "ui/breadcrumbbar.h"
#include "ui/recordpicker.h"
#include "ui/relatedlistmodel.h"
#include "ui/relationshippanel.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QListView>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>

using namespace guitest;

// Story 3: follow relationships both ways, go back and forward, change links.
class tst_Follow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void manyToOneIsALink();
    void backAndForwardWithTheKeyboard();
    void oneToManyListsTheChildren();
    void newChildIsCreatedLinked();
    void manyToManyAddsAndRemoves();
    void manyToManyFromTheOtherSides_data();
    void manyToManyFromTheOtherSides();
    void oneToOneCanBeCreated();
    void followingALinkShowsWhereItLeads();

private:
    void openUser(qint64 id);
    QTemporaryDir m_dir;
    QString m_demo;
    QString m_path;
    Window m_w;
};

void tst_Follow::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
}

void tst_Follow::init()
{
    m_path = copyOf(m_demo, m_dir);
    m_w = openWindow(m_path);
}

void tst_Follow::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

namespace {

// The colour the screen shows at the start of a row of the table list (what a person sees,
// not what the list would paint if asked now).
QColor shownColor(ui::MainWindow &w, const QString &table)
{
    const QModelIndex index = entityIndex(w, table);
    QTreeView *list = w.entityList();
    const QRect rect = list->visualRect(index);
    const QPoint at = list->viewport()->mapTo(&w, QPoint(rect.left() + 2, rect.center().y()));
    const QImage shot = w.screen()->grabWindow(w.winId()).toImage();
    return shot.pixelColor(at * shot.devicePixelRatio());
}

} // namespace

void tst_Follow::openUser(qint64 id)
{
    QVERIFY(clickEntity(*m_w, u"Users"_s));
    const int row = tableModel(*m_w)->rowOf(*m_w->document()->session().get<blog::User>(id));
    QVERIFY(row >= 0);
    clickCell(*m_w, row);
}

void tst_Follow::manyToOneIsALink()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Posts"_s));
    clickCell(w, 0);
    const auto post = w.form()->object();
    QPushButton *author = w.relationshipPanel()->linkButton(u"author"_s);
    QVERIFY(author && author->isVisible());
    const auto user = w.document()->session().get<blog::User>(post->value(u"user_id"_s));
    QCOMPARE(author->text(), user->username);
    // Clicking the author goes to the author.
    QTest::mouseClick(author, Qt::LeftButton);
    QCOMPARE(w.form()->object(), user);
    QCOMPARE(w.browser()->entity(), &blog::User::staticMeta());
    QCOMPARE(w.entityList()->currentIndex().data().toString(), u"Users"_s);
    const QStringList crumbs = w.breadcrumbs()->crumbs();
    QVERIFY2(crumbs.size() >= 2, qPrintable(crumbs.join(u'|')));
    QCOMPARE(crumbs.last(), u"Users: "_s + user->username);
    QVERIFY(crumbs.at(crumbs.size() - 2).startsWith(u"Posts: "_s));
}

void tst_Follow::backAndForwardWithTheKeyboard()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Posts"_s));
    clickCell(w, 2);
    const auto post = w.form()->object();
    QTest::mouseClick(w.relationshipPanel()->linkButton(u"author"_s), Qt::LeftButton);
    const auto user = w.form()->object();
    QVERIFY(user != post);
    QVERIFY(w.action(ui::MainWindow::Action::Back)->isEnabled());
    // Alt+Left,
    QTest::keySequence(&w, QKeySequence::Back);
    QCOMPARE(w.form()->object(), post);
    QCOMPARE(w.browser()->entity(), &blog::Post::staticMeta());
    QCOMPARE(w.browser()->currentObject(), post);
    // Alt+Right.
    QTest::keySequence(&w, QKeySequence::Forward);
    QCOMPARE(w.form()->object(), user);
    QVERIFY(!w.action(ui::MainWindow::Action::Forward)->isEnabled());
    // A breadcrumb goes back too.
    auto crumbs = w.breadcrumbs()->findChildren<QToolButton *>();
    QVERIFY(crumbs.size() >= 2);
    QTest::mouseClick(crumbs.at(crumbs.size() - 2), Qt::LeftButton);
    QCOMPARE(w.form()->object(), post);
}

void tst_Follow::oneToManyListsTheChildren()
{
    ui::MainWindow &w = *m_w;
    openUser(1);
    QListView *posts = w.relationshipPanel()->listView(u"posts"_s);
    QVERIFY(posts && posts->isVisible());
    QCOMPARE(posts->model()->rowCount(), 10);
    // Opening a child (double-click) goes to it.
    const QModelIndex first = posts->model()->index(0, 0);
    const auto child = w.relationshipPanel()->listModel(u"posts"_s)->objectAt(0);
    QTest::mouseClick(posts->viewport(), Qt::LeftButton, {}, posts->visualRect(first).center());
    QTest::mouseDClick(posts->viewport(), Qt::LeftButton, {}, posts->visualRect(first).center());
    QCOMPARE(w.form()->object(), child);
    QCOMPARE(w.browser()->entity(), &blog::Post::staticMeta());
    // And back.
    QTest::keySequence(&w, QKeySequence::Back);
    QCOMPARE(w.form()->object()->value(u"id"_s).toLongLong(), 1);
    // Enter on a child opens it too.
    posts = w.relationshipPanel()->listView(u"posts"_s);
    posts->setFocus();
    posts->setCurrentIndex(posts->model()->index(1, 0));
    const auto second = w.relationshipPanel()->listModel(u"posts"_s)->objectAt(1);
    QTest::keyClick(posts, Qt::Key_Return);
    QCOMPARE(w.form()->object(), second);
}

void tst_Follow::newChildIsCreatedLinked()
{
    ui::MainWindow &w = *m_w;
    openUser(1);
    QPushButton *newPost = w.relationshipPanel()->newButton(u"posts"_s);
    QVERIFY(newPost && newPost->isEnabled());
    QTest::mouseClick(newPost, Qt::LeftButton);
    const auto post = w.form()->object();
    QCOMPARE(post->entityMeta().name(), u"Post"_s);
    QCOMPARE(post->objectState(), orm::ObjectState::Pending);
    QCOMPARE(post->value(u"user_id"_s).toLongLong(), 1);
    QCOMPARE(w.relationshipPanel()->linkButton(u"author"_s)->text(), u"alice"_s);
    retype(lineEditOf(w.form(), u"title"_s), u"Written from alice's page"_s);
    QVERIFY(w.action(ui::MainWindow::Action::Commit)->isEnabled());
    QTest::keySequence(&w, QKeySequence::Save);
    QVERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(
        readBack(m_path, u"SELECT user_id FROM posts WHERE title = 'Written from alice''s page'"_s)
            .toLongLong(),
        1);
    // Back on alice, she has eleven posts.
    QTest::keySequence(&w, QKeySequence::Back);
    QTRY_COMPARE(w.relationshipPanel()->listView(u"posts"_s)->model()->rowCount(), 11);
}

void tst_Follow::manyToManyAddsAndRemoves()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Posts"_s));
    clickCell(w, 0);
    const auto post = w.form()->object();
    QListView *tags = w.relationshipPanel()->listView(u"tags"_s);
    QVERIFY(tags);
    const int before = tags->model()->rowCount();
    QVERIFY(before > 0);
    // Add: type part of a tag's name in the picker, Enter.
    ui::RecordPicker *picker = w.relationshipPanel()->picker(u"tags"_s);
    QVERIFY(picker);
    StatementLog log(w.document()->engine().connection());
    picker->lineEdit()->setFocus();
    QString wanted;
    for (const QString &candidate : {u"widgets"_s, u"review"_s, u"howto"_s}) {
        bool linked = false;
        for (int r = 0; r < before; ++r)
            linked = linked || tags->model()->index(r, 0).data().toString() == candidate;
        if (!linked) {
            wanted = candidate;
            break;
        }
    }
    QTest::keyClicks(picker->lineEdit(), wanted);
    QTRY_VERIFY(picker->completer()->popup()->isVisible());
    QVERIFY(log.countContaining(u"LIMIT"_s) > 0); // the picker never loads the whole table
    QTest::keyClick(picker->completer()->popup(), Qt::Key_Return);
    QTRY_COMPARE(tags->model()->rowCount(), before + 1);
    QVERIFY(w.document()->hasPendingChanges());
    QCOMPARE(w.document()->pendingChanges().last().kind, orm::PendingChange::Kind::Linked);
    // Remove: select it, press Remove.
    int row = -1;
    for (int r = 0; r < tags->model()->rowCount(); ++r) {
        if (tags->model()->index(r, 0).data().toString() == wanted)
            row = r;
    }
    QVERIFY(row >= 0);
    QTest::mouseClick(tags->viewport(), Qt::LeftButton, {},
                      tags->visualRect(tags->model()->index(row, 0)).center());
    QPushButton *remove = w.relationshipPanel()->removeButton(u"tags"_s);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(tags->model()->rowCount(), before);
    QVERIFY(!w.document()->hasPendingChanges());
    // Undo brings the link back; commit writes the association row.
    QTest::keySequence(&w, QKeySequence::Undo);
    QCOMPARE(tags->model()->rowCount(), before + 1);
    QTest::keySequence(&w, QKeySequence::Save);
    QVERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(
        readBack(m_path,
                 u"SELECT count(*) FROM post_tags pt JOIN tags t ON t.id = pt.tag_id "
                 "WHERE pt.post_id = %1 AND t.name = '%2'"_s.arg(post->value(u"id"_s).toLongLong())
                     .arg(wanted))
            .toInt(),
        1);
}

void tst_Follow::manyToManyFromTheOtherSides_data()
{
    QTest::addColumn<QString>("entity");
    QTest::addColumn<QString>("relationship");
    QTest::addColumn<QString>("association");
    QTest::addColumn<QString>("ownerKey");
    QTest::addColumn<QString>("itemKey");
    QTest::addColumn<QString>("items");
    QTest::addColumn<QString>("label");
    QTest::newRow("a tag's posts") << u"Tags"_s << u"posts"_s << u"post_tags"_s << u"tag_id"_s
                                   << u"post_id"_s << u"posts"_s << u"title"_s;
    QTest::newRow("a user's groups") << u"Users"_s << u"groups"_s << u"memberships"_s
                                     << u"user_id"_s << u"group_id"_s << u"groups"_s << u"name"_s;
}

// Given the first row of a table on the other side of a many-to-many (a tag, a user), when an
// item it is not linked to is added through the picker, then it is listed, staged as a link,
// removed and added again, and Ctrl+S writes the association row.
void tst_Follow::manyToManyFromTheOtherSides()
{
    QFETCH(QString, entity);
    QFETCH(QString, relationship);
    QFETCH(QString, association);
    QFETCH(QString, ownerKey);
    QFETCH(QString, itemKey);
    QFETCH(QString, items);
    QFETCH(QString, label);
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, entity));
    clickCell(w, 0);
    const qint64 owner = w.form()->object()->value(u"id"_s).toLongLong();
    QListView *list = w.relationshipPanel()->listView(relationship);
    QVERIFY(list);
    const int before = list->model()->rowCount();
    // An item not linked yet, whose label no other item has (Enter takes the first match).
    const QString wanted =
        readBack(m_path,
                 u"SELECT %1 FROM %2 WHERE id NOT IN (SELECT %3 FROM %4 WHERE %5 = %6) "
                 "GROUP BY %1 HAVING count(*) = 1 ORDER BY %1 LIMIT 1"_s.arg(
                     label, items, itemKey, association, ownerKey, QString::number(owner)))
            .toString();
    QVERIFY(!wanted.isEmpty());
    ui::RecordPicker *picker = w.relationshipPanel()->picker(relationship);
    QVERIFY(picker);
    picker->lineEdit()->setFocus();
    QTest::keyClicks(picker->lineEdit(), wanted);
    QTRY_VERIFY(picker->completer()->popup()->isVisible());
    QTest::keyClick(picker->completer()->popup(), Qt::Key_Return);
    QTRY_COMPARE(list->model()->rowCount(), before + 1);
    QCOMPARE(w.document()->pendingChanges().last().kind, orm::PendingChange::Kind::Linked);
    int row = -1;
    for (int r = 0; r < list->model()->rowCount(); ++r) {
        if (list->model()->index(r, 0).data().toString().contains(wanted))
            row = r;
    }
    QVERIFY(row >= 0);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualRect(list->model()->index(row, 0)).center());
    QTest::mouseClick(w.relationshipPanel()->removeButton(relationship), Qt::LeftButton);
    QCOMPARE(list->model()->rowCount(), before);
    QTest::keySequence(&w, QKeySequence::Undo);
    QCOMPARE(list->model()->rowCount(), before + 1);
    QTest::keySequence(&w, QKeySequence::Save);
    QVERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(readBack(m_path,
                      u"SELECT count(*) FROM %1 a JOIN %2 i ON i.id = a.%3 "
                      "WHERE a.%4 = %5 AND i.%6 = '%7'"_s.arg(
                          association, items, itemKey, ownerKey, QString::number(owner), label,
                          QString(wanted).replace(u"'"_s, u"''"_s)))
                 .toInt(),
             1);
}

void tst_Follow::oneToOneCanBeCreated()
{
    ui::MainWindow &w = *m_w;
    openUser(3); // carol has no profile
    QPushButton *link = w.relationshipPanel()->linkButton(u"profile"_s);
    QVERIFY(link);
    QVERIFY(!link->isEnabled());
    QPushButton *create = w.relationshipPanel()->newButton(u"profile"_s);
    QVERIFY(create && create->isVisible());
    QTest::mouseClick(create, Qt::LeftButton);
    const auto profile = w.form()->object();
    QCOMPARE(profile->entityMeta().name(), u"Profile"_s);
    QCOMPARE(profile->value(u"user_id"_s).toLongLong(), 3);
    QTest::keySequence(&w, QKeySequence::Save);
    QVERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(readBack(m_path, u"SELECT count(*) FROM profiles WHERE user_id = 3"_s).toInt(), 1);
}

void tst_Follow::followingALinkShowsWhereItLeads()
{
    // Given a post whose form was scrolled down to its relationships, in a short window,
    ui::MainWindow &w = *m_w;
    w.resize(1200, 420);
    QVERIFY(clickEntity(w, u"Posts"_s));
    clickCell(w, 0);
    auto *area = w.findChild<QScrollArea *>(u"formArea"_s);
    QVERIFY(area);
    QTRY_VERIFY(area->verticalScrollBar()->maximum() > 0);
    area->verticalScrollBar()->setValue(area->verticalScrollBar()->maximum());
    QPushButton *author = w.relationshipPanel()->linkButton(u"author"_s);
    QVERIFY(author && author->isVisible());
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QColor plain = shownColor(w, u"Tags"_s);
    QTRY_VERIFY(shownColor(w, u"Posts"_s) != plain);

    // when the person clicks its author,
    QTest::mouseClick(author, Qt::LeftButton);
    QCOMPARE(w.browser()->entity(), &blog::User::staticMeta());

    // the user's form shows from its title down, and the table list highlights the users.
    QCOMPARE(area->verticalScrollBar()->value(), 0);
    QTRY_VERIFY(shownColor(w, u"Users"_s) != plain);
    QCOMPARE(shownColor(w, u"Posts"_s), plain);
    // Back goes back to the post, its table highlighted.
    QTest::keySequence(&w, QKeySequence::Back);
    QCOMPARE(w.browser()->entity(), &blog::Post::staticMeta());
    QTRY_VERIFY(shownColor(w, u"Posts"_s) != plain);
    QCOMPARE(shownColor(w, u"Users"_s), plain);
}

QTEST_MAIN(tst_Follow)
#include "tst_follow.moc"
