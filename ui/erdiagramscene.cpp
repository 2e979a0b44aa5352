// SPDX-License-Identifier: MIT
#include "ui/erdiagramscene.h"

#include "ui/theme.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

constexpr qreal padding = 8;
constexpr qreal spacing = 10; // between a row's key marker, name and type
constexpr qreal stub = 16; // the straight end of a connector, where its markers are
constexpr qreal radius = 5;

// The header's colour: tables, views and association tables apart at a glance.
QColor headerColour(const QPalette &palette, ErTable::Kind kind)
{
    switch (kind) {
    case ErTable::Kind::View:
        return Theme::tint(palette, QColor(0x2e, 0x9e, 0x6a), 0.35);
    case ErTable::Kind::Association:
        return Theme::tint(palette, palette.color(QPalette::Text), 0.12);
    case ErTable::Kind::Table:
        break;
    }
    return Theme::tint(palette, palette.color(QPalette::Highlight), 0.3);
}

QPalette coloursOf(const QGraphicsScene *scene)
{
    const auto *diagram = qobject_cast<const ErDiagramScene *>(scene);
    return diagram ? diagram->colours() : QPalette();
}

QColor faint(const QPalette &palette)
{
    return Theme::blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.4);
}

QColor connectorColour(const QPalette &palette)
{
    return Theme::blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
}

} // namespace

// ---- ErTableItem ----------------------------------------------------------------------------

ErTableItem::ErTableItem(const ErTable &table, int index, const QFont &font)
    : m_table(table)
    , m_index(index)
    , m_font(font)
    , m_boldFont(font)
    , m_smallFont(font)
{
    m_boldFont.setBold(true);
    m_smallFont.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() * 0.85 : 8);
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setZValue(1); // over the connectors that pass behind

    const QFontMetricsF fm(m_font);
    const QFontMetricsF bold(m_boldFont);
    const QFontMetricsF small(m_smallFont);
    m_rowHeight = std::ceil(fm.height() + 4);
    m_markerWidth = std::ceil(small.horizontalAdvance(u"PK FK"_s));
    qreal typeWidth = 0;
    for (const ErColumn &c : m_table.columns) {
        m_nameWidth = std::max(m_nameWidth, (c.primaryKey ? bold : fm).horizontalAdvance(c.name));
        QString type = c.type;
        if (c.notNull)
            type += u" NOT NULL"_s;
        typeWidth = std::max(typeWidth, small.horizontalAdvance(type));
    }
    m_nameWidth = std::ceil(m_nameWidth);
    qreal width = m_markerWidth + spacing + m_nameWidth + spacing + std::ceil(typeWidth);
    width = std::max(width, std::ceil(bold.horizontalAdvance(m_table.name)));
    m_headerHeight = std::ceil(bold.height() + 8);
    const QString tags = tagText();
    if (!tags.isEmpty()) {
        width = std::max(width, std::ceil(small.horizontalAdvance(tags)));
        m_headerHeight += std::ceil(small.height());
    }
    const qreal rows = std::max<qsizetype>(1, m_table.columns.size());
    m_size = QSizeF(std::max(120.0, width + 2 * padding), m_headerHeight + rows * m_rowHeight + 4);

    QString tip = u"<b>%1</b>"_s.arg(m_table.name.toHtmlEscaped());
    if (!tags.isEmpty())
        tip += u"<br>"_s + tags.toHtmlEscaped();
    if (!m_table.note.isEmpty())
        tip += u"<br>"_s + m_table.note.toHtmlEscaped();
    tip += u"<br>"_s
        + (m_table.entity ? tr("Double-click to open it in the main window.")
                          : tr("Its rows are the links between the tables it joins; they are "
                               "shown in those tables' relationships."));
    setToolTip(tip);
}

QString ErTableItem::tagText() const
{
    QStringList tags;
    switch (m_table.kind) {
    case ErTable::Kind::View:
        tags << tr("view");
        break;
    case ErTable::Kind::Association:
        tags << tr("association table (many-to-many)");
        break;
    case ErTable::Kind::Table:
        break;
    }
    if (m_table.triggerCount > 0)
        tags << tr("%n trigger(s)", nullptr, m_table.triggerCount);
    if (!m_table.note.isEmpty() && m_table.kind != ErTable::Kind::View)
        tags << tr("read-only");
    return tags.join(u" · "_s);
}

qreal ErTableItem::rowCentre(int column) const
{
    if (column < 0 || column >= m_table.columns.size())
        return m_headerHeight / 2;
    return m_headerHeight + 2 + column * m_rowHeight + m_rowHeight / 2;
}

