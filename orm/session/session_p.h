// SPDX-License-Identifier: MIT
#pragma once

// Private to the session's implementation files (session.cpp, relations.cpp).

#include "orm/mapping/entitymeta.h"
#include "orm/mapping/snapshot.h"
#include "orm/session/session.h"

#include <QVarLengthArray>

#include <unordered_map>
#include <vector>

namespace orm {

// Entity keeps its state private; the session is the one that changes it.
class SessionPrivateAccess
{
public:
    static detail::InstanceState &state(Entity &e) { return e.m_state; }
    static const detail::InstanceState &state(const Entity &e) { return e.m_state; }
};

inline detail::InstanceState &st(Entity &e)
{
    return SessionPrivateAccess::state(e);
}
inline const detail::InstanceState &st(const Entity &e)
{
    return SessionPrivateAccess::state(e);
}

namespace detail {

// Transient objects linked to each other (transientrelease.cpp): an object in no session that
// came to hold another one in no session is tracked, so that the cycles such graphs make are
// collected once the program holds none of their objects.
void trackTransient(Entity &object);
// Collects, when due, before a link is made (the owner, which the program is using, is kept).
void collectTransientIfDue(Entity &owner);

// What a flush (or a bulk statement) changed in memory, so that it can be undone: the
// object's state, its baseline, and the values the flush itself assigned (keys, defaults,
// onupdate). Values typed by the user are never touched by an undo.
struct JournalEntry
{
    std::shared_ptr<Entity> object;
    ObjectState oldState = ObjectState::Transient;
    bool oldMarked = false;
    bool oldInIdentity = false;
    bool baselineSaved = false;
    // The flush assigned a value after the baseline was last taken (the object may need an
    // UPDATE even if it was not modified before the flush).
    bool changedSinceBaseline = false;
    std::unique_ptr<Snapshot> oldBaseline;
    // Usually one value (the key an INSERT assigned): kept inline, no allocation per object.
    QVarLengthArray<std::pair<int, QVariant>, 1> valueUndo;
};

struct Journal
{
    std::vector<JournalEntry> entries;
    // Association rows this level wrote (put back on the staged lists if it is undone).
    QList<AssociationRow> associationAdds;
    QList<AssociationRow> associationRemoves;
    PointerIndex index;

    // Room for n more records (a flush knows how many objects it may touch).
    void reserve(size_t n)
    {
        entries.reserve(entries.size() + n);
        index.reserve(entries.size() + n);
    }

    JournalEntry &record(const std::shared_ptr<Entity> &object)
    {
        const qsizetype at = index.value(object.get());
        if (at >= 0)
            return entries[size_t(at)];
        JournalEntry e;
        e.object = object;
        const InstanceState &s = st(*object);
        e.oldState = s.state();
        e.oldMarked = s.markedForDeletion();
        e.oldInIdentity = s.inIdentityMap();
        index.insert(object.get(), entries.size());
        entries.push_back(std::move(e));
        return entries.back();
    }

    static void setValue(JournalEntry &e, int column, const QVariant &value)
    {
        Entity &obj = *e.object;
        const ColumnAccess &a = *obj.entityMeta().column(column).access;
        const bool seen = std::any_of(e.valueUndo.begin(), e.valueUndo.end(),
                                      [column](const auto &p) { return p.first == column; });
        if (!seen)
            e.valueUndo.emplace_back(column, a.get(obj));
        (void)a.set(obj, value);
        e.changedSinceBaseline = true;
    }

    static void replaceBaseline(JournalEntry &e, std::unique_ptr<Snapshot> baseline)
    {
        InstanceState &s = st(*e.object);
        if (!e.baselineSaved) {
            e.oldBaseline = s.takeBaseline();
            e.baselineSaved = true;
        }
        s.setBaseline(std::move(baseline));
        e.changedSinceBaseline = false;
    }
};

} // namespace detail

} // namespace orm
