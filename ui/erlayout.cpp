// SPDX-License-Identifier: MIT
#include "ui/erlayout.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ui {

namespace {

int findRoot(std::vector<int> &parent, int i)
{
    while (parent[size_t(i)] != i) {
        parent[size_t(i)] = parent[size_t(parent[size_t(i)])];
        i = parent[size_t(i)];
    }
    return i;
}

// One connected group laid out on its own, at the origin.
struct Group
{
    QList<int> nodes; // box indexes
    QList<int> links; // link indexes
    QRectF bounds;
};

} // namespace

QRectF ErLayout::boundingRect() const
{
    QRectF r;
    for (const QRectF &box : m_boxes)
        r = r.united(box);
    return r;
}

void ErLayout::run(const QList<QSizeF> &sizes, const QList<Link> &links)
{
    const int n = int(sizes.size());
    m_boxes = QList<QRectF>(n);
    m_routes = QList<Route>(links.size());

    std::vector<int> root(static_cast<size_t>(n));
    std::iota(root.begin(), root.end(), 0);
    for (const Link &link : links) {
        if (link.from >= 0 && link.to >= 0 && link.from < n && link.to < n)
            root[size_t(findRoot(root, link.from))] = findRoot(root, link.to);
    }
    QHash<int, int> groupOf;
    QList<Group> groups;
    for (int i = 0; i < n; ++i) {
        const int r = findRoot(root, i);
        if (!groupOf.contains(r)) {
            groupOf.insert(r, int(groups.size()));
            groups.append(Group {});
        }
        groups[groupOf.value(r)].nodes << i;
    }
    for (int l = 0; l < links.size(); ++l) {
        const Link &link = links[l];
        if (link.from >= 0 && link.to >= 0 && link.from < n && link.to < n)
            groups[groupOf.value(findRoot(root, link.from))].links << l;
    }

    for (Group &group : groups) {
        const int count = int(group.nodes.size());
        QHash<int, int> local; // box index -> position in group.nodes
        for (int i = 0; i < count; ++i)
            local.insert(group.nodes[i], i);

        // The links between distinct boxes, each oriented left (lo) to right (hi): a box right
        // of the boxes it refers to, except where that would close a cycle.
        struct Edge
        {
            int link;
            int lo;
            int hi;
        };
        std::vector<Edge> edges;
        std::vector<std::vector<int>> referredBy(static_cast<size_t>(count)); // to -> from
        for (int l : group.links) {
            const int from = local.value(links[l].from);
            const int to = local.value(links[l].to);
            if (from != to)
                referredBy[size_t(to)].push_back(from);
        }
        // Depth-first from every box: a link back to a box on the current path closes a cycle.
        std::vector<int> state(static_cast<size_t>(count), 0); // 0 new, 1 on the path, 2 done
        QSet<QPair<int, int>> backward;
        for (int start = 0; start < count; ++start) {
            if (state[size_t(start)] != 0)
                continue;
            std::vector<std::pair<int, size_t>> stack {{start, 0}};
            state[size_t(start)] = 1;
            while (!stack.empty()) {
                auto &[v, next] = stack.back();
                if (next < referredBy[size_t(v)].size()) {
                    const int w = referredBy[size_t(v)][next++];
                    if (state[size_t(w)] == 1) {
                        backward.insert({v, w});
                    } else if (state[size_t(w)] == 0) {
                        state[size_t(w)] = 1;
                        stack.push_back({w, 0});
                    }
                } else {
                    state[size_t(v)] = 2;
                    stack.pop_back();
                }
            }
        }
        for (int l : group.links) {
            const int from = local.value(links[l].from);
            const int to = local.value(links[l].to);
            if (from == to)
                continue;
            if (backward.contains({to, from}))
                edges.push_back({l, from, to});
            else
                edges.push_back({l, to, from});
        }

        // Layers: the longest path from a box that refers to nothing.
        std::vector<int> layer(static_cast<size_t>(count), 0);
        const auto relax = [&] {
            // The edges form no cycle: count passes suffice (usually a few).
            for (int pass = 0; pass < count; ++pass) {
                bool changed = false;
                for (const Edge &e : edges) {
                    if (layer[size_t(e.hi)] < layer[size_t(e.lo)] + 1) {
                        layer[size_t(e.hi)] = layer[size_t(e.lo)] + 1;
                        changed = true;
                    }
                }
                if (!changed)
                    break;
            }
        };
        relax();

        // Columns no taller than the group is wide, about: the boxes with the fewest links to
        // the right move on to the next column.
        qreal area = 0;
        qreal tallest = 0;
        for (int v : group.nodes) {
            area += (sizes[v].width() + columnGap) * (sizes[v].height() + boxGap);
            tallest = std::max(tallest, sizes[v].height());
        }
        const qreal targetHeight = std::max(tallest, std::sqrt(area) * 0.8);
        std::vector<int> outDegree(static_cast<size_t>(count), 0);
        for (const Edge &e : edges)
            ++outDegree[size_t(e.lo)];
        for (int current = 0;; ++current) {
            QList<int> members;
            qreal height = 0;
            for (int i = 0; i < count; ++i) {
                if (layer[size_t(i)] == current) {
                    members << i;
                    height += sizes[group.nodes[i]].height() + boxGap;
                }
            }
            if (members.isEmpty())
                break;
            std::stable_sort(members.begin(), members.end(), [&outDegree](int a, int b) {
                return outDegree[size_t(a)] > outDegree[size_t(b)];
            });
            bool moved = false;
            while (members.size() > 1 && height - boxGap > targetHeight) {
                const int v = members.takeLast();
                height -= sizes[group.nodes[v]].height() + boxGap;
                layer[size_t(v)] = current + 1;
                moved = true;
            }
            if (moved)
                relax();
        }
        const int layerCount = 1 + *std::max_element(layer.begin(), layer.end());

        // Nodes: the boxes, then a lane for each column a link passes through.
        struct Node
        {
            int layer;
            qreal width;
            qreal height;
            qreal y = 0;
            QList<int> left; // neighbours in the column before
            QList<int> right;
        };
        std::vector<Node> nodes;
        for (int i = 0; i < count; ++i) {
            const QSizeF s = sizes[group.nodes[i]];
            nodes.push_back({layer[size_t(i)], s.width(), s.height(), 0, {}, {}});
        }
        std::vector<QList<int>> chains(edges.size()); // lanes of each edge, left to right
        for (size_t k = 0; k < edges.size(); ++k) {
            const Edge &e = edges[k];
            int previous = e.lo;
            for (int l = layer[size_t(e.lo)] + 1; l < layer[size_t(e.hi)]; ++l) {
                const int lane = int(nodes.size());
                nodes.push_back({l, 0, laneHeight, 0, {}, {}});
                chains[k] << lane;
                nodes[size_t(previous)].right << lane;
                nodes[size_t(lane)].left << previous;
                previous = lane;
            }
            nodes[size_t(previous)].right << e.hi;
            nodes[size_t(e.hi)].left << previous;
        }

        // Order within columns: neighbours' mean position, sweeping right then left.
        std::vector<QList<int>> columns(static_cast<size_t>(layerCount));
        for (int v = 0; v < int(nodes.size()); ++v)
            columns[size_t(nodes[size_t(v)].layer)] << v;
        std::vector<qreal> position(nodes.size(), 0);
        const auto renumber = [&](const QList<int> &column) {
            for (int i = 0; i < column.size(); ++i)
                position[size_t(column[i])] = i;
        };
        for (const QList<int> &column : columns)
            renumber(column);
        const auto sortBy = [&](QList<int> &column, bool byLeft) {
            std::vector<qreal> key(nodes.size(), 0);
            for (int v : column) {
                const QList<int> &near = byLeft ? nodes[size_t(v)].left : nodes[size_t(v)].right;
                if (near.isEmpty()) {
                    key[size_t(v)] = position[size_t(v)];
                    continue;
                }
                qreal sum = 0;
                for (int u : near)
                    sum += position[size_t(u)];
                key[size_t(v)] = sum / qreal(near.size());
            }
            std::stable_sort(column.begin(), column.end(),
                             [&key](int a, int b) { return key[size_t(a)] < key[size_t(b)]; });
            renumber(column);
        };
        for (int sweep = 0; sweep < 6; ++sweep) {
            for (int l = 1; l < layerCount; ++l)
                sortBy(columns[size_t(l)], true);
            for (int l = layerCount - 2; l >= 0; --l)
                sortBy(columns[size_t(l)], false);
        }

        // Columns' x: each as wide as its widest box, the gaps wider where more links cross.
        std::vector<qreal> columnX(static_cast<size_t>(layerCount), 0);
        std::vector<qreal> columnWidth(static_cast<size_t>(layerCount), 0);
        for (const Node &node : nodes)
            columnWidth[size_t(node.layer)] = std::max(columnWidth[size_t(node.layer)], node.width);
        qreal x = 0;
        for (int l = 0; l < layerCount; ++l) {
            columnX[size_t(l)] = x;
            int crossing = 0;
            for (int v : columns[size_t(l)])
                crossing += int(nodes[size_t(v)].right.size());
            x += columnWidth[size_t(l)] + columnGap + std::min(150.0, 3.0 * crossing);
        }

        // Heights: each box near its neighbours' mean height, never over the one above it.
        const auto gapBetween = [&](int a, int b) {
            const bool lanes = nodes[size_t(a)].width == 0 || nodes[size_t(b)].width == 0;
            return lanes ? 6.0 : boxGap;
        };
        for (int l = 0; l < layerCount; ++l) {
            qreal y = 0;
            int previous = -1;
            for (int v : columns[size_t(l)]) {
                if (previous >= 0)
                    y += gapBetween(previous, v);
                nodes[size_t(v)].y = y;
                y += nodes[size_t(v)].height;
                previous = v;
            }
        }
        for (int pass = 0; pass < 2; ++pass) {
            for (int l = 0; l < layerCount; ++l) {
                QList<int> &column = columns[size_t(l)];
                std::vector<qreal> wanted;
                for (int v : column) {
                    const Node &node = nodes[size_t(v)];
                    const QList<int> &near = l > 0 && !node.left.isEmpty() ? node.left : node.right;
                    qreal centre = node.y + node.height / 2;
                    if (!near.isEmpty()) {
                        qreal sum = 0;
                        for (int u : near)
                            sum += nodes[size_t(u)].y + nodes[size_t(u)].height / 2;
                        centre = sum / qreal(near.size());
                    }
                    wanted.push_back(centre - node.height / 2);
                }
                // Down from the top, each below the one before; then the column as a whole up
                // by the mean of what that pushed down (moving a column never overlaps).
                qreal pushed = 0;
                for (int i = 0; i < column.size(); ++i) {
                    qreal y = wanted[size_t(i)];
                    if (i > 0) {
                        const Node &above = nodes[size_t(column[i - 1])];
                        y = std::max(y,
                                     above.y + above.height + gapBetween(column[i - 1], column[i]));
                    }
                    nodes[size_t(column[i])].y = y;
                    pushed += y - wanted[size_t(i)];
                }
                if (!column.isEmpty()) {
                    const qreal shift = pushed / qreal(column.size());
                    for (int v : column)
                        nodes[size_t(v)].y -= shift;
                }
            }
        }

        // A long chain of columns is folded into bands, one under the other, so that the group
        // stays about as wide as it is tall. A link between bands runs up the gap beside its
        // box's column, along the corridor above the lower band, and up beside the other's.
        qreal top = 0;
        qreal bottom = 0;
        bool first = true;
        for (const Node &node : nodes) {
            top = first ? node.y : std::min(top, node.y);
            bottom = first ? node.y + node.height : std::max(bottom, node.y + node.height);
            first = false;
        }
        const qreal width = x - columnGap;
        int bandCount = 1;
        if (layerCount > 2 && width > 2 * (bottom - top)) {
            bandCount = std::clamp(int(std::lround(std::sqrt(width / (1.3 * (bottom - top))))), 1,
                                   layerCount);
        }
        std::vector<int> band(static_cast<size_t>(layerCount), 0);
        for (int l = 0; l < layerCount; ++l) {
            band[size_t(l)] =
                std::min(bandCount - 1, int(columnX[size_t(l)] / (width / bandCount)));
        }
        std::vector<qreal> bandLeft(static_cast<size_t>(bandCount), 0);
        std::vector<qreal> bandRight(static_cast<size_t>(bandCount), 0);
        std::vector<qreal> bandTop(static_cast<size_t>(bandCount), 0);
        std::vector<qreal> bandBottom(static_cast<size_t>(bandCount), 0);
        std::vector<bool> bandSeen(static_cast<size_t>(bandCount), false);
        for (const Node &node : nodes) {
            const size_t b = size_t(band[size_t(node.layer)]);
            const qreal left = columnX[size_t(node.layer)];
            const qreal right = left + columnWidth[size_t(node.layer)];
            if (!bandSeen[b]) {
                bandLeft[b] = left;
                bandRight[b] = right;
                bandTop[b] = node.y;
                bandBottom[b] = node.y + node.height;
                bandSeen[b] = true;
            }
            bandLeft[b] = std::min(bandLeft[b], left);
            bandRight[b] = std::max(bandRight[b], right);
            bandTop[b] = std::min(bandTop[b], node.y);
            bandBottom[b] = std::max(bandBottom[b], node.y + node.height);
        }
        std::vector<int> corridorLinks(static_cast<size_t>(bandCount), 0);
        for (const Edge &e : edges) {
            const int hiBand = band[size_t(layer[size_t(e.hi)])];
            if (band[size_t(layer[size_t(e.lo)])] != hiBand)
                ++corridorLinks[size_t(hiBand)];
        }
        std::vector<qreal> bandY(static_cast<size_t>(bandCount), 0);
        std::vector<qreal> corridor(static_cast<size_t>(bandCount), 0); // its height
        for (int b = 1; b < bandCount; ++b) {
            corridor[size_t(b)] = std::min(260.0, 60.0 + 4.0 * corridorLinks[size_t(b)]);
            bandY[size_t(b)] = bandY[size_t(b - 1)] + bandBottom[size_t(b - 1)]
                - bandTop[size_t(b - 1)] + corridor[size_t(b)];
        }
        const auto xOf = [&](int l) {
            return columnX[size_t(l)] - bandLeft[size_t(band[size_t(l)])];
        };
        const auto yOf = [&](const Node &node) {
            const size_t b = size_t(band[size_t(node.layer)]);
            return node.y - bandTop[b] + bandY[b];
        };
        for (int i = 0; i < count; ++i) {
            const Node &node = nodes[size_t(i)];
            m_boxes[group.nodes[i]] = QRectF(xOf(node.layer), yOf(node), node.width, node.height);
        }
        for (size_t k = 0; k < edges.size(); ++k) {
            const Edge &e = edges[k];
            Route &route = m_routes[e.link];
            const bool leftward = local.value(links[e.link].from) == e.hi;
            route.fromLeftSide = leftward;
            route.toRightSide = leftward;
            QList<QPointF> points; // from lo to hi
            const int loLayer = layer[size_t(e.lo)];
            const int hiLayer = layer[size_t(e.hi)];
            if (band[size_t(loLayer)] == band[size_t(hiLayer)]) {
                for (int lane : chains[k]) {
                    const Node &node = nodes[size_t(lane)];
                    const qreal y = yOf(node) + node.height / 2;
                    points << QPointF(xOf(node.layer), y)
                           << QPointF(xOf(node.layer) + columnWidth[size_t(node.layer)], y);
                }
            } else {
                const size_t b = size_t(band[size_t(hiLayer)]);
                const qreal y = bandY[b] - corridor[b] / 2 + qreal(int(k % 9) - 4) * 5;
                points << QPointF(xOf(loLayer) + columnWidth[size_t(loLayer)] + columnGap / 2, y)
                       << QPointF(xOf(hiLayer) - columnGap / 2, y);
            }
            if (leftward)
                std::reverse(points.begin(), points.end());
            route.waypoints = points;
        }
        qreal groupWidth = 0;
        for (int b = 0; b < bandCount; ++b)
            groupWidth = std::max(groupWidth, bandRight[size_t(b)] - bandLeft[size_t(b)]);
        group.bounds = QRectF(0, 0, groupWidth,
                              bandY[size_t(bandCount - 1)] + bandBottom[size_t(bandCount - 1)]
                                  - bandTop[size_t(bandCount - 1)]);
    }

    // The groups in rows, the largest first, the rows about as wide as all are tall.
    std::stable_sort(groups.begin(), groups.end(), [](const Group &a, const Group &b) {
        return a.bounds.width() * a.bounds.height() > b.bounds.width() * b.bounds.height();
    });
    qreal total = 0;
    qreal widest = 0;
    for (const Group &group : groups) {
        total += (group.bounds.width() + groupGap) * (group.bounds.height() + groupGap);
        widest = std::max(widest, group.bounds.width());
    }
    const qreal rowWidth = std::max(widest, std::sqrt(total) * 1.4);
    qreal x = 0;
    qreal y = 0;
    qreal rowHeight = 0;
    for (const Group &group : groups) {
        if (x > 0 && x + group.bounds.width() > rowWidth) {
            x = 0;
            y += rowHeight + groupGap;
            rowHeight = 0;
        }
        const QPointF offset(x, y);
        for (int v : group.nodes)
            m_boxes[v].translate(offset);
        for (int l : group.links) {
            for (QPointF &p : m_routes[l].waypoints)
                p += offset;
        }
        x += group.bounds.width() + groupGap;
        rowHeight = std::max(rowHeight, group.bounds.height());
    }
}

} // namespace ui