void ErTableItem::setFound(bool found)
{
    if (m_found != found) {
        m_found = found;
        update();
    }
}

QRectF ErTableItem::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size).adjusted(-3, -3, 3, 3);
}

QVariant ErTableItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemSelectedHasChanged) {
        for (ErRelationItem *relation : m_relations)
            relation->setHighlighted(value.toBool());
    }
    return QGraphicsItem::itemChange(change, value);
}

void ErTableItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = coloursOf(scene());
    const QRectF box(QPointF(0, 0), m_size);
    painter->setRenderHint(QPainter::Antialiasing);

    // The box, its header and the line below the header.
    QPainterPath outline;
    outline.addRoundedRect(box, radius, radius);
    painter->fillPath(outline, palette.color(QPalette::Base));
    QPainterPath header;
    header.addRoundedRect(QRectF(0, 0, m_size.width(), m_headerHeight + radius), radius, radius);
    header = header.intersected([this] {
        QPainterPath top;
        top.addRect(0, 0, m_size.width(), m_headerHeight);
        return top;
    }());
    painter->fillPath(header, headerColour(palette, m_table.kind));
    QPen border(isSelected() || m_found ? palette.color(QPalette::Highlight) : faint(palette),
                isSelected() || m_found ? 2.5 : 1);
    if (m_table.kind == ErTable::Kind::Association)
        border.setStyle(Qt::DashLine);
    painter->setPen(QPen(faint(palette), 1));
    painter->drawLine(QPointF(0, m_headerHeight), QPointF(m_size.width(), m_headerHeight));
    painter->setPen(border);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(outline);

    // The name, and what the table is below it.
    const QColor text = palette.color(QPalette::Text);
    const QFontMetricsF bold(m_boldFont);
    painter->setFont(m_boldFont);
    painter->setPen(text);
    QFont nameFont = m_boldFont;
    if (m_table.kind == ErTable::Kind::View)
        nameFont.setItalic(true);
    painter->setFont(nameFont);
    painter->drawText(QRectF(padding, 4, m_size.width() - 2 * padding, bold.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, m_table.name);
    const QString tags = tagText();
    if (!tags.isEmpty()) {
        painter->setFont(m_smallFont);
        painter->setPen(Theme::blend(text, palette.color(QPalette::Base), 0.25));
        painter->drawText(QRectF(padding, 4 + bold.height(), m_size.width() - 2 * padding,
                                 m_headerHeight - 4 - bold.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, tags);
    }

    // The columns: key markers, name, type and NOT NULL.
    const QColor keyColour = Theme::warningColor(palette);
    const QColor foreignColour = Theme::blend(palette.color(QPalette::Highlight), text, 0.2);
    for (int i = 0; i < m_table.columns.size(); ++i) {
        const ErColumn &c = m_table.columns[i];
        const qreal top = m_headerHeight + 2 + i * m_rowHeight;
        qreal x = padding;
        painter->setFont(m_smallFont);
        const QRectF marker(x, top, m_markerWidth, m_rowHeight);
        if (c.primaryKey && c.foreignKey) {
            painter->setPen(keyColour);
            painter->drawText(marker, Qt::AlignLeft | Qt::AlignVCenter, u"PK"_s);
            painter->setPen(foreignColour);
            painter->drawText(marker, Qt::AlignRight | Qt::AlignVCenter, u"FK"_s);
        } else if (c.primaryKey || c.foreignKey) {
            painter->setPen(c.primaryKey ? keyColour : foreignColour);
            painter->drawText(marker, Qt::AlignLeft | Qt::AlignVCenter,
                              c.primaryKey ? u"PK"_s : u"FK"_s);
        }
        x += m_markerWidth + spacing;
        painter->setFont(c.primaryKey ? m_boldFont : m_font);
        painter->setPen(text);
        painter->drawText(QRectF(x, top, m_nameWidth, m_rowHeight),
                          Qt::AlignLeft | Qt::AlignVCenter, c.name);
        x += m_nameWidth + spacing;
        painter->setFont(m_smallFont);
        painter->setPen(faint(palette));
        QString type = c.type;
        if (c.notNull)
            type += u" NOT NULL"_s;
        painter->drawText(QRectF(x, top, m_size.width() - padding - x, m_rowHeight),
                          Qt::AlignLeft | Qt::AlignVCenter, type);
    }
}

// ---- ErRelationItem -------------------------------------------------------------------------

ErRelationItem::ErRelationItem(const ErRelation &relation, const QString &description)
    : m_relation(relation)
{
    setToolTip(description);
    setAcceptHoverEvents(true);
}

void ErRelationItem::setLegs(const QList<Leg> &legs)
{
    prepareGeometryChange();
    m_legs = legs;
    m_bounds = QRectF();
    for (const Leg &leg : m_legs)
        m_bounds = m_bounds.united(leg.path.boundingRect());
    m_bounds.adjust(-10, -10, 10, 10);
}

void ErRelationItem::setHighlighted(bool highlighted)
{
    if (m_highlighted != highlighted) {
        m_highlighted = highlighted;
        setZValue(highlighted ? 0.5 : 0);
        update();
    }
}

QRectF ErRelationItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath ErRelationItem::shape() const
{
    QPainterPath all;
    for (const Leg &leg : m_legs)
        all.addPath(leg.path);
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    return stroker.createStroke(all);
}

void ErRelationItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = coloursOf(scene());
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor colour =
        m_highlighted ? palette.color(QPalette::Highlight) : connectorColour(palette);
    QPen pen(colour, m_highlighted ? 2.2 : 1.2);
    pen.setCapStyle(Qt::FlatCap);
    const bool manyToMany = m_relation.kind == ErRelation::Kind::ManyToMany;
    for (const Leg &leg : m_legs) {
        QPen line = pen;
        if (manyToMany)
            line.setStyle(m_relation.inferred ? Qt::DotLine : Qt::DashLine);
        painter->setPen(line);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(leg.path);
        painter->setPen(pen);
        // A bar: exactly one; a crow's foot with a bar: one or more.
        const auto bar = [painter](QPointF at, qreal direction, qreal distance) {
            const QPointF p = at + QPointF(direction * distance, 0);
            painter->drawLine(p + QPointF(0, -5), p + QPointF(0, 5));
        };
        const auto crowsFoot = [painter](QPointF at, qreal direction) {
            const QPointF joint = at + QPointF(direction * 11, 0);
            painter->drawLine(joint, at + QPointF(0, -6));
            painter->drawLine(joint, at);
            painter->drawLine(joint, at + QPointF(0, 6));
        };
        if (leg.manyAtStart)
            crowsFoot(leg.start, leg.startDirection);
        else
            bar(leg.start, leg.startDirection, 6);
        bar(leg.start, leg.startDirection, 13);
        bar(leg.end, leg.endDirection, 6);
        bar(leg.end, leg.endDirection, 10);
    }
}

