// SPDX-License-Identifier: MIT
#include "ui/erdiagramwindow.h"

#include "ui/document.h"
#include "ui/erdiagramscene.h"
#include "ui/prompts.h"
#include "ui/theme.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPainter>
#include <QSaveFile>
#include <QScrollBar>
#include <QStatusBar>
#include <QSvgGenerator>
#include <QToolBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace ui {

// ---- ErDiagramView ----------------------------------------------------------------------------

ErDiagramView::ErDiagramView(ErDiagramScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(NoDrag);
    setTransformationAnchor(AnchorViewCenter);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setBackgroundBrush(palette().color(QPalette::Window));
    scene->setColours(palette());
    viewport()->setCursor(Qt::OpenHandCursor);
    setToolTip(tr("Double-click a table to open it; drag to move around; Ctrl+wheel zooms"));
}

qreal ErDiagramView::zoom() const
{
    return transform().m11();
}

void ErDiagramView::setZoom(qreal zoom)
{
    zoom = std::clamp(zoom, minimumZoom, maximumZoom);
    setTransform(QTransform::fromScale(zoom, zoom));
    Q_EMIT zoomChanged(zoom);
}

void ErDiagramView::zoomBy(qreal factor)
{
    setZoom(zoom() * factor);
}

void ErDiagramView::fitToWindow()
{
    auto *diagram = qobject_cast<ErDiagramScene *>(scene());
    if (!diagram)
        return;
    const QRectF all = diagram->diagramRect();
    setSceneRect(all);
    if (all.isEmpty())
        return;
    // The room without scroll bars, which the whole diagram then does not need. A small
    // diagram is not magnified beyond its natural size.
    const QSizeF room = maximumViewportSize() - QSize(4, 4);
    setZoom(std::min({room.width() / all.width(), room.height() / all.height(), 1.0}));
    centerOn(all.center());
}

void ErDiagramView::centreOn(const QGraphicsItem *item)
{
    // Room around the diagram, as much as needed to bring a table at its edge to the middle.
    const QPointF centre = item->sceneBoundingRect().center();
    const QSizeF half = QSizeF(viewport()->size()) / zoom() / 2;
    setSceneRect(sceneRect().united(QRectF(centre - QPointF(half.width(), half.height()),
                                           centre + QPointF(half.width(), half.height()))));
    centerOn(centre);
}

void ErDiagramView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int steps = event->angleDelta().y();
        if (steps != 0) {
            const ViewportAnchor anchor = transformationAnchor();
            setTransformationAnchor(AnchorUnderMouse);
            zoomBy(std::pow(1.0015, steps));
            setTransformationAnchor(anchor);
        }
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

ErTableItem *ErDiagramView::tableAt(const QPoint &pos) const
{
    const QList<QGraphicsItem *> found = items(pos);
    for (QGraphicsItem *item : found) {
        if (auto *table = dynamic_cast<ErTableItem *>(item))
            return table;
    }
    return nullptr;
}

void ErDiagramView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QGraphicsView::mousePressEvent(event);
        return;
    }
    m_pressed = true;
    m_panning = false;
    m_pressPos = m_lastPos = event->position().toPoint();
    event->accept();
}

void ErDiagramView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_pressed) {
        QGraphicsView::mouseMoveEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    if (!m_panning && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        m_panning = true;
        viewport()->setCursor(Qt::ClosedHandCursor);
    }
    if (m_panning) {
        const QPoint delta = pos - m_lastPos;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
    }
    m_lastPos = pos;
    event->accept();
}

void ErDiagramView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_pressed) {
        QGraphicsView::mouseReleaseEvent(event);
        return;
    }
    m_pressed = false;
    viewport()->setCursor(Qt::OpenHandCursor);
    if (!m_panning && scene()) {
        // A click: the table under the pointer becomes the one selected.
        scene()->clearSelection();
        if (ErTableItem *table = tableAt(event->position().toPoint()))
            table->setSelected(true);
    }
    m_panning = false;
    event->accept();
}

void ErDiagramView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QGraphicsView::mouseDoubleClickEvent(event);
        return;
    }
    m_pressed = false;
    if (ErTableItem *table = tableAt(event->position().toPoint())) {
        scene()->clearSelection();
        table->setSelected(true);
        Q_EMIT tableActivated(table);
    }
    event->accept();
}

void ErDiagramView::changeEvent(QEvent *event)
{
    auto *diagram = qobject_cast<ErDiagramScene *>(scene());
    if (event->type() == QEvent::PaletteChange && diagram) {
        diagram->setColours(palette());
        setBackgroundBrush(palette().color(QPalette::Window));
    }
    QGraphicsView::changeEvent(event);
}

// ---- ErDiagramWindow --------------------------------------------------------------------------

