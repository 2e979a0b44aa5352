// SPDX-License-Identifier: MIT
// The entity-relationship diagram: every table and relationship of a 50-table file drawn
// without overlap, found by name, opened by a double-click, zoomed and panned, exported.

#include "guitestsupport.h"
#include "ui/erdiagramscene.h"
#include "ui/erdiagramwindow.h"
#include "ui/theme.h"

#include <QAction>
#include <QImage>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QWheelEvent>
#include <QXmlStreamReader>

using namespace guitest;

namespace {

// What the generated file holds, to compare the diagram with.
struct Expected
{
    QStringList tables; // every table and view
    int oneToOne = 0;
    int oneToMany = 0;
    int manyToMany = 0;
};

// 50 tables, each referring to up to three earlier ones (six deep at most); a unique (one-to-one)
// reference in every tenth, a reference to itself in every seventh; four association tables, a view
// and a trigger.
bool createFiftyTables(const QString &path, Expected *expected)
{
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    if (!engine)
        return false;
    orm::Connection &c = engine->connection();
    const auto name = [](int i) { return u"t%1"_s.arg(i, 2, 10, QLatin1Char('0')); };
    for (int i = 0; i < 50; ++i) {
        QStringList columns {u"id INTEGER PRIMARY KEY"_s, u"label%1 TEXT NOT NULL"_s.arg(i),
                             u"created DATETIME"_s};
        QList<int> refers;
        for (int r : {i / 2, (i * 7) % std::max(i, 1), (i * 13 + 5) % std::max(i, 1)}) {
            if (i > 0 && r >= 0 && r < i && !refers.contains(r))
                refers << r;
        }
        for (int r : refers)
            columns << u"%1_id INTEGER REFERENCES %1 (id)"_s.arg(name(r));
        expected->oneToMany += int(refers.size());
        if (i % 10 == 5) {
            columns << u"only_id INTEGER UNIQUE REFERENCES %1 (id)"_s.arg(name(i - 2));
            ++expected->oneToOne;
        }
        if (i % 7 == 3) {
            columns << u"parent_id INTEGER REFERENCES %1 (id)"_s.arg(name(i));
            ++expected->oneToMany;
        }
        if (!c.exec(u"CREATE TABLE %1 (%2)"_s.arg(name(i), columns.join(u", "_s))))
            return false;
        expected->tables << name(i);
    }
    for (const auto &[a, b] : {std::pair {1, 2}, {10, 20}, {30, 40}, {5, 45}}) {
        const QString table = u"link_%1_%2"_s.arg(a).arg(b);
        if (!c.exec(u"CREATE TABLE %1 (%2_id INTEGER REFERENCES %2 (id), "
                    "%3_id INTEGER REFERENCES %3 (id), PRIMARY KEY (%2_id, %3_id))"_s.arg(
                        table, name(a), name(b)))) {
            return false;
        }
        expected->tables << table;
        ++expected->manyToMany;
    }
    expected->tables << u"recent"_s;
    return c.exec(u"CREATE VIEW recent AS SELECT id, label0 FROM t00"_s)
        && c.exec(u"CREATE TRIGGER stamp AFTER INSERT ON t03 BEGIN "
                  "UPDATE t03 SET created = 1 WHERE id = new.id; END"_s);
}

QRectF boxOf(const ui::ErTableItem *item)
{
    return QRectF(item->pos(), item->size());
}

int countOf(const ui::ErDiagramScene *scene, ui::ErRelation::Kind kind)
{
    int n = 0;
    for (const ui::ErRelationItem *item : scene->relationItems())
        n += item->kind() == kind ? 1 : 0;
    return n;
}

// The point of a table's box on the viewport, as a person would aim at it.
QPoint aimAt(ui::ErDiagramView *view, const ui::ErTableItem *item)
{
    view->centerOn(item);
    return view->mapFromScene(boxOf(item).center());
}

} // namespace

