#pragma once

#include <QVariant>

#include <memory>

namespace orm {

class Entity;
class EntityMeta;
class Statement;

namespace detail {

// The column values of one row as the database holds them: the baseline of change detection,
// what rollback() restores. Only the values are kept (laid out by EntityMeta::snapshotOffset),
// not a second object with its relationships and bookkeeping: a loaded row costs one small
// allocation. Entities whose columns have no slots (ColumnAccess::slotSize() 0) keep a
// cloneColumns() copy instead, behind the same interface.
class Snapshot
{
public:
    static std::unique_ptr<Snapshot> of(const Entity &e);
    std::unique_ptr<Snapshot> clone() const;
    ~Snapshot();
    Snapshot(const Snapshot &) = delete;
    Snapshot &operator=(const Snapshot &) = delete;
    // Allocated with its values: released as allocated.
    static void operator delete(void *p) { ::operator delete(p); }

    const EntityMeta &meta() const { return *m_meta; }
    // Whether e's value of column equals the one kept here.
    bool equals(int column, const Entity &e) const;
    // e's value of column := the one kept here.
    void restore(int column, Entity &e) const;
    // The kept value := e's.
    void assign(int column, const Entity &e);
    QVariant value(int column) const;
    [[nodiscard]] bool setValue(int column, const QVariant &value);
    void bind(int column, Statement &st, int index) const;
    void read(int column, const Statement &st, int stmtColumn);
    qint64 toInt64(int column) const;
    bool isNull(int column) const;

private:
    explicit Snapshot(const EntityMeta &meta)
        : m_meta(&meta)
    { }
    static Snapshot *allocate(const EntityMeta &meta);
    bool typed() const;
    void *slot(int column) const;
    Entity &copy() const; // untyped: the cloneColumns() copy

    const EntityMeta *m_meta;
};

} // namespace detail
} // namespace orm
