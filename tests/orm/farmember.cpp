// SPDX-License-Identifier: MIT
// A model whose relationship member lies beyond what orm::RelationBase can reach (more than
// 64 KiB after the object's orm::Entity base). tst_memory runs it: "map" maps the model, "use"
// links two objects without mapping it first; both must stop, saying why, in every build.

#include "orm/mapping/mapper.h"
#include "orm/mapping/related.h"

#include <QCoreApplication>

#include <sys/resource.h>

#include <array>
#include <cstdio>

using namespace Qt::StringLiterals;

class Node : public orm::Model<Node>
{
public:
    qint64 id = 0;
    std::optional<qint64> parentId;
    std::array<char, 70000> scratch {};
    orm::Reference<Node> parent {this};

    static void map(orm::Mapper<Node> &m)
    {
        m.table(u"nodes"_s);
        m.column(&Node::id, u"id"_s).primaryKey();
        m.column(&Node::parentId, u"parent_id"_s, orm::Integer);
        m.manyToOne(&Node::parent, u"parent"_s, {u"parent_id"_s});
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The expected abort leaves no core file behind.
    const rlimit noCore {0, 0};
    setrlimit(RLIMIT_CORE, &noCore);

    const QString mode = app.arguments().value(1);
    if (mode == u"map"_s) {
        std::printf("mapped %d columns\n", int(Node::staticMeta().columnCount()));
        return 0;
    }
    if (mode == u"use"_s) {
        auto child = std::make_shared<Node>();
        auto parent = std::make_shared<Node>();
        child->parent = parent;
        std::printf("linked: %d\n", child->parent.get() == parent);
        return 0;
    }
    return 2;
}
