// SPDX-License-Identifier: MIT
#include "orm/mapping/record.h"

#include "orm/engine/connection.h"

#include <cxxabi.h>

namespace orm {

namespace detail {
QString demangledClassName(const char *mangled)
{
    int status = 0;
    char *demangled = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
    QString name = QString::fromLatin1(status == 0 && demangled ? demangled : mangled);
    std::free(demangled);
    const qsizetype colons = name.lastIndexOf(QStringLiteral("::"));
    return colons >= 0 ? name.mid(colons + 2) : name;
}
} // namespace detail

Record::Record(const EntityMeta &meta)
    : m_meta(&meta)
{
    m_values.resize(meta.columnCount());
}

// The same value of the same type: a stored 2 is not the Boolean true, nor a blob its text.
static bool sameAs(const QVariant &a, const QVariant &b)
{
    return storage::isSameStored(a, b);
}

const Record::AsStored *Record::asStored(int column) const
{
    for (const AsStored &a : m_asStored) {
        if (a.column == column)
            return &a;
    }
    return nullptr;
}

void Record::keepAsStored(AsStored kept)
{
    for (AsStored &a : m_asStored) {
        if (a.column == kept.column) {
            a = std::move(kept);
            return;
        }
    }
    m_asStored.push_back(std::move(kept));
}

void Record::dropAsStored(int column)
{
    std::erase_if(m_asStored, [column](const AsStored &a) { return a.column == column; });
}

bool Record::isStoredAsIs(int column) const
{
    const AsStored *a = asStored(column);
    return a && sameAs(a->read, a->stored) && sameAs(a->stored, m_values.at(column));
}

QVariant Record::storedValue(int column, const TypeSpec &type, bool *ok) const
{
    if (ok)
        *ok = true;
    const QVariant &v = m_values.at(column);
    if (const AsStored *a = asStored(column); a && (sameAs(v, a->read) || sameAs(v, a->stored)))
        return a->stored;
    return storage::toStorage(v, type, ok);
}

RelationBase &Record::relation(int index)
{
    // Created on first use: most records never touch most of their relationships.
    if (m_relations.empty())
        m_relations.resize(m_meta->relationships().size());
    auto &slot = m_relations[size_t(index)];
    if (!slot)
        slot = std::make_unique<detail::DetachedRelation>(this);
    return *slot;
}

RelationBase *Record::existingRelation(int index) const
{
    return size_t(index) < m_relations.size() ? m_relations[size_t(index)].get() : nullptr;
}

static const Record &rec(const Entity &e)
{
    return static_cast<const Record &>(e);
}
static Record &rec(Entity &e)
{
    return static_cast<Record &>(e);
}

QVariant RecordColumn::get(const Entity &e) const
{
    return rec(e).values().at(m_index);
}

bool RecordColumn::set(Entity &e, const QVariant &value) const
{
    if (!value.isValid() || value.isNull()) {
        rec(e).valueRef(m_index) = QVariant();
        return true;
    }
    Record &r = rec(e);
    // The value read given back (Undo of its replacement) is taken as it was read: an odd one
    // stays as it was stored.
    if (const Record::AsStored *a = r.asStored(m_index);
        a && (sameAs(a->read, value) || sameAs(a->stored, value))) {
        r.m_values[m_index] = a->read;
        return true;
    }
    bool ok = true;
    const QVariant stored = storage::toStorage(value, m_type, &ok);
    if (!ok)
        return false;
    rec(e).valueRef(m_index) = storage::fromStorage(stored, m_type);
    return true;
}

void RecordColumn::bind(Statement &st, int index, const Entity &e) const
{
    st.bindValue(index, storedValue(e, m_type));
}

QVariant RecordColumn::storedValue(const Entity &e, const TypeSpec &) const
{
    bool ok = true;
    const QVariant stored = rec(e).storedValue(m_index, m_type, &ok);
    // A value that does not fit its declared type is written back as it is.
    return ok ? stored : rec(e).values().at(m_index);
}

void RecordColumn::read(const Statement &st, int column, Entity &e) const
{
    Record &r = rec(e);
    QVariant stored = st.value(column);
    if (storage::matchesType(stored, m_type)) {
        QVariant value = storage::fromStorage(stored, m_type);
        bool ok = true;
        if (sameAs(storage::toStorage(value, m_type, &ok), stored) && ok) {
            if (!r.m_asStored.empty())
                r.dropAsStored(m_index);
        } else {
            // Written back from the value, it would differ ('T' for ' ', 12.0 for 12): kept.
            r.keepAsStored({m_index, stored, value});
        }
        r.m_values[m_index] = std::move(value);
        return;
    }
    // Converted, 'maybe' would read as true and a stored 2 as true, then be written back so.
    r.keepAsStored({m_index, stored, stored});
    r.m_values[m_index] = std::move(stored);
}

namespace {

// Decimal text in a NUMERIC column: how a server gives every numeric value (exactly, where a
// double would round it). SQLite's NUMERIC affinity never keeps such text (it stores a number),
// so the text is no odd value there either: it is the column's own form, kept as it is.
bool isDecimalText(const QVariant &v, const TypeSpec &type)
{
    if (type.type != ColumnType::Numeric || v.metaType().id() != QMetaType::QString)
        return false;
    const QString &s = *static_cast<const QString *>(v.constData());
    return !s.isEmpty() && !s.front().isSpace() && !s.back().isSpace() && Decimal::split(s).ok;
}

// Two decimal texts of the same value ("12.5" and "12.50", "-0" and "0"), of any length: a
// server's NUMERIC keeps the scale typed, but the value is what was edited.
bool sameDecimal(const QString &a, const QString &b)
{
    auto normalized = [](const QString &text) {
        Decimal::Parts p = Decimal::split(text);
        qsizetype end = p.digits.size();
        while (p.scale > 0 && end > 1 && p.digits.at(end - 1) == u'0') {
            --end;
            --p.scale;
        }
        p.digits.truncate(end);
        if (p.digits.count(u'0') == p.digits.size()) {
            p.digits = QStringLiteral("0");
            p.scale = 0;
            p.negative = false;
        }
        return p;
    };
    const Decimal::Parts x = normalized(a);
    const Decimal::Parts y = normalized(b);
    return x.ok && y.ok && x.negative == y.negative && x.digits == y.digits && x.scale == y.scale;
}

} // namespace

bool RecordColumn::equals(const Entity &a, const Entity &b) const
{
    const QVariant &x = rec(a).values().at(m_index);
    const QVariant &y = rec(b).values().at(m_index);
    if (x.isNull() || y.isNull())
        return x.isNull() == y.isNull();
    // A server's NUMERIC compares by value: typing 12.5 over a stored 12.50 changes nothing.
    if (m_type.form.kind == StoredForm::DecimalText && isDecimalText(x, m_type)
        && isDecimalText(y, m_type))
        return sameDecimal(x.toString(), y.toString());
    return x == y;
}

void RecordColumn::copy(Entity &dst, const Entity &src) const
{
    Record &d = rec(dst);
    const Record &s = rec(src);
    d.m_values[m_index] = s.m_values.at(m_index);
    // Baselines carry what was stored, so that a revert brings the odd value back as such.
    if (const Record::AsStored *a = s.asStored(m_index))
        d.keepAsStored(*a);
    else if (!d.m_asStored.empty())
        d.dropAsStored(m_index);
}

bool RecordColumn::isNull(const Entity &e) const
{
    const QVariant &v = rec(e).values().at(m_index);
    return !v.isValid() || v.isNull();
}

bool RecordColumn::isStoredAsIs(const Entity &e) const
{
    const Record &r = rec(e);
    return r.isStoredAsIs(m_index) && !isDecimalText(r.values().at(m_index), m_type);
}

std::unique_ptr<EntityMeta> makeRecordMeta(const QString &name, const Table &table)
{
    auto meta = std::make_unique<EntityMeta>(name, table, nullptr);
    EntityMeta *raw = meta.get();
    // The factory needs the meta's address, which exists only now.
    meta->setFactory([raw] { return std::unique_ptr<Entity>(new Record(*raw)); });
    for (int i = 0; i < table.columns().size(); ++i) {
        ColumnMeta c;
        c.column = table.columns().at(i);
        c.access = std::make_shared<RecordColumn>(i, c.column.type);
        meta->addColumn(std::move(c));
    }
    meta->finalize();
    return meta;
}

} // namespace orm
