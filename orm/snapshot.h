#pragma once

#include <QVariant>

#include <memory>
#include <new>

namespace orm {

class Entity;
class EntityMeta;
class Statement;

namespace detail {

// The column values of one row as the database holds them: the baseline of change detection,
// what rollback() restores. Only the values are kept (laid out by EntityMeta::snapshotOffset),
// not a second object with its relationships and bookkeeping: a loaded row costs one small
// allocation, or none when it is loaded: the baseline of a loaded row lives in the room its
// object was allocated with (EntityMeta::createWithRoom()). Entities whose columns have no
// slots (ColumnAccess::slotSize() 0) keep a cloneColumns() copy instead, behind the same
// interface.
class Snapshot
{
public:
    static std::unique_ptr<Snapshot> of(const Entity &e);
    // Reads a row (st's columns from first on, in meta's order) into e, of type meta, keeping
    // each value in room at once (one pass over the columns, not a read and then a copy).
    // room (roomBytes(meta) bytes, 8-aligned) belongs to e's own allocation: deleting the
    // baseline only destroys the values.
    static std::unique_ptr<Snapshot> readInPlace(void *room, const EntityMeta &meta, Entity &e,
                                                 const Statement &st, int first);
    // The room a typed snapshot of meta's rows takes; 0 when its values have no slots.
    static size_t roomBytes(const EntityMeta &meta);
    std::unique_ptr<Snapshot> clone() const;
    ~Snapshot();
    Snapshot(const Snapshot &) = delete;
    Snapshot &operator=(const Snapshot &) = delete;
    // Allocated with its values, or in another object's room: released as allocated.
    static void operator delete(Snapshot *p, std::destroying_delete_t);

    const EntityMeta &meta() const
    {
        return *reinterpret_cast<const EntityMeta *>(m_bits & ~quintptr(1));
    }
    // Whether e's value of column equals the one kept here.
    bool equals(int column, const Entity &e) const;
    // Whether every value of e equals the one kept here (change detection's question for each
    // object of a session at every flush).
    bool matches(const Entity &e) const;
    // The columns whose value in e differs from the one kept here, in order.
    void changedColumns(const Entity &e, QList<int> *out) const;
    // e's value of column := the one kept here.
    void restore(int column, Entity &e) const;
    // The kept value := e's.
    void assign(int column, const Entity &e);
    // The kept value := the one other (a snapshot of the same entity) keeps, exactly.
    void copyColumn(int column, const Snapshot &other);
    QVariant value(int column) const;
    [[nodiscard]] bool setValue(int column, const QVariant &value);
    void bind(int column, Statement &st, int index) const;
    void read(int column, const Statement &st, int stmtColumn);
    qint64 toInt64(int column) const;
    bool isNull(int column) const;

private:
    Snapshot(const EntityMeta &meta, bool inPlace)
        : m_bits(reinterpret_cast<quintptr>(&meta) | quintptr(inPlace))
    { }
    bool inPlace() const { return m_bits & 1; }
    static Snapshot *allocate(const EntityMeta &meta);
    bool typed() const;
    char *values() const; // the first slot (typed), or the copy (untyped)
    void *slot(int column) const;
    Entity &copy() const; // untyped: the cloneColumns() copy
    // Calls visit(column) for each column whose value in e differs from the one kept here, in
    // order, while it returns true; whether it stopped early.
    template<class Visit>
    bool visitChanges(const Entity &e, Visit visit) const;

    quintptr m_bits; // the EntityMeta, and in its lowest bit whether built in place
};

} // namespace detail
} // namespace orm
