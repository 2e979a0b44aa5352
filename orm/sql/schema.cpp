// SPDX-License-Identifier: MIT
#include "orm/sql/schema.h"

#include "orm/sql/dialect.h"

#include <QSet>

#include <algorithm>

namespace orm {

int Table::columnIndex(const QString &name) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i).name == name)
            return i;
    }
    return -1;
}

const Column *Table::column(const QString &name) const
{
    const int i = columnIndex(name);
    return i < 0 ? nullptr : &m_columns.at(i);
}

QStringList Table::primaryKey() const
{
    QStringList pk;
    for (const Column &c : m_columns) {
        if (c.primaryKey)
            pk << c.name;
    }
    return pk;
}

QStringList Table::primaryKeyAsDeclared() const
{
    QList<const Column *> key;
    for (const Column &c : m_columns) {
        if (c.primaryKey)
            key << &c;
    }
    // Only a whole set of positions is an order; otherwise the columns' own.
    if (std::all_of(key.cbegin(), key.cend(), [](const Column *c) { return c->keyPosition > 0; })) {
        std::stable_sort(key.begin(), key.end(), [](const Column *a, const Column *b) {
            return a->keyPosition < b->keyPosition;
        });
    }
    QStringList names;
    for (const Column *c : key)
        names << c->name;
    return names;
}

QString qualifiedTableName(const QString &schema, const QString &name)
{
    return schema.isEmpty() ? name : schema + u'.' + name;
}

QString unqualifiedTableName(const QString &schema, const QString &qualifiedName)
{
    return schema.isEmpty() ? qualifiedName : qualifiedName.mid(schema.size() + 1);
}

QStringList Table::referredTables() const
{
    QStringList result;
    const QString self = qualifiedName();
    for (const ForeignKey &fk : m_foreignKeys) {
        if (fk.referredTable != self && !result.contains(fk.referredTable))
            result << fk.referredTable;
    }
    return result;
}

bool Table::isUnique(const QStringList &columns) const
{
    auto same = [&columns](const QStringList &other) {
        return other.size() == columns.size()
            && QSet<QString>(other.begin(), other.end())
            == QSet<QString>(columns.begin(), columns.end());
    };
    if (same(primaryKey()))
        return true;
    if (columns.size() == 1) {
        if (const Column *c = column(columns.first()); c && c->unique)
            return true;
    }
    for (const UniqueConstraint &u : m_uniques) {
        if (same(u.columns))
            return true;
    }
    for (const Index &i : m_indexes) {
        if (i.unique && same(i.columns))
            return true;
    }
    return false;
}

void MetaData::addTable(const Table &table)
{
    for (Table &t : m_tables) {
        if (t.name() == table.name() && t.schema() == table.schema()) {
            t = table;
            return;
        }
    }
    m_tables.append(table);
}

const Table *MetaData::table(const QString &name) const
{
    for (const Table &t : m_tables) {
        if (t.qualifiedName() == name)
            return &t;
    }
    return nullptr;
}

QStringList sortTablesByDependency(const QList<const Table *> &tables)
{
    QStringList order;
    QSet<QString> done;
    QSet<QString> visiting;
    QHash<QString, const Table *> byName;
    for (const Table *t : tables)
        byName.insert(t->qualifiedName(), t);
    std::function<void(const Table *)> visit = [&](const Table *t) {
        const QString name = t->qualifiedName();
        if (done.contains(name) || visiting.contains(name))
            return; // a cycle: the rest of the order still holds
        visiting.insert(name);
        for (const QString &parent : t->referredTables()) {
            if (const Table *p = byName.value(parent))
                visit(p);
        }
        visiting.remove(name);
        done.insert(name);
        order << name;
    };
    for (const Table *t : tables)
        visit(t);
    return order;
}

QList<const Table *> MetaData::sortedTables() const
{
    QList<const Table *> all;
    for (const Table &t : m_tables)
        all << &t;
    QList<const Table *> sorted;
    for (const QString &name : sortTablesByDependency(all))
        sorted << table(name);
    return sorted;
}

} // namespace orm
