// SPDX-License-Identifier: MIT
#include "orm/mapping/entity.h"

#include "orm/mapping/entitymeta.h"
#include "orm/mapping/snapshot.h"

namespace orm {

Entity::Entity() = default;
Entity::~Entity()
{
    if (Q_UNLIKELY(m_state.isTrackedTransient())) {
        detail::forgetTransient(this);
    }
}

namespace detail {

InstanceState::~InstanceState()
{
    delete baseline();
}

void InstanceState::setBaseline(std::unique_ptr<Snapshot> baseline)
{
    delete this->baseline();
    Q_ASSERT((quintptr(baseline.get()) & kLowBits) == 0);
    m_baseline = quintptr(baseline.release()) | (m_baseline & kLowBits);
}

std::unique_ptr<Snapshot> InstanceState::takeBaseline()
{
    std::unique_ptr<Snapshot> out(baseline());
    m_baseline &= kLowBits;
    return out;
}

} // namespace detail

QVariant Entity::value(int column) const
{
    return entityMeta().column(column).access->get(*this);
}

bool Entity::setValue(int column, const QVariant &value)
{
    return entityMeta().column(column).access->set(*this, value);
}

QVariant Entity::value(const QString &column) const
{
    const int i = entityMeta().columnIndex(column);
    return i < 0 ? QVariant() : value(i);
}

bool Entity::setValue(const QString &column, const QVariant &value)
{
    const int i = entityMeta().columnIndex(column);
    return i >= 0 && setValue(i, value);
}

QVariant Entity::primaryKey() const
{
    const EntityMeta &meta = entityMeta();
    const QList<int> &pk = meta.primaryKeyColumns();
    if (pk.size() == 1)
        return value(pk.first());
    QVariantList key;
    for (int c : pk)
        key << value(c);
    return key;
}

QString Entity::describe() const
{
    const EntityMeta &meta = entityMeta();
    if (m_state.state() == ObjectState::Transient || m_state.state() == ObjectState::Pending) {
        if (meta.hasAutoincrementKey() && meta.isKeyUnset(*this))
            return QStringLiteral("new ") + meta.name();
    }
    const QVariant key = primaryKey();
    if (key.metaType().id() == QMetaType::QVariantList) {
        QStringList parts;
        for (const QVariant &v : key.toList())
            parts << v.toString();
        return meta.name() + QStringLiteral(" (") + parts.join(QStringLiteral(", ")) + u')';
    }
    return meta.name() + u' ' + key.toString();
}

} // namespace orm
