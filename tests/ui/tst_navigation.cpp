// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "ui/navigation.h"

using namespace uitest;

class tst_Navigation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backAndForwardLikeABrowser();
    void selectingAnotherRowReplacesTheCurrentPlace();
    void resolvesPlacesThroughTheSession();
};

void tst_Navigation::backAndForwardLikeABrowser()
{
    ui::NavigationHistory h;
    QSignalSpy changed(&h, &ui::NavigationHistory::changed);
    QVERIFY(!h.canGoBack());
    h.visit(ui::Location::of(&blog::User::staticMeta()));
    h.visit(ui::Location::of(&blog::Post::staticMeta()));
    h.visit(ui::Location::of(&blog::Tag::staticMeta()));
    QCOMPARE(h.entries().size(), 3);
    QVERIFY(h.canGoBack());
    QCOMPARE(h.back().entity, &blog::Post::staticMeta());
    QCOMPARE(h.back().entity, &blog::User::staticMeta());
    QVERIFY(!h.canGoBack());
    QCOMPARE(h.forward().entity, &blog::Post::staticMeta());
    // A new visit drops what was ahead.
    h.visit(ui::Location::of(&blog::Group::staticMeta()));
    QVERIFY(!h.canGoForward());
    QCOMPARE(h.entries().size(), 3);
    QCOMPARE(h.current().entity, &blog::Group::staticMeta());
    QVERIFY(changed.count() >= 6);
    QCOMPARE(h.goTo(0).entity, &blog::User::staticMeta());
}

void tst_Navigation::selectingAnotherRowReplacesTheCurrentPlace()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    auto alice = doc->session().get<blog::User>(1);
    auto bob = doc->session().get<blog::User>(2);
    auto post = doc->session().get<blog::Post>(1);
    ui::NavigationHistory h;
    h.visit(ui::Location::of(alice));
    h.visit(ui::Location::of(bob), ui::NavigationHistory::VisitMode::ReplaceCurrent);
    QCOMPARE(h.entries().size(), 1);
    QCOMPARE(h.current().label, u"bob"_s);
    h.visit(ui::Location::of(post), ui::NavigationHistory::VisitMode::ReplaceCurrent);
    QCOMPARE(h.entries().size(), 2); // another table: a new place
    h.visit(ui::Location::of(post));
    QCOMPARE(h.entries().size(), 2); // the same place twice is one place
}

void tst_Navigation::resolvesPlacesThroughTheSession()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    ui::Location l = ui::Location::of(doc->session().get<blog::User>(3));
    QCOMPARE(l.key.toLongLong(), 3);
    QCOMPARE(l.resolve(doc->session()), doc->session().get<blog::User>(3));
    // A new object is found by identity (it has no key yet).
    auto tag = doc->createObject(blog::Tag::staticMeta());
    ui::Location n = ui::Location::of(tag);
    QVERIFY(n.key.isNull());
    QCOMPARE(n.resolve(doc->session()), tag);
}

QTEST_MAIN(tst_Navigation)
#include "tst_navigation.moc"
