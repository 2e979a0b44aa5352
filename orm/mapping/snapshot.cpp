// SPDX-License-Identifier: MIT
#include "orm/mapping/snapshot.h"

#include "orm/engine/connection.h"
#include "orm/mapping/entitymeta.h"

#include <QVarLengthArray>

#include <mutex>
#include <new>
#include <unordered_map>

namespace orm::detail {

namespace {

// The values kept as stored, by baseline: rare (odd files), so kept apart rather than making
// every baseline larger. Baselines live and die on any thread: the table is locked.
struct StoredValue
{
    int column;
    QVariant stored;
};
using StoredValues = QVarLengthArray<StoredValue, 2>;

struct StoredTable
{
    std::mutex mutex;
    std::unordered_map<const Snapshot *, StoredValues> values;
};

StoredTable &storedTable()
{
    // Never destroyed: baselines may outlive static destruction.
    static auto *table = new StoredTable;
    return *table;
}

} // namespace

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
    if (meta.textSlotColumns() >= 2) {
        s->readSharingText(e, st, first);
        return s;
    }
    char *base = s->values();
    int column = first;
    for (const EntityMeta::SlotColumn &c : meta.slotColumns()) {
        if (Q_UNLIKELY(!c.access->readWithSlot(st, column, e, base + c.offset)))
            s->keepStored(column - first, st.value(column));
        ++column;
    }
    return s;
}

void Snapshot::readSharingText(Entity &e, const Statement &st, int first)
{
    // The texts first, to size their block (each column is taken from the row once).
    const std::vector<EntityMeta::SlotColumn> &columns = meta().slotColumns();
    QVarLengthArray<ColumnValue, 8> texts;
    qsizetype units = 0;
    int column = first;
    for (const EntityMeta::SlotColumn &c : columns) {
        if (c.sharesText) {
            texts.append(st.column(column));
            if (texts.back().storageClass() == StorageClass::Text) {
                qsizetype n = 0;
                (void)texts.back().utf8(&n);
                units += RowText::unitsFor(n);
            }
        }
        ++column;
    }
    RowText text(units);
    char *base = values();
    qsizetype t = 0;
    column = first;
    for (const EntityMeta::SlotColumn &c : columns) {
        const bool exact = c.sharesText
            ? c.access->readTextWithSlot(texts[t++], e, base + c.offset, text)
            : c.access->readWithSlot(st, column, e, base + c.offset);
        if (Q_UNLIKELY(!exact))
            keepStored(column - first, st.value(column));
        ++column;
    }
}

std::unique_ptr<Snapshot> Snapshot::afterWrite(const Entity &e, const QList<int> &written) const
{
    std::unique_ptr<Snapshot> s = of(e);
    if (hasStored())
        s->copyStoredFrom(*this, written);
    return s;
}

bool Snapshot::storedOf(int column, QVariant *out) const
{
    if (!hasStored())
        return false;
    StoredTable &t = storedTable();
    std::lock_guard lock(t.mutex);
    const auto it = t.values.find(this);
    if (it == t.values.end())
        return false;
    for (const StoredValue &v : it->second) {
        if (v.column == column) {
            *out = v.stored;
            return true;
        }
    }
    return false;
}

void Snapshot::keepStored(int column, const QVariant &stored)
{
    StoredTable &t = storedTable();
    std::lock_guard lock(t.mutex);
    StoredValues &values = t.values[this];
    for (StoredValue &v : values) {
        if (v.column == column) {
            v.stored = stored;
            return;
        }
    }
    values.append({column, stored});
    m_bits |= kHasStored;
}

void Snapshot::dropStored(int column)
{
    if (!hasStored())
        return;
    StoredTable &t = storedTable();
    std::lock_guard lock(t.mutex);
    const auto it = t.values.find(this);
    if (it == t.values.end())
        return;
    StoredValues &values = it->second;
    values.removeIf([column](const StoredValue &v) { return v.column == column; });
    if (values.isEmpty()) {
        t.values.erase(it);
        m_bits &= ~kHasStored;
    }
}

void Snapshot::copyStoredFrom(const Snapshot &other, const QList<int> &except)
{
    if (!other.hasStored())
        return;
    StoredValues copied;
    {
        StoredTable &t = storedTable();
        std::lock_guard lock(t.mutex);
        const auto it = t.values.find(&other);
        if (it != t.values.end())
            copied = it->second;
    }
    for (const StoredValue &v : copied) {
        if (!except.contains(v.column))
            keepStored(v.column, v.stored);
    }
}

bool Snapshot::keepsStoredValue(int column) const
{
    QVariant ignored;
    return storedOf(column, &ignored);
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
    s->copyStoredFrom(*this, {});
    return s;
}

Snapshot::~Snapshot()
{
    if (hasStored()) {
        StoredTable &t = storedTable();
        std::lock_guard lock(t.mutex);
        t.values.erase(this);
    }
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

bool Snapshot::holdsSameAs(int column, const Snapshot &other, const Entity &otherObject) const
{
    Q_ASSERT(&other.meta() == &meta());
    // Slots read exactly compare as their members do; anything else by its stored form.
    if (typed() && !hasStored() && !other.hasStored())
        return equals(column, otherObject);
    return storage::isSameStored(value(column), other.value(column));
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
    if (typed()) {
        a.slotAssign(slot(column), e);
        dropStored(column);
    } else {
        a.copy(copy(), e);
    }
}

void Snapshot::copyColumn(int column, const Snapshot &other)
{
    Q_ASSERT(&other.meta() == &meta());
    const ColumnAccess &a = *meta().column(column).access;
    if (typed()) {
        a.slotDestroy(slot(column));
        a.slotCopy(slot(column), other.slot(column));
        QVariant stored;
        if (other.storedOf(column, &stored))
            keepStored(column, stored);
        else
            dropStored(column);
    } else {
        a.copy(copy(), other.copy());
    }
}

QVariant Snapshot::value(int column) const
{
    const ColumnMeta &c = meta().column(column);
    if (!typed())
        return c.access->storedValue(copy(), c.column.type);
    QVariant stored;
    if (storedOf(column, &stored))
        return stored;
    return c.access->slotStoredValue(slot(column));
}

QVariant Snapshot::programValue(int column) const
{
    const ColumnAccess &a = *meta().column(column).access;
    return typed() ? a.slotGet(slot(column)) : a.get(copy());
}

bool Snapshot::setValue(int column, const QVariant &value)
{
    const ColumnAccess &a = *meta().column(column).access;
    if (!typed())
        return a.set(copy(), value);
    if (!a.slotSet(slot(column), value))
        return false;
    dropStored(column);
    return true;
}

void Snapshot::bind(int column, Statement &st, int index) const
{
    const ColumnAccess &a = *meta().column(column).access;
    QVariant stored;
    if (!typed())
        a.bind(st, index, copy());
    else if (storedOf(column, &stored))
        st.bindValue(index, stored);
    else
        a.slotBind(slot(column), st, index);
}

void Snapshot::read(int column, const Statement &st, int stmtColumn)
{
    const ColumnAccess &a = *meta().column(column).access;
    if (!typed()) {
        a.read(st, stmtColumn, copy());
        return;
    }
    if (a.slotRead(slot(column), st, stmtColumn))
        dropStored(column);
    else
        keepStored(column, st.value(stmtColumn));
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
