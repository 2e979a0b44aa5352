// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <memory>
#include <vector>

namespace orm {

class Entity;
class Session;
struct RelationshipMeta;

// Takes items as what owner's relationship holds in the database, as if related() had loaded
// them, when they were read elsewhere: Session::relatedQuery()'s rows, read on a worker thread
// and made the session's objects with Session::loadStoredRows(). The links and unlinks staged
// meanwhile are kept on top of them. From now on related() answers without a round trip.
//
// Returns false, changing nothing, when the relationship is loaded already (what it holds is
// then the session's, not the older read's), dynamic (never loaded whole), or owner belongs to
// no session or has no row yet.
bool acceptRelatedRead(Session &session, Entity &owner, const RelationshipMeta &rel,
                       std::vector<std::shared_ptr<Entity>> items);

// Another program wrote to the database: the relationships loaded before may no longer be what
// it holds. Lets go of every loaded relationship that nothing staged depends on, so that the
// next related() reads it again (a dynamic one always does); those with staged links, or whose
// owner or rows carry staged changes, stay as staged. Call it from the event loop, never while
// the session is loading.
void expireUnstagedRelations(Session &session);

// A dynamic collection (never loaded whole) read elsewhere: rows, the first of
// Session::relatedQuery()'s rows made the session's objects, and inDatabase, the rows it has
// in the database (its count, or rows' size when they are all), as related() with limit and
// relatedCount() give them: the staged unlinks left out, the staged links added. Anything but
// a dynamic collection of a persistent owner of session is given back as it came.
struct DynamicRead
{
    std::vector<std::shared_ptr<Entity>> items;
    qint64 count = 0;
};
DynamicRead dynamicReadWithStagedChanges(Session &session, Entity &owner,
                                         const RelationshipMeta &rel,
                                         std::vector<std::shared_ptr<Entity>> rows,
                                         qint64 inDatabase, qsizetype limit);

} // namespace orm