class tst_ErDiagram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void boxesDoNotOverlap();
    void everyTableAndRelationshipDrawn();
    void typedModels();
    void searchSelectsAndCentres();
    void doubleClickOpensTable();
    void zoomAndPan();
    void followsTheDocument();
    void exports();
    void darkPalette();
    void inferredJoinTablesDrawnApart();

private:
    ui::ErDiagramWindow *diagram();

    QTemporaryDir m_dir;
    QString m_fifty;
    QString m_demo;
    Expected m_expected;
    Window m_w;
};

void tst_ErDiagram::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_fifty = m_dir.filePath(u"fifty.db"_s);
    QVERIFY(createFiftyTables(m_fifty, &m_expected));
    m_demo = demoDatabase(m_dir);
    QVERIFY(!m_demo.isEmpty());
}

void tst_ErDiagram::init()
{
    m_w = openReflected(copyOf(m_fifty, m_dir));
    QVERIFY(m_w->document());
}

void tst_ErDiagram::cleanup()
{
    m_w = Window {};
}

// Opened from the menu's action, as a person does (View > Entity-Relationship Diagram).
ui::ErDiagramWindow *tst_ErDiagram::diagram()
{
    QAction *open = m_w->action(ui::MainWindow::Action::ShowDiagram);
    if (!open || !open->isEnabled())
        return nullptr;
    QTest::keySequence(m_w.window.get(), open->shortcut());
    ui::ErDiagramWindow *window = m_w->diagramWindow();
    if (window && !QTest::qWaitForWindowExposed(window))
        return nullptr;
    return window;
}

void tst_ErDiagram::boxesDoNotOverlap()
{
    ui::ErDiagramWindow *window = diagram();
    QVERIFY(window);
    const QList<ui::ErTableItem *> &items = window->scene()->tableItems();
    QCOMPARE(items.size(), m_expected.tables.size());
    for (int i = 0; i < items.size(); ++i) {
        const QRectF a = boxOf(items[i]);
        QVERIFY(a.width() > 60 && a.height() > 30);
        QVERIFY(window->scene()->sceneRect().contains(a));
        for (int j = i + 1; j < items.size(); ++j) {
            QVERIFY2(!a.intersects(boxOf(items[j])),
                     qPrintable(items[i]->table().name + u" overlaps "_s + items[j]->table().name));
        }
    }
    // About as wide as tall: not one endless row or column.
    const QRectF all = window->scene()->sceneRect();
    QVERIFY2(all.width() < 6 * all.height() && all.height() < 6 * all.width(),
             qPrintable(u"%1 x %2"_s.arg(all.width()).arg(all.height())));
}

