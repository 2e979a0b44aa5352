// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/entitymeta.h"
#include "orm/mapping/related.h"

#include <QVariantList>

#include <vector>

namespace orm {

// A row of a table that has no C++ class (a reflected table): the values live in a list, in
// program form (QString, qint64, double, bool, QDate, orm::Timestamp, QByteArray, JSON as
// QVariant). A value whose storage class does not match the declared type (text 'maybe' in a
// BOOLEAN column, a blob in a TEXT one, text that is not valid UTF-8 as orm::TextBytes) is kept
// as stored: shown as it is, written back unchanged. A value read in another form than the
// one it would be written in (a date-time with 'T', a whole number in a FLOAT column) is given
// in program form, and bound as it was stored while it is unchanged.
class Record final : public Entity
{
public:
    explicit Record(const EntityMeta &meta);
    const EntityMeta &entityMeta() const override { return *m_meta; }

    const QVariantList &values() const { return m_values; }
    QVariant &valueRef(int column) { return m_values[column]; }
    // Whether the column holds the value read as stored because it did not match the type.
    bool isStoredAsIs(int column) const;
    // What the column's value is stored as: the value read, while the column holds what was
    // made of it, else the value converted for the column's type (*ok false when it cannot be).
    QVariant storedValue(int column, const TypeSpec &type, bool *ok = nullptr) const;
    // The state of the meta's relationship number index (reflected relationships), made on
    // first use; existingRelation() gives null instead of making it.
    RelationBase &relation(int index);
    RelationBase *existingRelation(int index) const;

private:
    friend class RecordColumn;

    const EntityMeta *m_meta;
    QVariantList m_values;
    // By column, the values last read that could not be written back from the value made of
    // them: stored, and what the record was given (the stored value itself when it did not
    // match the type: the column is then "as stored" while it holds it, and may be given it
    // back, as Undo of its replacement does).
    struct AsStored
    {
        int column;
        QVariant stored;
        QVariant read;
    };
    // A few columns at most, searched in order: not a QHash, whose first entry takes 3.7 KB
    // (Qt 6.4 allocates room for 48 entries at once), and every row of a table written by
    // another program may have one (SQLite's own date-times, without a fraction).
    std::vector<AsStored> m_asStored;
    const AsStored *asStored(int column) const;
    void keepAsStored(AsStored kept);
    void dropAsStored(int column);
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
    QVariant storedValue(const Entity &e, const TypeSpec &type) const override;

private:
    int m_index;
    TypeSpec m_type;
};

// Builds the description of a table without a class, for reflection and tests.
std::unique_ptr<EntityMeta> makeRecordMeta(const QString &name, const Table &table);

} // namespace orm
