// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/mapping/entity.h"
#include "orm/mapping/relationship.h"

#include <algorithm>
#include <memory>
#include <new>
#include <unordered_set>
#include <vector>

namespace orm {

class QueryBase;
template<class T>
class Query;

namespace detail {
// Changes to a relationship staged while it is not loaded, and items removed since the last
// flush (see RelationBase): empty for almost every object.
struct StagedLists
{
    std::vector<std::shared_ptr<Entity>> add; // added while not loaded
    std::vector<const Entity *> remove; // removed while not loaded
    std::vector<std::shared_ptr<Entity>> removed; // removed since the last flush
    bool empty() const { return add.empty() && remove.empty() && removed.empty(); }
};
} // namespace detail

// The objects of one relationship, in order, with a hash look-up once the list is long (a tag
// may hold thousands of posts, and every append checks for duplicates). Every loaded object
// carries one per relationship, most of them empty or holding one object: the list is a
// single pointer to one block (counts, the optional index, the staged lists and the items),
// null when there is nothing.
class RelatedItems
{
public:
    using Ptr = std::shared_ptr<Entity>;
    using List = std::vector<Ptr>;

    RelatedItems() = default;
    RelatedItems(const RelatedItems &) = delete;
    RelatedItems &operator=(const RelatedItems &) = delete;
    ~RelatedItems()
    {
        if (m_block) {
            delete m_block->staged;
            m_block->staged = nullptr; // so that clear() releases the block too
        }
        clear();
    }

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
    // The items go; staged lists stay.
    void clear()
    {
        if (!m_block)
            return;
        std::destroy_n(m_block->items(), m_block->size);
        delete m_block->set;
        m_block->set = nullptr;
        m_block->size = 0;
        if (!m_block->staged) {
            ::operator delete(m_block);
            m_block = nullptr;
        }
    }

    // The staged lists, created on first use; null when there are none.
    detail::StagedLists &staged()
    {
        if (!m_block)
            reserve(0);
        if (!m_block->staged)
            m_block->staged = new detail::StagedLists();
        return *m_block->staged;
    }
    const detail::StagedLists *stagedOrNull() const { return m_block ? m_block->staged : nullptr; }
    void releaseStagedIfEmpty()
    {
        if (!m_block || !m_block->staged || !m_block->staged->empty())
            return;
        delete m_block->staged;
        m_block->staged = nullptr;
        if (m_block->size == 0)
            clear();
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
        detail::StagedLists *staged; // only while there are staged changes
        Ptr *items() { return reinterpret_cast<Ptr *>(this + 1); }
    };
    static_assert(sizeof(Block) % alignof(Ptr) == 0);

