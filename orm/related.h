#pragma once

#include "orm/entity.h"
#include "orm/relationship.h"

#include <algorithm>
#include <memory>
#include <new>
#include <unordered_set>
#include <vector>

namespace orm {

class QueryBase;
template<class T>
class Query;

// The objects of one relationship, in order, with a hash look-up once the list is long (a tag
// may hold thousands of posts, and every append checks for duplicates). Every loaded object
// carries one per relationship, most of them empty or holding one object: the list is a
// single pointer to one block (counts, the optional index and the items), null when empty.
class RelatedItems
{
public:
    using Ptr = std::shared_ptr<Entity>;
    using List = std::vector<Ptr>;

    RelatedItems() = default;
    RelatedItems(const RelatedItems &) = delete;
    RelatedItems &operator=(const RelatedItems &) = delete;
    ~RelatedItems() { clear(); }

    const Ptr *begin() const { return m_block ? m_block->items() : nullptr; }
    const Ptr *end() const { return m_block ? m_block->items() + m_block->size : nullptr; }
    bool empty() const { return !m_block || m_block->size == 0; }
    size_t size() const { return m_block ? m_block->size : 0; }
    const Ptr &front() const { return *begin(); }
    List toVector() const { return List(begin(), end()); }

    bool contains(const Entity *e) const
    {
        if (m_block && m_block->set)
            return m_block->set->count(e) != 0;
        return std::any_of(begin(), end(), [e](const Ptr &p) { return p.get() == e; });
    }
    void push_back(const Ptr &e)
    {
        reserve(size() + 1);
        new (m_block->items() + m_block->size) Ptr(e);
        ++m_block->size;
        if (m_block->set)
            m_block->set->insert(e.get());
        else if (m_block->size > kIndexFrom)
            rebuild();
    }
    bool remove(const Entity *e)
    {
        if (!m_block || (m_block->set && !m_block->set->erase(e)))
            return false;
        const size_t before = size();
        removeWhere([e](const Ptr &p) { return p.get() == e; });
        return size() != before;
    }
    template<class Pred>
    void removeIf(Pred pred)
    {
        removeWhere(pred);
        rebuild();
    }
    void clear()
    {
        if (!m_block)
            return;
        std::destroy_n(m_block->items(), m_block->size);
        delete m_block->set;
        ::operator delete(m_block);
        m_block = nullptr;
    }
    RelatedItems &operator=(List list)
    {
        clear();
        if (!list.empty()) {
            reserve(list.size());
            for (Ptr &p : list)
                new (m_block->items() + m_block->size++) Ptr(std::move(p));
            rebuild();
        }
        return *this;
    }

private:
    static constexpr size_t kIndexFrom = 16;
    struct Block
    {
        quint32 size;
        quint32 capacity;
        std::unordered_set<const Entity *> *set; // only for long lists
        Ptr *items() { return reinterpret_cast<Ptr *>(this + 1); }
    };
    static_assert(sizeof(Block) % alignof(Ptr) == 0);

    void reserve(size_t n)
    {
        if (m_block && m_block->capacity >= n)
            return;
        const size_t capacity = std::max<size_t>(n, m_block ? size_t(m_block->capacity) * 2 : 1);
        auto *b = static_cast<Block *>(::operator new(sizeof(Block) + capacity * sizeof(Ptr)));
        b->size = 0;
        b->capacity = quint32(capacity);
        b->set = nullptr;
        if (m_block) {
            // shared_ptr is relocated by moving; the moved-from pointers need no destruction.
            for (quint32 i = 0; i < m_block->size; ++i)
                new (b->items() + i) Ptr(std::move(m_block->items()[i]));
            b->size = m_block->size;
            b->set = m_block->set;
            std::destroy_n(m_block->items(), m_block->size);
            ::operator delete(m_block);
        }
        m_block = b;
    }
    template<class Pred>
    void removeWhere(Pred pred)
    {
        if (!m_block)
            return;
        Ptr *items = m_block->items();
        quint32 kept = 0;
        for (quint32 i = 0; i < m_block->size; ++i) {
            if (pred(std::as_const(items[i])))
                continue;
            if (kept != i)
                items[kept] = std::move(items[i]);
            ++kept;
        }
        std::destroy(items + kept, items + m_block->size);
        m_block->size = kept;
        if (kept == 0)
            clear();
    }
    void rebuild()
    {
        if (!m_block)
            return;
        delete m_block->set;
        m_block->set = nullptr;
        if (m_block->size > kIndexFrom) {
            m_block->set = new std::unordered_set<const Entity *>();
            for (const Ptr &p : *this)
                m_block->set->insert(p.get());
        }
    }

