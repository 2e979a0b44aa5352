// SPDX-License-Identifier: MIT
#include "ui/theme.h"

#include <QApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

// Paints one glyph on a 24 x 24 grid, in the palette's colours for the icon's mode.
class GlyphIconEngine final : public QIconEngine
{
public:
    explicit GlyphIconEngine(Theme::Icon id)
        : m_id(id)
    { }

    QIconEngine *clone() const override { return new GlyphIconEngine(m_id); }
    QString key() const override { return u"rowsmith-glyph"_s; }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        const QPalette palette = QApplication::palette();
        QColor ink = palette.color(QPalette::Active, QPalette::WindowText);
        if (mode == QIcon::Disabled) {
            ink = palette.color(QPalette::Disabled, QPalette::WindowText);
            ink.setAlphaF(0.45f);
        } else if (mode == QIcon::Selected) {
            ink = palette.color(QPalette::Active, QPalette::HighlightedText);
        }
        const bool muted = mode == QIcon::Disabled;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const qreal side = qMin(rect.width(), rect.height());
        painter->translate(rect.x() + (rect.width() - side) / 2.0,
                           rect.y() + (rect.height() - side) / 2.0);
        painter->scale(side / 24.0, side / 24.0);
        draw(*painter, ink, palette, muted);
        painter->restore();
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    // QIcon::pixmap() asks for the size in device pixels already (size × scale): the glyph
    // is painted on exactly that many pixels, in logical coordinates.
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override
    {
        QPixmap pm(size);
        pm.setDevicePixelRatio(scale);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        paint(&p, QRect(QPoint(0, 0), pm.deviceIndependentSize().toSize()), mode, state);
        return pm;
    }

private:
    static QPen pen(const QColor &c, qreal width = 1.8)
    {
        return QPen(c, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    }
    QColor accent(const QColor &c, const QColor &ink, bool muted) const { return muted ? ink : c; }

    void draw(QPainter &p, const QColor &ink, const QPalette &palette, bool muted) const
    {
        p.setPen(pen(ink));
        p.setBrush(Qt::NoBrush);
        switch (m_id) {
        case Theme::Icon::NewDatabase:
            drawCylinder(p);
            p.setPen(pen(accent(Theme::addedColor(palette), ink, muted), 2.2));
            p.drawLine(QPointF(18, 14), QPointF(18, 22));
            p.drawLine(QPointF(14, 18), QPointF(22, 18));
            break;
        case Theme::Icon::Open: {
            QPainterPath path;
            path.moveTo(3, 19);
            path.lineTo(3, 5);
            path.lineTo(9, 5);
            path.lineTo(11, 7.5);
            path.lineTo(19, 7.5);
            path.lineTo(19, 10);
            p.drawPath(path);
            QPainterPath front;
            front.moveTo(3, 19);
            front.lineTo(6.5, 10.5);
            front.lineTo(22, 10.5);
            front.lineTo(18.5, 19);
            front.closeSubpath();
            p.drawPath(front);
            break;
        }
        case Theme::Icon::Back:
        case Theme::Icon::Forward: {
            if (m_id == Theme::Icon::Forward) {
                p.translate(24, 0);
                p.scale(-1, 1);
            }
            p.setPen(pen(ink, 2.2));
            p.drawLine(QPointF(19, 12), QPointF(5, 12));
            const QPointF head[] = {{11, 6}, {5, 12}, {11, 18}};
            p.drawPolyline(head, 3);
            break;
        }
        case Theme::Icon::NewRecord:
            drawDocument(p);
            p.setPen(pen(accent(Theme::addedColor(palette), ink, muted), 2.2));
            p.drawLine(QPointF(12, 9), QPointF(12, 17));
            p.drawLine(QPointF(8, 13), QPointF(16, 13));
            break;
        case Theme::Icon::DeleteRecord: {
            p.drawLine(QPointF(4.5, 6.5), QPointF(19.5, 6.5));
            p.drawLine(QPointF(10, 3.5), QPointF(14, 3.5));
            QPainterPath can;
            can.moveTo(6.5, 6.5);
            can.lineTo(7.5, 20.5);
            can.lineTo(16.5, 20.5);
            can.lineTo(17.5, 6.5);
            p.drawPath(can);
            p.setPen(pen(accent(Theme::deletedColor(palette), ink, muted), 1.6));
            p.drawLine(QPointF(10, 10), QPointF(10, 17));
            p.drawLine(QPointF(14, 10), QPointF(14, 17));
            break;
        }
        case Theme::Icon::Undo:
        case Theme::Icon::Redo: {
            if (m_id == Theme::Icon::Redo) {
                p.translate(24, 0);
                p.scale(-1, 1);
            }
            QPainterPath path;
            path.moveTo(4.5, 9.5);
            path.lineTo(14, 9.5);
            path.cubicTo(22, 9.5, 22, 19.5, 14, 19.5);
            path.lineTo(10, 19.5);
            p.drawPath(path);
            const QPointF head[] = {{9, 5}, {4.5, 9.5}, {9, 14}};
            p.drawPolyline(head, 3);
            break;
        }
        case Theme::Icon::Commit: {
            QPainterPath disk;
            disk.moveTo(4, 4);
            disk.lineTo(17, 4);
            disk.lineTo(20, 7);
            disk.lineTo(20, 20);
            disk.lineTo(4, 20);
            disk.closeSubpath();
            p.drawPath(disk);
            p.drawRect(QRectF(8, 4, 7, 5));
            p.setPen(pen(accent(palette.color(QPalette::Highlight), ink, muted), 1.8));
            p.drawRect(QRectF(7.5, 13, 9, 7));
            break;
        }
        case Theme::Icon::Discard:
        case Theme::Icon::Revert:
        case Theme::Icon::Refresh: {
            const bool clockwise = m_id == Theme::Icon::Refresh;
            if (!clockwise) {
                p.translate(24, 0);
                p.scale(-1, 1);
            }
            QPainterPath arc;
            arc.arcMoveTo(QRectF(4.5, 4.5, 15, 15), 60);
            arc.arcTo(QRectF(4.5, 4.5, 15, 15), 60, -300);
            p.drawPath(arc);
            const QPointF end = arc.pointAtPercent(0.0);
            const QPointF head[] = {end + QPointF(-4.5, -1.0), end, end + QPointF(0.5, 4.5)};
            p.drawPolyline(head, 3);
            if (m_id == Theme::Icon::Discard) {
                p.setPen(pen(accent(Theme::deletedColor(palette), ink, muted), 1.8));
                p.drawLine(QPointF(10, 10), QPointF(14, 14));
                p.drawLine(QPointF(14, 10), QPointF(10, 14));
            }
            break;
        }
        case Theme::Icon::Search:
            p.setPen(pen(ink, 2.0));
            p.drawEllipse(QPointF(10, 10), 5.5, 5.5);
            p.drawLine(QPointF(14.2, 14.2), QPointF(20, 20));
            break;
        case Theme::Icon::Add:
            p.setPen(pen(ink, 2.2));
            p.drawLine(QPointF(12, 5), QPointF(12, 19));
            p.drawLine(QPointF(5, 12), QPointF(19, 12));
            break;
        case Theme::Icon::Remove:
            p.setPen(pen(ink, 2.2));
            p.drawLine(QPointF(5, 12), QPointF(19, 12));
            break;
        case Theme::Icon::GoTo: {
            p.setPen(pen(ink, 2.0));
            p.drawLine(QPointF(6, 18), QPointF(17, 7));
            const QPointF head[] = {{9, 7}, {17, 7}, {17, 15}};
            p.drawPolyline(head, 3);
            break;
        }
        case Theme::Icon::Table:
            p.drawRoundedRect(QRectF(3.5, 5, 17, 14), 1.5, 1.5);
            p.drawLine(QPointF(3.5, 9.5), QPointF(20.5, 9.5));
            p.drawLine(QPointF(3.5, 14.25), QPointF(20.5, 14.25));
            p.drawLine(QPointF(9.5, 9.5), QPointF(9.5, 19));
            break;
        case Theme::Icon::SqlLog: {
            p.drawRoundedRect(QRectF(3, 4.5, 18, 15), 2, 2);
            const QPointF prompt[] = {{7, 9.5}, {10, 12}, {7, 14.5}};
            p.drawPolyline(prompt, 3);
            p.drawLine(QPointF(12, 15), QPointF(17, 15));
            break;
        }
        case Theme::Icon::PendingChanges: {
            p.drawRoundedRect(QRectF(5, 4.5, 14, 16.5), 1.5, 1.5);
            p.drawLine(QPointF(9, 3.5), QPointF(15, 3.5));
            p.setPen(pen(accent(palette.color(QPalette::Highlight), ink, muted), 1.8));
            p.drawLine(QPointF(8.5, 10), QPointF(15.5, 10));
            p.drawLine(QPointF(8.5, 13.5), QPointF(15.5, 13.5));
            p.drawLine(QPointF(8.5, 17), QPointF(13, 17));
            break;
        }
        case Theme::Icon::Quit: {
            p.drawLine(QPointF(12, 3.5), QPointF(12, 11));
            QPainterPath arc;
            arc.arcMoveTo(QRectF(4.5, 5.5, 15, 15), 55);
            arc.arcTo(QRectF(4.5, 5.5, 15, 15), 55, 250 + 20);
            p.drawPath(arc);
            break;
        }
        case Theme::Icon::About:
            p.drawEllipse(QPointF(12, 12), 8.5, 8.5);
            p.setPen(pen(ink, 2.2));
            p.drawLine(QPointF(12, 11), QPointF(12, 16.5));
            p.drawPoint(QPointF(12, 7.5));
            break;
        case Theme::Icon::Clear:
            p.setPen(pen(ink, 2.0));
            p.drawLine(QPointF(7, 7), QPointF(17, 17));
            p.drawLine(QPointF(17, 7), QPointF(7, 17));
            break;
        case Theme::Icon::Warning: {
            const QColor c = accent(Theme::errorColor(palette), ink, muted);
            QPainterPath tri;
            tri.moveTo(12, 3.5);
            tri.lineTo(21, 19.5);
            tri.lineTo(3, 19.5);
            tri.closeSubpath();
            p.setPen(pen(c, 1.6));
            p.setBrush(Theme::blend(c, palette.color(QPalette::Base), 0.75));
            p.drawPath(tri);
            p.setPen(pen(c, 2.2));
            p.drawLine(QPointF(12, 9), QPointF(12, 13.5));
            p.drawPoint(QPointF(12, 16.8));
            break;
        }
        case Theme::Icon::Added:
        case Theme::Icon::Modified:
        case Theme::Icon::Deleted: {
            const QColor c = m_id == Theme::Icon::Added ? Theme::addedColor(palette)
                : m_id == Theme::Icon::Modified         ? Theme::modifiedColor(palette)
                                                        : Theme::deletedColor(palette);
            p.setPen(Qt::NoPen);
            p.setBrush(accent(c, ink, muted));
            p.drawEllipse(QPointF(12, 12), 7, 7);
            p.setPen(pen(palette.color(QPalette::Base), 2.2));
            if (m_id != Theme::Icon::Modified)
                p.drawLine(QPointF(8.5, 12), QPointF(15.5, 12));
            if (m_id == Theme::Icon::Added)
                p.drawLine(QPointF(12, 8.5), QPointF(12, 15.5));
            if (m_id == Theme::Icon::Modified)
                p.drawPoint(QPointF(12, 12));
            break;
        }
        case Theme::Icon::Trigger: {
            // A lightning bolt.
            const QColor c = accent(Theme::warningColor(palette), ink, muted);
            p.setPen(pen(c, 1.6));
            p.setBrush(c);
            const QPointF bolt[] = {{14, 2.5},   {6, 13.5}, {11.5, 13.5},
                                    {9.5, 21.5}, {18, 10},  {12.5, 10}};
            p.drawPolygon(bolt, 6);
            break;
        }
        case Theme::Icon::Application: {
            const QColor c = palette.color(QPalette::Highlight);
            p.setPen(pen(c, 1.8));
            drawCylinder(p);
            break;
        }
        }
    }

    static void drawCylinder(QPainter &p)
    {
        p.drawEllipse(QRectF(4, 3, 14, 5));
        QPainterPath body;
        body.moveTo(4, 5.5);
        body.lineTo(4, 18.5);
        body.arcTo(QRectF(4, 16, 14, 5), 180, 180);
        body.lineTo(18, 5.5);
        p.drawPath(body);
        QPainterPath mid;
        mid.arcMoveTo(QRectF(4, 9.5, 14, 5), 180);
        mid.arcTo(QRectF(4, 9.5, 14, 5), 180, 180);
        p.drawPath(mid);
    }

    static void drawDocument(QPainter &p)
    {
        QPainterPath doc;
        doc.moveTo(5.5, 3.5);
        doc.lineTo(14.5, 3.5);
        doc.lineTo(18.5, 7.5);
        doc.lineTo(18.5, 20.5);
        doc.lineTo(5.5, 20.5);
        doc.closeSubpath();
        p.drawPath(doc);
    }

    Theme::Icon m_id;
};

QString themeName(Theme::Icon id)
{
    switch (id) {
    case Theme::Icon::NewDatabase:
        return u"document-new"_s;
    case Theme::Icon::Open:
        return u"document-open"_s;
    case Theme::Icon::Back:
        return u"go-previous"_s;
    case Theme::Icon::Forward:
        return u"go-next"_s;
    case Theme::Icon::NewRecord:
        return u"list-add"_s;
    case Theme::Icon::DeleteRecord:
        return u"edit-delete"_s;
    case Theme::Icon::Undo:
        return u"edit-undo"_s;
    case Theme::Icon::Redo:
        return u"edit-redo"_s;
    case Theme::Icon::Commit:
        return u"document-save"_s;
    case Theme::Icon::Discard:
        return u"document-revert"_s;
    case Theme::Icon::Revert:
        return u"edit-undo"_s;
    case Theme::Icon::Search:
        return u"edit-find"_s;
    case Theme::Icon::Add:
        return u"list-add"_s;
    case Theme::Icon::Remove:
        return u"list-remove"_s;
    case Theme::Icon::GoTo:
        return u"go-jump"_s;
    case Theme::Icon::Refresh:
        return u"view-refresh"_s;
    case Theme::Icon::Quit:
        return u"application-exit"_s;
    case Theme::Icon::About:
        return u"help-about"_s;
    case Theme::Icon::Clear:
        return u"edit-clear"_s;
    default:
        return {};
    }
}

} // namespace

QIcon Theme::paintedIcon(Icon id)
{
    return QIcon(new GlyphIconEngine(id));
}

QIcon Theme::icon(Icon id)
{
    const QString name = themeName(id);
    if (!name.isEmpty() && QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    return paintedIcon(id);
}

bool Theme::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor Theme::errorColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x6e, 0x6a) : QColor(0xc4, 0x1c, 0x1c);
}

QColor Theme::warningColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xf0, 0xb4, 0x3c) : QColor(0x9a, 0x5b, 0x00);
}

QColor Theme::addedColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x5c, 0xc9, 0x6b) : QColor(0x1e, 0x8a, 0x3a);
}

QColor Theme::modifiedColor(const QPalette &palette)
{
    return palette.color(QPalette::Highlight);
}

QColor Theme::deletedColor(const QPalette &palette)
{
    return errorColor(palette);
}

QColor Theme::blend(const QColor &a, const QColor &b, qreal amount)
{
    const qreal t = qBound(0.0, amount, 1.0);
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QColor Theme::tint(const QPalette &palette, const QColor &colour, qreal amount)
{
    return blend(palette.color(QPalette::Base), colour, amount);
}

} // namespace ui
