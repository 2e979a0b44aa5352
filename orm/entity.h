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

struct InstanceState
{
    Session *session = nullptr;
    ObjectState state = ObjectState::Transient;
    bool markedForDeletion = false;
    bool inIdentityMap = false;
    // The column values the database holds for this row (in the current transaction): what
    // change detection compares against and what rollback() restores.
    std::unique_ptr<Snapshot> baseline;
};
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

    ObjectState objectState() const { return m_state.state; }
    Session *session() const { return m_state.session; }

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