ErDiagramWindow::ErDiagramWindow(std::function<Prompts &()> prompts, QWidget *parent)
    : QMainWindow(parent, Qt::Window)
    , m_prompts(std::move(prompts))
    , m_scene(new ErDiagramScene(this))
    , m_view(new ErDiagramView(m_scene, this))
{
    setObjectName(u"erDiagramWindow"_s);
    setWindowTitle(tr("Entity-Relationship Diagram"));
    m_scene->setFont(font());
    setCentralWidget(m_view);
    m_status = new QLabel(this);
    statusBar()->addPermanentWidget(m_status);
    createActions();
    connect(m_view, &ErDiagramView::tableActivated, this, &ErDiagramWindow::activate);
    resize(1100, 750);
}

ErDiagramWindow::~ErDiagramWindow() = default;

void ErDiagramWindow::createActions()
{
    QToolBar *bar = addToolBar(tr("Diagram"));
    bar->setObjectName(u"diagramToolBar"_s);
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto make = [this, bar](Action id, const QString &text, const QList<QKeySequence> &keys,
                            const QString &tip) {
        auto *a = new QAction(text, this);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        const QString shortcut =
            keys.isEmpty() ? QString() : keys.first().toString(QKeySequence::NativeText);
        a->setToolTip(shortcut.isEmpty() ? tip : u"%1 (%2)"_s.arg(tip, shortcut));
        m_actions.insert(id, a);
        addAction(a);
        if (id != Action::Find)
            bar->addAction(a);
        return a;
    };
    QAction *a = make(Action::ZoomIn, tr("Zoom In"),
                      {QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)},
                      tr("Show the diagram larger"));
    connect(a, &QAction::triggered, this, [this] { m_view->zoomBy(1.25); });
    a = make(Action::ZoomOut, tr("Zoom Out"), {QKeySequence::ZoomOut},
             tr("Show more of the diagram"));
    connect(a, &QAction::triggered, this, [this] { m_view->zoomBy(1 / 1.25); });
    a = make(Action::FitToWindow, tr("Fit to Window"), {QKeySequence(Qt::CTRL | Qt::Key_0)},
             tr("Show the whole diagram"));
    connect(a, &QAction::triggered, m_view, &ErDiagramView::fitToWindow);
    a = make(Action::ActualSize, tr("Actual Size"), {QKeySequence(Qt::CTRL | Qt::Key_1)},
             tr("Show the diagram at its natural size"));
    connect(a, &QAction::triggered, this, [this] { m_view->setZoom(1); });
    bar->addSeparator();

    m_search = new QLineEdit(this);
    m_search->setObjectName(u"diagramSearch"_s);
    m_search->setClearButtonEnabled(true);
    m_search->setPlaceholderText(tr("Find a table…"));
    m_search->setToolTip(tr("Type part of a table's name; Enter goes to the next match"));
    m_search->setMaximumWidth(260);
    bar->addWidget(m_search);
    connect(m_search, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_lastSearch.clear();
        if (!text.isEmpty())
            (void)findTable(text);
    });
    connect(m_search, &QLineEdit::returnPressed, this,
            [this] { (void)findTable(m_search->text()); });
    a = make(Action::Find, tr("Find a Table"), {QKeySequence::Find}, tr("Find a table"));
    connect(a, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    bar->addSeparator();

    a = make(Action::ExportSvg, tr("Export SVG…"), {QKeySequence(Qt::CTRL | Qt::Key_E)},
             tr("Save the whole diagram as an SVG drawing"));
    connect(a, &QAction::triggered, this, [this] { exportFromDialog(Action::ExportSvg); });
    a = make(Action::ExportPng, tr("Export PNG…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
             tr("Save the whole diagram as a PNG image"));
    connect(a, &QAction::triggered, this, [this] { exportFromDialog(Action::ExportPng); });

    auto *close = new QAction(tr("Close"), this);
    close->setShortcuts({QKeySequence::Close, QKeySequence(Qt::Key_Escape)});
    connect(close, &QAction::triggered, this, &QWidget::close);
    addAction(close);
}

QString ErDiagramWindow::summary() const
{
    return tr("%n table(s)", nullptr, int(m_scene->tableItems().size())) + u", "_s
        + tr("%n relationship(s)", nullptr, int(m_scene->relationItems().size())) + u" · "_s
        + tr("Double-click a table to open it");
}

void ErDiagramWindow::setDocument(const Document *document)
{
    m_scene->setSchema(document ? describeErSchema(*document) : ErSchema {});
    m_databaseName = document ? document->displayName() : QString();
    setWindowTitle(m_databaseName.isEmpty()
                       ? tr("Entity-Relationship Diagram")
                       : tr("Entity-Relationship Diagram — %1").arg(m_databaseName));
    m_status->setText(summary());
    m_lastSearch.clear();
    m_lastMatch = -1;
    m_search->clear();
    m_fitPending = true;
    if (isVisible()) {
        m_view->fitToWindow();
        m_fitPending = false;
    }
}

void ErDiagramWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_fitPending) {
        m_view->fitToWindow();
        m_fitPending = false;
    }
}

