// SPDX-License-Identifier: MIT
#include "ui/navigation.h"

#include "orm/session/session.h"
#include "ui/entitycatalog.h"

namespace ui {

std::shared_ptr<orm::Entity> Location::resolve(orm::Session &session) const
{
    if (auto o = object.lock()) {
        if (o->session() == &session)
            return o;
    }
    if (!entity || key.isNull())
        return nullptr;
    return session.get(*entity, key);
}

Location Location::of(const std::shared_ptr<orm::Entity> &object)
{
    Location l;
    if (!object)
        return l;
    l.entity = &object->entityMeta();
    l.object = object;
    if (!l.entity->isKeyUnset(*object))
        l.key = object->primaryKey();
    l.label = EntityCatalog::labelOf(*object);
    return l;
}

Location Location::of(const orm::EntityMeta *entity)
{
    Location l;
    l.entity = entity;
    l.label = entity ? entity->displayName() : QString();
    return l;
}

bool Location::sameRecord(const Location &other) const
{
    if (entity != other.entity)
        return false;
    const auto a = object.lock();
    const auto b = other.object.lock();
    if (a && b)
        return a == b;
    return key == other.key && key.isNull() == other.key.isNull();
}

NavigationHistory::NavigationHistory(QObject *parent)
    : QObject(parent)
{ }

void NavigationHistory::visit(const Location &location, VisitMode mode)
{
    if (!location.isValid())
        return;
    if (m_current >= 0) {
        const Location &here = m_entries.at(m_current);
        if (here.sameRecord(location) && here.hasRecord() == location.hasRecord()) {
            m_entries[m_current] = location; // refreshes the label
            Q_EMIT changed();
            return;
        }
        if (mode == VisitMode::ReplaceCurrent && here.entity == location.entity) {
            m_entries[m_current] = location;
            Q_EMIT changed();
            return;
        }
    }
    m_entries.resize(m_current + 1);
    m_entries.append(location);
    if (m_entries.size() > m_maximum)
        m_entries.removeFirst();
    m_current = m_entries.size() - 1;
    Q_EMIT changed();
}

Location NavigationHistory::back()
{
    if (!canGoBack())
        return {};
    --m_current;
    Q_EMIT changed();
    return current();
}

Location NavigationHistory::forward()
{
    if (!canGoForward())
        return {};
    ++m_current;
    Q_EMIT changed();
    return current();
}

Location NavigationHistory::goTo(int index)
{
    if (index < 0 || index >= m_entries.size())
        return {};
    m_current = index;
    Q_EMIT changed();
    return current();
}

void NavigationHistory::clear()
{
    m_entries.clear();
    m_current = -1;
    Q_EMIT changed();
}

} // namespace ui
