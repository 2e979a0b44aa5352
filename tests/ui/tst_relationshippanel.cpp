#include "uitestsupport.h"

#include "orm/relationship.h"
#include "ui/relatedlistmodel.h"
#include "ui/relationshippanel.h"

using namespace uitest;

class tst_RelationshipPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void countsALargeCollectionOnlyWhenItChanges();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void tst_RelationshipPanel::initTestCase()
{
    // Two users with 600 posts each: more than the panel lists.
    blog::DemoOptions options;
    options.users = 2;
    options.postsPerUser = 600;
    m_path = demoDatabase(m_dir, u"prolific.db"_s, options);
    QVERIFY(!m_path.isEmpty());
}

// The statements that count posts.
static int postCounts(const StatementLog &log)
{
    int n = 0;
    for (const QString &sql : log.sql())
        n += sql.contains(u"count("_s) && sql.contains(u"\"posts\""_s) ? 1 : 0;
    return n;
}

void tst_RelationshipPanel::countsALargeCollectionOnlyWhenItChanges()
{
    // Given the panel on alice, whose 600 posts are counted and shown from a query,
    auto doc = openDocument(m_path);
    QVERIFY(doc);
    const orm::EntityMeta &users = blog::User::staticMeta();
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    const auto alice = doc->session().get<blog::User>(1);
    const auto bob = doc->session().get<blog::User>(2);
    QVERIFY(alice && bob);
    ui::RelationshipPanel panel;
    panel.setDocument(doc.get());
    StatementLog log(doc->engine().connection());
    panel.setObject(alice);
    QCOMPARE(postCounts(log), 1);
    QCOMPARE(panel.listModel(u"posts"_s)->rowCount(), ui::RelationshipPanel::displayLimit);
    log.clear();

    // When her username is edited keystroke by keystroke (each staged, each refreshing),
    const int username = users.columnIndex(u"username"_s);
    for (const QString &text : {u"a"_s, u"al"_s, u"ali"_s})
        QVERIFY(doc->stageValue(alice, username, text, 42));
    QCOMPARE(alice->username, u"ali"_s);
    // then the posts are neither counted nor queried again, and are still listed;
    QCOMPARE(postCounts(log), 0);
    QCOMPARE(log.countContaining(u"FROM \"posts\""_s), 0);
    QCOMPARE(panel.listModel(u"posts"_s)->rowCount(), ui::RelationshipPanel::displayLimit);

    // when one of bob's posts is given to her, that relationship changed: counted again;
    const auto post =
        doc->session().query<blog::Post>().filterBy(&blog::Post::userId, qint64(2)).first();
    QVERIFY(post);
    QVERIFY(doc->stageValue(post, posts.columnIndex(u"user_id"_s), qint64(1)));
    QCOMPARE(postCounts(log), 1);
    // and after the commit, once more (the database changed), once.
    log.clear();
    QVERIFY2(doc->commit(), qPrintable(doc->lastError().text()));
    QCOMPARE(postCounts(log), 1);
    QCOMPARE(panel.listModel(u"posts"_s)->rowCount(), ui::RelationshipPanel::displayLimit);
}

QTEST_MAIN(tst_RelationshipPanel)
#include "tst_relationshippanel.moc"