bool ErDiagramWindow::findTable(const QString &text)
{
    const QString wanted = text.trimmed();
    QList<ErTableItem *> matches;
    for (ErTableItem *item : m_scene->tableItems()) {
        item->setFound(false);
        if (!wanted.isEmpty() && item->table().name.contains(wanted, Qt::CaseInsensitive))
            matches << item;
    }
    // The exact name first, then names that start with the text, then the others; each
    // alphabetically.
    const auto rank = [&wanted](const ErTableItem *item) {
        const QString &name = item->table().name;
        if (name.compare(wanted, Qt::CaseInsensitive) == 0)
            return 0;
        return name.startsWith(wanted, Qt::CaseInsensitive) ? 1 : 2;
    };
    std::stable_sort(matches.begin(), matches.end(), [&rank](ErTableItem *a, ErTableItem *b) {
        const int ra = rank(a);
        const int rb = rank(b);
        if (ra != rb)
            return ra < rb;
        return a->table().name.compare(b->table().name, Qt::CaseInsensitive) < 0;
    });
    QPalette searchPalette = m_search->palette();
    if (matches.isEmpty()) {
        searchPalette.setColor(QPalette::Text, Theme::errorColor(palette()));
        m_search->setPalette(searchPalette);
        showStatus(tr("No table's name contains “%1”").arg(wanted));
        m_lastSearch.clear();
        return false;
    }
    m_search->setPalette(QPalette());
    if (wanted.compare(m_lastSearch, Qt::CaseInsensitive) == 0)
        m_lastMatch = (m_lastMatch + 1) % int(matches.size());
    else
        m_lastMatch = 0;
    m_lastSearch = wanted;
    ErTableItem *item = matches[m_lastMatch];
    m_scene->clearSelection();
    item->setSelected(true);
    item->setFound(true);
    // Readable where it is found.
    if (m_view->zoom() < 0.5)
        m_view->setZoom(0.5);
    m_view->centreOn(item);
    showStatus(tr("%1: match %2 of %3 (Enter: next)")
                   .arg(item->table().name)
                   .arg(m_lastMatch + 1)
                   .arg(matches.size()));
    return true;
}

void ErDiagramWindow::activate(ErTableItem *item)
{
    const ErTable &table = item->table();
    if (table.entity) {
        showStatus(tr("%1 opened in the main window").arg(table.name));
        Q_EMIT openRequested(table.entity);
        return;
    }
    showStatus(table.kind == ErTable::Kind::Association
                   ? tr("%1 links rows of other tables: its links are shown in their "
                        "relationships")
                         .arg(table.name)
                   : tr("%1 cannot be opened").arg(table.name));
}

void ErDiagramWindow::showStatus(const QString &text)
{
    statusBar()->showMessage(text, 8000);
}

namespace {

// Renders the whole diagram, without the selection and search marks, on its background.
void renderDiagram(ErDiagramScene *scene, QPainter *painter, const QSizeF &size,
                   const QColor &background)
{
    const QRectF source = scene->diagramRect();
    const QRectF target(QPointF(0, 0), size);
    QList<QGraphicsItem *> selected = scene->selectedItems();
    scene->clearSelection();
    painter->fillRect(target, background);
    scene->render(painter, target, source);
    for (QGraphicsItem *item : selected)
        item->setSelected(true);
}

} // namespace

bool ErDiagramWindow::exportSvg(const QString &path)
{
    QBuffer buffer;
    const QRectF source = m_scene->diagramRect();
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    generator.setTitle(windowTitle());
    generator.setDescription(summary());
    QPainter painter;
    if (!painter.begin(&generator)) {
        m_lastError = tr("The drawing cannot be made");
        return false;
    }
    renderDiagram(m_scene, &painter, source.size(), m_view->backgroundBrush().color());
    painter.end();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(buffer.data()) != buffer.size()
        || !file.commit()) {
        m_lastError = tr("%1 cannot be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QSize ErDiagramWindow::imageSize() const
{
    const QSizeF size = m_scene->diagramRect().size();
    const qreal area = size.width() * size.height();
    const qreal scale = area > maximumImagePixels ? std::sqrt(maximumImagePixels / area) : 1.0;
    return (size * scale).toSize();
}

bool ErDiagramWindow::exportPng(const QString &path)
{
    const QSize size = imageSize();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        m_lastError = tr("The diagram is too large for an image of %1 × %2 pixels")
                          .arg(size.width())
                          .arg(size.height());
        return false;
    }
    {
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        renderDiagram(m_scene, &painter, size, m_view->backgroundBrush().color());
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        m_lastError = tr("%1 cannot be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void ErDiagramWindow::exportFromDialog(Action format)
{
    const bool svg = format == Action::ExportSvg;
    QString base = m_databaseName.isEmpty() ? tr("diagram") : QFileInfo(m_databaseName).baseName();
    const QString suggested = base + (svg ? u".svg"_s : u".png"_s);
    const QString path = m_prompts().chooseFileToSave(
        this, svg ? tr("Export Diagram as SVG") : tr("Export Diagram as PNG"), suggested,
        svg ? tr("SVG drawing (*.svg)") : tr("PNG image (*.png)"));
    if (path.isEmpty())
        return;
    const bool written = svg ? exportSvg(path) : exportPng(path);
    if (!written) {
        m_prompts().showError(this, tr("Export"), m_lastError);
        return;
    }
    showStatus(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

} // namespace ui