// ---- ErDiagramScene -------------------------------------------------------------------------

ErDiagramScene::ErDiagramScene(QObject *parent)
    : QGraphicsScene(parent)
{ }

QString ErDiagramScene::describe(const ErSchema &schema, const ErRelation &relation)
{
    const QString child = schema.tables[relation.child].name;
    const QString parent = schema.tables[relation.parent].name;
    switch (relation.kind) {
    case ErRelation::Kind::OneToOne:
        return tr("One-to-one: each %1 row has at most one %2 row (%3)")
            .arg(parent, child, relation.childColumns.join(u", "_s));
    case ErRelation::Kind::OneToMany:
        return tr("One-to-many: each %1 row has any number of %2 rows (%3)")
            .arg(parent, child, relation.childColumns.join(u", "_s));
    case ErRelation::Kind::ManyToMany:
        if (relation.inferred)
            return tr("Many-to-many between %1 and %2, through %3: inferred from the names of "
                      "the table and its columns, which no foreign key declares")
                .arg(child, parent, schema.tables[relation.via].name);
        return tr("Many-to-many between %1 and %2, through %3")
            .arg(child, parent, schema.tables[relation.via].name);
    }
    return {};
}

void ErDiagramScene::setColours(const QPalette &palette)
{
    m_colours = palette;
    update();
}

ErTableItem *ErDiagramScene::tableItem(const QString &name) const
{
    const int index = m_schema.tableIndex(name);
    return index >= 0 ? m_tables[index] : nullptr;
}

QRectF ErDiagramScene::diagramRect() const
{
    return itemsBoundingRect().adjusted(-20, -20, 20, 20);
}

