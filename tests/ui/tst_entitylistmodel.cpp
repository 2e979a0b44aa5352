// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "ui/entitylistmodel.h"

#include <QAbstractItemModelTester>

using namespace uitest;

class tst_EntityListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsEntitiesWithCountsFromTheBackground();
    void showsStagedNewAndDeletedObjects();
    void linkTablesAndBookkeepingTablesApart();
};

void tst_EntityListModel::listsEntitiesWithCountsFromTheBackground()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    QVERIFY(doc);
    ui::EntityListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // When the document is set,
    model.setDocument(doc.get());
    // then every entity is listed at once, in the order the application gives,
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(0, 0).data().toString(), u"Users"_s);
    QCOMPARE(model.entityAt(1), &blog::Post::staticMeta());
    // and the counts arrive from the worker thread.
    QTRY_COMPARE(model.count(&blog::User::staticMeta()), qint64(50));
    QTRY_COMPARE(model.count(&blog::Post::staticMeta()), qint64(500));
    QCOMPARE(model.index(1, ui::EntityListModel::CountColumn).data().toString(),
             QLocale().toString(500));
    model.setDocument(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void tst_EntityListModel::showsStagedNewAndDeletedObjects()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    ui::EntityListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocument(doc.get());
    QTRY_COMPARE(model.count(&blog::Tag::staticMeta()), qint64(30));
    doc->createObject(blog::Tag::staticMeta());
    const QModelIndex tags =
        model.index(model.rowOf(&blog::Tag::staticMeta()), ui::EntityListModel::CountColumn);
    QVERIFY2(tags.data().toString().contains(u"+1"_s), qPrintable(tags.data().toString()));
    // After a commit, the counts are read again.
    doc->undoStack()->clear();
    doc->discard();
    QVERIFY(!tags.data().toString().contains(u"+1"_s));
}

void tst_EntityListModel::linkTablesAndBookkeepingTablesApart()
{
    // Given a file with a Django-style join table and framework bookkeeping tables,
    QTemporaryDir dir;
    const QString path = dir.filePath(u"frameworks.db"_s);
    {
        auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
        QVERIFY(engine);
        for (const QString &sql :
             {u"CREATE TABLE django_migrations (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
              "app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied datetime NOT NULL)"_s,
              u"CREATE TABLE auth_user (id integer PRIMARY KEY, username varchar(150))"_s,
              u"CREATE TABLE auth_group (id integer PRIMARY KEY, name varchar(150))"_s,
              u"CREATE TABLE auth_user_groups (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
              "user_id integer NOT NULL REFERENCES auth_user (id), group_id integer NOT NULL "
              "REFERENCES auth_group (id), UNIQUE (user_id, group_id))"_s,
              u"CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)"_s}) {
            QVERIFY2(engine->connection().exec(sql),
                     qPrintable(engine->connection().lastError().text()));
        }
    }
    auto doc = openReflectedDocument(path);
    QVERIFY(doc);
    ui::EntityListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocument(doc.get());
    const auto names = [&model] {
        QStringList out;
        for (int r = 0; r < model.rowCount(); ++r)
            out << model.index(r, 0).data().toString();
        return out;
    };
    // then the data's tables come first, the join table is left out, and the bookkeeping
    // tables follow a heading that is no table and cannot be selected,
    QCOMPARE(names(),
             (QStringList {u"Auth group"_s, u"Auth user"_s, u"Kept by frameworks"_s,
                           u"Alembic version"_s, u"Django migrations"_s}));
    QCOMPARE(model.bookkeepingHeadingRow(), 2);
    QCOMPARE(model.entityAt(2), nullptr);
    QCOMPARE(model.rowOf(nullptr), -1);
    QVERIFY(!(model.flags(model.index(2, 0)) & Qt::ItemIsSelectable));
    // each read-only, saying whose it is;
    const orm::EntityMeta *migrations = model.entityAt(4);
    QVERIFY(migrations->isReadOnly());
    QVERIFY2(migrations->readOnlyReason().contains(u"Django"_s),
             qPrintable(migrations->readOnlyReason()));
    QVERIFY(model.index(4, 0).data(Qt::ToolTipRole).toString().contains(u"Django"_s));
    QTRY_COMPARE(model.count(migrations), qint64(0));
    // unlocked, it can be edited, and locked again it cannot;
    doc->schema().setUnlocked(migrations, true);
    QVERIFY(!migrations->isReadOnly());
    doc->schema().setUnlocked(migrations, false);
    QVERIFY(migrations->isReadOnly());
    // the join table is listed, after the data's, when asked for.
    model.setShowLinkTables(true);
    QCOMPARE(names(),
             (QStringList {u"Auth group"_s, u"Auth user"_s, u"Auth user groups"_s,
                           u"Kept by frameworks"_s, u"Alembic version"_s, u"Django migrations"_s}));
    QVERIFY(model.entityAt(2) && !model.entityAt(2)->isReadOnly());
    model.setShowLinkTables(false);
    QCOMPARE(model.rowCount(), 5);
}

QTEST_MAIN(tst_EntityListModel)
#include "tst_entitylistmodel.moc"
