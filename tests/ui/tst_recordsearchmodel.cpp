// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "ui/recordpicker.h"
#include "ui/recordsearchmodel.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QCompleter>
#include <QLineEdit>

using namespace uitest;

class tst_RecordSearchModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void searchesWithALimit();
    void offersNewObjectsAndLeavesOutExcludedOnes();
    void searchesLargeTablesByIndexedPrefix();
    void searchesSmallTablesForTheTextAnywhere();
    void pickerSearchesWhenTypingPausesAndAtOnceOnEnter();
    void aFocusedPickerSaysNothingAsItIsDestroyed();
};

// The search statements of one table (the picker's, not the labels' or the count's).
static QStringList searchesOf(const StatementLog &log, const QString &table)
{
    QStringList out;
    for (const QString &sql : log.sql()) {
        if (sql.startsWith(u"SELECT"_s) && sql.contains(u"FROM \"%1\""_s.arg(table))
            && sql.contains(u"LIMIT"_s))
            out << sql;
    }
    return out;
}

void tst_RecordSearchModel::searchesWithALimit()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    ui::RecordSearchModel model(doc.get(), blog::User::staticMeta());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    StatementLog log(doc->engine().connection());
    // (the 50 users are counted first: a small table, searched for the text anywhere)
    model.requestTableCount();
    QTRY_VERIFY(!model.isCounting());
    model.setLimit(10);
    // Ten rows, and a last row saying there are more;
    QCOMPARE(model.rowCount(), 11);
    QVERIFY(model.hasMore());
    QVERIFY(model.index(10, 0).data(ui::RecordSearchModel::MoreRole).toBool());
    QVERIFY(!(model.flags(model.index(10, 0)) & Qt::ItemIsSelectable));
    QVERIFY(log.sql().last().contains(u"LIMIT"_s));
    // typing narrows the search in SQL, ordered by label.
    model.setSearchText(u"ali"_s);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, 0).data().toString(), u"alice"_s);
    QVERIFY(!model.hasMore());
    const auto alice = model.objectAt(0);
    QVERIFY(alice);
    QCOMPARE(alice->value(u"username"_s).toString(), u"alice"_s);
    // A number finds the row with that key.
    model.setSearchText(u"7"_s);
    QVERIFY(model.rowCount() >= 1);
}

void tst_RecordSearchModel::offersNewObjectsAndLeavesOutExcludedOnes()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    const orm::EntityMeta &tags = blog::Tag::staticMeta();
    auto fresh = doc->createObject(tags);
    QVERIFY(doc->stageValue(fresh, tags.columnIndex(u"name"_s), u"qt-fresh"_s));
    ui::RecordSearchModel model(doc.get(), tags);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setExcluded({doc->session().get<blog::Tag>(4)}); // qt
    model.setSearchText(u"qt"_s);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.objectAt(0), fresh);
    model.setExcluded({});
    model.refresh();
    QCOMPARE(model.rowCount(), 2);
}

void tst_RecordSearchModel::searchesLargeTablesByIndexedPrefix()
{
    // Given the users (username is unique, so indexed), counted and taken as a large table,
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    ui::RecordSearchModel model(doc.get(), blog::User::staticMeta());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLargeTableRows(10);
    model.requestTableCount();
    QTRY_VERIFY(!model.isCounting());
    QVERIFY(model.searchesByPrefix());
    StatementLog log(doc->engine().connection());
    // when the user types the start of a name,
    model.setSearchText(u"ali"_s);
    // then the label's index is looked up as a range and walked in its order, with a LIMIT:
    // no LIKE (a scan of every row) and no lower() (a sort of every match);
    const QStringList searches = searchesOf(log, u"users"_s);
    QCOMPARE(searches.size(), 1);
    const QString sql = searches.first();
    QVERIFY2(sql.contains(u"\"users\".\"username\" >= ?"_s), qPrintable(sql));
    QVERIFY2(!sql.contains(u"LIKE"_s), qPrintable(sql));
    QVERIFY2(!sql.contains(u"lower("_s), qPrintable(sql));
    QVERIFY2(sql.contains(u"ORDER BY \"users\".\"username\""_s), qPrintable(sql));
    QVERIFY(sql.contains(u"LIMIT"_s));
    // the names that start with it are offered, in order;
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, 0).data().toString(), u"alice"_s);
    for (int r = 0; r < model.rowCount(); ++r)
        QVERIFY(model.index(r, 0).data().toString().startsWith(u"ali"_s));
    // and text inside a name is not searched for (that would read every row).
    model.setSearchText(u"lice"_s);
    QCOMPARE(model.rowCount(), 0);
}