void tst_ErDiagram::everyTableAndRelationshipDrawn()
{
    ui::ErDiagramWindow *window = diagram();
    QVERIFY(window);
    ui::ErDiagramScene *scene = window->scene();
    for (const QString &name : m_expected.tables)
        QVERIFY2(scene->tableItem(name), qPrintable(name));
    QCOMPARE(countOf(scene, ui::ErRelation::Kind::OneToOne), m_expected.oneToOne);
    QCOMPARE(countOf(scene, ui::ErRelation::Kind::OneToMany), m_expected.oneToMany);
    QCOMPARE(countOf(scene, ui::ErRelation::Kind::ManyToMany), m_expected.manyToMany);

    // What each table is.
    QCOMPARE(scene->tableItem(u"recent"_s)->table().kind, ui::ErTable::Kind::View);
    QCOMPARE(scene->tableItem(u"link_10_20"_s)->table().kind, ui::ErTable::Kind::Association);
    QCOMPARE(scene->tableItem(u"t03"_s)->table().triggerCount, 1);
    QCOMPARE(scene->tableItem(u"t04"_s)->table().triggerCount, 0);
    const ui::ErTable &t15 = scene->tableItem(u"t15"_s)->table();
    const ui::ErColumn &id = t15.columns[t15.columnIndex(u"id"_s)];
    QVERIFY(id.primaryKey && !id.foreignKey && id.notNull);
    const ui::ErColumn &label = t15.columns[t15.columnIndex(u"label15"_s)];
    QVERIFY(!label.primaryKey && !label.foreignKey && label.notNull);
    const ui::ErColumn &only = t15.columns[t15.columnIndex(u"only_id"_s)];
    QVERIFY(only.foreignKey && !only.notNull);

    // Each connector joins the boxes of its tables: a many-to-many goes through its
    // association table to both ends.
    for (const ui::ErRelationItem *item : scene->relationItems()) {
        const ui::ErRelation &r = item->relation();
        const QRectF child = boxOf(scene->tableItems()[r.child]);
        const QRectF parent = boxOf(scene->tableItems()[r.parent]);
        const auto onSide = [](const QRectF &box, QPointF p) {
            return (qFuzzyCompare(p.x(), box.left()) || qFuzzyCompare(p.x(), box.right()))
                && p.y() > box.top() && p.y() < box.bottom();
        };
        if (r.kind == ui::ErRelation::Kind::ManyToMany) {
            QCOMPARE(item->legs().size(), 2);
            const QRectF via = boxOf(scene->tableItems()[r.via]);
            QVERIFY(onSide(via, item->legs()[0].start) && onSide(via, item->legs()[1].start));
            QVERIFY(onSide(child, item->legs()[0].end));
            QVERIFY(onSide(parent, item->legs()[1].end));
        } else {
            QCOMPARE(item->legs().size(), 1);
            QVERIFY(onSide(child, item->legs()[0].start));
            QVERIFY(onSide(parent, item->legs()[0].end));
            QCOMPARE(item->legs()[0].manyAtStart, r.kind == ui::ErRelation::Kind::OneToMany);
        }
        for (const ui::ErRelationItem::Leg &leg : item->legs()) {
            QVERIFY(!leg.path.isEmpty());
            QCOMPARE(leg.path.pointAtPercent(0), leg.start);
            QCOMPARE(leg.path.pointAtPercent(1), leg.end);
        }
    }
    QVERIFY(window->statusLabel()->text().contains(
        u"%1 relationships"_s.arg(scene->relationItems().size())));
}

void tst_ErDiagram::typedModels()
{
    m_w = openWindow(copyOf(m_demo, m_dir, u"blog.db"_s));
    ui::ErDiagramWindow *window = diagram();
    QVERIFY(window);
    ui::ErDiagramScene *scene = window->scene();
    for (const QString &name : {u"users"_s, u"posts"_s, u"tags"_s, u"post_tags"_s})
        QVERIFY2(scene->tableItem(name), qPrintable(name));
    QCOMPARE(scene->tableItem(u"post_tags"_s)->table().kind, ui::ErTable::Kind::Association);
    QVERIFY(scene->tableItem(u"users"_s)->table().entity);
    const auto find = [scene](const QString &child, const QString &parent) {
        for (const ui::ErRelationItem *item : scene->relationItems()) {
            const ui::ErRelation &r = item->relation();
            if (scene->schema().tables[r.child].name == child
                && scene->schema().tables[r.parent].name == parent) {
                return item;
            }
        }
        return static_cast<const ui::ErRelationItem *>(nullptr);
    };
    QVERIFY(find(u"posts"_s, u"users"_s));
    QCOMPARE(find(u"posts"_s, u"users"_s)->kind(), ui::ErRelation::Kind::OneToMany);
    QVERIFY(find(u"profiles"_s, u"users"_s));
    QCOMPARE(find(u"profiles"_s, u"users"_s)->kind(), ui::ErRelation::Kind::OneToOne);
    const ui::ErRelationItem *tags = find(u"posts"_s, u"tags"_s);
    QVERIFY(tags);
    QCOMPARE(tags->kind(), ui::ErRelation::Kind::ManyToMany);
    QCOMPARE(scene->schema().tables[tags->relation().via].name, u"post_tags"_s);
    for (int i = 0; i < scene->tableItems().size(); ++i) {
        for (int j = i + 1; j < scene->tableItems().size(); ++j)
            QVERIFY(!boxOf(scene->tableItems()[i]).intersects(boxOf(scene->tableItems()[j])));
    }
}

