// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/mapping/entity.h"
#include "orm/mapping/validation.h"
#include "orm/sql/schema.h"
#include "orm/sql/sql.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace orm {

class Statement;
class ColumnValue;
namespace detail {
class RowText;
}

// How one column's value is read and written on an object: typed members (orm::Mapper) and
// generic records (orm::Record) implement it. The hot paths (read, bind, equals, copy) avoid
// QVariant for typed members.
class ColumnAccess
{
public:
    virtual ~ColumnAccess() = default;
    virtual QVariant get(const Entity &e) const = 0; // program form; null QVariant for NULL
    virtual bool set(Entity &e, const QVariant &value) const = 0; // false: not convertible
    virtual void bind(Statement &st, int index, const Entity &e) const = 0;
    virtual void read(const Statement &st, int column, Entity &e) const = 0;
    virtual bool equals(const Entity &a, const Entity &b) const = 0;
    virtual void copy(Entity &dst, const Entity &src) const = 0;
    virtual bool isNull(const Entity &e) const = 0;
    // The integer value for integer keys (fast identity-map path).
    virtual qint64 toInt64(const Entity &e) const { return get(e).toLongLong(); }
    // Whether get() returns the value as the database stores it, unconverted, because its
    // storage class does not match the declared type (text 'maybe' in a BOOLEAN column).
    // Generic records keep such values; typed members convert what they read.
    virtual bool isStoredAsIs(const Entity &) const { return false; }
    // The value bind() binds, in storage form (qint64, double, QString, QByteArray,
    // orm::TextBytes, null): for a value read and not changed since, exactly what the database
    // holds (generic records keep what they read; typed members' baselines keep it for them).
    virtual QVariant storedValue(const Entity &e, const TypeSpec &type) const
    {
        bool ok = true;
        const QVariant v = get(e);
        const QVariant stored = storage::toStorage(v, type, &ok);
        return ok ? stored : v;
    }

    // Validation without a QVariant round trip, for members whose C++ type guarantees a valid
    // value of the column's type. Unknown: go through get() and storage::toStorage().
    // Valid: *textUnits is the length in UTF-16 units of text values (-1 for others).
    enum class DirectCheck : quint8 { Unknown, Null, Valid };
    virtual DirectCheck checkDirect(const Entity &, qsizetype *textUnits) const
    {
        *textUnits = -1;
        return DirectCheck::Unknown;
    }
    // Whether checkDirect() never answers Unknown: isNull() and, for integer columns,
    // toInt64() then say exactly what get() would (keys compared without QVariant).
    virtual bool hasDirectValues() const { return false; }

    // Baselines (detail::Snapshot) keep the values alone, each in raw memory of slotSize()
    // bytes (aligned to slotAlign(), at most 8): no copy of the object and its relationships
    // per loaded row. slotSize() 0: not supported, the baseline is then a cloneColumns() copy.
    // The slot operations mirror get/set/bind/read/equals/copy/isNull/toInt64 exactly.
    virtual size_t slotSize() const { return 0; }
    virtual size_t slotAlign() const { return 1; }
    virtual void slotCreate(void *, const Entity &) const { }
    // read(), then slotCreate() from the value just read; whether the slot reproduces the
    // stored value exactly (see ValueTraits::read()): else the baseline keeps it as stored.
    virtual bool readWithSlot(const Statement &st, int column, Entity &e, void *slot) const
    {
        read(st, column, e);
        slotCreate(slot, e);
        return true;
    }
    // A QString member: its text can be read into a block the row's short texts share
    // (readTextWithSlot(), as readWithSlot() but of a value already taken from the row).
    virtual bool sharesRowText() const { return false; }
    virtual bool readTextWithSlot(const ColumnValue &, Entity &, void *, detail::RowText &) const
    {
        return false;
    }
    virtual void slotCopy(void *, const void *) const { }
    virtual void slotDestroy(void *) const { }
    virtual bool slotEquals(const void *, const Entity &) const { return false; }
    virtual void slotRestore(const void *, Entity &) const { } // entity := slot
    virtual void slotAssign(void *, const Entity &) const { } // slot := entity
    virtual QVariant slotGet(const void *) const { return {}; }
    virtual bool slotSet(void *, const QVariant &) const { return false; }
    virtual void slotBind(const void *, Statement &, int) const { }
    virtual bool slotRead(void *, const Statement &, int) const { return true; } // exact?
    virtual qint64 slotToInt64(const void *) const { return 0; }
    // storedValue() of the slot's value.
    virtual QVariant slotStoredValue(const void *) const { return {}; }
    virtual bool slotIsNull(const void *) const { return true; }
};

