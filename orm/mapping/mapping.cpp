// SPDX-License-Identifier: MIT
// The mapping's non-template parts: names derived as Flask-SQLAlchemy derives them, association
// tables, and the configuration that ties the models' relationships to each other.

#include "orm/mapping/mapper.h"

#include "orm/engine/logging.h"

#include <mutex>
#include <unordered_set>

namespace orm {

namespace detail {

QString snakeCase(QStringView name)
{
    // re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name).lower().lstrip("_")
    const auto lowerOrDigit = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
    };
    const auto upper = [](QChar c) { return c >= u'A' && c <= u'Z'; };
    QString out;
    out.reserve(name.size() + 4);
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (upper(c) && i > 0
            && (lowerOrDigit(name.at(i - 1))
                || (i + 1 < name.size() && name.at(i + 1) >= u'a' && name.at(i + 1) <= u'z')))
            out += u'_';
        out += c;
    }
    out = out.toLower();
    qsizetype lead = 0;
    while (lead < out.size() && out.at(lead) == u'_')
        ++lead;
    return out.mid(lead);
}

} // namespace detail

// ---- association tables ------------------------------------------------------------------

static QString associationColumn(QAnyStringView given, const EntityMeta &side)
{
    if (!given.isEmpty())
        return given.toString();
    const int key = side.primaryKeyColumns().value(0, -1);
    return detail::snakeCase(side.name()) + u'_'
        + (key >= 0 ? side.column(key).column.name : QStringLiteral("id"));
}

QString AssociationTable::leftColumnName() const
{
    return associationColumn(leftColumn, left());
}

QString AssociationTable::rightColumnName() const
{
    return associationColumn(rightColumn, right());
}

Table AssociationTable::table() const
{
    Table t(tableName());
    const auto addSide = [&t](const EntityMeta &side, const QString &name) {
        const int key = side.primaryKeyColumns().value(0, -1);
        Column c;
        c.name = name;
        c.type = key >= 0 ? side.column(key).column.type : Integer;
        c.primaryKey = true;
        c.nullable = false;
        t.addColumn(c);
        ForeignKey fk;
        fk.columns = {name};
        fk.referredTable = side.tableName();
        fk.referredSchema = side.schema();
        fk.referredColumns = {key >= 0 ? side.column(key).column.name : QStringLiteral("id")};
        fk.onDelete = ReferentialAction::Cascade;
        t.addForeignKey(fk);
    };
    addSide(left(), leftColumnName());
    addSide(right(), rightColumnName());
    return t;
}

MetaData metadataOf(const QList<const EntityMeta *> &models)
{
    MetaData md;
    QStringList associations;
    for (const EntityMeta *m : models)
        md.addTable(m->table());
    for (const EntityMeta *m : models) {
        for (const auto &rel : m->relationships()) {
            const AssociationTable &a = rel->association;
            if (a.isNull() || associations.contains(a.tableName()) || !models.contains(&a.left())
                || !models.contains(&a.right()))
                continue;
            associations << a.tableName();
            md.addTable(a.table());
        }
    }
    return md;
}

// ---- configuration -----------------------------------------------------------------------