void tst_ErDiagram::searchSelectsAndCentres()
{
    ui::ErDiagramWindow *window = diagram();
    QVERIFY(window);
    ui::ErDiagramView *view = window->view();
    const auto selected = [window] {
        const QList<QGraphicsItem *> items = window->scene()->selectedItems();
        auto *table = items.size() == 1 ? dynamic_cast<ui::ErTableItem *>(items[0]) : nullptr;
        return table ? table->table().name : QString();
    };
    const auto centred = [view](const QString &) {
        const QList<QGraphicsItem *> items = view->scene()->selectedItems();
        if (items.size() != 1)
            return false;
        const QPoint at = view->mapFromScene(items[0]->sceneBoundingRect().center());
        const QPoint middle = view->viewport()->rect().center();
        return (at - middle).manhattanLength() <= 4;
    };
    QTest::keySequence(window, QKeySequence::Find);
    QVERIFY(window->searchField()->hasFocus());
    QTest::keyClicks(window->searchField(), u"T37"_s);
    QCOMPARE(selected(), u"t37"_s);
    QVERIFY(centred(u"t37"_s));
    QVERIFY(view->zoom() >= 0.5); // readable where it is

    // Enter goes through the matches: the names starting with the text, alphabetically.
    window->searchField()->clear();
    QTest::keyClicks(window->searchField(), u"t1"_s);
    QCOMPARE(selected(), u"t10"_s);
    QTest::keyClick(window->searchField(), Qt::Key_Return);
    QCOMPARE(selected(), u"t11"_s);
    QVERIFY(centred(u"t11"_s));
    QTest::keyClick(window->searchField(), Qt::Key_Return);
    QCOMPARE(selected(), u"t12"_s);
    QVERIFY(centred(u"t12"_s));

    QTest::keyClicks(window->searchField(), u"zz"_s);
    QVERIFY(window->statusBar()->currentMessage().contains(u"t1zz"_s));
}

void tst_ErDiagram::doubleClickOpensTable()
{
    ui::ErDiagramWindow *window = diagram();
    QVERIFY(window);
    QVERIFY(m_w->browser()->model());
    QVERIFY(m_w->browser()->model()->meta().tableName() != u"t23"_s);
    ui::ErDiagramView *view = window->view();
    view->setZoom(0.8);

    // A click selects (and highlights its relationships), and opens nothing.
    ui::ErTableItem *t24 = window->scene()->tableItem(u"t24"_s);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, aimAt(view, t24));
    QVERIFY(t24->isSelected());
    QVERIFY(!t24->relations().isEmpty());
    for (const ui::ErRelationItem *r : t24->relations())
        QVERIFY(r->isHighlighted());
    QVERIFY(m_w->browser()->model()->meta().tableName() != u"t24"_s);

    ui::ErTableItem *t23 = window->scene()->tableItem(u"t23"_s);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, aimAt(view, t23));
    QCOMPARE(m_w->browser()->model()->meta().tableName(), u"t23"_s);
    QVERIFY(t23->isSelected() && !t24->isSelected());

    // An association table is a relationship, not a table to browse: it says so.
    ui::ErTableItem *link = window->scene()->tableItem(u"link_1_2"_s);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, aimAt(view, link));
    QCOMPARE(m_w->browser()->model()->meta().tableName(), u"t23"_s);
    QVERIFY(window->statusBar()->currentMessage().contains(u"link_1_2"_s));
}