struct ColumnMeta
{
    Column column;
    std::shared_ptr<const ColumnAccess> access;
    QString label; // for people: "User name"
    QList<Validator> validators;
    std::ptrdiff_t memberOffset = -1; // typed members: for member-pointer look-ups
    Expr expr; // "table"."column" with the column's type, built once by finalize()
};

enum class RelationshipKind { ManyToOne, OneToMany, OneToOne, ManyToMany };

struct RelationshipMeta;

// The description of one mapped entity (SQLAlchemy's Mapper): its table, columns, key,
// validators and relationships. Every visitor (schema creation, loading, binding, change
// detection, validation, the UI's columns and editors) reads this one declaration.
class EntityMeta
{
public:
    using Factory = std::function<std::unique_ptr<Entity>()>;
    using SharedFactory = std::function<std::shared_ptr<Entity>()>;
    using EntityValidator = std::function<QList<Error::FieldError>(const Entity &)>;

    EntityMeta(const QString &name, const Table &table, Factory factory,
               SharedFactory sharedFactory = {});
    EntityMeta(const EntityMeta &) = delete;
    EntityMeta &operator=(const EntityMeta &) = delete;
    ~EntityMeta();

    QString name() const { return m_name; }
    QString displayName() const { return m_displayName.isEmpty() ? m_name : m_displayName; }
    void setDisplayName(const QString &name) { m_displayName = name; }
    const Table &table() const { return m_table; }
    // Its table's qualified name (Table::qualifiedName()): what its columns are qualified with
    // in expressions; statements name the table through the dialect (Dialect::quoteTable(),
    // tableReference()) with schema().
    QString tableName() const { return m_table.qualifiedName(); }
    QString schema() const { return m_table.schema(); }
    bool isReadOnly() const { return m_readOnly; }
    void setReadOnly(bool readOnly, const QString &reason = QString());
    QString readOnlyReason() const { return m_readOnlyReason; }

    int columnCount() const { return int(m_columns.size()); }
    const ColumnMeta &column(int i) const { return m_columns[size_t(i)]; }
    const std::vector<ColumnMeta> &columns() const { return m_columns; }
    int columnIndex(const QString &name) const;
    int columnIndexForOffset(std::ptrdiff_t offset) const;
    const QList<int> &primaryKeyColumns() const { return m_pkColumns; }
    // The single INTEGER primary key that SQLite assigns (-1 if none).
    int autoincrementColumn() const { return m_autoincrementColumn; }
    bool hasAutoincrementKey() const { return m_autoincrementColumn >= 0; }
    bool hasIntegerKey() const { return m_integerKey; }
    // The integer column every UPDATE increments and checks (SQLAlchemy's version_id_col),
    // and every DELETE checks, instead of the loaded values of the columns; -1 for none.
    int versionColumn() const { return m_versionColumn; }
    void setVersionColumn(int column) { m_versionColumn = column; }
    // An autoincrement key that is still 0 / NULL: the database will assign it.
    bool isKeyUnset(const Entity &e) const;
    // The column people recognise a row by ("username", "title", "name"); -1 for none. Unless
    // the mapping declares it, chooseLabelColumn() (orm/labelcolumn.h) picks it.
    int labelColumn() const { return m_labelColumn; }
    // The label declared by the mapping (or chosen by finalize()), before any preference.
    int defaultLabelColumn() const { return m_defaultLabelColumn; }
    // A display preference, not part of the mapping: an application may change it at any time
    // (per database, as a person chooses), hence const; -1 restores the default.
    void setLabelColumn(int column) const
    {
        m_labelColumn = column >= 0 && column < columnCount() ? column : m_defaultLabelColumn;
    }
    QString labelOf(const Entity &e) const;