void ErDiagramScene::setSchema(const ErSchema &schema)
{
    clear();
    m_tables.clear();
    m_relations.clear();
    m_schema = schema;

    QList<QSizeF> sizes;
    for (int i = 0; i < m_schema.tables.size(); ++i) {
        auto *item = new ErTableItem(m_schema.tables[i], i, font());
        m_tables << item;
        sizes << item->size();
        addItem(item);
    }
    // Each relationship's links: from the table with the foreign key to the one it refers to;
    // a many-to-many from its association table to each end.
    struct Part
    {
        int relation;
        int from;
        int to;
        QStringList fromColumns; // the foreign key's
        bool many;
    };
    QList<Part> parts;
    QList<ErLayout::Link> links;
    for (int r = 0; r < m_schema.relations.size(); ++r) {
        const ErRelation &rel = m_schema.relations[r];
        if (rel.kind == ErRelation::Kind::ManyToMany) {
            parts << Part {r, rel.via, rel.child, rel.childColumns, true}
                  << Part {r, rel.via, rel.parent, rel.parentColumns, true};
        } else {
            parts << Part {r, rel.child, rel.parent, rel.childColumns,
                           rel.kind == ErRelation::Kind::OneToMany};
        }
    }
    for (const Part &part : parts)
        links << ErLayout::Link {part.from, part.to};
    ErLayout layout;
    layout.run(sizes, links);
    for (int i = 0; i < m_tables.size(); ++i)
        m_tables[i]->setPos(layout.boxes()[i].topLeft());

    QList<QList<ErRelationItem::Leg>> legs(m_schema.relations.size());
    for (int k = 0; k < parts.size(); ++k) {
        const Part &part = parts[k];
        const ErRelation &rel = m_schema.relations[part.relation];
        const ErLayout::Route &route = layout.routes()[k];
        const QRectF from = layout.boxes()[part.from];
        const QRectF to = layout.boxes()[part.to];
        const ErTableItem *fromItem = m_tables[part.from];
        const ErTableItem *toItem = m_tables[part.to];
        const int fromColumn =
            part.fromColumns.isEmpty() ? -1 : fromItem->table().columnIndex(part.fromColumns[0]);
        // The column referred to: the parent's first referred column, else its first key.
        int toColumn = -1;
        if (rel.kind != ErRelation::Kind::ManyToMany && !rel.parentColumns.isEmpty())
            toColumn = toItem->table().columnIndex(rel.parentColumns[0]);
        if (toColumn < 0) {
            for (int c = 0; c < toItem->table().columns.size() && toColumn < 0; ++c) {
                if (toItem->table().columns[c].primaryKey)
                    toColumn = c;
            }
        }
        ErRelationItem::Leg leg;
        leg.manyAtStart = part.many;
        QPainterPath path;
        if (part.from == part.to) {
            // To itself: a loop out of the right side.
            leg.start = QPointF(from.right(), from.top() + fromItem->rowCentre(fromColumn));
            leg.end = QPointF(from.right(), from.top() + toItem->rowCentre(toColumn));
            leg.startDirection = leg.endDirection = 1;
            path.moveTo(leg.start);
            path.lineTo(leg.start + QPointF(stub, 0));
            path.cubicTo(leg.start + QPointF(stub + 30, 0), leg.end + QPointF(stub + 30, 0),
                         leg.end + QPointF(stub, 0));
            path.lineTo(leg.end);
        } else {
            leg.startDirection = route.fromLeftSide ? -1 : 1;
            leg.endDirection = route.toRightSide ? 1 : -1;
            leg.start = QPointF(route.fromLeftSide ? from.left() : from.right(),
                                from.top() + fromItem->rowCentre(fromColumn));
            leg.end = QPointF(route.toRightSide ? to.right() : to.left(),
                              to.top() + toItem->rowCentre(toColumn));
            QList<QPointF> points;
            points << leg.start + QPointF(leg.startDirection * stub, 0) << route.waypoints
                   << leg.end + QPointF(leg.endDirection * stub, 0);
            path.moveTo(leg.start);
            path.lineTo(points[0]);
            // Curves across the gaps between columns, straight through the lanes in them.
            for (int p = 1; p < points.size(); ++p) {
                const QPointF a = points[p - 1];
                const QPointF b = points[p];
                if (p % 2 == 1) {
                    const qreal middle = (a.x() + b.x()) / 2;
                    path.cubicTo(QPointF(middle, a.y()), QPointF(middle, b.y()), b);
                } else {
                    path.lineTo(b);
                }
            }
            path.lineTo(leg.end);
        }
        leg.path = path;
        legs[part.relation] << leg;
    }
    for (int r = 0; r < m_schema.relations.size(); ++r) {
        const ErRelation &rel = m_schema.relations[r];
        auto *item = new ErRelationItem(rel, describe(m_schema, rel));
        item->setLegs(legs[r]);
        m_relations << item;
        addItem(item);
        m_tables[rel.child]->addRelation(item);
        if (rel.parent != rel.child)
            m_tables[rel.parent]->addRelation(item);
        if (rel.via >= 0)
            m_tables[rel.via]->addRelation(item);
    }
    setSceneRect(diagramRect());
}

} // namespace ui