void tst_ErDiagram::zoomAndPan()
{
    ui::ErDiagramWindow *window = diagram();
    QVERIFY(window);
    ui::ErDiagramView *view = window->view();
    // Opened fitting the window: the whole diagram is in sight.
    QVERIFY(view->viewport()
                ->rect()
                .adjusted(-2, -2, 2, 2)
                .contains(view->mapFromScene(view->sceneRect()).boundingRect()));

    const qreal fitted = view->zoom();
    QTest::keyClick(window, Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(view->zoom() > fitted * 1.2);
    QTest::keyClick(window, Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(qAbs(view->zoom() - fitted) < 0.01);
    QTest::keyClick(window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(view->zoom(), 1.0);

    // Ctrl+wheel zooms; the wheel alone scrolls.
    const QPointF middle = view->viewport()->rect().center();
    QWheelEvent in(middle, view->viewport()->mapToGlobal(middle), {}, {0, 120}, Qt::NoButton,
                   Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &in);
    QVERIFY(view->zoom() > 1.1);
    const int top = view->verticalScrollBar()->value();
    QWheelEvent scroll(middle, view->viewport()->mapToGlobal(middle), {}, {0, -120}, Qt::NoButton,
                       Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &scroll);
    QVERIFY(view->verticalScrollBar()->value() > top);

    // Dragging moves the diagram with the pointer, even when it starts on a table.
    const QPoint from = aimAt(view, window->scene()->tableItem(u"t30"_s));
    const int h = view->horizontalScrollBar()->value();
    const int v = view->verticalScrollBar()->value();
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(view->viewport(), from - QPoint(20, 20));
    QTest::mouseMove(view->viewport(), from - QPoint(80, 60));
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, from - QPoint(80, 60));
    QCOMPARE(view->horizontalScrollBar()->value(), h + 80);
    QCOMPARE(view->verticalScrollBar()->value(), v + 60);
    QVERIFY(window->scene()->selectedItems().isEmpty()); // a drag is not a click

    QTest::keyClick(window, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(view->zoom(), fitted);
}

void tst_ErDiagram::followsTheDocument()
{
    ui::ErDiagramWindow *window = diagram();
    QVERIFY(window);
    QVERIFY(window->scene()->tableItem(u"t00"_s));
    QVERIFY(window->windowTitle().contains(u"copy.db"_s));
    // Another file opened in the main window: the diagram is of it.
    QVERIFY(m_w->openDatabase(copyOf(m_demo, m_dir, u"blog.db"_s)));
    QVERIFY(!window->scene()->tableItem(u"t00"_s));
    QVERIFY(window->scene()->tableItem(u"users"_s));
    QVERIFY(window->windowTitle().contains(u"blog.db"_s));
    QTest::mouseDClick(window->view()->viewport(), Qt::LeftButton, {},
                       aimAt(window->view(), window->scene()->tableItem(u"tags"_s)));
    QCOMPARE(m_w->browser()->model()->meta().tableName(), u"tags"_s);
}

void tst_ErDiagram::exports()
{
    ui::ErDiagramWindow *window = diagram();
    QVERIFY(window);
    window->scene()->tableItem(u"t05"_s)->setSelected(true);

    // SVG: well-formed XML with every table's name.
    const QString svgPath = m_dir.filePath(u"diagram.svg"_s);
    m_w.prompts->fileToSave = svgPath;
    window->action(ui::ErDiagramWindow::Action::ExportSvg)->trigger();
    QCOMPARE(m_w.prompts->saveFilters.value(0), u"SVG drawing (*.svg)"_s);
    QFile svg(svgPath);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svg);
    QString text;
    bool isSvg = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == u"svg"_s)
            isSvg = true;
        if (xml.isCharacters())
            text += xml.text() + u"\n"_s;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(isSvg);
    const QStringList texts = text.split(u'\n');
    for (const QString &name : m_expected.tables)
        QVERIFY2(texts.contains(name), qPrintable(name));

    // PNG: an image of the whole scene.
    const QString pngPath = m_dir.filePath(u"diagram.png"_s);
    m_w.prompts->fileToSave = pngPath;
    window->action(ui::ErDiagramWindow::Action::ExportPng)->trigger();
    QImage image(pngPath);
    QVERIFY(!image.isNull());
    // At the diagram's size, or scaled down to what image readers accept.
    const QSizeF natural = window->scene()->diagramRect().size();
    QCOMPARE(image.size(), window->imageSize());
    if (natural.width() * natural.height() <= ui::ErDiagramWindow::maximumImagePixels)
        QCOMPARE(image.size(), natural.toSize());
    QVERIFY(qAbs(image.width() / qreal(image.height()) - natural.width() / natural.height())
            < 0.01);
    // Drawn: the background and more than one other colour (boxes, text).
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY(colours.size() > 3);
    QVERIFY(window->scene()->tableItem(u"t05"_s)->isSelected()); // as it was

    // A folder that does not exist: said where the person looks, nothing else happens.
    m_w.prompts->fileToSave = m_dir.filePath(u"missing/diagram.png"_s);
    window->action(ui::ErDiagramWindow::Action::ExportPng)->trigger();
    QCOMPARE(m_w.prompts->errors.size(), 1);
    QVERIFY(m_w.prompts->errors[0].contains(u"missing"_s));
}

// The boxes, their text and the background follow the palette: light text on dark boxes.
void tst_ErDiagram::darkPalette()
{
    ui::ErDiagramWindow *window = diagram();
    QVERIFY(window);
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2a, 0x2a, 0x2a));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    QVERIFY(ui::Theme::isDark(dark));
    window->setPalette(dark);
    const QString path = m_dir.filePath(u"dark.png"_s);
    QVERIFY(window->exportPng(path));
    const QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY(qGray(image.pixel(2, 2)) < 80); // the background
    // Inside a box, below its header: the box's dark colour and its light text.
    const QRectF diagram = window->scene()->diagramRect();
    const qreal scale = image.width() / diagram.width();
    const ui::ErTableItem *t10 = window->scene()->tableItem(u"t10"_s);
    const QRectF rows = QRectF(t10->pos() - diagram.topLeft(), t10->size())
                            .adjusted(4, t10->rowCentre(0) - 6, -4, -4);
    int darkPixels = 0;
    int lightPixels = 0;
    int pixels = 0;
    for (qreal y = rows.top(); y < rows.bottom(); y += 1) {
        for (qreal x = rows.left(); x < rows.right(); x += 1) {
            const int grey = qGray(image.pixel(QPointF(x * scale, y * scale).toPoint()));
            darkPixels += grey < 60 ? 1 : 0;
            lightPixels += grey > 150 ? 1 : 0;
            ++pixels;
        }
    }
    QVERIFY2(darkPixels > pixels / 2 && lightPixels > 0,
             qPrintable(u"%1 dark, %2 light of %3"_s.arg(darkPixels).arg(lightPixels).arg(pixels)));
}

