// SPDX-License-Identifier: MIT
#pragma once

#include <QVariant>

#include <memory>

namespace orm {

class EntityMeta;
class Session;
class Entity;

// SQLAlchemy's object states. An object marked for deletion stays Persistent until a flush
// writes the DELETE (then Deleted, then Detached after commit); see Session::isMarkedForDeletion.
enum class ObjectState : quint8 { Transient, Pending, Persistent, Deleted, Detached };

namespace detail {
class Snapshot;

// Every object carries one, so it is two words, not three (with malloc's rounding a loaded
// object would otherwise take 16 bytes more): the session with the object's state in the low
// bits of its pointer, and the baseline with the three flags in the low bits of its pointer
// (both are 8-aligned).
class InstanceState
{
public:
    InstanceState() = default;
    InstanceState(const InstanceState &) = delete;
    InstanceState &operator=(const InstanceState &) = delete;
    ~InstanceState(); // out of line: the baseline's type is complete only there

    Session *session() const { return reinterpret_cast<Session *>(m_session & ~kLowBits); }
    void setSession(Session *session) { m_session = quintptr(session) | (m_session & kLowBits); }
    ObjectState state() const { return ObjectState(m_session & kLowBits); }
    void setState(ObjectState state) { m_session = (m_session & ~kLowBits) | quintptr(state); }
    bool markedForDeletion() const { return m_baseline & kMarked; }
    void setMarkedForDeletion(bool on) { setFlag(kMarked, on); }
    bool inIdentityMap() const { return m_baseline & kInIdentityMap; }
    void setInIdentityMap(bool on) { setFlag(kInIdentityMap, on); }
    // Linked to other objects while in no session: known to orm::releaseUnusedTransientObjects().
    bool isTrackedTransient() const { return m_baseline & kTrackedTransient; }
    void setTrackedTransient(bool on) { setFlag(kTrackedTransient, on); }

    // The column values the database holds for this row (in the current transaction): what
    // change detection compares against and what rollback() restores. Owned.
    Snapshot *baseline() const { return reinterpret_cast<Snapshot *>(m_baseline & ~kLowBits); }
    void setBaseline(std::unique_ptr<Snapshot> baseline); // destroys the one it replaces
    std::unique_ptr<Snapshot> takeBaseline();

private:
    static constexpr quintptr kLowBits = 7;
    static constexpr quintptr kMarked = 1;
    static constexpr quintptr kInIdentityMap = 2;
    static constexpr quintptr kTrackedTransient = 4;
    void setFlag(quintptr flag, bool on)
    {
        m_baseline = on ? m_baseline | flag : m_baseline & ~flag;
    }

    quintptr m_session = 0; // and ObjectState::Transient
    quintptr m_baseline = 0;
};
// Called by ~Entity for an object orm::releaseUnusedTransientObjects() knows.
void forgetTransient(Entity *object);

static_assert(int(ObjectState::Detached) < 8,
              "the state must fit in the session pointer's low bits");
} // namespace detail

// The base of every mapped object, typed (orm::Model<T>) or generic (orm::Record). Objects
// have identity: they are neither copyable nor movable, and are shared through
// std::shared_ptr.
class Entity : public std::enable_shared_from_this<Entity>
{
public:
    Entity(); // out of line: the baseline's type is complete only there
    Entity(const Entity &) = delete;
    Entity &operator=(const Entity &) = delete;
    virtual ~Entity();

    virtual const EntityMeta &entityMeta() const = 0;

    ObjectState objectState() const { return m_state.state(); }
    Session *session() const { return m_state.session(); }

    // Generic access by column index (program form: QString, qint64, bool, QDateTime, …).
    // setValue() does not notify anyone; Session::setValue() does.
    QVariant value(int column) const;
    [[nodiscard]] bool setValue(int column, const QVariant &value);
    QVariant value(const QString &column) const;
    [[nodiscard]] bool setValue(const QString &column, const QVariant &value);
    // The primary key: a single value, or a QVariantList for composite keys.
    QVariant primaryKey() const;
    // "User 3" / "new User": for messages.
    QString describe() const;

private:
    friend class Session;
    friend class SessionPrivateAccess;
    detail::InstanceState m_state;
};

} // namespace orm
