#pragma once

#include "orm/entity.h"
#include "orm/relationship.h"

#include <memory>
#include <vector>

namespace orm {

class QueryBase;
template<class T>
class Query;

// The state of one relationship on one object: whether it is loaded, the related objects,
// and, while not loaded, the changes made through the other side (applied when it loads).
// Typed models hold it as an orm::Reference<T> or orm::Collection<T> member initialised with
// the owner: `orm::Collection<Post> posts{this};`.
class RelationBase
{
public:
    explicit RelationBase(Entity *owner) : m_owner(owner) { }
    RelationBase(const RelationBase &) = delete;
    RelationBase &operator=(const RelationBase &) = delete;

    Entity *owner() const { return m_owner; }
    bool isLoaded() const { return m_loaded; }
    const RelationshipMeta &meta() const;

protected:
    friend class Session;
    friend class RelationEngine;

    std::vector<std::shared_ptr<Entity>> loadedItems() const;
    bool setTarget(const std::shared_ptr<Entity> &target);
    bool appendItem(const std::shared_ptr<Entity> &item);
    bool removeItem(const std::shared_ptr<Entity> &item);
    QueryBase relationQuery() const;

    Entity *m_owner;
    const RelationshipMeta *m_meta = nullptr;
    bool m_loaded = false;
    // A per-query load option (raise, or noload) that overrides the declared strategy.
    bool m_raise = false;
    std::vector<std::shared_ptr<Entity>> m_items;
    std::vector<std::shared_ptr<Entity>> m_pendingAdd;
    std::vector<const Entity *> m_pendingRemove;
    // Items removed since the last flush (one-to-many: their foreign key is cleared).
    std::vector<std::shared_ptr<Entity>> m_removed;
};

// A many-to-one or one-to-one relationship: `post->author` (loads on first access).
template<class T>
class Reference : public RelationBase
{
public:
    explicit Reference(Entity *owner) : RelationBase(owner) { }

    std::shared_ptr<T> get() const
    {
        const auto items = loadedItems();
        return items.empty() ? nullptr : std::static_pointer_cast<T>(items.front());
    }
    T *operator->() const { return get().get(); }
    explicit operator bool() const { return get() != nullptr; }
    // Sets the related object; the other side (a backref collection) follows.
    bool set(const std::shared_ptr<T> &target) { return setTarget(target); }
    Reference &operator=(const std::shared_ptr<T> &target)
    {
        setTarget(target);
        return *this;
    }
};

// A one-to-many or many-to-many collection: `user->posts` (loads on first access).
template<class T>
class Collection : public RelationBase
{
public:
    explicit Collection(Entity *owner) : RelationBase(owner) { }

    std::vector<std::shared_ptr<T>> items() const
    {
        const auto loaded = loadedItems();
        std::vector<std::shared_ptr<T>> out;
        out.reserve(loaded.size());
        for (const auto &e : loaded)
            out.push_back(std::static_pointer_cast<T>(e));
        return out;
    }
    qsizetype size() const { return qsizetype(loadedItems().size()); }
    bool isEmpty() const { return size() == 0; }
    bool contains(const std::shared_ptr<T> &item) const
    {
        const auto loaded = loadedItems();
        return std::find(loaded.begin(), loaded.end(), item) != loaded.end();
    }
    // Staged: flushed as a foreign key (one-to-many) or an association row (many-to-many).
    bool append(const std::shared_ptr<T> &item) { return appendItem(item); }
    bool remove(const std::shared_ptr<T> &item) { return removeItem(item); }
    // The collection as a query, evaluated in SQL (lazy='dynamic'): filter, count, paginate.
    Query<T> query() const;
};

} // namespace orm
