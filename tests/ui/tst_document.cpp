// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "ui/stagedvalidator.h"

using namespace uitest;

// The document's staged edits as undoable commands.
class tst_Document : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void opensAndDescribesADatabase();
    void refusesAMissingFile();
    void createsANewDatabase();
    void setValueUndoesAndRedoes();
    void typingInOneFieldMergesIntoOneStep();
    void addAndDeleteUndo();
    void revertIsUndoableToo();
    void commitClearsTheStackAndWrites();
    void discardRestoresEverything();
    void reportsEveryStatementItRuns();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::Document> m_doc;
    static int column(const QString &name) { return blog::User::staticMeta().columnIndex(name); }
};

void tst_Document::init()
{
    m_doc.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    m_doc = openDocument(demoDatabase(*m_dir));
    QVERIFY(m_doc);
}

void tst_Document::opensAndDescribesADatabase()
{
    QCOMPARE(m_doc->displayName(), u"demo.db"_s);
    QCOMPARE(m_doc->catalog().entities().size(), 5);
    QVERIFY(!m_doc->hasPendingChanges());
    const ui::ForeignKeyLink author = m_doc->catalog().foreignKey(
        blog::Post::staticMeta(), blog::Post::staticMeta().columnIndex(u"user_id"_s));
    QVERIFY(author.isValid());
    QCOMPARE(author.target, &blog::User::staticMeta());
}

void tst_Document::refusesAMissingFile()
{
    auto schema = blogSchema();
    orm::Error error;
    auto doc = ui::Document::open(m_dir->filePath(u"missing.db"_s), *schema,
                                  ui::Document::OpenMode::OpenExisting, &error);
    QVERIFY(!doc);
    QVERIFY(error.isError());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"missing.db"_s)));
}

void tst_Document::createsANewDatabase()
{
    auto schema = blogSchema();
    orm::Error error;
    auto doc = ui::Document::open(m_dir->filePath(u"new.db"_s), *schema,
                                  ui::Document::OpenMode::CreateNew, &error);
    QVERIFY2(doc, qPrintable(error.text()));
    QCOMPARE(doc->session().query<blog::User>().count().value_or(-1), 0);
}

void tst_Document::setValueUndoesAndRedoes()
{
    auto alice = m_doc->session().get<blog::User>(1);
    QSignalSpy changed(m_doc.get(), &ui::Document::changesUpdated);
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"alice@new.org"_s));
    QCOMPARE(alice->email, u"alice@new.org"_s);
    QCOMPARE(m_doc->pendingChangeCount(), 1);
    QVERIFY(changed.count() > 0);
    QCOMPARE(m_doc->undoStack()->undoText(), u"Edit E-mail of alice"_s);
    m_doc->undoStack()->undo();
    QCOMPARE(alice->email, u"alice@example.com"_s);
    QVERIFY(!m_doc->hasPendingChanges());
    m_doc->undoStack()->redo();
    QCOMPARE(alice->email, u"alice@new.org"_s);
    // A value of the wrong type is refused and stages nothing.
    QVERIFY(!m_doc->stageValue(alice, column(u"id"_s), u"abc"_s));
    QCOMPARE(m_doc->undoStack()->count(), 1);
}

void tst_Document::typingInOneFieldMergesIntoOneStep()
{
    auto alice = m_doc->session().get<blog::User>(1);
    for (const QString &v : {u"a"_s, u"al"_s, u"ali"_s})
        QVERIFY(m_doc->stageValue(alice, column(u"username"_s), v, 7));
    QCOMPARE(m_doc->undoStack()->count(), 1);
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"x@y.org"_s, 8));
    QCOMPARE(m_doc->undoStack()->count(), 2);
    m_doc->undoStack()->undo();
    m_doc->undoStack()->undo();
    QCOMPARE(alice->username, u"alice"_s);
    // Typing back to the original value leaves no step behind.
    QVERIFY(m_doc->stageValue(alice, column(u"username"_s), u"alicx"_s, 9));
    QVERIFY(m_doc->stageValue(alice, column(u"username"_s), u"alice"_s, 9));
    QCOMPARE(m_doc->undoStack()->count(), 0);
}

