// SPDX-License-Identifier: MIT
#pragma once

#include "ui/erlayout.h"
#include "ui/erschema.h"

#include <QCoreApplication>
#include <QFont>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QPainterPath>
#include <QPalette>

namespace ui {

class ErRelationItem;

// A table of the diagram: its name, what it is (view, association table, triggers, read-only)
// and its columns, each with its type, key (PK, FK) and NOT NULL. Its size follows its text.
// Colours come from the scene's palette (light or dark).
class ErTableItem : public QGraphicsItem
{
    Q_DECLARE_TR_FUNCTIONS(ui::ErTableItem)
public:
    ErTableItem(const ErTable &table, int index, const QFont &font);

    const ErTable &table() const { return m_table; }
    int index() const { return m_index; }
    QSizeF size() const { return m_size; }
    // The height of a column's row, in the item's coordinates (the header's centre for -1).
    qreal rowCentre(int column) const;
    void addRelation(ErRelationItem *relation) { m_relations << relation; }
    const QList<ErRelationItem *> &relations() const { return m_relations; }
    // A search match, outlined until the next search.
    void setFound(bool found);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    QString tagText() const;

    ErTable m_table;
    int m_index;
    QFont m_font;
    QFont m_boldFont;
    QFont m_smallFont;
    QSizeF m_size;
    qreal m_headerHeight = 0;
    qreal m_rowHeight = 0;
    qreal m_markerWidth = 0;
    qreal m_nameWidth = 0;
    QList<ErRelationItem *> m_relations;
    bool m_found = false;
};

// A relationship: a connector from the table with the foreign key (a crow's foot: many; a
// bar: one) to the table it refers to (a bar). Many-to-many relationships are drawn dashed,
// through their association table.
class ErRelationItem : public QGraphicsItem
{
public:
    ErRelationItem(const ErRelation &relation, const QString &description);

    const ErRelation &relation() const { return m_relation; }
    ErRelation::Kind kind() const { return m_relation.kind; }
    // The connectors, each from its start (the many or the dependent side) to its end.
    struct Leg
    {
        QPainterPath path;
        QPointF start;
        qreal startDirection = 1; // +1: leaves to the right
        QPointF end;
        qreal endDirection = 1; // +1: arrives from the right
        bool manyAtStart = true;
    };
    void setLegs(const QList<Leg> &legs);
    const QList<Leg> &legs() const { return m_legs; }
    void setHighlighted(bool highlighted);
    bool isHighlighted() const { return m_highlighted; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    ErRelation m_relation;
    QList<Leg> m_legs;
    QRectF m_bounds;
    bool m_highlighted = false;
};

// The diagram of one database: its tables laid out by ErLayout without overlap, and its
// relationships routed between them.
class ErDiagramScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit ErDiagramScene(QObject *parent = nullptr);

    void setSchema(const ErSchema &schema);
    const ErSchema &schema() const { return m_schema; }
    const QList<ErTableItem *> &tableItems() const { return m_tables; }
    const QList<ErRelationItem *> &relationItems() const { return m_relations; }
    ErTableItem *tableItem(const QString &name) const;
    // The scene's extent with a margin: what exports draw.
    QRectF diagramRect() const;
    // The colours the items paint with: the view's palette as it is, every role (a scene's own
    // palette takes the roles its widget inherited from the application's instead).
    const QPalette &colours() const { return m_colours; }
    void setColours(const QPalette &palette);

private:
    static QString describe(const ErSchema &schema, const ErRelation &relation);

    ErSchema m_schema;
    QPalette m_colours;
    QList<ErTableItem *> m_tables;
    QList<ErRelationItem *> m_relations;
};

} // namespace ui