void tst_RecordSearchModel::searchesSmallTablesForTheTextAnywhere()
{
    // Given the 50 users, counted: a small table,
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    ui::RecordSearchModel model(doc.get(), blog::User::staticMeta());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.requestTableCount();
    QTRY_VERIFY(!model.isCounting());
    QVERIFY(!model.searchesByPrefix());
    StatementLog log(doc->engine().connection());
    // when the user types text from inside a name,
    model.setSearchText(u"lice"_s);
    // then the text is searched for anywhere (LIKE), ordered without regard to case.
    const QStringList searches = searchesOf(log, u"users"_s);
    QCOMPARE(searches.size(), 1);
    QVERIFY2(searches.first().contains(u"LIKE ? ESCAPE"_s), qPrintable(searches.first()));
    QVERIFY2(searches.first().contains(u"ORDER BY lower("_s), qPrintable(searches.first()));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, 0).data().toString(), u"alice"_s);
}

void tst_RecordSearchModel::pickerSearchesWhenTypingPausesAndAtOnceOnEnter()
{
    // Given a picker of tags to add,
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    ui::RecordPicker picker(doc.get(), blog::Tag::staticMeta(), ui::RecordPicker::Mode::Pick);
    std::vector<std::shared_ptr<orm::Entity>> picked;
    connect(&picker, &ui::RecordPicker::picked, this,
            [&picked](const std::shared_ptr<orm::Entity> &tag) { picked.push_back(tag); });
    picker.show();
    QVERIFY(QTest::qWaitForWindowActive(&picker));
    // (coming to it counts the tags in the background: a small table)
    picker.lineEdit()->setFocus();
    QTRY_VERIFY(picker.lineEdit()->hasFocus());
    QTRY_VERIFY(!picker.searchModel()->searchesByPrefix());
    StatementLog log(doc->engine().connection());
    // when a word is typed key by key,
    QTest::keyClicks(picker.lineEdit(), u"sq"_s);
    // then nothing is searched while typing goes on,
    QVERIFY(picker.isSearchPending());
    QCOMPARE(searchesOf(log, u"tags"_s).size(), 0);
    // and one search runs when it pauses, for the whole text;
    QTRY_VERIFY(picker.completer()->popup()->isVisible());
    QCOMPARE(searchesOf(log, u"tags"_s).size(), 1);
    QCOMPARE(picker.searchModel()->searchText(), u"sq"_s);
    QCOMPARE(picker.searchModel()->index(0, 0).data().toString(), u"sqlalchemy"_s);
    // Enter right after more typing searches at once: the first match of the new text is
    // picked, not the first of the list still shown.
    QTest::keyClicks(picker.lineEdit(), u"li"_s);
    QVERIFY(picker.isSearchPending());
    QWidget *popup = picker.completer()->popup();
    QTest::keyClick(popup->isVisible() ? popup : picker.lineEdit(), Qt::Key_Return);
    QCOMPARE(picked.size(), size_t(1));
    QCOMPARE(picked.front()->value(u"name"_s).toString(), u"sqlite"_s);
    QVERIFY(!picker.isSearchPending());
}

void tst_RecordSearchModel::aFocusedPickerSaysNothingAsItIsDestroyed()
{
    // Given a nullable foreign-key picker holding a user, emptied by the person, its line edit
    // still focused,
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    auto picker = std::make_unique<ui::RecordPicker>(doc.get(), blog::User::staticMeta(),
                                                     ui::RecordPicker::Mode::Value);
    picker->setNullability(ui::RecordPicker::Nullability::Nullable);
    picker->setValue(qint64(1));
    picker->show();
    QVERIFY(QTest::qWaitForWindowActive(picker.get()));
    picker->lineEdit()->setFocus();
    QTRY_VERIFY(picker->lineEdit()->hasFocus());
    picker->lineEdit()->clear();
    QSignalSpy edited(picker.get(), &ui::RecordPicker::valueEdited);
    QSignalSpy finished(picker.get(), &ui::RecordPicker::editingFinished);
    // when the picker is destroyed (the form it is in rebuilt), its line edit loses the focus
    // on the way,
    picker.reset();
    // then the half-destroyed picker neither clears its value nor reports anything.
    QCOMPARE(edited.count(), 0);
    QCOMPARE(finished.count(), 0);
}

QTEST_MAIN(tst_RecordSearchModel)
#include "tst_recordsearchmodel.moc"
