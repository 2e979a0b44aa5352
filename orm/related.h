#pragma once

#include "orm/entity.h"
#include "orm/relationship.h"

#include <algorithm>
#include <memory>
#include <unordered_set>
#include <vector>

namespace orm {

class QueryBase;
template<class T>
class Query;

// The objects of one relationship, in order, with a hash look-up once the list is long (a tag
// may hold thousands of posts, and every append checks for duplicates).
class RelatedItems
{
public:
    using List = std::vector<std::shared_ptr<Entity>>;

    const List &list() const { return m_list; }
    operator const List &() const { return m_list; }
    List::const_iterator begin() const { return m_list.cbegin(); }
    List::const_iterator end() const { return m_list.cend(); }
    bool empty() const { return m_list.empty(); }
    size_t size() const { return m_list.size(); }
    const std::shared_ptr<Entity> &front() const { return m_list.front(); }

    bool contains(const Entity *e) const
    {
        if (m_set)
            return m_set->count(e) != 0;
        return std::any_of(m_list.begin(), m_list.end(),
                           [e](const auto &p) { return p.get() == e; });
    }
    void push_back(const std::shared_ptr<Entity> &e)
    {
        m_list.push_back(e);
        if (m_set)
            m_set->insert(e.get());
        else if (m_list.size() > kIndexFrom)
            rebuild();
    }
    bool remove(const Entity *e)
    {
        if (m_set && !m_set->erase(e))
            return false;
        const auto before = m_list.size();
        std::erase_if(m_list, [e](const auto &p) { return p.get() == e; });
        return m_list.size() != before;
    }
    template<class Pred>
    void removeIf(Pred pred)
    {
        std::erase_if(m_list, pred);
        rebuild();
    }
    void clear()
    {
        m_list.clear();
        m_set.reset();
    }
    RelatedItems &operator=(List list)
    {
        m_list = std::move(list);
        rebuild();
        return *this;
    }

private:
    static constexpr size_t kIndexFrom = 16;
    void rebuild()
    {
        m_set.reset();
        if (m_list.size() > kIndexFrom) {
            m_set = std::make_unique<std::unordered_set<const Entity *>>();
            for (const auto &p : m_list)
                m_set->insert(p.get());
        }
    }
    List m_list;
    // Only for long lists (allocated then): every loaded object holds its relationships.
    std::unique_ptr<std::unordered_set<const Entity *>> m_set;
};

namespace detail {
// A std::vector allocated on first insertion: the staging lists of a relationship are empty
// for almost every object, and every loaded object (and its baseline) carries them.
template<class T>
class LazyList
{
public:
    using List = std::vector<T>;
    using const_iterator = typename List::const_iterator;

    bool empty() const { return !m_list || m_list->empty(); }
    size_t size() const { return m_list ? m_list->size() : 0; }
    const_iterator begin() const { return m_list ? m_list->cbegin() : const_iterator(); }
    const_iterator end() const { return m_list ? m_list->cend() : const_iterator(); }
    operator const List &() const
    {
        static const List none;
        return m_list ? *m_list : none;
    }
    void push_back(const T &value)
    {
        if (!m_list)
            m_list = std::make_unique<List>();
        m_list->push_back(value);
    }
    void clear() { m_list.reset(); }
    void erase(const T &value)
    {
        if (m_list)
            std::erase(*m_list, value);
    }
    template<class Pred>
    void eraseIf(Pred pred)
    {
        if (m_list)
            std::erase_if(*m_list, pred);
    }

private:
    std::unique_ptr<List> m_list;
};
} // namespace detail

// The state of one relationship on one object: whether it is loaded, the related objects,
// and, while not loaded, the changes made through the other side (applied when it loads).
// Typed models hold it as an orm::Reference<T> or orm::Collection<T> member initialised with
// the owner: `orm::Collection<Post> posts{this};`.
class RelationBase
{
public:
    explicit RelationBase(Entity *owner)
        : m_owner(owner)
    { }
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
    RelatedItems m_items;
    detail::LazyList<std::shared_ptr<Entity>> m_pendingAdd;
    detail::LazyList<const Entity *> m_pendingRemove;
    // Items removed since the last flush (one-to-many: their foreign key is cleared).
    detail::LazyList<std::shared_ptr<Entity>> m_removed;
};

// A many-to-one or one-to-one relationship: `post->author` (loads on first access).
template<class T>
class Reference : public RelationBase
{
public:
    explicit Reference(Entity *owner)
        : RelationBase(owner)
    { }

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
    explicit Collection(Entity *owner)
        : RelationBase(owner)
    { }

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
