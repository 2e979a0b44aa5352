// SPDX-License-Identifier: MIT
#pragma once

// Private to the session's implementation files: the staged fields whose base another
// program changed.

#include "orm/mapping/snapshot.h"

#include <QList>

#include <memory>
#include <unordered_map>

namespace orm {
class Entity;

namespace detail {

// One object's conflicts. Its baseline keeps, for each conflicting column, the value the edit
// was based on (so that the commit's check fails rather than overwrite theirs); theirs is the
// row as the database last showed it.
struct ConflictEntry
{
    std::shared_ptr<Entity> object;
    std::unique_ptr<Snapshot> loaded; // what the edits were based on (the conflicting columns)
    std::unique_ptr<Snapshot> theirs;
    QList<int> open;
    QList<int> resolved; // kept mine or took theirs: reopenConflict() can undo it
};

struct Conflicts
{
    std::unordered_map<const Entity *, ConflictEntry> entries;
};

} // namespace detail
} // namespace orm