namespace detail {

namespace {

std::recursive_mutex &configureMutex()
{
    static std::recursive_mutex mutex;
    return mutex;
}

std::unordered_set<const EntityMeta *> &configuredMetas()
{
    static std::unordered_set<const EntityMeta *> metas;
    return metas;
}

// A declaration the mapping cannot make sense of: a defect of the program, stopped where it
// is found, with the relationship's name.
[[noreturn]] void mappingError(const RelationshipMeta &rel, const QString &why)
{
    qFatal("Mapping %s: %s", qPrintable(rel.qualifiedName()), qPrintable(why));
}

RelationshipMeta *relationshipAt(const EntityMeta &meta, std::ptrdiff_t offset)
{
    for (const auto &r : meta.relationships()) {
        if (r->memberOffset >= 0 && r->memberOffset == offset)
            return r.get();
    }
    return nullptr;
}

// The foreign keys of from's table that refer to to's (those on columns, when given).
QList<ForeignKey> foreignKeysTo(const EntityMeta &from, const EntityMeta &to,
                                const QStringList &columns)
{
    QList<ForeignKey> out;
    for (const ForeignKey &fk : from.table().foreignKeys()) {
        if (fk.referredTable == to.tableName() && (columns.isEmpty() || fk.columns == columns))
            out << fk;
    }
    return out;
}

// Kind and columns from the association table or the foreign keys; false, with why, when
// they do not say.
bool inferJoin(RelationshipMeta &rel, QString *why)
{
    const EntityMeta &owner = *rel.owner;
    const EntityMeta &target = rel.mappedTarget();
    if (!rel.association.isNull()) {
        const AssociationTable &a = rel.association;
        const bool ownerLeft = &a.left() == &owner && &a.right() == &target;
        const bool ownerRight = &a.right() == &owner && &a.left() == &target;
        if (rel.referenceMember || (!ownerLeft && !ownerRight)) {
            *why = QStringLiteral("the association table %1 joins %2 and %3; a many-to-many "
                                  "relationship is an orm::Collection of one of them")
                       .arg(a.tableName(), a.left().name(), a.right().name());
            return false;
        }
        rel.kind = RelationshipKind::ManyToMany;
        rel.foreignKeyOnOwner = false;
        rel.secondary = a.tableName();
        rel.secondaryLocal = {ownerLeft ? a.leftColumnName() : a.rightColumnName()};
        rel.secondaryRemote = {ownerLeft ? a.rightColumnName() : a.leftColumnName()};
        rel.localColumnNames.clear();
        rel.remoteColumnNames.clear();
        return true;
    }
    const auto choose = [&rel, why](const QList<ForeignKey> &fks, const EntityMeta &from,
                                    const EntityMeta &to) {
        if (fks.size() > 1)
            *why = QStringLiteral("several foreign keys of %1 refer to %2: pick one with "
                                  "foreignKeys()")
                       .arg(from.tableName(), to.tableName());
        else if (fks.isEmpty() && why->isEmpty())
            *why = QStringLiteral("no foreign key of %1 refers to %2%3")
                       .arg(from.tableName(), to.tableName(),
                            rel.foreignKeyColumns.isEmpty()
                                ? QString()
                                : QStringLiteral(" on ") + rel.foreignKeyColumns.join(u','));
        return fks.size() == 1;
    };
    if (!rel.referenceMember) {
        // A collection without an association table: one-to-many, the key on the target.
        const QList<ForeignKey> fks = foreignKeysTo(target, owner, rel.foreignKeyColumns);
        if (!choose(fks, target, owner))
            return false;
        rel.kind = RelationshipKind::OneToMany;
        rel.foreignKeyOnOwner = false;
        rel.localColumnNames = fks.first().referredColumns;
        rel.remoteColumnNames = fks.first().columns;
        return true;
    }
    // A reference: many-to-one when this table refers to the target, else one-to-one with the
    // key on the target.
    QList<ForeignKey> fks = foreignKeysTo(owner, target, rel.foreignKeyColumns);
    if (fks.size() == 1) {
        rel.kind = RelationshipKind::ManyToOne;
        rel.foreignKeyOnOwner = true;
        rel.localColumnNames = fks.first().columns;
        rel.remoteColumnNames = fks.first().referredColumns;
        return true;
    }
    if (fks.isEmpty() && &owner != &target)
        fks = foreignKeysTo(target, owner, rel.foreignKeyColumns);
    if (!choose(fks, fks.isEmpty() ? owner : target, fks.isEmpty() ? target : owner))
        return false;
    rel.kind = RelationshipKind::OneToOne;
    rel.foreignKeyOnOwner = false;
    rel.localColumnNames = fks.first().referredColumns;
    rel.remoteColumnNames = fks.first().columns;
    return true;
}

// m mirrors s (m's owner is s's target): the same join seen from the other side.
void mirrorJoin(RelationshipMeta &m, const RelationshipMeta &s)
{
    if (s.kind == RelationshipKind::ManyToMany) {
        if (m.referenceMember)
            mappingError(m,
                         QStringLiteral("mirrors the many-to-many %1, so it is an "
                                        "orm::Collection")
                             .arg(s.qualifiedName()));
        m.kind = RelationshipKind::ManyToMany;
        m.foreignKeyOnOwner = false;
        m.secondary = s.secondary;
        m.secondarySchema = s.secondarySchema;
        m.secondaryLocal = s.secondaryRemote;
        m.secondaryRemote = s.secondaryLocal;
        m.association = s.association;
        return;
    }
    m.localColumnNames = s.remoteColumnNames;
    m.remoteColumnNames = s.localColumnNames;
    if (s.foreignKeyOnOwner) {
        m.foreignKeyOnOwner = false;
        m.kind = m.referenceMember ? RelationshipKind::OneToOne : RelationshipKind::OneToMany;
    } else {
        if (!m.referenceMember)
            mappingError(m,
                         QStringLiteral("mirrors %1, whose key is on this side: it is an "
                                        "orm::Reference")
                             .arg(s.qualifiedName()));
        m.foreignKeyOnOwner = true;
        m.kind = RelationshipKind::ManyToOne;
    }
}

} // namespace

EntityMeta &configure(EntityMeta &start)
{
    std::lock_guard lock(configureMutex());
    std::unordered_set<const EntityMeta *> &configured = configuredMetas();
    if (configured.count(&start))
        return start;

    // Every model the relationships reach (mapping them, not configuring them).
    std::vector<EntityMeta *> reached {&start};
    std::unordered_set<const EntityMeta *> seen {&start};
    for (size_t i = 0; i < reached.size(); ++i) {
        if (configured.count(reached[i]))
            continue;
        const auto follow = [&](EntityMeta &(*mapped)()) {
            if (!mapped)
                return;
            EntityMeta *m = &mapped();
            if (seen.insert(m).second)
                reached.push_back(m);
        };
        for (size_t r = 0; r < reached[i]->relationships().size(); ++r) {
            const RelationshipMeta &rel = *reached[i]->relationships()[r];
            follow(rel.mappedTarget);
            follow(rel.association.left);
            follow(rel.association.right);
        }
    }
    std::vector<EntityMeta *> fresh;
    for (EntityMeta *m : reached) {
        if (!configured.count(m))
            fresh.push_back(m);
    }

    // Backrefs named by member: the other side's relationship, tied or made.
    std::vector<std::pair<RelationshipMeta *, RelationshipMeta *>> pairs; // (source, mirror)
    std::unordered_set<const RelationshipMeta *> sources;
    for (EntityMeta *m : fresh) {
        const size_t declared = m->relationships().size(); // (a mirror may be made here)
        for (size_t r = 0; r < declared; ++r) {
            RelationshipMeta &rel = *m->relationships()[r];
            if (!rel.backrefMember)
                continue;
            const BackrefMember &b = *rel.backrefMember;
            EntityMeta &target = rel.mappedTarget();
            RelationshipMeta *other = relationshipAt(target, b.offset);
            if (other == &rel)
                mappingError(rel, QStringLiteral("is its own backref"));
            if (other) {
                if (!other->backref.isEmpty() && other->backref != rel.name)
                    mappingError(rel,
                                 QStringLiteral("names %1 as its backref, which mirrors %2.%3")
                                     .arg(other->qualifiedName(), target.name(), other->backref));
                if (!b.name.isEmpty() && b.name != other->name)
                    mappingError(rel,
                                 QStringLiteral("names its backref %1, declared as %2")
                                     .arg(b.name, other->qualifiedName()));
            } else {
                if (b.name.isEmpty())
                    mappingError(rel,
                                 QStringLiteral("names a member of %1 as its backref that "
                                                "%1 does not declare: give its name, "
                                                "backref(&member, u\"name\"_s)")
                                     .arg(target.name()));
                auto made = std::make_unique<RelationshipMeta>();
                made->name = b.name;
                made->owner = &target;
                made->targetFunction = rel.ownerFunction;
                made->mappedTarget = rel.mappedOwner;
                made->ownerFunction = rel.targetFunction;
                made->mappedOwner = rel.mappedTarget;
                made->access = b.access;
                made->memberOffset = b.offset;
                made->referenceMember = !b.collection;
                made->joinFromForeignKeys = true;
                if (configured.count(&target))
                    qCDebug(lcOrmSession) << "relationship" << made->name << "added to"
                                          << target.name() << "when" << m->name() << "was mapped";
                other = &target.addRelationship(std::move(made));
            }
            rel.backref = other->name;
            other->backref = rel.name;
            pairs.emplace_back(&rel, other);
            sources.insert(&rel);
        }
    }
    std::unordered_set<const RelationshipMeta *> mirrors;
    for (const auto &[source, mirror] : pairs) {
        if (mirror->joinFromForeignKeys && !sources.count(mirror))
            mirrors.insert(mirror);
    }

    // Columns from the foreign keys (or association tables), then the mirrors' from theirs.
    for (EntityMeta *m : fresh) {
        for (const auto &relPtr : m->relationships()) {
            RelationshipMeta &rel = *relPtr;
            if (!rel.joinFromForeignKeys || mirrors.count(&rel))
                continue;
            QString why;
            if (!inferJoin(rel, &why))
                mappingError(rel, why);
        }
    }
    for (const auto &[source, mirror] : pairs) {
        if (mirrors.count(mirror))
            mirrorJoin(*mirror, *source);
        // A reference both ways is one-to-one.
        if (source->joinFromForeignKeys && source->referenceMember && mirror->referenceMember) {
            source->kind = RelationshipKind::OneToOne;
            mirror->kind = RelationshipKind::OneToOne;
        }
        if (source->viewOnly || mirror->viewOnly)
            mappingError(*source, QStringLiteral("a view-only relationship has no backref"));
    }

    for (EntityMeta *m : fresh)
        configured.insert(m);
    return start;
}

} // namespace detail

} // namespace orm
