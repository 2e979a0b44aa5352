// SPDX-License-Identifier: MIT
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
//
// It keeps what the database holds, storage class and bytes: value() and bind() give exactly
// that, for conflict checks (UPDATE … WHERE "col" IS ?). A typed slot holds the member's
// value; when the stored value cannot be made again from it (text in an INTEGER column, text
// that is not valid UTF-8, a date-time or JSON text not in the stored form: the rare case),
// the stored value is kept beside the slots for that column too, in a table shared by all
// baselines and found by the baseline's address (one bit says whether it has any), so that
// the common row pays nothing. Change detection compares members with the slots: a column
// nobody edited is never written.
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
    // The baseline after e's written columns were written: e's values, and for the other
    // columns what this one keeps (a value kept as stored stays so).
    std::unique_ptr<Snapshot> afterWrite(const Entity &e, const QList<int> &written) const;
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
        return *reinterpret_cast<const EntityMeta *>(m_bits & ~kFlags);
    }
    // Whether e's value of column equals the one kept here.
    bool equals(int column, const Entity &e) const;
    // Whether the database held the same value of column (storage class and bytes) when other
    // (a baseline of the same entity, of otherObject) was read as when this one was: text
    // 'abc' and 'xyz' in an INTEGER column differ, though both read as 0.
    bool holdsSameAs(int column, const Snapshot &other, const Entity &otherObject) const;
    // Whether every value of e equals the one kept here (change detection's question for each
    // object of a session at every flush).
    bool matches(const Entity &e) const;
    // The columns whose value in e differs from the one kept here, in order.
    void changedColumns(const Entity &e, QList<int> *out) const;
    // e's value of column := the one kept here.
    void restore(int column, Entity &e) const;
    // The kept value := e's (as written).
    void assign(int column, const Entity &e);
    // The kept value := the one other (a snapshot of the same entity) keeps, exactly.
    void copyColumn(int column, const Snapshot &other);
    // What the database holds, in storage form (qint64, double, QString, QByteArray,
    // orm::TextBytes, null): the same storage class and bytes. bind() binds exactly this.
    QVariant value(int column) const;
    // The value in program form, as Entity::value() gives it (what a person is shown).
    QVariant programValue(int column) const;
    // The kept value := value (program form), as written.
    [[nodiscard]] bool setValue(int column, const QVariant &value);
    void bind(int column, Statement &st, int index) const;
    // The kept value := the statement's column, as read.
    void read(int column, const Statement &st, int stmtColumn);
    // Whether column's value is kept as stored beside its slot (see above).
    bool keepsStoredValue(int column) const;
    qint64 toInt64(int column) const;
    bool isNull(int column) const;

private:
    static constexpr quintptr kInPlace = 1;
    static constexpr quintptr kHasStored = 2; // values kept as stored, in the shared table
    static constexpr quintptr kFlags = 3;
    Snapshot(const EntityMeta &meta, bool inPlace)
        : m_bits(reinterpret_cast<quintptr>(&meta) | (inPlace ? kInPlace : 0))
    { }
    bool inPlace() const { return m_bits & kInPlace; }
    bool hasStored() const { return m_bits & kHasStored; }
    // The value kept as stored for column, if any (typed baselines only).
    bool storedOf(int column, QVariant *out) const;
    void keepStored(int column, const QVariant &stored);
    void dropStored(int column);
    void copyStoredFrom(const Snapshot &other, const QList<int> &except);
    static Snapshot *allocate(const EntityMeta &meta);
    // readInPlace() of a row with two or more QString members: their short texts share one
    // block (detail::RowText).
    void readSharingText(Entity &e, const Statement &st, int first);
    bool typed() const;
    char *values() const; // the first slot (typed), or the copy (untyped)
    void *slot(int column) const;
    Entity &copy() const; // untyped: the cloneColumns() copy
    // Calls visit(column) for each column whose value in e differs from the one kept here, in
    // order, while it returns true; whether it stopped early.
    template<class Visit>
    bool visitChanges(const Entity &e, Visit visit) const;

    quintptr m_bits; // the EntityMeta, and in its low bits kInPlace and kHasStored
};

} // namespace detail
} // namespace orm