    std::shared_ptr<Entity> create() const
    {
        return m_sharedFactory ? m_sharedFactory() : std::shared_ptr<Entity>(m_factory());
    }
    // A new object allocated with room bytes more, 8-aligned, at *at (nullptr when the
    // entity cannot: then no room). A loaded row's baseline goes there: one allocation a row.
    using RoomFactory = std::shared_ptr<Entity> (*)(size_t room, void **at);
    std::shared_ptr<Entity> createWithRoom(size_t room, void **at) const
    {
        if (m_roomFactory && room > 0)
            return m_roomFactory(room, at);
        *at = nullptr;
        return create();
    }
    void setRoomFactory(RoomFactory factory) { m_roomFactory = factory; }
    // A fresh object holding a copy of e's column values (the baseline of change detection).
    std::unique_ptr<Entity> cloneColumns(const Entity &e) const;
    // The layout of baselines (see ColumnAccess::slotSize()): bytes 0 when a column has no
    // slot (baselines are then cloneColumns() copies).
    size_t snapshotBytes() const
    {
        return m_slotColumns.size() == m_columns.size() ? m_snapshotBytes : 0;
    }
    size_t snapshotOffset(int column) const { return m_slotColumns[size_t(column)].offset; }
    // Per column, its access and its slot's offset side by side: what reading a row into an
    // object and its baseline walks (ColumnMeta is far larger; this keeps to a cache line).
    struct SlotColumn
    {
        const ColumnAccess *access;
        size_t offset;
        bool sharesText; // ColumnAccess::sharesRowText()
    };
    const std::vector<SlotColumn> &slotColumns() const { return m_slotColumns; }
    // How many slot columns share the row's text block.
    int textSlotColumns() const { return m_textSlotColumns; }

    const QList<EntityValidator> &entityValidators() const { return m_entityValidators; }
    // Required, length, type and declared validators of one column for a value.
    QString validateValue(int column, const QVariant &value) const;
    // Every field error of an object (columns, then entity-level validators).
    QList<Error::FieldError> validate(const Entity &e) const;

    const std::vector<std::unique_ptr<RelationshipMeta>> &relationships() const
    {
        return m_relationships;
    }
    const RelationshipMeta *relationship(const QString &name) const;

    // Column list and key condition SQL for this entity, built once.
    QString selectList() const; // "users"."id", "users"."username", …
    QString selectList(const QString &alias) const;

    // Building (by orm::Mapper or by reflection).
    void setFactory(Factory factory) { m_factory = std::move(factory); }
    int addColumn(ColumnMeta column);
    ColumnMeta &mutableColumn(int i) { return m_columns[size_t(i)]; }
    Table &mutableTable() { return m_table; }
    void addEntityValidator(EntityValidator v) { m_entityValidators.append(std::move(v)); }
    RelationshipMeta &addRelationship(std::unique_ptr<RelationshipMeta> rel);
    // Finishes the description: keys, label column, table columns.
    void finalize();

private:
    QString m_name;
    QString m_displayName;
    Table m_table;
    Factory m_factory;
    SharedFactory m_sharedFactory;
    RoomFactory m_roomFactory = nullptr;
    std::vector<ColumnMeta> m_columns;
    QHash<QString, int> m_columnByName;
    QList<int> m_pkColumns;
    int m_autoincrementColumn = -1;
    int m_versionColumn = -1;
    bool m_integerKey = false;
    mutable int m_labelColumn = -1;
    int m_defaultLabelColumn = -1;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    QList<EntityValidator> m_entityValidators;
    std::vector<std::unique_ptr<RelationshipMeta>> m_relationships;
    mutable QString m_selectList;
    std::vector<SlotColumn> m_slotColumns; // empty when snapshotBytes() is 0
    size_t m_snapshotBytes = 0;
    int m_textSlotColumns = 0;
};

} // namespace orm
