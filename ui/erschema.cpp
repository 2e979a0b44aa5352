// SPDX-License-Identifier: MIT
#include "ui/erschema.h"

#include "orm/mapping/automap.h"
#include "orm/mapping/relationship.h"
#include "ui/document.h"

#include <QSet>

namespace ui {

int ErTable::columnIndex(const QString &name) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns[i].name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

int ErSchema::tableIndex(const QString &name) const
{
    for (int i = 0; i < tables.size(); ++i) {
        if (tables[i].name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

namespace {

ErTable tableOf(const orm::Table &table)
{
    ErTable t;
    t.name = table.name();
    t.kind = table.isView() ? ErTable::Kind::View : ErTable::Kind::Table;
    QSet<QString> fkColumns;
    for (const orm::ForeignKey &fk : table.foreignKeys()) {
        for (const QString &c : fk.columns)
            fkColumns.insert(c.toLower());
    }
    for (const orm::Column &c : table.columns()) {
        ErColumn column;
        column.name = c.name;
        column.type = orm::typeDisplayName(c.type);
        column.primaryKey = c.primaryKey;
        column.foreignKey = fkColumns.contains(c.name.toLower());
        column.notNull = !c.nullable || c.primaryKey;
        column.unique = c.unique;
        t.columns << column;
    }
    t.triggerCount = int(table.triggers().size());
    return t;
}

// The relationships of each table's foreign keys: an association table's two make one
// many-to-many; a foreign key whose columns are unique is one-to-one.
void addRelations(ErSchema &schema, const QList<const orm::Table *> &tables)
{
    for (int i = 0; i < tables.size(); ++i) {
        const orm::Table &table = *tables[i];
        const QList<orm::ForeignKey> &fks = table.foreignKeys();
        if (schema.tables[i].kind == ErTable::Kind::Association) {
            const int first = schema.tableIndex(fks[0].referredTable);
            const int second = schema.tableIndex(fks[1].referredTable);
            if (first >= 0 && second >= 0) {
                schema.relations << ErRelation {
                    ErRelation::Kind::ManyToMany, first, second, i, fks[0].columns, fks[1].columns};
                continue;
            }
            schema.tables[i].kind = ErTable::Kind::Table; // a link to a table not there
        }
        for (const orm::ForeignKey &fk : fks) {
            const int parent = schema.tableIndex(fk.referredTable);
            if (parent < 0)
                continue;
            const auto kind = table.isUnique(fk.columns) ? ErRelation::Kind::OneToOne
                                                         : ErRelation::Kind::OneToMany;
            QStringList referred = fk.referredColumns;
            if (referred.isEmpty()) {
                for (const ErColumn &c : schema.tables[parent].columns) {
                    if (c.primaryKey)
                        referred << c.name;
                }
            }
            schema.relations << ErRelation {kind, i, parent, -1, fk.columns, referred};
        }
    }
}

// The many-to-many relationships the automap inferred from the names of a table without
// foreign keys: one relation through it, once for both sides.
void addInferredRelations(ErSchema &schema, const QList<const orm::EntityMeta *> &entities)
{
    QSet<QString> seen;
    for (const orm::EntityMeta *meta : entities) {
        for (const auto &rel : meta->relationships()) {
            if (!rel->inferred || rel->kind != orm::RelationshipKind::ManyToMany
                || seen.contains(rel->secondary.toLower()))
                continue;
            const int via = schema.tableIndex(rel->secondary);
            const int first = schema.tableIndex(meta->tableName());
            const int second = schema.tableIndex(rel->target().tableName());
            if (via < 0 || first < 0 || second < 0)
                continue;
            seen.insert(rel->secondary.toLower());
            schema.tables[via].kind = ErTable::Kind::Association;
            ErRelation r {ErRelation::Kind::ManyToMany, first, second, via, rel->secondaryLocal,
                          rel->secondaryRemote};
            r.inferred = true;
            schema.relations << r;
        }
    }
}

const orm::EntityMeta *entityFor(const QList<const orm::EntityMeta *> &entities,
                                 const QString &table)
{
    for (const orm::EntityMeta *meta : entities) {
        if (meta->tableName().compare(table, Qt::CaseInsensitive) == 0)
            return meta;
    }
    return nullptr;
}

} // namespace

ErSchema describeErSchema(const orm::MetaData &metadata,
                          const QList<const orm::EntityMeta *> &entities)
{
    ErSchema schema;
    QList<const orm::Table *> tables;
    for (const orm::Table &table : metadata.tables()) {
        ErTable t = tableOf(table);
        t.entity = entityFor(entities, table.name());
        if (!t.entity && orm::isAssociationTable(table))
            t.kind = ErTable::Kind::Association;
        if (t.entity && t.entity->isReadOnly())
            t.note = t.entity->readOnlyReason();
        if (!table.error().isEmpty())
            t.note = table.error();
        schema.tables << t;
        tables << &table;
    }
    addRelations(schema, tables);
    addInferredRelations(schema, entities);
    return schema;
}

ErSchema describeErSchema(const QList<const orm::EntityMeta *> &entities,
                          const TriggerCounter &triggers)
{
    // The association tables are described by the relationships that go through them.
    std::vector<orm::Table> associations;
    QSet<QString> seen;
    for (const orm::EntityMeta *meta : entities) {
        seen.insert(meta->tableName().toLower());
    }
    for (const orm::EntityMeta *meta : entities) {
        for (const auto &rel : meta->relationships()) {
            if (rel->kind != orm::RelationshipKind::ManyToMany || rel->secondary.isEmpty()
                || seen.contains(rel->secondary.toLower())
                || rel->secondaryLocal.size() != rel->secondaryRemote.size()) {
                continue;
            }
            seen.insert(rel->secondary.toLower());
            orm::Table table(rel->secondary);
            const auto addSide = [&table](const orm::EntityMeta &end, const QStringList &columns) {
                orm::ForeignKey fk;
                fk.columns = columns;
                fk.referredTable = end.tableName();
                const QList<int> &key = end.primaryKeyColumns();
                for (int i = 0; i < columns.size(); ++i) {
                    orm::Column c;
                    c.name = columns[i];
                    c.nullable = false;
                    if (i < key.size()) {
                        c.type = end.column(key[i]).column.type;
                        fk.referredColumns << end.column(key[i]).column.name;
                    }
                    table.addColumn(c);
                }
                table.addForeignKey(fk);
            };
            addSide(*meta, rel->secondaryLocal);
            addSide(rel->target(), rel->secondaryRemote);
            associations.push_back(table);
        }
    }
    ErSchema schema;
    QList<const orm::Table *> tables;
    for (const orm::EntityMeta *meta : entities) {
        ErTable t = tableOf(meta->table());
        t.entity = meta;
        t.triggerCount = triggers ? triggers(meta->tableName()) : 0;
        if (meta->isReadOnly())
            t.note = meta->readOnlyReason();
        schema.tables << t;
        tables << &meta->table();
    }
    for (const orm::Table &table : associations) {
        ErTable t = tableOf(table);
        t.kind = ErTable::Kind::Association;
        t.triggerCount = triggers ? triggers(table.name()) : 0;
        schema.tables << t;
        tables << &table;
    }
    addRelations(schema, tables);
    return schema;
}

ErSchema describeErSchema(const Document &document)
{
    const DatabaseSchema &schema = document.schema();
    if (schema.metadata)
        return describeErSchema(*schema.metadata, schema.entities);
    return describeErSchema(schema.entities, [&document](const QString &table) {
        const orm::EntityMeta *meta = document.catalog().entityForTable(table);
        return meta ? int(document.triggers(*meta).size()) : 0;
    });
}

} // namespace ui
