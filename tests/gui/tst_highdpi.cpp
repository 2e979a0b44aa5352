// SPDX-License-Identifier: MIT
// The window on a high-DPI screen: this suite runs with QT_SCALE_FACTOR=2 (see CMakeLists.txt),
// as on a screen with twice the pixels per inch. Everything keeps its size in logical pixels
// and is drawn with twice the pixels: nothing is a blurry upscale of a small bitmap.

#include "guitestsupport.h"

#include <QToolBar>

using namespace guitest;

class tst_HighDpi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theWindowIsDrawnWithTwiceThePixels();
    void toolbarIconsAreSharp();
    void rowsAndFieldsFitTheirText();
    void aBlobThumbnailIsDecodedForTheScreen();

private:
    QTemporaryDir m_dir;
    QString m_demo;
};

void tst_HighDpi::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
    QVERIFY2(qFuzzyCompare(qApp->devicePixelRatio(), 2.0),
             "run with QT_SCALE_FACTOR=2, as CTest does");
}

void tst_HighDpi::theWindowIsDrawnWithTwiceThePixels()
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    QVERIFY(clickEntity(*w, u"Users"_s));
    QTRY_VERIFY(tableModel(*w)->rowCount() > 0);
    QCOMPARE(w->devicePixelRatio(), 2.0);
    const QImage shot = w->grab().toImage();
    QCOMPARE(shot.devicePixelRatio(), 2.0);
    QCOMPARE(shot.size(), w->size() * 2);
    // The table's text is drawn: its first cell is not the background colour alone.
    QTableView *view = table(*w);
    const QRect cell = view->visualRect(view->model()->index(0, 1));
    const QImage cellShot = view->viewport()->grab(cell).toImage();
    QCOMPARE(cellShot.size(), cell.size() * 2);
    QSet<QRgb> colours;
    for (int y = 0; y < cellShot.height(); ++y) {
        for (int x = 0; x < cellShot.width(); ++x)
            colours.insert(cellShot.pixel(x, y));
    }
    QVERIFY2(colours.size() > 2, "the first cell shows no text");
}

void tst_HighDpi::toolbarIconsAreSharp()
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    const QList<QToolBar *> bars = w->findChildren<QToolBar *>();
    QVERIFY(!bars.isEmpty());
    int icons = 0;
    for (QToolBar *bar : bars) {
        for (QAction *a : bar->actions()) {
            if (a->icon().isNull())
                continue;
            // Asked for at the toolbar's size, an icon comes with a pixel per device pixel.
            const QPixmap pm = a->icon().pixmap(bar->iconSize());
            QCOMPARE(pm.devicePixelRatio(), 2.0);
            QVERIFY2(pm.size() == bar->iconSize() * 2,
                     qPrintable(u"%1: %2×%3"_s.arg(a->text()).arg(pm.width()).arg(pm.height())));
            ++icons;
        }
    }
    QVERIFY(icons >= 5);
}

void tst_HighDpi::rowsAndFieldsFitTheirText()
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    QVERIFY(clickEntity(*w, u"Users"_s));
    QTRY_VERIFY(tableModel(*w)->rowCount() > 0);
    clickCell(*w, 0);
    QTableView *view = table(*w);
    // Sizes are logical: a row is as tall as a line of its font, whatever the scale.
    QVERIFY(view->rowHeight(0) >= view->fontMetrics().height());
    ui::RecordForm *form = w->form();
    QTRY_VERIFY(lineEditOf(form, u"username"_s));
    QLineEdit *name = lineEditOf(form, u"username"_s);
    QVERIFY(name->isVisible());
    QVERIFY(name->height() >= name->fontMetrics().height());
    QVERIFY(name->width() >= name->fontMetrics().horizontalAdvance(name->text()));
}

void tst_HighDpi::aBlobThumbnailIsDecodedForTheScreen()
{
    // Given an image of 400 × 300 in a blob column,
    const QString path = m_dir.filePath(u"blobs.db"_s);
    QVERIFY(blobDatabase(path, QSize(400, 300), {QByteArray()}));
    auto doc = openReflectedDocument(path);
    QVERIFY(doc);
    const orm::EntityMeta &meta = *doc->catalog().entityForTable(u"files"_s);
    ui::RecordForm form;
    form.setDocument(doc.get());
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    // when its row is shown, the thumbnail takes 160 × 120 logical pixels and has a pixel
    // for each device pixel.
    form.setObject(doc->session().get(meta, qint64(1)));
    auto *preview = form.editor(u"data"_s)->findChild<QLabel *>(u"blobPreview"_s);
    QVERIFY(preview && preview->isVisible());
    const QPixmap pm = preview->pixmap();
    QCOMPARE(pm.devicePixelRatio(), 2.0);
    QCOMPARE(pm.deviceIndependentSize().toSize(), QSize(160, 120));
    QCOMPARE(pm.size(), QSize(320, 240));
}

QTEST_MAIN(tst_HighDpi)
#include "tst_highdpi.moc"
