#pragma once

#include "orm/entitymeta.h"
#include "orm/related.h"

#include <QHash>
#include <QVariantList>

namespace orm {

// A row of a table that has no C++ class (a reflected table): the values live in a list, in
// program form (QString, qint64, double, bool, QDate, QDateTime, QByteArray, JSON as QVariant).
// A value whose storage class does not match the declared type (text 'maybe' in a BOOLEAN
// column, a blob in a TEXT one) is kept as stored: shown as it is, written back unchanged.
class Record final : public Entity
{
public:
    explicit Record(const EntityMeta &meta);
    const EntityMeta &entityMeta() const override { return *m_meta; }

    const QVariantList &values() const { return m_values; }
    QVariant &valueRef(int column) { return m_values[column]; }
    // Whether the column holds the value read as stored because it did not match the type.
    bool isStoredAsIs(int column) const;
    // The state of the meta's relationship number index (reflected relationships).
    RelationBase &relation(int index);

private:
    friend class RecordColumn;

    const EntityMeta *m_meta;
    QVariantList m_values;
    // By column, the values last read that did not match their type: a column is "as stored"
    // while it holds that value, and may be given it back (Undo of its replacement).
    QHash<int, QVariant> m_asStored;
    std::vector<std::unique_ptr<detail::DetachedRelation>> m_relations;
};

// The ColumnAccess of Record columns.
class RecordColumn final : public ColumnAccess
{
public:
    RecordColumn(int index, const TypeSpec &type)
        : m_index(index)
        , m_type(type)
    { }
    QVariant get(const Entity &e) const override;
    bool set(Entity &e, const QVariant &value) const override;
    void bind(Statement &st, int index, const Entity &e) const override;
    void read(const Statement &st, int column, Entity &e) const override;
    bool equals(const Entity &a, const Entity &b) const override;
    void copy(Entity &dst, const Entity &src) const override;
    bool isNull(const Entity &e) const override;
    bool isStoredAsIs(const Entity &e) const override;

private:
    int m_index;
    TypeSpec m_type;
};

// Builds the description of a table without a class, for reflection and tests.
std::unique_ptr<EntityMeta> makeRecordMeta(const QString &name, const Table &table);

} // namespace orm
