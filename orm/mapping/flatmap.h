// SPDX-License-Identifier: MIT
#pragma once

// Flat hash containers for the session's per-object bookkeeping (identity map, flush journal):
// no allocation per object, and iteration in insertion order over contiguous memory, which is
// what a flush scanning every loaded object wants.

#include <QtGlobal>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace orm {

class Entity;

namespace detail {

inline size_t flatHash(quint64 key, int bits)
{
    // Fibonacci hashing: consecutive keys (rowids) spread over the table.
    return size_t((key * 0x9E3779B97F4A7C15ull) >> (64 - bits));
}

// Primary keys: a run of 32 consecutive keys goes to one block of 64 slots, every other slot
// (a table read in key order fills its slots in sequence, not one cache miss per row; a second
// run landing on the same block takes the slots between), and blocks are spread by Fibonacci
// hashing (keys in strides still land in different blocks).
inline size_t keyHash(quint64 key, int bits)
{
    constexpr int blockBits = 6;
    if (bits <= blockBits)
        return size_t(key) & ((size_t(1) << bits) - 1);
    return (flatHash(key >> (blockBits - 1), bits - blockBits) << blockBits)
        | (size_t(key & ((1u << (blockBits - 1)) - 1)) << 1);
}

// Objects by integer primary key, in the order they were inserted (the order rows were loaded
// or written). The interface is the subset of std::unordered_map the session uses; erasing
// leaves a hole that iteration skips (no iterator is invalidated), and holes are compacted
// by later insertions.
class IntKeyMap
{
public:
    struct Entry
    {
        qint64 first;
        std::shared_ptr<Entity> second; // null: an erased entry
    };

    class iterator
    {
    public:
        iterator(Entry *p, Entry *end)
            : m_p(p)
            , m_end(end)
        {
            skip();
        }
        Entry &operator*() const { return *m_p; }
        Entry *operator->() const { return m_p; }
        iterator &operator++()
        {
            ++m_p;
            skip();
            return *this;
        }
        bool operator==(const iterator &o) const { return m_p == o.m_p; }
        bool operator!=(const iterator &o) const { return m_p != o.m_p; }

    private:
        friend class IntKeyMap;
        void skip()
        {
            while (m_p != m_end && !m_p->second)
                ++m_p;
        }
        Entry *m_p;
        Entry *m_end;
    };

    iterator begin() const { return iterator(data(), data() + m_entries.size()); }
    iterator end() const { return iterator(data() + m_entries.size(), data() + m_entries.size()); }
    size_t size() const { return m_live; }
    bool empty() const { return m_live == 0; }

    iterator find(qint64 key) const
    {
        const size_t slot = findSlot(key);
        if (slot == npos)
            return end();
        return iterator(data() + m_slots[slot].pos - 1, data() + m_entries.size());
    }

    // Inserts (key, null) when absent; returns the value to assign.
    std::shared_ptr<Entity> &operator[](qint64 key)
    {
        const size_t slot = findSlot(key);
        if (slot != npos)
            return m_entries[m_slots[slot].pos - 1].second;
        // The caller assigns a non-null object; until then the entry counts as live.
        insertAbsent(key, nullptr);
        return m_entries.back().second;
    }

    // Inserts an object under a key known to be absent (the caller has just looked): one
    // probe of the table, not two.
    void insertAbsent(qint64 key, std::shared_ptr<Entity> value)
    {
        if (m_holes > 64 && m_holes > m_live)
            compact();
        if ((m_live + 1) * 2 > m_slots.size())
            rehash(m_slots.empty() ? 16 : m_slots.size() * 2);
        m_entries.push_back(Entry {key, std::move(value)});
        place(key, uint32_t(m_entries.size()));
        ++m_live;
    }

    void erase(iterator it)
    {
        eraseSlot(findSlot(it->first));
        it->second.reset();
        ++m_holes;
        --m_live;
    }

    template<class Pred>
    size_t eraseIf(Pred pred)
    {
        size_t n = 0;
        for (auto it = begin(); it != end(); ++it) {
            if (pred(*it)) {
                erase(it);
                ++n;
            }
        }
        return n;
    }

    void clear()
    {
        m_entries.clear();
        m_slots.clear();
        m_live = 0;
        m_holes = 0;
        m_bits = 0;
    }

private:
    static constexpr size_t npos = size_t(-1);

    Entry *data() const { return const_cast<Entry *>(m_entries.data()); }

    // A slot holds the entry's position alone (the table has two to four slots per entry, so
    // every byte counts): keys placed by keyHash() rarely share a cluster, so probing seldom
    // reads an entry that is not the one looked for, and looking up a key not loaded yet
    // mostly stops at an empty home slot.
    struct Slot
    {
        uint32_t pos = 0; // entry index + 1; 0 is empty
    };

