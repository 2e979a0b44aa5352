// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace ui {

// Places the boxes of a diagram so that none overlaps another, and routes the links between
// them, for any number of boxes (written for a few hundred).
//
// Each connected group is drawn in layers from left to right: a box stands right of every box
// it links to (a table right of the tables its foreign keys refer to; cycles are broken), in
// columns whose height is bounded so that a table many refer to does not make one endless
// column. A link that skips columns passes through reserved gaps in the columns between, so
// that it runs between boxes rather than across them. The order within a column follows the
// neighbours' positions (barycentres), which keeps crossings down. The groups, largest first,
// are then packed in rows about as wide as they are tall together.
class ErLayout
{
public:
    struct Link
    {
        int from = -1; // the box that refers (right)
        int to = -1; // the box referred to (left)
    };
    struct Route
    {
        // Where the link leaves from and arrives at: the side of each box that faces the other.
        bool fromLeftSide = true;
        bool toRightSide = true;
        // The points it passes through between, in order from `from` to `to` (empty when the
        // boxes are in neighbouring columns, or for a link of a box to itself).
        QList<QPointF> waypoints;
    };

    static constexpr qreal columnGap = 90;
    static constexpr qreal boxGap = 28;
    static constexpr qreal groupGap = 70;
    static constexpr qreal laneHeight = 12; // a link's gap through a column

    void run(const QList<QSizeF> &sizes, const QList<Link> &links);

    const QList<QRectF> &boxes() const { return m_boxes; }
    const QList<Route> &routes() const { return m_routes; }
    QRectF boundingRect() const;

private:
    QList<QRectF> m_boxes;
    QList<Route> m_routes;
};

} // namespace ui
