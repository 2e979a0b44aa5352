// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>
#include <QVariant>

#include <memory>

namespace orm {
class Entity;
class EntityMeta;
class Session;
} // namespace orm

namespace ui {

// A place in the database: an entity, and optionally one of its rows (by key, and by object
// for rows that are new and have no key yet).
struct Location
{
    const orm::EntityMeta *entity = nullptr;
    QVariant key;
    std::weak_ptr<orm::Entity> object;
    QString label; // how the breadcrumb names it

    bool isValid() const { return entity != nullptr; }
    bool hasRecord() const { return !key.isNull() || !object.expired(); }
    // The row's object, from the session (loaded by key when needed).
    std::shared_ptr<orm::Entity> resolve(orm::Session &session) const;
    static Location of(const std::shared_ptr<orm::Entity> &object);
    static Location of(const orm::EntityMeta *entity);
    bool sameRecord(const Location &other) const;
};

// The places visited, as a web browser keeps them: back(), forward(), and a new visit drops
// the places ahead of the current one. Selecting another row of the same table replaces the
// current place instead of adding one.
class NavigationHistory : public QObject
{
    Q_OBJECT
public:
    enum class VisitMode { Push, ReplaceCurrent };

    explicit NavigationHistory(QObject *parent = nullptr);

    void visit(const Location &location, VisitMode mode = VisitMode::Push);
    bool canGoBack() const { return m_current > 0; }
    bool canGoForward() const { return m_current + 1 < m_entries.size(); }
    // The new current place (invalid when there is none).
    Location back();
    Location forward();
    Location goTo(int index);
    Location current() const { return m_entries.value(m_current); }
    int currentIndex() const { return int(m_current); }
    const QList<Location> &entries() const { return m_entries; }
    void clear();
    int maximumEntries() const { return m_maximum; }

Q_SIGNALS:
    void changed();

private:
    QList<Location> m_entries;
    qsizetype m_current = -1;
    int m_maximum = 100;
};

} // namespace ui
