// SPDX-License-Identifier: MIT
#include "orm/mapping/automap.h"

#include "orm/mapping/record.h"
#include "orm/mapping/related.h"
#include "orm/mapping/relationship.h"

#include <QHash>
#include <QSet>

namespace orm {

namespace {

QString plural(const QString &name);
QString inflectedPlural(const QString &stem);

bool isTimestamp(const QString &column)
{
    static const QStringList names = {QStringLiteral("created_at"), QStringLiteral("updated_at"),
                                      QStringLiteral("createdat"),  QStringLiteral("updatedat"),
                                      QStringLiteral("created"),    QStringLiteral("modified")};
    return names.contains(column.toLower());
}

// Whether the table, its links being the columns a and b, is shaped as a link table; its other
// columns in *extra. namedAfterEnds: the table's name is the two ends' (project_user).
bool linksRows(const Table &table, const QString &a, const QString &b, bool namedAfterEnds,
               QList<Column> *extra)
{
    if (a == b)
        return false;
    const QStringList key = table.primaryKey();
    const bool pairIsKey = key.size() == 2 && key.contains(a) && key.contains(b);
    const bool pairUnique = table.isUnique({a, b});
    QString surrogate;
    if (!key.isEmpty() && !pairIsKey) {
        // A key of its own is fine where it fills itself in (a serial or identity column, a
        // default, SQLite's INTEGER PRIMARY KEY, which reflection does not mark), and the
        // pair is unique.
        const Column *c = key.size() == 1 ? table.column(key.first()) : nullptr;
        const bool fillsItself = c
            && (c->autoincrement || c->hasDefault()
                || (c->type.type == ColumnType::Integer && !table.isWithoutRowid()));
        if (!fillsItself || key.first() == a || key.first() == b || !pairUnique)
            return false;
        surrogate = c->name;
    }
    extra->clear();
    bool onlyTimestamps = true;
    for (const Column &c : table.columns()) {
        if (c.name == a || c.name == b || c.name == surrogate)
            continue;
        extra->append(c);
        onlyTimestamps = onlyTimestamps && isTimestamp(c.name);
    }
    // A table of two references and other values is a table of its own rows (an order line, a
    // loan of a book to a member, with its due date), unless the values are only when it was
    // written, or the table is named after the two ends as Laravel names its pivots
    // (project_user, with a role) and the pair is unique or the table has no key at all
    // (Laravel's default pivot, Rails' join table with a column added).
    return extra->isEmpty() || onlyTimestamps || (namedAfterEnds && (pairUnique || key.isEmpty()));
}

// The plural Rails' inflector gives for a few words the rule of plural() gets wrong, else
// plural()'s: person: people, blog_child: blog_children.
QString inflectedPlural(const QString &stem)
{
    static const QHash<QString, QString> irregular = {
        {QStringLiteral("person"), QStringLiteral("people")},
        {QStringLiteral("man"), QStringLiteral("men")},
        {QStringLiteral("woman"), QStringLiteral("women")},
        {QStringLiteral("child"), QStringLiteral("children")},
        {QStringLiteral("mouse"), QStringLiteral("mice")},
    };
    const qsizetype cut = stem.lastIndexOf(u'_') + 1;
    if (const auto it = irregular.constFind(stem.mid(cut)); it != irregular.cend())
        return stem.left(cut) + it.value();
    return plural(stem);
}

// The names a table referred to by a column named after this stem may have.
QStringList pluralsOf(const QString &stem)
{
    QStringList out {stem, inflectedPlural(stem)};
    if (stem.endsWith(u's'))
        out << stem + QStringLiteral("es"); // status: statuses
    return out;
}

// The table a Rails-style column (category_id) refers to by its name alone, and the names a
// join table may call it by (the stem, the table's name).
const Table *tableForStem(const MetaData &metadata, const QString &stem, QStringList *names)
{
    for (const QString &candidate : pluralsOf(stem)) {
        const Table *t = metadata.table(candidate);
        if (t && !t->isView() && t->primaryKey().size() == 1) {
            *names = QStringList {stem, candidate};
            return t;
        }
    }
    return nullptr;
}

std::optional<AssociationShape> inferredShape(const Table &table, const MetaData &metadata)
{
    QStringList refs;
    for (const Column &c : table.columns()) {
        if (c.name.endsWith(QStringLiteral("_id")) && c.name.size() > 3)
            refs << c.name;
    }
    if (refs.size() != 2 || !table.schema().isEmpty())
        return std::nullopt;
    QStringList namesA;
    QStringList namesB;
    const Table *a = tableForStem(metadata, refs[0].chopped(3), &namesA);
    const Table *b = tableForStem(metadata, refs[1].chopped(3), &namesB);
    if (!a || !b || a == b || a == &table || b == &table)
        return std::nullopt;
    bool named = false;
    for (const QString &x : namesA) {
        for (const QString &y : namesB) {
            named = named || table.name() == x + u'_' + y || table.name() == y + u'_' + x;
        }
    }
    AssociationShape shape;
    if (!named || !linksRows(table, refs[0], refs[1], true, &shape.extra))
        return std::nullopt;
    shape.leftColumn = refs[0];
    shape.rightColumn = refs[1];
    shape.leftTable = a->qualifiedName();
    shape.rightTable = b->qualifiedName();
    shape.inferred = true;
    return shape;
}

std::optional<AssociationShape> declaredShape(const Table &table)
{
    const QList<ForeignKey> &fks = table.foreignKeys();
    if (fks.size() != 2 || fks[0].columns.size() != 1 || fks[1].columns.size() != 1)
        return std::nullopt;
    AssociationShape shape;
    shape.leftColumn = fks[0].columns.first();
    shape.rightColumn = fks[1].columns.first();
    shape.leftTable = fks[0].referredTable;
    shape.rightTable = fks[1].referredTable;
    shape.leftSchema = fks[0].referredSchema;
    shape.rightSchema = fks[1].referredSchema;
    const auto names = [](const QString &column, const ForeignKey &fk) {
        QStringList out {unqualifiedTableName(fk.referredSchema, fk.referredTable)};
        if (column.endsWith(QStringLiteral("_id")) && column.size() > 3)
            out += pluralsOf(column.chopped(3));
        return out;
    };
    bool named = false;
    for (const QString &x : names(shape.leftColumn, fks[0])) {
        for (const QString &y : names(shape.rightColumn, fks[1]))
            named = named || table.name() == x + u'_' + y || table.name() == y + u'_' + x;
    }
    if (!linksRows(table, shape.leftColumn, shape.rightColumn, named, &shape.extra))
        return std::nullopt;
    return shape;
}

} // namespace

std::optional<AssociationShape> associationShape(const Table &table, const MetaData &metadata)
{
    if (table.isView() || !table.error().isEmpty())
        return std::nullopt;
    // A table other rows refer to is a thing of its own (a loan its late fees name), unless it
    // is the plain shape, which SQLAlchemy's automap takes whatever refers to it.
    if (table.columns().size() > 2) {
        for (const Table &other : metadata.tables()) {
            for (const ForeignKey &fk : other.foreignKeys()) {
                if (fk.referredTable == table.qualifiedName())
                    return std::nullopt;
            }
        }
    }
    if (table.foreignKeys().isEmpty())
        return inferredShape(table, metadata);
    return declaredShape(table);
}

bool isAssociationTable(const Table &table)
{
    return !table.isView() && declaredShape(table).has_value();
}

namespace {
QString bookkeepingReason(const QString &table, const QString &owner)
{
    return QStringLiteral("%1 is %2's bookkeeping, which it writes itself: read-only unless "
                          "unlocked")
        .arg(table, owner);
}
} // namespace

QString bookkeepingOwner(const QString &tableName)
{
    static const QHash<QString, QString> owners = {
        {QStringLiteral("django_migrations"), QStringLiteral("Django")},
        {QStringLiteral("django_content_type"), QStringLiteral("Django")},
        {QStringLiteral("django_session"), QStringLiteral("Django")},
        {QStringLiteral("alembic_version"), QStringLiteral("Alembic")},
        {QStringLiteral("schema_migrations"), QStringLiteral("Ruby on Rails")},
        {QStringLiteral("ar_internal_metadata"), QStringLiteral("Ruby on Rails")},
        {QStringLiteral("_prisma_migrations"), QStringLiteral("Prisma")},
    };
    return owners.value(tableName);
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

// A link table without a key of its own (Laravel's default pivot, Rails' join tables, Prisma's
// _AToB) has its rows told apart by the pair: its entity is keyed by the two columns, so that a
// link's other values are written as any row's (WHERE the pair, checked against what was
// loaded). Without a unique index the pair may repeat: a write that matches more than one row
// is refused at the commit (Error::Kind::MultipleResults), nothing written. Only where both
// columns are NOT NULL.
void keyByPair(EntityMeta &meta, const AssociationShape &shape, const Table &declared)
{
    const int left = meta.columnIndex(shape.leftColumn);
    const int right = meta.columnIndex(shape.rightColumn);
    if (left < 0 || right < 0)
        return;
    // A pair with a NULL end finds no row (`= NULL`): such a table stays without a key, and
    // so read-only.
    for (const QString &name : {shape.leftColumn, shape.rightColumn}) {
        if (const Column *d = declared.column(name); !d || d->nullable)
            return;
    }
    meta.mutableColumn(left).column.primaryKey = true;
    meta.mutableColumn(right).column.primaryKey = true;
    meta.finalize();
    // Its table stays as declared (what an export creates, which columns are unique): only the
    // entity is keyed.
    for (Column &c : meta.mutableTable().columns()) {
        if (const Column *d = declared.column(c.name)) {
            c.primaryKey = d->primaryKey;
            c.nullable = d->nullable;
        }
    }
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
        if (auto shape = associationShape(t, m_metadata)) {
            m_associations << name;
            m_shapes.emplace_back(name, *shape);
            m_linkEntities.push_back(describe(t, &*shape));
            continue;
        }
        m_entities.push_back(describe(t));
    }
    buildRelationships();
}

std::unique_ptr<EntityMeta> Automap::describe(const Table &t, const AssociationShape *link) const
{
    const QString name = t.qualifiedName();
    auto meta = makeRecordMeta(name, t);
    if (link && t.primaryKey().isEmpty())
        keyByPair(*meta, *link, t);
    meta->setDisplayName(t.schema().isEmpty()
                             ? displayNameFor(t.name())
                             : QStringLiteral("%1 (%2)").arg(displayNameFor(t.name()), t.schema()));
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
    else if (meta->primaryKeyColumns().isEmpty())
        meta->setReadOnly(true,
                          QStringLiteral("%1 has no primary key, so its rows cannot be "
                                         "told apart safely for editing")
                              .arg(name));
    else if (const QString owner = bookkeepingOwner(name); !owner.isEmpty())
        meta->setReadOnly(true, bookkeepingReason(name, owner));
    for (int i = 0; i < meta->columnCount(); ++i) {
        QString label = meta->column(i).column.name;
        label.replace(u'_', u' ');
        if (!label.isEmpty())
            label[0] = label[0].toUpper();
        meta->mutableColumn(i).label = label;
    }
    return meta;
}

Automap::~Automap() = default;

QList<const EntityMeta *> Automap::entities() const
{
    QList<const EntityMeta *> out;
    for (const auto &e : m_entities)
        out << e.get();
    return out;
}

QList<const EntityMeta *> Automap::linkEntities() const
{
    QList<const EntityMeta *> out;
    for (const auto &e : m_linkEntities)
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

const EntityMeta *Automap::linkEntity(const QString &tableName) const
{
    for (const auto &e : m_linkEntities) {
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

namespace {

EntityMeta *findEntity(const std::vector<std::unique_ptr<EntityMeta>> &entities,
                       const QString &table)
{
    for (const auto &e : entities) {
        if (e->tableName() == table)
            return e.get();
    }
    return nullptr;
}

// The name, or the name followed by "_ref", "_2", … where a column or relationship has it.
QString uniqueName(const EntityMeta &meta, const QString &name)
{
    auto taken = [&meta](const QString &n) {
        return meta.columnIndex(n) >= 0 || meta.relationship(n);
    };
    if (!taken(name))
        return name;
    QString candidate = name + QStringLiteral("_ref");
    for (int i = 2; taken(candidate); ++i)
        candidate = name + QStringLiteral("_%1").arg(i);
    return candidate;
}

RelationshipMeta &addRelationship(EntityMeta &owner, std::unique_ptr<RelationshipMeta> rel)
{
    const int index = int(owner.relationships().size());
    rel->owner = &owner;
    rel->access = std::make_shared<RecordRelation>(index);
    return owner.addRelationship(std::move(rel));
}

// "user_id": "user"; a column not named so: the table it refers to.
QString stemOf(const QString &column, const QString &referred)
{
    if (column.endsWith(QStringLiteral("_id")) && column.size() > 3)
        return column.chopped(3);
    return referred;
}

// The many-to-one relationship of a foreign key, named after its column.
std::unique_ptr<RelationshipMeta> manyToOne(const EntityMeta &owner, EntityMeta *target,
                                            const ForeignKey &fk, bool unique)
{
    const QString referred = unqualifiedTableName(fk.referredSchema, fk.referredTable);
    const QString base = fk.columns.size() == 1 ? stemOf(fk.columns.first(), referred) : referred;
    auto rel = std::make_unique<RelationshipMeta>();
    rel->name = uniqueName(owner, base);
    rel->label = displayNameFor(rel->name);
    rel->kind = unique ? RelationshipKind::OneToOne : RelationshipKind::ManyToOne;
    rel->targetMeta = target;
    rel->localColumnNames = fk.columns;
    rel->remoteColumnNames = fk.referredColumns;
    rel->foreignKeyOnOwner = true;
    return rel;
}

} // namespace

void Automap::buildRelationships()
{
    for (const auto &entityPtr : m_entities) {
        EntityMeta &owner = *entityPtr;
        const Table &table = owner.table();
        for (const ForeignKey &fk : table.foreignKeys()) {
            EntityMeta *target = findEntity(m_entities, fk.referredTable);
            if (!target || owner.isReadOnly())
                continue;
            const bool unique = table.isUnique(fk.columns);
            auto rel = manyToOne(owner, target, fk, unique);
            const QString forward = rel->name;
            const QString referred = unqualifiedTableName(fk.referredSchema, fk.referredTable);
            const QString base =
                fk.columns.size() == 1 ? stemOf(fk.columns.first(), referred) : referred;
            // The other side: "posts" on users (or "post" for a one-to-one), qualified by the
            // column when one table refers to the same target through several keys.
            int sameTarget = 0;
            for (const ForeignKey &other : table.foreignKeys())
                sameTarget += other.referredTable == fk.referredTable ? 1 : 0;
            QString backBase = unique ? table.name() : plural(table.name());
            if (sameTarget > 1 || &owner == target)
                backBase += QStringLiteral("_by_") + base;
            const QString backward = uniqueName(*target, backBase);
            rel->backref = backward;
            addRelationship(owner, std::move(rel));

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
            addRelationship(*target, std::move(back));
        }
    }
    for (const auto &[name, shape] : m_shapes)
        buildManyToMany(name, shape);
    buildLinkRelationships();
}

void Automap::buildManyToMany(const QString &name, const AssociationShape &shape)
{
    const Table *t = m_metadata.table(name);
    EntityMeta *left = findEntity(m_entities, shape.leftTable);
    EntityMeta *right = findEntity(m_entities, shape.rightTable);
    if (!left || !right)
        return;
    const bool self = left == right;
    QString leftName = plural(unqualifiedTableName(shape.rightSchema, shape.rightTable));
    QString rightName = plural(unqualifiedTableName(shape.leftSchema, shape.leftTable));
    // A plain table of two keys keeps SQLAlchemy automap's names (the ends' tables); the
    // frameworks' tables are named after their columns, as their models name them
    // (auth_user_groups: a user's "groups", a group's "users").
    const bool byColumns =
        self || !shape.extra.isEmpty() || t->columns().size() > 2 || shape.inferred;
    if (byColumns) {
        const auto stem = [](const QString &column, const QString &schema, const QString &table) {
            return column.endsWith(QStringLiteral("_id")) && column.size() > 3
                ? column.chopped(3)
                : unqualifiedTableName(schema, table);
        };
        leftName = inflectedPlural(stem(shape.rightColumn, shape.rightSchema, shape.rightTable));
        rightName = inflectedPlural(stem(shape.leftColumn, shape.leftSchema, shape.leftTable));
    }
    leftName = uniqueName(*left, leftName);
    rightName = uniqueName(*right, rightName);
    const auto make = [&](EntityMeta *target, const QString &relName, const QString &local,
                          const QString &remote, const QString &backref) {
        auto r = std::make_unique<RelationshipMeta>();
        r->name = relName;
        r->label = displayNameFor(relName);
        r->kind = RelationshipKind::ManyToMany;
        r->targetMeta = target;
        r->secondary = name;
        r->secondarySchema = t->schema();
        r->secondaryLocal = {local};
        r->secondaryRemote = {remote};
        r->secondaryExtra = shape.extra;
        r->inferred = shape.inferred;
        r->backref = backref;
        r->foreignKeyOnOwner = false;
        return r;
    };
    addRelationship(*left, make(right, leftName, shape.leftColumn, shape.rightColumn, rightName));
    addRelationship(*right, make(left, rightName, shape.rightColumn, shape.leftColumn, leftName));
}

// A link table's own entity refers to each end; the ends have the many-to-many instead of a
// collection of its rows.
void Automap::buildLinkRelationships()
{
    for (const auto &[name, shape] : m_shapes) {
        EntityMeta *owner = findEntity(m_linkEntities, name);
        if (!owner)
            continue;
        for (const ForeignKey &fk : owner->table().foreignKeys()) {
            if (EntityMeta *target = findEntity(m_entities, fk.referredTable))
                addRelationship(*owner, manyToOne(*owner, target, fk, false));
        }
    }
}

void Automap::setUnlocked(const QString &tableName, bool unlocked)
{
    const QString owner = bookkeepingOwner(tableName);
    const Table *t = m_metadata.table(tableName);
    EntityMeta *meta = findEntity(m_entities, tableName);
    if (owner.isEmpty() || !t || !meta || t->primaryKey().isEmpty() || !t->error().isEmpty())
        return;
    meta->setReadOnly(!unlocked, unlocked ? QString() : bookkeepingReason(tableName, owner));
}

} // namespace orm
