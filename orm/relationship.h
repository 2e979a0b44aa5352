#pragma once

#include "orm/entitymeta.h"

namespace orm {

// How a relationship's related objects are loaded (SQLAlchemy's lazy=…).
enum class LoadStrategy { Select, Joined, SelectIn, Dynamic, Raise, NoLoad };

// The description of one relationship of an entity.
struct RelationshipMeta
{
    QString name;
    RelationshipKind kind = RelationshipKind::ManyToOne;
    const EntityMeta &(*target)() = nullptr; // resolved lazily: metas refer to each other
    QString backref;
    LoadStrategy strategy = LoadStrategy::Select;
};

} // namespace orm
