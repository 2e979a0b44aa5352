// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/related.h"

#include <optional>

namespace orm::detail {

// What a relationship member (RelationBase, and Session's generic relationship calls) does
// beyond its own state: loading per the strategy, counting, and changing both sides of a link,
// with or without a session. The relationship engine (orm/relationships) implements it and
// registers itself as the program starts (the orm target links it into every program, see
// orm/CMakeLists.txt): mapping and the session call only this, so that no call goes up from
// them to the folders above.
class RelationOps
{
public:
    virtual ~RelationOps() = default;
    // The objects (at most limit, when not negative), loaded per the strategy; a dynamic
    // collection is read from the database with the staged changes.
    virtual Related<Entity> readItems(Entity &owner, const RelationshipMeta &rel,
                                      qsizetype limit) const = 0;
    // How many objects a collection holds (a dynamic one counted in SQL); nullopt on an error.
    virtual std::optional<qint64> countItems(Entity &owner, const RelationshipMeta &rel) const = 0;
    // RelationBase::itemCount(): the loaded objects, or a dynamic collection counted (0 on an
    // error).
    virtual qsizetype itemCount(Entity &owner, const RelationshipMeta &rel) const = 0;
    virtual bool holdsItem(Entity &owner, const RelationshipMeta &rel,
                           const std::shared_ptr<Entity> &item) const = 0;
    // Whether a read would be refused (a 'raise' relationship that is not in memory).
    virtual bool refusesLoading(Entity &owner, const RelationshipMeta &rel) const = 0;
    virtual bool setTarget(Entity &owner, const RelationshipMeta &rel,
                           const std::shared_ptr<Entity> &target) const = 0;
    virtual bool appendItem(Entity &owner, const RelationshipMeta &rel,
                            const std::shared_ptr<Entity> &item) const = 0;
    virtual bool removeItem(Entity &owner, const RelationshipMeta &rel,
                            const std::shared_ptr<Entity> &item) const = 0;
};

// The registered engine; stops the program when none is (a relationship used in a program
// that does not link orm/relationships).
const RelationOps &relationOps();
void setRelationOps(const RelationOps *ops);

} // namespace orm::detail
