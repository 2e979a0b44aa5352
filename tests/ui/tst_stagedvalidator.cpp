// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "orm/query/query.h"
#include "ui/stagedvalidator.h"

using namespace uitest;

class tst_StagedValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void validatesAsValuesAreStaged();
    void checksUniquenessAgainstTheDatabaseWithoutTheRowItself();
    void checksUniquenessAgainstOtherStagedObjects();
    void newObjectsNeedTheirRequiredFieldsAndForeignKeys();
    void checksAValueBeforeItIsStaged();
    void keepsTheDatabasesReasonUntilTheFieldChanges();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::Document> m_doc;
    int column(const QString &name) const { return blog::User::staticMeta().columnIndex(name); }
};

void tst_StagedValidator::init()
{
    m_doc.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    m_doc = openDocument(demoDatabase(*m_dir));
    QVERIFY(m_doc);
}

void tst_StagedValidator::validatesAsValuesAreStaged()
{
    ui::StagedValidator *v = m_doc->validator();
    QSignalSpy spy(v, &ui::StagedValidator::errorsChanged);
    auto alice = m_doc->session().get<blog::User>(1);
    // When an invalid e-mail is staged,
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"alice-at-example"_s));
    // then the field has the validator's message and the document cannot be committed;
    QCOMPARE(v->error(*alice, column(u"email"_s)), u"not a valid e-mail address"_s);
    QVERIFY(v->hasErrors());
    QCOMPARE(v->invalidObjectCount(), 1);
    QCOMPARE(spy.count(), 1);
    // a required field left empty says so;
    QVERIFY(m_doc->stageValue(alice, column(u"username"_s), QVariant()));
    QCOMPARE(v->error(*alice, column(u"username"_s)), u"required"_s);
    // and fixing both clears them.
    m_doc->undoStack()->undo();
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"alice@example.org"_s));
    QVERIFY(!v->hasErrors());
    QVERIFY(v->errors(*alice).isEmpty());
}

void tst_StagedValidator::checksUniquenessAgainstTheDatabaseWithoutTheRowItself()
{
    ui::StagedValidator *v = m_doc->validator();
    auto alice = m_doc->session().get<blog::User>(1);
    // Alice's own name is no conflict,
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"alice2@example.org"_s));
    QVERIFY(m_doc->stageValue(alice, column(u"username"_s), u"alice"_s));
    QVERIFY(v->error(*alice, column(u"username"_s)).isEmpty());
    // bob's is.
    QVERIFY(m_doc->stageValue(alice, column(u"username"_s), u"bob"_s));
    QCOMPARE(v->error(*alice, column(u"username"_s)), u"already used by bob"_s);
    // A staged rename of bob frees the name.
    auto bob = m_doc->session().get<blog::User>(2);
    QVERIFY(m_doc->stageValue(bob, column(u"username"_s), u"robert"_s));
    QVERIFY(v->error(*alice, column(u"username"_s)).isEmpty());
}

void tst_StagedValidator::checksUniquenessAgainstOtherStagedObjects()
{
    ui::StagedValidator *v = m_doc->validator();
    const orm::EntityMeta &tags = blog::Tag::staticMeta();
    auto a = m_doc->createObject(tags);
    auto b = m_doc->createObject(tags);
    QVERIFY(m_doc->stageValue(a, tags.columnIndex(u"name"_s), u"brand-new"_s));
    QVERIFY(v->errors(*a).isEmpty());
    QVERIFY(m_doc->stageValue(b, tags.columnIndex(u"name"_s), u"brand-new"_s));
    // Both are flagged: either would make the commit fail.
    QVERIFY(v->error(*a, tags.columnIndex(u"name"_s)).contains(u"not committed yet"_s));
    QVERIFY(v->error(*b, tags.columnIndex(u"name"_s)).contains(u"not committed yet"_s));
    QVERIFY(m_doc->stageValue(b, tags.columnIndex(u"name"_s), u"other"_s));
    QVERIFY(v->errors(*a).isEmpty());
    QVERIFY(v->errors(*b).isEmpty());
}

void tst_StagedValidator::newObjectsNeedTheirRequiredFieldsAndForeignKeys()
{
    ui::StagedValidator *v = m_doc->validator();
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    auto post = m_doc->createObject(posts);
    const QHash<int, QString> errors = v->errors(*post);
    QCOMPARE(errors.value(posts.columnIndex(u"title"_s)), u"required"_s);
    QCOMPARE(errors.value(posts.columnIndex(u"user_id"_s)), u"required"_s);
    QVERIFY(!errors.contains(posts.columnIndex(u"date_posted"_s))); // it has a default
    QVERIFY(!errors.contains(posts.columnIndex(u"id"_s)));
    QVERIFY(m_doc->stageValue(post, posts.columnIndex(u"user_id"_s), qint64(99999)));
    QVERIFY(v->error(*post, posts.columnIndex(u"user_id"_s)).contains(u"99999"_s));
    QVERIFY(m_doc->stageValue(post, posts.columnIndex(u"user_id"_s), qint64(3)));
    QVERIFY(m_doc->stageValue(post, posts.columnIndex(u"title"_s), u"Hello"_s));
    QVERIFY(v->errors(*post).isEmpty());
    QVERIFY(m_doc->commit());
}

void tst_StagedValidator::checksAValueBeforeItIsStaged()
{
    auto alice = m_doc->session().get<blog::User>(1);
    ui::StagedValidator *v = m_doc->validator();
    QCOMPARE(v->checkValue(*alice, column(u"username"_s), u"carol"_s), u"already used by carol"_s);
    QCOMPARE(v->checkValue(*alice, column(u"email"_s), u"nope"_s), u"not a valid e-mail address"_s);
    QVERIFY(v->checkValue(*alice, column(u"email"_s), u"a@b.org"_s).isEmpty());
    QVERIFY(!m_doc->hasPendingChanges());
}

void tst_StagedValidator::keepsTheDatabasesReasonUntilTheFieldChanges()
{
    ui::StagedValidator *v = m_doc->validator();
    auto alice = m_doc->session().get<blog::User>(1);
    QVERIFY(m_doc->stageValue(alice, column(u"username"_s), u"zed"_s));
    QVERIFY(v->errors(*alice).isEmpty());
    // Another program takes the name before the commit.
    {
        auto other =
            orm::Engine::create(orm::DatabaseUrl::forFile(m_doc->path()), orm::ConnectionOptions());
        QVERIFY(other->connection().exec(u"UPDATE users SET username = 'zed' WHERE id = 2"_s));
    }
    QVERIFY(!m_doc->commit());
    QCOMPARE(m_doc->lastError().constraint(), orm::Error::Constraint::Unique);
    QVERIFY(!v->error(*alice, column(u"username"_s)).isEmpty());
    QCOMPARE(alice->username, u"zed"_s); // nothing typed is lost
    QVERIFY(m_doc->hasPendingChanges());
    QVERIFY(m_doc->stageValue(alice, column(u"username"_s), u"zoe"_s));
    QVERIFY(v->error(*alice, column(u"username"_s)).isEmpty());
    QVERIFY(m_doc->commit());
}

QTEST_MAIN(tst_StagedValidator)
#include "tst_stagedvalidator.moc"
