#include "orm/record.h"

#include "orm/connection.h"

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

RelationBase &Record::relation(int index)
{
    // Created on first use: most records never touch most of their relationships.
    if (m_relations.empty())
        m_relations.resize(m_meta->relationships().size());
    auto &slot = m_relations[size_t(index)];
    if (!slot)
        slot = std::make_unique<RelationBase>(this);
    return *slot;
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
    bool ok = true;
    const QVariant stored = storage::toStorage(value, m_type, &ok);
    if (!ok)
        return false;
    rec(e).valueRef(m_index) = storage::fromStorage(stored, m_type);
    return true;
}

void RecordColumn::bind(Statement &st, int index, const Entity &e) const
{
    bool ok = true;
    const QVariant &v = rec(e).values().at(m_index);
    const QVariant stored = storage::toStorage(v, m_type, &ok);
    // A value that does not fit its declared type (kept as read) is written back as it is.
    st.bindValue(index, ok ? stored : v);
}

void RecordColumn::read(const Statement &st, int column, Entity &e) const
{
    rec(e).valueRef(m_index) = storage::fromStorage(st.value(column), m_type);
}

bool RecordColumn::equals(const Entity &a, const Entity &b) const
{
    const QVariant &x = rec(a).values().at(m_index);
    const QVariant &y = rec(b).values().at(m_index);
    if (x.isNull() || y.isNull())
        return x.isNull() == y.isNull();
    return x == y;
}

void RecordColumn::copy(Entity &dst, const Entity &src) const
{
    rec(dst).valueRef(m_index) = rec(src).values().at(m_index);
}

bool RecordColumn::isNull(const Entity &e) const
{
    const QVariant &v = rec(e).values().at(m_index);
    return !v.isValid() || v.isNull();
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