    void reserve(size_t n)
    {
        // The old block in a local: the compiler then knows it is still null after the
        // allocation (staged()'s bare block), and copies nothing past its end.
        Block *const old = m_block;
        if (old && old->capacity >= n)
            return;
        // (0: a block for staged lists alone.)
        const size_t capacity =
            n == 0 ? 0 : std::max<size_t>(n, old ? size_t(old->capacity) * 2 : 1);
        auto *b = static_cast<Block *>(::operator new(sizeof(Block) + capacity * sizeof(Ptr)));
        b->size = 0;
        b->capacity = quint32(capacity);
        b->set = nullptr;
        b->staged = nullptr;
        if (old) {
            // shared_ptr is relocated by moving; the moved-from pointers need no destruction.
            for (quint32 i = 0; i < old->size; ++i)
                new (b->items() + i) Ptr(std::move(old->items()[i]));
            b->size = old->size;
            b->set = old->set;
            b->staged = old->staged;
            std::destroy_n(old->items(), old->size);
            ::operator delete(old);
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
// One of a relationship's staged lists (see StagedLists), reached through a small handle with
// the subset of std::vector's interface the relationship engine uses: the lists live in the
// relationship's block, allocated on first use and released once empty.
template<class T, std::vector<T> StagedLists::*Member>
class StagedHandle
{
public:
    using List = std::vector<T>;
    using const_iterator = typename List::const_iterator;

    explicit StagedHandle(RelatedItems &items)
        : m_items(&items)
    { }
    bool empty() const { return view().empty(); }
    size_t size() const { return view().size(); }
    const_iterator begin() const { return view().cbegin(); }
    const_iterator end() const { return view().cend(); }
    operator const List &() const { return view(); }
    void push_back(const T &value) { (m_items->staged().*Member).push_back(value); }
    void clear()
    {
        if (StagedLists *lists = mutableLists())
            (lists->*Member).clear();
        m_items->releaseStagedIfEmpty();
    }
    void erase(const T &value)
    {
        if (StagedLists *lists = mutableLists())
            std::erase(lists->*Member, value);
        m_items->releaseStagedIfEmpty();
    }
    template<class Pred>
    void eraseIf(Pred pred)
    {
        if (StagedLists *lists = mutableLists())
            std::erase_if(lists->*Member, pred);
        m_items->releaseStagedIfEmpty();
    }

private:
    StagedLists *mutableLists() const { return const_cast<StagedLists *>(m_items->stagedOrNull()); }
    const List &view() const
    {
        static const List none;
        const StagedLists *lists = m_items->stagedOrNull();
        return lists ? lists->*Member : none;
    }
    RelatedItems *m_items;
};
} // namespace detail

namespace detail {
// Aborts, naming the relationship: the result of a read that the 'raise' strategy refused was
// used as if it held the relationship's objects.
[[noreturn]] void refusedResultRead(const Error &error);
} // namespace detail

// What one read of a relationship found: its objects, in order, or the error that kept them
// from loading (the session's lastError() tells it too).
//
// A relationship whose loading strategy is 'raise' refuses to load: that is a defect of the
// program (an accidental query behind its back), not a condition of the data. In a debug
// build the read aborts at once, naming the relationship. In a release build it returns a
// Related that bears the error, and reading the objects of that result (iterating it, its
// size, converting it to a vector) before looking at the error (isError(), error() or the
// bool test) aborts with the relationship's name: the program never goes on as if the
// collection were empty. The reads that return no Related (Collection::size(), contains(),
// Reference::get(), Session::relatedOne()) cannot bear the error, so a refused one aborts
// in every build. Looking first:
//     if (const auto tags = post->tags.items()) {
//         for (const auto &tag : tags) …
//     } else {
//         report(tags.error());
//     }
// A load the database refused is a condition of the data: the result is empty, with the error.
template<class T>
class [[nodiscard]] Related
{
public:
    using List = std::vector<std::shared_ptr<T>>;
    using const_iterator = typename List::const_iterator;
    enum class Refusal { None, Refused };

    Related() = default;
    explicit Related(List items)
        : m_items(std::move(items))
    { }
    Related(const Error &error, Refusal refusal)
        : m_error(std::make_shared<const Error>(error))
        , m_refused(refusal == Refusal::Refused)
    { }
    // The same result, its objects cast to the relationship's type.
    template<class U>
    explicit Related(Related<U> &&other)
        : m_error(std::move(other.m_error))
        , m_refused(other.m_refused)
        , m_looked(other.m_looked)
    {
        m_items.reserve(other.m_items.size());
        for (auto &e : other.m_items)
            m_items.push_back(std::static_pointer_cast<T>(std::move(e)));
    }

    bool isError() const
    {
        m_looked = true;
        return m_error && m_error->isError();
    }
    const Error &error() const
    {
        static const Error none;
        m_looked = true;
        return m_error ? *m_error : none;
    }
    // True when the objects were read.
    explicit operator bool() const { return !isError(); }

    const_iterator begin() const { return items().cbegin(); }
    const_iterator end() const { return items().cend(); }
    size_t size() const { return items().size(); }
    bool empty() const { return items().empty(); }
    bool isEmpty() const { return empty(); }
    const std::shared_ptr<T> &front() const { return items().front(); }
    const std::shared_ptr<T> &operator[](size_t i) const { return items()[i]; }
    // The first object, or null (the target of a many-to-one or one-to-one).
    std::shared_ptr<T> first() const { return items().empty() ? nullptr : items().front(); }
    const List &toVector() const { return items(); }
    operator const List &() const { return items(); }

private:
    template<class U>
    friend class Related;
    const List &items() const
    {
        if (m_refused && !m_looked)
            detail::refusedResultRead(*m_error);
        return m_items;
    }
    List m_items;
    std::shared_ptr<const Error> m_error; // null when there is none: most reads
    bool m_refused = false;
    mutable bool m_looked = false;
};

// The state of one relationship on one object: whether it is loaded, the related objects,
// and, while not loaded, the changes made through the other side (applied when it loads).
// Typed models hold it as an orm::Reference<T> or orm::Collection<T> member initialised with
// the owner: `orm::Collection<Post> posts{this};`.
//
// Every loaded object carries one per relationship, so it is two words: the metadata pointer
// (resolved on first use) with the flags and the distance back to the owner packed around it,
// and the items (RelatedItems). A member must therefore lie after the object's orm::Entity
// base and less than 64 KiB (kMaxOwnerDistance bytes) from it: mapping a model whose member
// does not stops the program with the member's name in every build (Mapper), and so does
// using such a member of an object whose model was never mapped. A state kept apart from its
// owner (detail::DetachedRelation, orm::Record's) keeps the owner's address with it.
class RelationBase
{
public:
    explicit RelationBase(Entity *owner)
        : m_metaBits(ownerDistance(owner))
    { }
    RelationBase(const RelationBase &) = delete;
    RelationBase &operator=(const RelationBase &) = delete;

    // How far after its object's orm::Entity base a member may lie.
    static constexpr std::ptrdiff_t kMaxOwnerDistance = 0xffff;

    Entity *owner() const;
    bool isLoaded() const { return isLoadedFlag(); }
    const RelationshipMeta &meta() const;

    // Internal, for letting go of objects nobody uses (Session::releaseUnusedObjects(),
    // orm::releaseUnusedTransientObjects()): the objects an object's relationship states hold
    // a reference to (their items and staged lists), whether there is any, and dropping them
    // all (the relationships are then not loaded).
    template<class Visit>
    static void forEachHeld(Entity &object, Visit visit);
    static bool holdsAnyObject(Entity &object);
    static void forgetAll(Entity &object);
    bool holdsObjects() const
    {
        const detail::StagedLists *lists = m_items.stagedOrNull();
        return !m_items.empty() || (lists && (!lists->add.empty() || !lists->removed.empty()));
    }

protected:
    friend class Session;
    friend class RelationEngine;
    // (Queries fill the states they load eagerly, in the mapping layer's own terms.)
    friend void detail::setRelationLoaded(Entity &owner, const RelationshipMeta &rel,
                                          std::vector<std::shared_ptr<Entity>> items);
    friend void detail::setRelationRaise(Entity &owner, const RelationshipMeta &rel);

    // The objects, loaded per the strategy (a dynamic collection: read each time).
    Related<Entity> loadedItems() const;
    // Counted (a dynamic collection: in SQL, with the staged changes), and looked up.
    qsizetype itemCount() const;
    bool containsItem(const std::shared_ptr<Entity> &item) const;
    bool setTarget(const std::shared_ptr<Entity> &target);
    bool appendItem(const std::shared_ptr<Entity> &item);
    bool removeItem(const std::shared_ptr<Entity> &item);
    // Takes loaded as what the relationship holds, with the changes staged while it was not
    // loaded on top, and marks it loaded.
    void applyLoaded(std::vector<std::shared_ptr<Entity>> loaded);

    // The staging lists (see detail::StagedLists).
    using PendingAdd = detail::StagedHandle<std::shared_ptr<Entity>, &detail::StagedLists::add>;
    using PendingRemove = detail::StagedHandle<const Entity *, &detail::StagedLists::remove>;
    using Removed = detail::StagedHandle<std::shared_ptr<Entity>, &detail::StagedLists::removed>;
    // Changes made through the other side while not loaded (applied when it loads).
    PendingAdd pendingAdd() const { return PendingAdd(m_items); }
    PendingRemove pendingRemove() const { return PendingRemove(m_items); }
    // Items removed since the last flush (one-to-many: their foreign key is cleared).
    Removed removedItems() const { return Removed(m_items); }

    // Whether loaded, and a per-query load option (raise, or noload) that overrides the
    // declared strategy: kept in the low bits of the (8-aligned) metadata pointer, since
    // every loaded object carries a state per relationship.
    bool isLoadedFlag() const { return m_metaBits & kLoaded; }
    void setLoadedFlag(bool on) { m_metaBits = on ? m_metaBits | kLoaded : m_metaBits & ~kLoaded; }
    bool raiseFlag() const { return m_metaBits & kRaise; }
    void setRaiseFlag(bool on) { m_metaBits = on ? m_metaBits | kRaise : m_metaBits & ~kRaise; }

    struct OwnerFollows
    { };
    explicit RelationBase(OwnerFollows)
        : m_metaBits(kOwnerFollows)
    { }

    // m_metaBits: bits 0-2 the flags below; bits 3-47 the RelationshipMeta (8-aligned, in the
    // 48-bit address space of the platforms Qt runs on; left unresolved, and looked up at each
    // use, otherwise); bits 48-63 the owner's distance before this state (0: out of range, a
    // member cannot lie where its owner starts).
    static constexpr quintptr kLoaded = 1;
    static constexpr quintptr kRaise = 2;
    static constexpr quintptr kOwnerFollows = 4; // a detail::DetachedRelation
    static constexpr int kDistanceShift = 48;
    static constexpr quintptr kMetaMask = ((quintptr(1) << kDistanceShift) - 1) & ~quintptr(7);
    quintptr ownerDistance(const Entity *owner) const;
    quintptr m_metaBits;
    mutable RelatedItems m_items;
};
// The packing above needs 64-bit pointers and GCC's or Clang's object layout (CMakeLists.txt
// refuses other targets at configure time).
#if !defined(__GNUC__)
#error "orm::RelationBase packs pointers as GCC and Clang lay them out"
#endif
static_assert(sizeof(void *) == 8 && sizeof(quintptr) == 8,
              "RelationBase packs a pointer with 16 more bits: 64-bit targets only");
static_assert(sizeof(RelationBase) == 16);

namespace detail {
// Stops the program: model.name's member lies offset bytes from its object's orm::Entity base,
// beyond what RelationBase can keep (every build; Mapper checks each relationship with it).
[[noreturn]] void relationMemberOutOfRange(const QString &model, const QString &name,
                                           std::ptrdiff_t offset);
// The same for an object whose model was never mapped (the member's name is not known).
[[noreturn]] void relationOwnerOutOfRange();
} // namespace detail

namespace detail {
// A relationship state kept apart from its owner (orm::Record allocates them on first use).
class DetachedRelation final : public RelationBase
{
public:
    explicit DetachedRelation(Entity *owner)
        : RelationBase(OwnerFollows {})
        , m_detachedOwner(owner)
    { }
    Entity *detachedOwner() const { return m_detachedOwner; }

private:
    Entity *m_detachedOwner;
};
} // namespace detail

inline quintptr RelationBase::ownerDistance(const Entity *owner) const
{
    // Out of range, the distance is left 0: the model's mapping (or owner()) says why.
    const quintptr distance = quintptr(this) - quintptr(owner);
    if (Q_UNLIKELY(quintptr(this) <= quintptr(owner) || distance > quintptr(kMaxOwnerDistance))) {
        return 0;
    }
    return distance << kDistanceShift;
}

inline Entity *RelationBase::owner() const
{
    if (m_metaBits & kOwnerFollows)
        return static_cast<const detail::DetachedRelation *>(this)->detachedOwner();
    const quintptr distance = m_metaBits >> kDistanceShift;
    if (Q_UNLIKELY(distance == 0)) {
        detail::relationOwnerOutOfRange();
    }
    return reinterpret_cast<Entity *>(quintptr(this) - distance);
}

template<class Visit>
void RelationBase::forEachHeld(Entity &object, Visit visit)
{
    for (const auto &rel : object.entityMeta().relationships()) {
        const RelationBase *s = rel->access->existingState(object);
        if (!s) {
            continue;
        }
        for (const auto &item : s->m_items) {
            visit(*item);
        }
        if (const detail::StagedLists *lists = s->m_items.stagedOrNull()) {
            for (const auto &item : lists->add) {
                visit(*item);
            }
            for (const auto &item : lists->removed) {
                visit(*item);
            }
        }
    }
}

namespace detail {
// A relationship declared on the target model with this member as its backref is made when
// that model is configured: the target is configured before the member's first use.
template<class T>
void configureTarget()
{
    (void)T::staticMeta();
}
} // namespace detail

// Lets go of the transient objects (in no session) that the program no longer refers to,
// directly or through the relationships of objects it does refer to: graphs of related
// objects that only refer to each other, which their std::shared_ptrs would otherwise keep
// forever. Returns how many went. A transient graph is kept while the program holds any
// object of it by a std::shared_ptr (one it knows only by address or reference may go), and
// goes at the first collection after that. Objects linked while in no session are tracked (a
// session breaks the links of the objects it lets go, new ones included). A collection runs
// by itself when a link is made once the tracked objects are twice as many as after the last
// one (at least kReleaseTransientAfter), and when the program exits. A thread's collection
// looks at the objects linked on that thread only: a graph built on one thread and handed to
// another goes with the first one's collections, or at exit.
qsizetype releaseUnusedTransientObjects();
inline constexpr qsizetype kReleaseTransientAfter = 10000;

// A many-to-one or one-to-one relationship: `post->author` (loads on first access).
template<class T>
class Reference : public RelationBase
{
public:
    explicit Reference(Entity *owner)
        : RelationBase(owner)
    { }

    // The related object, or null (see Related for a 'raise' relationship that is not loaded).
    std::shared_ptr<T> get() const
    {
        detail::configureTarget<T>();
        return std::static_pointer_cast<T>(loadedItems().first());
    }
    T *operator->() const { return get().get(); }
    explicit operator bool() const { return get() != nullptr; }
    // The related object (first()) or the error that kept it from loading.
    Related<T> related() const
    {
        detail::configureTarget<T>();
        return Related<T>(loadedItems());
    }
    // Sets the related object; the other side (a backref collection) follows.
    bool set(const std::shared_ptr<T> &target)
    {
        detail::configureTarget<T>();
        return setTarget(target);
    }
    Reference &operator=(const std::shared_ptr<T> &target)
    {
        set(target);
        return *this;
    }
};

// A one-to-many or many-to-many collection: `user->posts` (loads on first access).
//
// Declared LoadStrategy::Dynamic (SQLAlchemy's lazy='dynamic'), it is a live query and never
// kept in memory: items() reads the rows from the database each time, size() counts them in
// SQL, contains() looks one up, and query() filters, orders and pages in SQL. append() and
// remove() are staged as for any collection, without loading it. There is no autoflush: what
// the collection itself shows (items(), size(), contains()) is the database with the staged
// appends and removals applied in memory, so that the next iteration sees them, as
// SQLAlchemy's does after its autoflush; a query() shows the database only, as every query
// does, until the changes are flushed.
template<class T>
class Collection : public RelationBase
{
public:
    explicit Collection(Entity *owner)
        : RelationBase(owner)
    { }

    // The objects, or the error that kept them from loading (see Related).
    Related<T> items() const
    {
        detail::configureTarget<T>();
        return Related<T>(loadedItems());
    }
    qsizetype size() const
    {
        detail::configureTarget<T>();
        return itemCount();
    }
    bool isEmpty() const { return size() == 0; }
    bool contains(const std::shared_ptr<T> &item) const
    {
        detail::configureTarget<T>();
        return containsItem(item);
    }
    // Staged: flushed as a foreign key (one-to-many) or an association row (many-to-many).
    bool append(const std::shared_ptr<T> &item)
    {
        detail::configureTarget<T>();
        return appendItem(item);
    }
    bool remove(const std::shared_ptr<T> &item)
    {
        detail::configureTarget<T>();
        return removeItem(item);
    }
    // The collection as a query, evaluated in SQL: filter, count, paginate. It shows the
    // database (changes staged since the last flush are not in it).
    Query<T> query() const;
};

} // namespace orm
