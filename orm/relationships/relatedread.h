// SPDX-License-Identifier: MIT
#pragma once

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

} // namespace orm
