#include "orm/snapshot.h"

#include "orm/entitymeta.h"

#include <new>

namespace orm::detail {

// The values follow the header, 8-aligned (EntityMeta refuses slots aligned to more).
static constexpr size_t header = (sizeof(Snapshot) + 7) / 8 * 8;

bool Snapshot::typed() const
{
    return meta().snapshotBytes() > 0;
}

char *Snapshot::values() const
{
    return reinterpret_cast<char *>(const_cast<Snapshot *>(this)) + header;
}

void *Snapshot::slot(int column) const
{
    return values() + meta().snapshotOffset(column);
}

Entity &Snapshot::copy() const
{
    return **reinterpret_cast<std::unique_ptr<Entity> *>(values());
}

Snapshot *Snapshot::allocate(const EntityMeta &meta)
{
    const size_t bytes =
        meta.snapshotBytes() > 0 ? meta.snapshotBytes() : sizeof(std::unique_ptr<Entity>);
    void *memory = ::operator new(header + bytes);
    return new (memory) Snapshot(meta, false);
}

void Snapshot::operator delete(Snapshot *p, std::destroying_delete_t)
{
    const bool inPlace = p->inPlace();
    p->~Snapshot();
    if (!inPlace)
        ::operator delete(p);
}

size_t Snapshot::roomBytes(const EntityMeta &meta)
{
    return meta.snapshotBytes() > 0 ? header + meta.snapshotBytes() : 0;
}

std::unique_ptr<Snapshot> Snapshot::readInPlace(void *room, const EntityMeta &meta, Entity &e,
                                                const Statement &st, int first)
{
    Q_ASSERT(meta.snapshotBytes() > 0 && &meta == &e.entityMeta());
    std::unique_ptr<Snapshot> s(new (room) Snapshot(meta, true));
    char *base = s->values();
    int column = first;
    for (const EntityMeta::SlotColumn &c : meta.slotColumns())
        c.access->readWithSlot(st, column++, e, base + c.offset);
    return s;
}

std::unique_ptr<Snapshot> Snapshot::of(const Entity &e)
{
    const EntityMeta &meta = e.entityMeta();
    std::unique_ptr<Snapshot> s(allocate(meta));
    char *base = s->values();
    if (!s->typed()) {
        new (base) std::unique_ptr<Entity>(meta.cloneColumns(e));
        return s;
    }
    for (const EntityMeta::SlotColumn &c : meta.slotColumns())
        c.access->slotCreate(base + c.offset, e);
    return s;
}

std::unique_ptr<Snapshot> Snapshot::clone() const
{
    if (!typed())
        return of(copy());
    std::unique_ptr<Snapshot> s(allocate(meta()));
    const char *from = values();
    char *to = s->values();
    for (const EntityMeta::SlotColumn &c : meta().slotColumns())
        c.access->slotCopy(to + c.offset, from + c.offset);
    return s;
}

Snapshot::~Snapshot()
{
    if (!typed()) {
        reinterpret_cast<std::unique_ptr<Entity> *>(values())->~unique_ptr();
        return;
    }
    char *base = values();
    for (const EntityMeta::SlotColumn &c : meta().slotColumns())
        c.access->slotDestroy(base + c.offset);
}

bool Snapshot::equals(int column, const Entity &e) const
{
    const EntityMeta &m = meta();
    if (m.snapshotBytes() > 0) {
        const EntityMeta::SlotColumn &c = m.slotColumns()[size_t(column)];
        return c.access->slotEquals(values() + c.offset, e);
    }
    return m.column(column).access->equals(e, copy());
}

template<class Visit>
bool Snapshot::visitChanges(const Entity &e, Visit visit) const
{
    const EntityMeta &m = meta();
    if (m.snapshotBytes() == 0) {
        for (int i = 0; i < m.columnCount(); ++i) {
            if (!m.column(i).access->equals(e, copy()) && !visit(i))
                return true;
        }
        return false;
    }
    const char *base = values();
    int i = 0;
    for (const EntityMeta::SlotColumn &c : m.slotColumns()) {
        if (!c.access->slotEquals(base + c.offset, e) && !visit(i))
            return true;
        ++i;
    }
    return false;
}

bool Snapshot::matches(const Entity &e) const
{
    return !visitChanges(e, [](int) { return false; });
}

void Snapshot::changedColumns(const Entity &e, QList<int> *out) const
{
    visitChanges(e, [out](int column) {
        out->append(column);
        return true;
    });
}

void Snapshot::restore(int column, Entity &e) const
{
    const ColumnAccess &a = *meta().column(column).access;
    if (typed())
        a.slotRestore(slot(column), e);
    else
        a.copy(e, copy());
}

void Snapshot::assign(int column, const Entity &e)
{
    const ColumnAccess &a = *meta().column(column).access;
    if (typed())
        a.slotAssign(slot(column), e);
    else
        a.copy(copy(), e);
}

void Snapshot::copyColumn(int column, const Snapshot &other)
{
    Q_ASSERT(&other.meta() == &meta());
    const ColumnAccess &a = *meta().column(column).access;
    if (typed()) {
        a.slotDestroy(slot(column));
        a.slotCopy(slot(column), other.slot(column));
    } else {
        a.copy(copy(), other.copy());
    }
}

QVariant Snapshot::value(int column) const
{
    const ColumnAccess &a = *meta().column(column).access;
    return typed() ? a.slotGet(slot(column)) : a.get(copy());
}

bool Snapshot::setValue(int column, const QVariant &value)
{
    const ColumnAccess &a = *meta().column(column).access;
    return typed() ? a.slotSet(slot(column), value) : a.set(copy(), value);
}

void Snapshot::bind(int column, Statement &st, int index) const
{
    const ColumnAccess &a = *meta().column(column).access;
    if (typed())
        a.slotBind(slot(column), st, index);
    else
        a.bind(st, index, copy());
}

void Snapshot::read(int column, const Statement &st, int stmtColumn)
{
    const ColumnAccess &a = *meta().column(column).access;
    if (typed())
        a.slotRead(slot(column), st, stmtColumn);
    else
        a.read(st, stmtColumn, copy());
}

qint64 Snapshot::toInt64(int column) const
{
    const ColumnAccess &a = *meta().column(column).access;
    return typed() ? a.slotToInt64(slot(column)) : a.toInt64(copy());
}

bool Snapshot::isNull(int column) const
{
    const ColumnAccess &a = *meta().column(column).access;
    return typed() ? a.slotIsNull(slot(column)) : a.isNull(copy());
}

} // namespace orm::detail