    Block *m_block = nullptr;
};

namespace detail {
// The staging lists of a relationship: empty for almost every object, so one pointer to the
// three, allocated on first use. Each list is reached through a small handle with the
// subset of std::vector's interface the relationship engine uses.
class StagedLists
{
public:
    struct Lists
    {
        std::vector<std::shared_ptr<Entity>> add; // added while not loaded
        std::vector<const Entity *> remove; // removed while not loaded
        std::vector<std::shared_ptr<Entity>> removed; // removed since the last flush
    };

    template<class T, std::vector<T> Lists::*Member>
    class Handle
    {
    public:
        using List = std::vector<T>;
        using const_iterator = typename List::const_iterator;

        explicit Handle(StagedLists &owner)
            : m_owner(&owner)
        { }
        bool empty() const { return view().empty(); }
        size_t size() const { return view().size(); }
        const_iterator begin() const { return view().cbegin(); }
        const_iterator end() const { return view().cend(); }
        operator const List &() const { return view(); }
        void push_back(const T &value) { (m_owner->lists().*Member).push_back(value); }
        void clear()
        {
            if (m_owner->m_lists)
                (m_owner->m_lists.get()->*Member).clear();
            m_owner->releaseIfEmpty();
        }
        void erase(const T &value)
        {
            if (m_owner->m_lists)
                std::erase(m_owner->m_lists.get()->*Member, value);
            m_owner->releaseIfEmpty();
        }
        template<class Pred>
        void eraseIf(Pred pred)
        {
            if (m_owner->m_lists)
                std::erase_if(m_owner->m_lists.get()->*Member, pred);
            m_owner->releaseIfEmpty();
        }

    private:
        const List &view() const
        {
            static const List none;
            return m_owner->m_lists ? m_owner->m_lists.get()->*Member : none;
        }
        StagedLists *m_owner;
    };

    Lists &lists()
    {
        if (!m_lists)
            m_lists = std::make_unique<Lists>();
        return *m_lists;
    }
    void releaseIfEmpty()
    {
        if (m_lists && m_lists->add.empty() && m_lists->remove.empty() && m_lists->removed.empty())
            m_lists.reset();
    }

private:
    std::unique_ptr<Lists> m_lists;
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
    bool isLoaded() const { return isLoadedFlag(); }
    const RelationshipMeta &meta() const;

protected:
    friend class Session;
    friend class RelationEngine;

    std::vector<std::shared_ptr<Entity>> loadedItems() const;
    bool setTarget(const std::shared_ptr<Entity> &target);
    bool appendItem(const std::shared_ptr<Entity> &item);
    bool removeItem(const std::shared_ptr<Entity> &item);
    QueryBase relationQuery() const;

    // The staging lists (see detail::StagedLists).
    using PendingAdd =
        detail::StagedLists::Handle<std::shared_ptr<Entity>, &detail::StagedLists::Lists::add>;
    using PendingRemove =
        detail::StagedLists::Handle<const Entity *, &detail::StagedLists::Lists::remove>;
    using Removed =
        detail::StagedLists::Handle<std::shared_ptr<Entity>, &detail::StagedLists::Lists::removed>;
    // Changes made through the other side while not loaded (applied when it loads).
    PendingAdd pendingAdd() const { return PendingAdd(m_staged); }
    PendingRemove pendingRemove() const { return PendingRemove(m_staged); }
    // Items removed since the last flush (one-to-many: their foreign key is cleared).
    Removed removedItems() const { return Removed(m_staged); }

    // Whether loaded, and a per-query load option (raise, or noload) that overrides the
    // declared strategy: kept in the low bits of the (8-aligned) metadata pointer, since
    // every loaded object carries a state per relationship.
    bool isLoadedFlag() const { return m_metaBits & kLoaded; }
    void setLoadedFlag(bool on) { m_metaBits = on ? m_metaBits | kLoaded : m_metaBits & ~kLoaded; }
    bool raiseFlag() const { return m_metaBits & kRaise; }
    void setRaiseFlag(bool on) { m_metaBits = on ? m_metaBits | kRaise : m_metaBits & ~kRaise; }

    Entity *m_owner;
    static constexpr quintptr kLoaded = 1;
    static constexpr quintptr kRaise = 2;
    quintptr m_metaBits = 0; // const RelationshipMeta *, or-ed with the flags above
    RelatedItems m_items;
    mutable detail::StagedLists m_staged;
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