void tst_ErDiagram::inferredJoinTablesDrawnApart()
{
    // Given a Rails database: a create_join_table table with no foreign keys,
    const QString path = m_dir.filePath(u"rails.db"_s);
    QVERIFY(makeDatabase(
        path,
        {u"CREATE TABLE products (id integer PRIMARY KEY AUTOINCREMENT, title varchar)"_s,
         u"CREATE TABLE categories (id integer PRIMARY KEY AUTOINCREMENT, name varchar)"_s,
         u"CREATE TABLE categories_products (product_id bigint NOT NULL, "
         "category_id bigint NOT NULL)"_s}));
    m_w = openReflected(path);
    QVERIFY(m_w->document());
    ui::ErDiagramWindow *window = diagram();
    QVERIFY(window);
    // the diagram draws the many-to-many through it, marked as inferred.
    ui::ErDiagramScene *scene = window->scene();
    QCOMPARE(scene->tableItem(u"categories_products"_s)->table().kind,
             ui::ErTable::Kind::Association);
    QCOMPARE(countOf(scene, ui::ErRelation::Kind::ManyToMany), 1);
    const ui::ErRelationItem *link = scene->relationItems().constFirst();
    QVERIFY(link->relation().inferred);
    QCOMPARE(scene->schema().tables[link->relation().via].name, u"categories_products"_s);
    QCOMPARE(link->legs().size(), 2);
    QVERIFY2(link->toolTip().contains(u"inferred"_s), qPrintable(link->toolTip()));
}

QTEST_MAIN(tst_ErDiagram)
#include "tst_erdiagram.moc"
