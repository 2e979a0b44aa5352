// SPDX-License-Identifier: MIT
// The session lets go of the objects nobody uses (SQLAlchemy's weak identity map). Related
// objects refer to each other (both sides of a relationship hold std::shared_ptrs), so the
// references are counted as a cycle collector counts them: an object that only unused objects
// of the session refer to is unused too.

#include "orm/mapping/related.h"
#include "orm/session/session.h"
#include "orm/session/session_p.h"

#include <QTimer>
#include <QVarLengthArray>

#include <algorithm>

namespace orm {

namespace {

// An object of the identity map that may be unused: nothing but the map refers to it, or it
// holds related objects, or one of those refers to it.
struct Node
{
    Entity *object;
    long refs; // beyond the map's, then beyond those of the other nodes' relationships
    bool linked; // holds related objects
    bool kept = false;
};

} // namespace

bool Session::isUnchanged(const Entity &object) const
{
    // What else a session stages (relationship changes, orphans, association rows, conflicts,
    // a flush's journal) refers to the object, which the count of references sees.
    const detail::InstanceState &s = st(object);
    return s.state() == ObjectState::Persistent && !s.markedForDeletion() && s.baseline()
        && s.baseline()->matches(object);
}

qsizetype Session::releaseUnusedObjects()
{
    // The rows of a read are referred to by the read alone until it hands them out.
    if (m_readDepth > 0) {
        return 0;
    }
    m_loadedSinceRelease = 0;
    m_releasePosted = false;

    // One that something outside the map refers to and that holds no related object is in use,
    // whatever the others do: it is left out.
    std::vector<Node> nodes;
    detail::PointerIndex index;
    const auto addNode = [&](Entity &object, long refs, bool linked) {
        index.insert(&object, nodes.size());
        nodes.push_back(Node {&object, refs, linked});
    };
    for (auto &[meta, map] : m_identity) {
        // A typed model's states are members, at the same place in every object: looked at
        // there, without a call per object and relationship.
        QVarLengthArray<std::ptrdiff_t, 8> offsets;
        bool members = true;
        for (const auto &rel : meta->relationships()) {
            offsets.append(rel->access->stateOffset());
            members = members && offsets.back() > 0;
        }
        const auto holdsObjects = [&](Entity &object) {
            if (!members) {
                return RelationBase::holdsAnyObject(object);
            }
            const char *base = reinterpret_cast<const char *>(&object);
            return std::any_of(offsets.begin(), offsets.end(), [base](std::ptrdiff_t at) {
                return reinterpret_cast<const RelationBase *>(base + at)->holdsObjects();
            });
        };
        const auto consider = [&](const std::shared_ptr<Entity> &object) {
            const long refs = object.use_count() - 1;
            const bool linked = !offsets.isEmpty() && holdsObjects(*object);
            if (refs == 0 || linked) {
                addNode(*object, refs, linked);
            }
        };
        for (const auto &[key, object] : map.byInt) {
            consider(object);
        }
        for (const auto &object : map.byKey) {
            consider(object);
        }
    }
    if (nodes.empty()) {
        m_releaseDue = qMax(kReleaseAfterLoads, identityCount());
        return 0;
    }

    // References between objects of the map do not keep them: each one a relationship holds
    // on another object of the map is taken off that one's count.
    const size_t holders = nodes.size();
    for (size_t i = 0; i < holders; ++i) {
        if (!nodes[i].linked) {
            continue;
        }
        RelationBase::forEachHeld(*nodes[i].object, [&](Entity &item) {
            const detail::InstanceState &s = st(item);
            if (s.session() != this || !s.inIdentityMap()) {
                return;
            }
            qsizetype at = index.value(&item);
            if (at < 0) {
                // (A temporary reference: one for it and one for the map.)
                at = qsizetype(nodes.size());
                addNode(item, item.shared_from_this().use_count() - 2, false);
            }
            --nodes[size_t(at)].refs;
        });
    }

    // In use: what is referred to from outside, or has a staged change, and whatever that
    // reaches through its relationships.
    std::vector<size_t> reached;
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].refs > 0 || !isUnchanged(*nodes[i].object)) {
            nodes[i].kept = true;
            reached.push_back(i);
        }
    }
    while (!reached.empty()) {
        const size_t i = reached.back();
        reached.pop_back();
        if (!nodes[i].linked) {
            continue;
        }
        RelationBase::forEachHeld(*nodes[i].object, [&](Entity &item) {
            const qsizetype at = index.value(&item);
            if (at >= 0 && !nodes[size_t(at)].kept) {
                nodes[size_t(at)].kept = true;
                reached.push_back(size_t(at));
            }
        });
    }

    // The others go: their links first (the map still holds each of them), then the map's
    // references. Nothing else refers to them, so nothing sees them go.
    qsizetype released = 0;
    for (const Node &n : nodes) {
        if (n.kept) {
            continue;
        }
        ++released;
        if (n.linked) {
            RelationBase::forgetAll(*n.object);
        }
        detail::InstanceState &s = st(*n.object);
        s.setSession(nullptr); // marks it for the erasure below
        s.setState(ObjectState::Detached);
        s.setInIdentityMap(false);
    }
    if (released > 0) {
        const auto unused = [this](const std::shared_ptr<Entity> &object) {
            return object->session() != this;
        };
        for (auto &[meta, map] : m_identity) {
            map.byInt.eraseIf([&unused](const auto &entry) { return unused(entry.second); });
            map.byKey.removeIf([&unused](const auto &entry) { return unused(entry.value()); });
        }
    }
    m_releaseDue = qMax(kReleaseAfterLoads, identityCount());
    return released;
}

void Session::postRelease()
{
    // From the event loop, never inside a read or another operation of the session, once as
    // many objects were loaded as were in use the last time: the work stays in proportion to
    // the loading, as a collector sizes its heap. A flush releases first too.
    m_releasePosted = true;
    QTimer::singleShot(0, this, [this] {
        if (m_releasePosted) {
            releaseUnusedObjects();
        }
    });
}

void Session::releaseUnusedIfDue()
{
    if (m_loadedSinceRelease >= m_releaseDue) {
        releaseUnusedObjects();
    }
}

} // namespace orm
