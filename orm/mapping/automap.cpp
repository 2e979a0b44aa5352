// SPDX-License-Identifier: MIT
#include "orm/mapping/automap.h"

#include "orm/mapping/record.h"
#include "orm/mapping/related.h"
#include "orm/mapping/relationship.h"

#include <QHash>
#include <QSet>

namespace orm {

bool isAssociationTable(const Table &table)
{
    if (table.isView() || table.foreignKeys().size() != 2 || table.columns().size() != 2)
        return false;
    QSet<QString> fkColumns;
    for (const ForeignKey &fk : table.foreignKeys()) {
        if (fk.columns.size() != 1)
            return false;
        fkColumns.insert(fk.columns.first());
    }
    for (const Column &c : table.columns()) {
        if (!fkColumns.contains(c.name))
            return false;
    }
    return true;
}

// ---- Automap -----------------------------------------------------------------------------

namespace {

class RecordRelation final : public RelationshipAccess
{
public:
    explicit RecordRelation(int index)
        : m_index(index)
    { }
    RelationBase &state(Entity &owner) const override
    {
        return static_cast<Record &>(owner).relation(m_index);
    }
    RelationBase *existingState(Entity &owner) const override
    {
        return static_cast<Record &>(owner).existingRelation(m_index);
    }

private:
    int m_index;
};

QString plural(const QString &name)
{
    if (name.endsWith(u's'))
        return name;
    if (name.endsWith(u'y') && name.size() > 1
        && !QStringLiteral("aeiou").contains(name.at(name.size() - 2)))
        return name.left(name.size() - 1) + QStringLiteral("ies");
    if (name.endsWith(u'x') || name.endsWith(QStringLiteral("ch"))
        || name.endsWith(QStringLiteral("sh")))
        return name + QStringLiteral("es");
    return name + u's';
}

QString displayNameFor(const QString &table)
{
    QString name = table;
    name.replace(u'_', u' ');
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name;
}

} // namespace

Automap::Automap(const MetaData &metadata)
    : m_metadata(metadata)
{
    for (const Table &t : m_metadata.tables()) {
        // Named by its qualified name: "item", and "b.item" for a table of another schema.
        const QString name = t.qualifiedName();
        if (isAssociationTable(t)) {
            m_associations << name;
            continue;
        }
        auto meta = makeRecordMeta(name, t);
        meta->setDisplayName(t.schema().isEmpty() ? displayNameFor(t.name())
                                                  : QStringLiteral("%1 (%2)").arg(
                                                      displayNameFor(t.name()), t.schema()));
        QStringList failing;
        for (const Trigger &trigger : t.triggers()) {
            if (!trigger.error.isEmpty())
                failing << QStringLiteral("%1: %2").arg(trigger.name, trigger.error);
        }
        if (!t.error().isEmpty())
            meta->setReadOnly(true, QStringLiteral("%1 cannot be read: %2").arg(name, t.error()));
        else if (!failing.isEmpty())
            meta->setReadOnly(true,
                              QStringLiteral("%1 has a trigger that cannot run, so its rows "
                                             "cannot be written (%2)")
                                  .arg(name, failing.join(QStringLiteral("; "))));
        else if (t.isView())
            meta->setReadOnly(true, QStringLiteral("%1 is a view").arg(name));
        else if (t.primaryKey().isEmpty())
            meta->setReadOnly(true,
                              QStringLiteral("%1 has no primary key, so its rows cannot be "
                                             "told apart safely for editing")
                                  .arg(name));
        for (int i = 0; i < meta->columnCount(); ++i) {
            QString label = meta->column(i).column.name;
            label.replace(u'_', u' ');
            if (!label.isEmpty())
                label[0] = label[0].toUpper();
            meta->mutableColumn(i).label = label;
        }
        m_entities.push_back(std::move(meta));
    }
    buildRelationships();
}

Automap::~Automap() = default;

QList<const EntityMeta *> Automap::entities() const
{
    QList<const EntityMeta *> out;
    for (const auto &e : m_entities)
        out << e.get();
    return out;
}

const EntityMeta *Automap::entity(const QString &tableName) const
{
    for (const auto &e : m_entities) {
        if (e->tableName() == tableName)
            return e.get();
    }
    return nullptr;
}

void Automap::setLabelColumn(const QString &tableName, const QString &column)
{
    for (const auto &e : m_entities) {
        if (e->tableName() == tableName)
            e->setLabelColumn(e->columnIndex(column));
    }
}

void Automap::buildRelationships()
{
    auto mutableEntity = [this](const QString &table) -> EntityMeta * {
        for (const auto &e : m_entities) {
            if (e->tableName() == table)
                return e.get();
        }
        return nullptr;
    };
    auto uniqueName = [](const EntityMeta &meta, QString name) {
        auto taken = [&meta](const QString &n) {
            return meta.columnIndex(n) >= 0 || meta.relationship(n);
        };
        if (!taken(name))
            return name;
        QString candidate = name + QStringLiteral("_ref");
        for (int i = 2; taken(candidate); ++i)
            candidate = name + QStringLiteral("_%1").arg(i);
        return candidate;
    };
    auto add = [](EntityMeta &owner, std::unique_ptr<RelationshipMeta> rel) -> RelationshipMeta & {
        const int index = int(owner.relationships().size());
        rel->owner = &owner;
        rel->access = std::make_shared<RecordRelation>(index);
        return owner.addRelationship(std::move(rel));
    };

    for (const auto &entityPtr : m_entities) {
        EntityMeta &owner = *entityPtr;
        const Table &table = owner.table();
        int fkCountPerTarget = 0;
        Q_UNUSED(fkCountPerTarget);
        for (const ForeignKey &fk : table.foreignKeys()) {
            EntityMeta *target = mutableEntity(fk.referredTable);
            if (!target || owner.isReadOnly())
                continue;
            const bool unique = table.isUnique(fk.columns);
            const QString referred = unqualifiedTableName(fk.referredSchema, fk.referredTable);
            // Many-to-one (or one-to-one) named after the column: "user_id" -> "user".
            QString base = fk.columns.size() == 1 ? fk.columns.first() : referred;
            if (base.endsWith(QStringLiteral("_id")) && base.size() > 3)
                base.chop(3);
            else if (fk.columns.size() == 1)
                base = referred;
            const QString forward = uniqueName(owner, base);
            // The other side: "posts" on users (or "post" for a one-to-one), qualified by the
            // column when one table refers to the same target through several keys.
            int sameTarget = 0;
            for (const ForeignKey &other : table.foreignKeys())
                sameTarget += other.referredTable == fk.referredTable ? 1 : 0;
            QString backBase = unique ? table.name() : plural(table.name());
            if (sameTarget > 1 || &owner == target)
                backBase += QStringLiteral("_by_") + base;
            const QString backward = uniqueName(*target, backBase);

            auto rel = std::make_unique<RelationshipMeta>();
            rel->name = forward;
            rel->label = displayNameFor(forward);
            rel->kind = unique ? RelationshipKind::OneToOne : RelationshipKind::ManyToOne;
            rel->targetMeta = target;
            rel->localColumnNames = fk.columns;
            rel->remoteColumnNames = fk.referredColumns;
            rel->foreignKeyOnOwner = true;
            rel->backref = backward;
            RelationshipMeta &f = add(owner, std::move(rel));
            Q_UNUSED(f);

            auto back = std::make_unique<RelationshipMeta>();
            back->name = backward;
            back->label = displayNameFor(backward);
            back->kind = unique ? RelationshipKind::OneToOne : RelationshipKind::OneToMany;
            back->targetMeta = &owner;
            back->localColumnNames = fk.referredColumns;
            back->remoteColumnNames = fk.columns;
            back->foreignKeyOnOwner = false;
            back->backref = forward;
            // The database's ON DELETE decides what happens to the children.
            back->passiveDeletes = fk.onDelete == ReferentialAction::Cascade
                || fk.onDelete == ReferentialAction::SetNull;
            add(*target, std::move(back));
        }
    }
    for (const QString &name : std::as_const(m_associations)) {
        const Table *t = m_metadata.table(name);
        const ForeignKey &a = t->foreignKeys().at(0);
        const ForeignKey &b = t->foreignKeys().at(1);
        EntityMeta *left = mutableEntity(a.referredTable);
        EntityMeta *right = mutableEntity(b.referredTable);
        if (!left || !right)
            continue;
        const bool self = left == right;
        QString leftName = plural(unqualifiedTableName(b.referredSchema, b.referredTable));
        QString rightName = plural(unqualifiedTableName(a.referredSchema, a.referredTable));
        if (self) {
            // follows(follower_id, followed_id): "followed" and "follower" collections.
            leftName = b.columns.first().endsWith(QStringLiteral("_id"))
                ? b.columns.first().chopped(3)
                : b.columns.first();
            rightName = a.columns.first().endsWith(QStringLiteral("_id"))
                ? a.columns.first().chopped(3)
                : a.columns.first();
            leftName = plural(leftName);
            rightName = plural(rightName);
        }
        leftName = uniqueName(*left, leftName);
        rightName = uniqueName(*right, rightName);
        auto l = std::make_unique<RelationshipMeta>();
        l->name = leftName;
        l->label = displayNameFor(leftName);
        l->kind = RelationshipKind::ManyToMany;
        l->targetMeta = right;
        l->secondary = name;
        l->secondarySchema = t->schema();
        l->secondaryLocal = a.columns;
        l->secondaryRemote = b.columns;
        l->backref = rightName;
        l->foreignKeyOnOwner = false;
        add(*left, std::move(l));
        auto r = std::make_unique<RelationshipMeta>();
        r->name = rightName;
        r->label = displayNameFor(rightName);
        r->kind = RelationshipKind::ManyToMany;
        r->targetMeta = left;
        r->secondary = name;
        r->secondarySchema = t->schema();
        r->secondaryLocal = b.columns;
        r->secondaryRemote = a.columns;
        r->backref = leftName;
        r->foreignKeyOnOwner = false;
        add(*right, std::move(r));
    }
}

} // namespace orm
