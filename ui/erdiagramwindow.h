// SPDX-License-Identifier: MIT
#pragma once

#include <QGraphicsView>
#include <QHash>
#include <QMainWindow>

#include <functional>

class QAction;
class QLabel;
class QLineEdit;

namespace orm {
class EntityMeta;
} // namespace orm

namespace ui {

class Document;
class ErDiagramScene;
class ErTableItem;
class Prompts;

// The diagram's view: Ctrl+wheel zooms about the pointer, dragging anywhere pans (as do the
// scroll bars and the wheel), a click selects a table (its relationships are highlighted) and
// a double-click asks for it to be opened.
class ErDiagramView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit ErDiagramView(ErDiagramScene *scene, QWidget *parent = nullptr);

    qreal zoom() const;
    void setZoom(qreal zoom);
    void zoomBy(qreal factor);
    void fitToWindow();
    // Scrolls the item to the middle of the view, beyond the diagram's edge when needed.
    void centreOn(const QGraphicsItem *item);
    static constexpr qreal minimumZoom = 0.05;
    static constexpr qreal maximumZoom = 4;

Q_SIGNALS:
    void tableActivated(ErTableItem *table);
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    ErTableItem *tableAt(const QPoint &pos) const;

    QPoint m_pressPos;
    QPoint m_lastPos;
    bool m_pressed = false;
    bool m_panning = false;
};

// View > Entity-Relationship Diagram: every table and view of the open database with its
// columns and keys, and the relationships between them (ErDiagramScene), in a window of its
// own that follows the main window's document. A toolbar zooms, finds a table by name (Enter:
// the next match) and exports the diagram as SVG or PNG. Double-clicking a table asks the main
// window to open it (openRequested()).
class ErDiagramWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Action { ZoomIn, ZoomOut, FitToWindow, ActualSize, Find, ExportSvg, ExportPng };

    // prompts: where the export asks for a file name.
    ErDiagramWindow(std::function<Prompts &()> prompts, QWidget *parent = nullptr);
    ~ErDiagramWindow() override;

    // Draws the document's tables (none for null). The window keeps no pointer to it.
    void setDocument(const Document *document);

    ErDiagramScene *scene() const { return m_scene; }
    ErDiagramView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    QAction *action(Action id) const { return m_actions.value(id); }
    QLabel *statusLabel() const { return m_status; }

    // Selects and centres the next table whose name contains text (the first for a new text);
    // false when none does.
    bool findTable(const QString &text);
    // Writes the whole diagram; false with lastError() when the file cannot be written.
    [[nodiscard]] bool exportSvg(const QString &path);
    [[nodiscard]] bool exportPng(const QString &path);
    // The PNG's size: the diagram's at its natural size, scaled down to at most
    // maximumImagePixels (an image larger than 128 MB is refused by Qt's own readers).
    QSize imageSize() const;
    static constexpr qreal maximumImagePixels = 30e6;
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void openRequested(const orm::EntityMeta *entity);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void createActions();
    void activate(ErTableItem *item);
    void exportFromDialog(Action format);
    void showStatus(const QString &text);
    QString summary() const;

    std::function<Prompts &()> m_prompts;
    ErDiagramScene *m_scene;
    ErDiagramView *m_view;
    QLineEdit *m_search = nullptr;
    QLabel *m_status = nullptr;
    QHash<Action, QAction *> m_actions;
    QString m_databaseName;
    QString m_lastSearch;
    int m_lastMatch = -1;
    QString m_lastError;
    bool m_fitPending = true;
};

} // namespace ui