    size_t findSlot(qint64 key) const
    {
        if (m_slots.empty())
            return npos;
        const size_t mask = m_slots.size() - 1;
        for (size_t i = keyHash(quint64(key), m_bits);; i = (i + 1) & mask) {
            const Slot &s = m_slots[i];
            if (s.pos == 0)
                return npos;
            if (m_entries[s.pos - 1].first == key)
                return i;
        }
    }

    void place(qint64 key, uint32_t pos)
    {
        const size_t mask = m_slots.size() - 1;
        size_t i = keyHash(quint64(key), m_bits);
        while (m_slots[i].pos != 0)
            i = (i + 1) & mask;
        m_slots[i] = Slot {pos};
    }

    // Linear probing without tombstones: later entries of the cluster move back.
    void eraseSlot(size_t slot)
    {
        const size_t mask = m_slots.size() - 1;
        size_t hole = slot;
        for (size_t i = (slot + 1) & mask; m_slots[i].pos != 0; i = (i + 1) & mask) {
            const size_t home = keyHash(quint64(m_entries[m_slots[i].pos - 1].first), m_bits);
            // Move the entry back when its home is not in (hole, i].
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                m_slots[hole] = m_slots[i];
                hole = i;
            }
        }
        m_slots[hole] = Slot {};
    }

    void rehash(size_t slots)
    {
        m_slots.assign(slots, Slot {});
        m_bits = 0;
        while ((size_t(1) << m_bits) < slots)
            ++m_bits;
        for (size_t i = 0; i < m_entries.size(); ++i) {
            if (m_entries[i].second)
                place(m_entries[i].first, uint32_t(i + 1));
        }
    }

    void compact()
    {
        std::erase_if(m_entries, [](const Entry &e) { return !e.second; });
        m_holes = 0;
        rehash(m_slots.size());
    }

    std::vector<Entry> m_entries;
    std::vector<Slot> m_slots;
    size_t m_live = 0;
    size_t m_holes = 0;
    int m_bits = 0;
};

// Positions by key (an address, an integer key): the flush journal's index, the owners of an
// eager load. Keys are never removed, only cleared all at once. Keys are placed by
// keyHash(key >> Shift): keys near each other (consecutive rows, objects allocated one after
// the other) get slots near each other.
template<class Key, int Shift = 0>
class FlatIndex
{
public:
    // The position stored for key, or -1.
    qsizetype value(Key key) const
    {
        if (m_slots.empty())
            return -1;
        const size_t mask = m_slots.size() - 1;
        for (size_t i = home(key);; i = (i + 1) & mask) {
            if (m_slots[i].pos == 0)
                return -1;
            if (m_slots[i].key == key)
                return qsizetype(m_slots[i].pos - 1);
        }
    }
    // key must not be present yet.
    void insert(Key key, size_t pos)
    {
        if ((m_size + 1) * 2 > m_slots.size())
            grow();
        put(key, pos + 1);
        ++m_size;
    }
    // Inserts unless present; true when inserted.
    bool insertIfAbsent(Key key, size_t pos)
    {
        if (value(key) >= 0)
            return false;
        insert(key, pos);
        return true;
    }
    bool empty() const { return m_size == 0; }
    // Room for n keys in all without growing.
    void reserve(size_t n)
    {
        while (n * 2 > m_slots.size())
            grow();
    }
    void clear()
    {
        m_slots.clear();
        m_size = 0;
        m_bits = 0;
    }

private:
    size_t home(Key key) const { return keyHash(quint64(key) >> Shift, m_bits); }
    struct Slot
    {
        Key key {};
        size_t pos = 0; // position + 1; 0 is empty
    };
    void put(Key key, size_t pos1)
    {
        const size_t mask = m_slots.size() - 1;
        size_t i = home(key);
        while (m_slots[i].pos != 0)
            i = (i + 1) & mask;
        m_slots[i] = Slot {key, pos1};
    }
    void grow()
    {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(old.empty() ? 16 : old.size() * 2, Slot {});
        m_bits = 0;
        while ((size_t(1) << m_bits) < m_slots.size())
            ++m_bits;
        for (const Slot &s : old) {
            if (s.pos != 0)
                put(s.key, s.pos);
        }
    }
    std::vector<Slot> m_slots;
    size_t m_size = 0;
    int m_bits = 0;
};

// Objects are a hundred bytes or more apart: an address in 128-byte units.
struct PointerIndex : FlatIndex<quintptr, 7>
{
    qsizetype value(const void *p) const { return FlatIndex::value(quintptr(p)); }
    void insert(const void *p, size_t pos) { FlatIndex::insert(quintptr(p), pos); }
    bool insertIfAbsent(const void *p, size_t pos)
    {
        return FlatIndex::insertIfAbsent(quintptr(p), pos);
    }
};

} // namespace detail
} // namespace orm