void tst_Document::addAndDeleteUndo()
{
    const orm::EntityMeta &tags = blog::Tag::staticMeta();
    auto tag = m_doc->createObject(tags);
    QCOMPARE(tag->objectState(), orm::ObjectState::Pending);
    m_doc->undoStack()->undo();
    QCOMPARE(tag->objectState(), orm::ObjectState::Transient);
    m_doc->undoStack()->redo();
    QCOMPARE(tag->objectState(), orm::ObjectState::Pending);

    auto python = m_doc->session().get<blog::Tag>(1);
    m_doc->removeObjects({python});
    QVERIFY(m_doc->session().isMarkedForDeletion(*python));
    m_doc->undoStack()->undo();
    QVERIFY(!m_doc->session().isMarkedForDeletion(*python));
    // Deleting a new object drops it; undo brings it back.
    m_doc->removeObjects({tag});
    QCOMPARE(tag->objectState(), orm::ObjectState::Transient);
    m_doc->undoStack()->undo();
    QCOMPARE(tag->objectState(), orm::ObjectState::Pending);
}

void tst_Document::revertIsUndoableToo()
{
    auto alice = m_doc->session().get<blog::User>(1);
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"alice@new.org"_s));
    QVERIFY(m_doc->stageValue(alice, column(u"username"_s), u"alicia"_s));
    m_doc->revert(alice, column(u"email"_s));
    QCOMPARE(alice->email, u"alice@example.com"_s);
    QCOMPARE(alice->username, u"alicia"_s);
    m_doc->undoStack()->undo();
    QCOMPARE(alice->email, u"alice@new.org"_s);
    m_doc->revert(alice);
    QVERIFY(!m_doc->session().isModified(*alice));
    m_doc->undoStack()->undo();
    QCOMPARE(alice->username, u"alicia"_s);
    QCOMPARE(alice->email, u"alice@new.org"_s);
}

void tst_Document::commitClearsTheStackAndWrites()
{
    auto alice = m_doc->session().get<blog::User>(1);
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"alice@new.org"_s));
    QSignalSpy committed(m_doc.get(), &ui::Document::committed);
    QVERIFY(m_doc->commit());
    QCOMPARE(committed.count(), 1);
    QCOMPARE(m_doc->undoStack()->count(), 0);
    QVERIFY(!m_doc->hasPendingChanges());
    auto other =
        orm::Engine::create(orm::DatabaseUrl::forFile(m_doc->path()), orm::ConnectionOptions());
    orm::Session check(other);
    QCOMPARE(check.get<blog::User>(1)->email, u"alice@new.org"_s);
}

void tst_Document::discardRestoresEverything()
{
    auto alice = m_doc->session().get<blog::User>(1);
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"alice@new.org"_s));
    auto tag = m_doc->createObject(blog::Tag::staticMeta());
    const auto flask = m_doc->session().get<blog::Tag>(2);
    m_doc->removeObjects({flask});
    QCOMPARE(m_doc->pendingChangeCount(), 3);
    QSignalSpy discarded(m_doc.get(), &ui::Document::discarded);
    m_doc->discard();
    QCOMPARE(discarded.count(), 1);
    QVERIFY(!m_doc->hasPendingChanges());
    QCOMPARE(alice->email, u"alice@example.com"_s);
    QCOMPARE(tag->objectState(), orm::ObjectState::Transient);
    // One step on the undo stack, which brings every change back.
    QCOMPARE(m_doc->undoStack()->count(), 4);
    QCOMPARE(m_doc->undoStack()->undoText(), u"Discard 3 change(s)"_s);
    m_doc->undoStack()->undo();
    QCOMPARE(m_doc->pendingChangeCount(), 3);
    QCOMPARE(alice->email, u"alice@new.org"_s);
    QCOMPARE(tag->objectState(), orm::ObjectState::Pending);
    QVERIFY(m_doc->session().isMarkedForDeletion(*flask));
}

void tst_Document::reportsEveryStatementItRuns()
{
    QSignalSpy statements(m_doc.get(), &ui::Document::statementExecuted);
    QVERIFY(m_doc->session().get<blog::User>(4));
    QCOMPARE(statements.count(), 1);
}

QTEST_MAIN(tst_Document)
#include "tst_document.moc"
