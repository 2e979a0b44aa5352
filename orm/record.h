#pragma once

#include "orm/entitymeta.h"
#include "orm/related.h"

#include <QVariantList>

namespace orm {

// A row of a table that has no C++ class (a reflected table): the values live in a list, in
// program form (QString, qint64, double, bool, QDate, QDateTime, QByteArray, JSON as QVariant).
// A value whose stored type does not match the declared type is kept as stored.
class Record final : public Entity
{
public:
    explicit Record(const EntityMeta &meta);
    const EntityMeta &entityMeta() const override { return *m_meta; }

    const QVariantList &values() const { return m_values; }
    QVariant &valueRef(int column) { return m_values[column]; }
    // The state of the meta's relationship number index (reflected relationships).
    RelationBase &relation(int index);

private:
    const EntityMeta *m_meta;
    QVariantList m_values;
    std::vector<std::unique_ptr<RelationBase>> m_relations;
};

// The ColumnAccess of Record columns.
class RecordColumn final : public ColumnAccess
{
public:
    RecordColumn(int index, const TypeSpec &type) : m_index(index), m_type(type) { }
    QVariant get(const Entity &e) const override;
    bool set(Entity &e, const QVariant &value) const override;
    void bind(Statement &st, int index, const Entity &e) const override;
    void read(const Statement &st, int column, Entity &e) const override;
    bool equals(const Entity &a, const Entity &b) const override;
    void copy(Entity &dst, const Entity &src) const override;
    bool isNull(const Entity &e) const override;

private:
    int m_index;
    TypeSpec m_type;
};

// Builds the description of a table without a class, for reflection and tests.
std::unique_ptr<EntityMeta> makeRecordMeta(const QString &name, const Table &table);

} // namespace orm
