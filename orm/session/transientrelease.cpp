// SPDX-License-Identifier: MIT
// Graphs of related objects that never joined a session. Both sides of a relationship hold
// std::shared_ptrs, so such a graph is a cycle that reference counting alone never frees. The
// objects that link in no session are tracked, and collected as Session::releaseUnusedObjects()
// collects a session's: references beyond those the tracked objects hold on each other mean
// the program uses the object, and then everything it reaches.

#include "orm/mapping/related.h"
#include "orm/session/session_p.h"

#include <QThread>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

namespace orm {

namespace {

struct Registry
{
    std::mutex mutex;
    // Each object with the thread it was linked on: a collection looks at its own thread's
    // objects only, since objects are not shared between threads while being changed.
    std::unordered_map<Entity *, Qt::HANDLE> objects;
    size_t due = size_t(kReleaseTransientAfter);
};

// Never destroyed: objects may outlive every static.
Registry &registry()
{
    static auto *r = new Registry;
    return *r;
}

std::atomic<bool> g_due {false};

struct Node
{
    Entity *object;
    long refs; // beyond those of the other tracked objects' relationships
    bool kept = false;
};

enum class Threads { Current, All };

qsizetype collect(Threads threads)
{
    Registry &r = registry();
    std::vector<std::shared_ptr<Entity>> unused;
    {
        const std::lock_guard lock(r.mutex);
        g_due.store(false, std::memory_order_relaxed);
        const Qt::HANDLE self = QThread::currentThreadId();
        std::vector<Node> nodes;
        detail::PointerIndex index;
        for (auto it = r.objects.begin(); it != r.objects.end();) {
            Entity *object = it->first;
            if (threads == Threads::Current && it->second != self) {
                ++it;
                continue;
            }
            if (object->session()) {
                // Its session lets it go with its links broken.
                st(*object).setTrackedTransient(false);
                it = r.objects.erase(it);
                continue;
            }
            // (0: being destroyed, or not owned by a std::shared_ptr.)
            const long refs = object->weak_from_this().use_count();
            if (refs > 0) {
                index.insert(object, nodes.size());
                nodes.push_back(Node {object, refs});
            }
            ++it;
        }
        for (const Node &n : nodes) {
            RelationBase::forEachHeld(*n.object, [&](Entity &item) {
                const qsizetype at = index.value(&item);
                if (at >= 0) {
                    --nodes[size_t(at)].refs;
                }
            });
        }
        std::vector<size_t> reached;
        for (size_t i = 0; i < nodes.size(); ++i) {
            if (nodes[i].refs > 0) {
                nodes[i].kept = true;
                reached.push_back(i);
            }
        }
        while (!reached.empty()) {
            const size_t i = reached.back();
            reached.pop_back();
            RelationBase::forEachHeld(*nodes[i].object, [&](Entity &item) {
                const qsizetype at = index.value(&item);
                if (at >= 0 && !nodes[size_t(at)].kept) {
                    nodes[size_t(at)].kept = true;
                    reached.push_back(size_t(at));
                }
            });
        }
        for (const Node &n : nodes) {
            if (!n.kept) {
                st(*n.object).setTrackedTransient(false);
                r.objects.erase(n.object);
                unused.push_back(n.object->weak_from_this().lock());
            }
        }
        r.due = std::max(size_t(kReleaseTransientAfter), 2 * r.objects.size());
    }
    // Outside the lock: the objects' destructors run here, and so may a tracked one's.
    for (const auto &object : unused) {
        RelationBase::forgetAll(*object);
    }
    const qsizetype released = qsizetype(unused.size());
    unused.clear();
    return released;
}

void collectAtExit()
{
    collect(Threads::All);
}

} // namespace

qsizetype releaseUnusedTransientObjects()
{
    return collect(Threads::Current);
}

namespace detail {

void trackTransient(Entity &object)
{
    InstanceState &s = st(object);
    if (s.isTrackedTransient() || s.session()) {
        return;
    }
    Registry &r = registry();
    static std::once_flag atExit;
    std::call_once(atExit, [] { std::atexit(collectAtExit); });
    const std::lock_guard lock(r.mutex);
    s.setTrackedTransient(true);
    r.objects.emplace(&object, QThread::currentThreadId());
    if (r.objects.size() >= r.due) {
        g_due.store(true, std::memory_order_relaxed);
    }
}

void collectTransientIfDue(Entity &owner)
{
    if (Q_LIKELY(!g_due.load(std::memory_order_relaxed))) {
        return;
    }
    const std::shared_ptr<Entity> keep = owner.weak_from_this().lock();
    collect(Threads::Current);
}

void forgetTransient(Entity *object)
{
    Registry &r = registry();
    const std::lock_guard lock(r.mutex);
    r.objects.erase(object);
}

} // namespace detail

} // namespace orm
