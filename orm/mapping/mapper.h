// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/entitymeta.h"
#include "orm/mapping/related.h"
#include "orm/mapping/relationship.h"
#include "orm/mapping/slots.h"
#include "orm/mapping/valuetraits.h"
#include "orm/sql/sql.h"

#include <QAnyStringView>
#include <QDateTime>

#include <algorithm>
#include <memory>
#include <type_traits>
#include <typeinfo>
#include <vector>

namespace orm {

template<class T>
class Mapper;

namespace detail {
// T's description as its declarations give it, before its relationships are tied to the
// other models' (configure()). Mapping never configures, so that a model's declarations may
// name another model's columns (orm::col(&Post::title) in an order_by).
template<class T>
EntityMeta &mappedMeta();
template<class T>
QString entityNameOf();
// Ties the relationships of meta and of every model they reach (backrefs named by member,
// columns from foreign keys, association tables), once; a mapping error stops the program
// with a message naming the relationship (qFatal). Thread-safe.
EntityMeta &configure(EntityMeta &meta);
template<class... Mixins>
struct MixinList;
} // namespace detail

// The base of a typed model. T declares its columns once: each member with its mapping
// (ORM_COLUMN, ORM_RELATIONSHIP, below), as Flask-SQLAlchemy does,
//
//   struct User : orm::Model<User> {
//       ORM_COLUMN(qint64, id, orm::primaryKey);
//       ORM_COLUMN(QString, username, orm::String(80), orm::unique, orm::notNull);
//   };
//
// or with member pointers, in a static function:
//
//   class User : public orm::Model<User> {
//   public:
//       qint64 id = 0;
//       QString username;
//       static void map(orm::Mapper<User> &m) {
//           m.table("users");
//           m.column(&User::id, "id").primaryKey();
//           m.column(&User::username, "username", orm::String(80)).unique().notNull();
//       }
//   };
//
// That declaration drives schema creation, loading, binding, change detection, validation and
// the application's columns and editors. Mixins (bases whose members are declared with
// ORM_COLUMN, as SQLAlchemy's mixins) are listed after T and mapped after T's own members:
// orm::Model<User, TimestampMixin>.
template<class T, class... Mixins>
class Model : public Entity, public Mixins...
{
public:
    using ModelMixins = detail::MixinList<Mixins...>;
    const EntityMeta &entityMeta() const override { return staticMeta(); }
    static const EntityMeta &staticMeta();
};

namespace detail {

template<class M>
struct IsOptional : std::false_type
{ };
template<class X>
struct IsOptional<std::optional<X>> : std::true_type
{ };

// Whether every non-null value of a member of type M converts to column type t (validation
// may then skip storage::toStorage()).
template<class M>
constexpr bool storesAsIs(ColumnType t)
{
    if constexpr (IsOptional<M>::value)
        return storesAsIs<typename M::value_type>(t);
    else if constexpr (std::is_same_v<M, bool>)
        return t == ColumnType::Boolean || t == ColumnType::Integer || t == ColumnType::BigInteger
            || t == ColumnType::Null;
    else if constexpr (std::is_integral_v<M>)
        return t == ColumnType::Integer || t == ColumnType::BigInteger || t == ColumnType::Null;
    else if constexpr (std::is_same_v<M, double>)
        return t == ColumnType::Float || t == ColumnType::Numeric || t == ColumnType::Null;
    else if constexpr (std::is_same_v<M, QString>)
        return t == ColumnType::String || t == ColumnType::Text || t == ColumnType::Null;
    else if constexpr (std::is_same_v<M, QDateTime> || std::is_same_v<M, Timestamp>)
        return t == ColumnType::DateTime || t == ColumnType::Null;
    else if constexpr (std::is_same_v<M, QDate>)
        return t == ColumnType::Date || t == ColumnType::Null;
    else if constexpr (std::is_same_v<M, QByteArray>)
        return t == ColumnType::LargeBinary || t == ColumnType::Null;
    else if constexpr (std::is_same_v<M, QJsonValue>) // always serializes to valid JSON
        return t == ColumnType::Json;
    else
        return false;
}

template<class M>
qsizetype textUnitsOf(const M &v)
{
    if constexpr (std::is_same_v<M, QString>)
        return v.size();
    else if constexpr (IsOptional<M>::value)
        return v ? textUnitsOf(*v) : -1;
    else
        return -1;
}

// Traits::read(), and whether the member holds the stored value exactly (a read() returning
// void always does).
template<class Traits, class M>
inline bool readExactly(const Statement &st, int column, M &out, const TypeSpec &type)
{
    if constexpr (std::is_same_v<decltype(Traits::read(st, column, out, type)), bool>) {
        return Traits::read(st, column, out, type);
    } else {
        Traits::read(st, column, out, type);
        return true;
    }
}

template<class T, class M>
class MemberColumn final : public ColumnAccess
{
public:
    using Traits = ValueTraits<M>;
    MemberColumn(M T::*member, const TypeSpec &type)
        : m_member(member)
        , m_type(type)
    { }

    static const T &obj(const Entity &e) { return static_cast<const T &>(e); }
    static T &obj(Entity &e) { return static_cast<T &>(e); }

    QVariant get(const Entity &e) const override { return Traits::toVariant(obj(e).*m_member); }
    bool set(Entity &e, const QVariant &value) const override
    {
        M v {};
        if (!Traits::fromVariant(value, v, m_type))
            return false;
        obj(e).*m_member = std::move(v);
        return true;
    }
    void bind(Statement &st, int index, const Entity &e) const override
    {
        Traits::bind(st, index, obj(e).*m_member, m_type);
    }
    void read(const Statement &st, int column, Entity &e) const override
    {
        Traits::read(st, column, obj(e).*m_member, m_type);
    }
    bool equals(const Entity &a, const Entity &b) const override
    {
        return obj(a).*m_member == obj(b).*m_member;
    }
    void copy(Entity &dst, const Entity &src) const override
    {
        obj(dst).*m_member = obj(src).*m_member;
    }
    bool isNull(const Entity &e) const override { return Traits::isNull(obj(e).*m_member); }
    qint64 toInt64(const Entity &e) const override { return Traits::toInt64(obj(e).*m_member); }
    DirectCheck checkDirect(const Entity &e, qsizetype *textUnits) const override
    {
        *textUnits = -1;
        if (!m_direct)
            return DirectCheck::Unknown;
        const M &v = obj(e).*m_member;
        if (Traits::isNull(v))
            return DirectCheck::Null;
        *textUnits = textUnitsOf(v);
        return DirectCheck::Valid;
    }
    bool hasDirectValues() const override { return m_direct; }

    using Slot = typename SlotOf<M>::type;
    size_t slotSize() const override { return Slot::size; }
    size_t slotAlign() const override { return Slot::align; }
    void slotCreate(void *slot, const Entity &e) const override
    {
        Slot::create(slot, obj(e).*m_member);
    }
    bool readWithSlot(const Statement &st, int column, Entity &e, void *slot) const override
    {
        M &v = obj(e).*m_member;
        const bool exact = readExactly<Traits>(st, column, v, m_type);
        Slot::create(slot, v);
        return exact;
    }
    bool sharesRowText() const override { return std::is_same_v<M, QString>; }
    bool readTextWithSlot(const ColumnValue &value, Entity &e, void *slot,
                          detail::RowText &text) const override
    {
        if constexpr (std::is_same_v<M, QString>) {
            // As ValueTraits<QString>::read(), the characters in the row's block.
            QString &v = obj(e).*m_member;
            const StorageClass stored = value.storageClass();
            bool valid = true;
            if (stored == StorageClass::Text) {
                qsizetype n = 0;
                const char *p = value.utf8(&n);
                v = text.decode(p, n, &valid);
            } else {
                v = value.text(&valid);
            }
            Slot::create(slot, v);
            return valid && (stored == StorageClass::Text || stored == StorageClass::Null);
        } else {
            Q_UNUSED(value);
            Q_UNUSED(e);
            Q_UNUSED(slot);
            Q_UNUSED(text);
            return false;
        }
    }
    void slotCopy(void *slot, const void *from) const override
    {
        Slot::create(slot, Slot::get(from));
    }
    void slotDestroy(void *slot) const override { Slot::destroy(slot); }
    bool slotEquals(const void *slot, const Entity &e) const override
    {
        return Slot::equals(slot, obj(e).*m_member);
    }
    void slotRestore(const void *slot, Entity &e) const override
    {
        obj(e).*m_member = Slot::get(slot);
    }
    void slotAssign(void *slot, const Entity &e) const override
    {
        Slot::assign(slot, obj(e).*m_member);
    }
    QVariant slotGet(const void *slot) const override { return Traits::toVariant(Slot::get(slot)); }
    bool slotSet(void *slot, const QVariant &value) const override
    {
        M v {};
        if (!Traits::fromVariant(value, v, m_type))
            return false;
        Slot::assign(slot, std::move(v));
        return true;
    }
    void slotBind(const void *slot, Statement &st, int index) const override
    {
        Traits::bind(st, index, Slot::get(slot), m_type);
    }
    bool slotRead(void *slot, const Statement &st, int column) const override
    {
        M v {};
        const bool exact = readExactly<Traits>(st, column, v, m_type);
        Slot::assign(slot, std::move(v));
        return exact;
    }
    qint64 slotToInt64(const void *slot) const override { return Traits::toInt64(Slot::get(slot)); }
    QVariant storedValue(const Entity &e, const TypeSpec &) const override
    {
        return storedOf(obj(e).*m_member);
    }
    QVariant slotStoredValue(const void *slot) const override { return storedOf(Slot::get(slot)); }
    bool slotIsNull(const void *slot) const override { return Traits::isNull(Slot::get(slot)); }

private:
    // What bind() binds, in storage form.
    QVariant storedOf(const M &v) const
    {
        if constexpr (requires { Traits::toStored(v, m_type); }) {
            return Traits::toStored(v, m_type);
        } else {
            bool ok = true;
            const QVariant program = Traits::toVariant(v);
            const QVariant stored = storage::toStorage(program, m_type, &ok);
            return ok ? stored : program;
        }
    }

    M T::*m_member;
    TypeSpec m_type;
    bool m_direct = storesAsIs<M>(m_type.type);
};

template<class T>
const T &prototype()
{
    static const T instance;
    return instance;
}

template<class T, class M>
std::ptrdiff_t memberOffset(M T::*member)
{
    const T &p = prototype<T>();
    return reinterpret_cast<const char *>(&(p.*member)) - reinterpret_cast<const char *>(&p);
}

} // namespace detail

// Chained options of one column declaration.
class ColumnBuilder
{
public:
    ColumnBuilder(EntityMeta &meta, int index)
        : m_meta(meta)
        , m_index(index)
    { }

    ColumnBuilder &primaryKey()
    {
        col().primaryKey = true;
        col().nullable = false;
        return *this;
    }
    ColumnBuilder &notNull()
    {
        col().nullable = false;
        return *this;
    }
    ColumnBuilder &nullable(bool nullable = true)
    {
        col().nullable = nullable;
        return *this;
    }
    ColumnBuilder &unique()
    {
        col().unique = true;
        return *this;
    }
    ColumnBuilder &index()
    {
        col().index = true;
        return *this;
    }
    ColumnBuilder &defaultValue(const QVariant &value)
    {
        col().defaultValue = value;
        return *this;
    }
    ColumnBuilder &defaultFunction(ValueFunction f)
    {
        col().defaultFunction = std::move(f);
        return *this;
    }
    // default=datetime.utcnow (with microseconds)
    ColumnBuilder &defaultNow()
    {
        return defaultFunction([] { return QVariant::fromValue(Timestamp::currentUtc()); });
    }
    ColumnBuilder &onUpdate(ValueFunction f)
    {
        col().onUpdate = std::move(f);
        return *this;
    }
    ColumnBuilder &onUpdateNow()
    {
        return onUpdate([] { return QVariant::fromValue(Timestamp::currentUtc()); });
    }
    ColumnBuilder &serverDefault(const QString &sqlExpression)
    {
        col().serverDefault = sqlExpression;
        return *this;
    }
    // "users.id", or "sales.users.id" for a table of another schema (SQLAlchemy's form)
    ColumnBuilder &foreignKey(const QString &target,
                              ReferentialAction onDelete = ReferentialAction::NoAction)
    {
        const qsizetype dot = target.lastIndexOf(u'.');
        const qsizetype schemaDot = target.indexOf(u'.');
        ForeignKey fk;
        fk.columns = {col().name};
        fk.referredTable = target.left(dot);
        fk.referredSchema = schemaDot < dot ? target.left(schemaDot) : QString();
        fk.referredColumns = {target.mid(dot + 1)};
        fk.onDelete = onDelete;
        m_meta.mutableTable().addForeignKey(fk);
        return *this;
    }
    ColumnBuilder &label(const QString &label)
    {
        m_meta.mutableColumn(m_index).label = label;
        return *this;
    }
    ColumnBuilder &validate(Validator v)
    {
        m_meta.mutableColumn(m_index).validators.append(std::move(v));
        return *this;
    }
    // The entity's version counter (an integer column, SQLAlchemy's version_id_col): 1 when
    // the row is inserted, incremented by every UPDATE, which, like every DELETE, checks it
    // instead of the loaded values of the columns.
    ColumnBuilder &versionColumn()
    {
        m_meta.setVersionColumn(m_index);
        return *this;
    }
    // The column that names a row for people (shown for foreign keys, in breadcrumbs).
    ColumnBuilder &isLabel()
    {
        m_meta.setLabelColumn(m_index);
        return *this;
    }
    int index() const { return m_index; }

private:
    Column &col() { return m_meta.mutableColumn(m_index).column; }
    EntityMeta &m_meta;
    int m_index;
};

namespace detail {
template<class T, class R>
class MemberRelation final : public RelationshipAccess
{
public:
    MemberRelation(R T::*member, std::ptrdiff_t offset)
        : m_member(member)
        , m_offset(offset)
    { }
    RelationBase &state(Entity &owner) const override { return static_cast<T &>(owner).*m_member; }
    std::ptrdiff_t stateOffset() const override { return m_offset; }

private:
    R T::*m_member;
    std::ptrdiff_t m_offset;
};

template<class R>
struct RelatedType;
template<class X>
struct RelatedType<Reference<X>>
{
    using type = X;
};
template<class X>
struct RelatedType<Collection<X>>
{
    using type = X;
};
} // namespace detail

// Chained options of one relationship declaration.
class RelationshipBuilder
{
public:
    explicit RelationshipBuilder(RelationshipMeta &rel)
        : m_rel(rel)
    { }
    // The name of the relationship on the target that mirrors this one (back_populates=): the
    // target declares it too. To declare both at once, name the target's member instead (see
    // TypedRelationshipBuilder::backref()).
    RelationshipBuilder &backref(const QString &name)
    {
        m_rel.backref = name;
        return *this;
    }
    RelationshipBuilder &lazy(LoadStrategy strategy)
    {
        m_rel.strategy = strategy;
        return *this;
    }
    RelationshipBuilder &cascade(Cascade cascade)
    {
        m_rel.cascade = cascade;
        return *this;
    }
    // Related rows are removed by the database's ON DELETE CASCADE, not loaded and deleted.
    RelationshipBuilder &passiveDeletes()
    {
        m_rel.passiveDeletes = true;
        return *this;
    }
    RelationshipBuilder &label(const QString &label)
    {
        m_rel.label = label;
        return *this;
    }
    // The order the collection loads in (order_by=): orderBy(orm::col(&Post::datePosted).desc()).
    RelationshipBuilder &orderBy(const OrderTerm &term)
    {
        m_rel.orderBy.append(term);
        return *this;
    }
    RelationshipBuilder &orderBy(const QList<OrderTerm> &terms)
    {
        m_rel.orderBy.append(terms);
        return *this;
    }
    // Loads, and is never written (viewonly=True); it cascades nothing.
    RelationshipBuilder &viewOnly()
    {
        m_rel.viewOnly = true;
        m_rel.cascade = Cascade::None;
        return *this;
    }
    // Many-to-many through a one-line association table (secondary=).
    RelationshipBuilder &secondary(const AssociationTable &table)
    {
        m_rel.association = table;
        m_rel.secondary = table.tableName();
        m_rel.kind = RelationshipKind::ManyToMany;
        m_rel.foreignKeyOnOwner = false;
        return *this;
    }
    // The foreign-key columns that join the two tables, when more than one foreign key could
    // (SQLAlchemy's foreign_keys=): foreignKeys({u"author_id"_s}).
    RelationshipBuilder &foreignKeys(const QStringList &columns)
    {
        m_rel.foreignKeyColumns = columns;
        return *this;
    }

protected:
    RelationshipMeta &m_rel;
};

namespace detail {
template<class R>
inline constexpr bool isCollection = false;
template<class X>
inline constexpr bool isCollection<Collection<X>> = true;

// RelationBase keeps its distance from the owner in 16 bits: a member of model (named name)
// out of that range stops the program, in every build.
// Returns the member's offset from the object's Entity base.
template<class T, class R>
std::ptrdiff_t checkRelationMember(R T::*member, const QString &model, const QString &name)
{
    const T &p = prototype<T>();
    const std::ptrdiff_t offset = reinterpret_cast<const char *>(&(p.*member))
        - reinterpret_cast<const char *>(static_cast<const Entity *>(&p));
    if (offset <= 0 || offset > RelationBase::kMaxOwnerDistance)
        relationMemberOutOfRange(model, name, offset);
    return offset;
}
} // namespace detail

// A relationship declaration of Owner, whose objects are Targets: the same options, and the
// backref named by the target's member, so that both sides are declared at once.
template<class Owner, class Target>
class TypedRelationshipBuilder : public RelationshipBuilder
{
public:
    using RelationshipBuilder::RelationshipBuilder;

    // The target's member that mirrors this relationship (Flask-SQLAlchemy's backref='author':
    // the member exists in C++, so it is named here, not declared again there). Its
    // relationship is made when the models are configured, or, if the target declares the
    // member too, the two are tied; name is that relationship's name, needed when the target
    // does not declare it. A member of another type than this relationship's owner and target
    // does not compile.
    template<class R, class C>
    TypedRelationshipBuilder &backref(R C::*member, const QString &name = QString())
    {
        static_assert(std::is_base_of_v<RelationBase, R>,
                      "a backref is an orm::Reference<T> or orm::Collection<T> member");
        static_assert(std::is_same_v<typename detail::RelatedType<R>::type, Owner>,
                      "the backref's member holds objects of this relationship's owner");
        static_assert(std::is_base_of_v<C, Target>,
                      "the backref is a member of this relationship's target");
        R Target::*typed = member;
        const std::ptrdiff_t fromEntity =
            detail::checkRelationMember(typed, detail::entityNameOf<Target>(), name);
        auto b = std::make_shared<detail::BackrefMember>();
        b->offset = detail::memberOffset<Target, R>(typed);
        b->name = name;
        b->access = std::make_shared<detail::MemberRelation<Target, R>>(typed, fromEntity);
        b->collection = detail::isCollection<R>;
        m_rel.backrefMember = std::move(b);
        return *this;
    }
    TypedRelationshipBuilder &backref(const QString &name)
    {
        RelationshipBuilder::backref(name);
        return *this;
    }
    TypedRelationshipBuilder &lazy(LoadStrategy strategy)
    {
        RelationshipBuilder::lazy(strategy);
        return *this;
    }
    TypedRelationshipBuilder &cascade(Cascade cascade)
    {
        RelationshipBuilder::cascade(cascade);
        return *this;
    }
    TypedRelationshipBuilder &passiveDeletes()
    {
        RelationshipBuilder::passiveDeletes();
        return *this;
    }
    TypedRelationshipBuilder &label(const QString &label)
    {
        RelationshipBuilder::label(label);
        return *this;
    }
    TypedRelationshipBuilder &orderBy(const OrderTerm &term)
    {
        RelationshipBuilder::orderBy(term);
        return *this;
    }
    TypedRelationshipBuilder &orderBy(const QList<OrderTerm> &terms)
    {
        RelationshipBuilder::orderBy(terms);
        return *this;
    }
    TypedRelationshipBuilder &viewOnly()
    {
        RelationshipBuilder::viewOnly();
        return *this;
    }
    TypedRelationshipBuilder &secondary(const AssociationTable &table)
    {
        RelationshipBuilder::secondary(table);
        return *this;
    }
    TypedRelationshipBuilder &foreignKeys(const QStringList &columns)
    {
        RelationshipBuilder::foreignKeys(columns);
        return *this;
    }
};

namespace detail {
// The TypeSpec among a declaration's options, else the member type's own.
template<class M, class... Options>
TypeSpec typeOption(const Options &...options)
{
    TypeSpec type = ValueTraits<M>::defaultType();
    (
        [&type](const auto &o) {
            if constexpr (std::is_convertible_v<decltype(o), const TypeSpec &>)
                type = o;
        }(options),
        ...);
    return type;
}

template<class Builder, class Option>
void applyOption(Builder &b, const Option &option)
{
    if constexpr (!std::is_convertible_v<const Option &, const TypeSpec &>)
        option.apply(b);
}
} // namespace detail

template<class T>
class Mapper
{
public:
    explicit Mapper(EntityMeta &meta)
        : m_meta(meta)
    { }

    void table(const QString &name) { m_meta.mutableTable().setName(name); }
    // Its table's schema (SQLAlchemy's __table_args__ = {"schema": …}); none: the default one.
    void schema(const QString &schema) { m_meta.mutableTable().setSchema(schema); }
    void displayName(const QString &name) { m_meta.setDisplayName(name); }

    // A column, with its type (orm::String(80); else the member type's) and options written
    // as values, as Flask-SQLAlchemy's keyword arguments (orm::unique, orm::notNull, …; see
    // "Declaration options" below), or chained on the builder returned:
    //     m.column(&User::username, u"username"_s, orm::String(80), orm::unique, orm::notNull);
    //     m.column(&User::username, u"username"_s, orm::String(80)).unique().notNull();
    // Member pointers of a base class (a mixin) are accepted too.
    template<class M, class C, class... Options>
    ColumnBuilder column(M C::*member, const QString &name, const Options &...options)
    {
        static_assert(std::is_base_of_v<C, T>, "the member must belong to the model or a base");
        M T::*typed = member;
        const TypeSpec type = detail::typeOption<M>(options...);
        ColumnMeta c;
        c.column.name = name;
        c.column.type = type;
        c.access = std::make_shared<detail::MemberColumn<T, M>>(typed, type);
        c.memberOffset = detail::memberOffset<T, M>(typed);
        ColumnBuilder b(m_meta, m_meta.addColumn(std::move(c)));
        (detail::applyOption(b, options), ...);
        return b;
    }

    void uniqueConstraint(const QStringList &columns, const QString &name = QString())
    {
        m_meta.mutableTable().addUniqueConstraint(UniqueConstraint {name, columns});
    }
    void index(const QString &name, const QStringList &columns, bool unique = false)
    {
        m_meta.mutableTable().addIndex(Index {name, columns, unique});
    }
    void check(const QString &name, const QString &sqlText)
    {
        m_meta.mutableTable().addCheck(CheckConstraint {name, sqlText});
    }
    void foreignKey(const ForeignKey &fk) { m_meta.mutableTable().addForeignKey(fk); }
    // An entity-level validator: returns the field errors of a whole object.
    void validate(std::function<QList<Error::FieldError>(const T &)> v)
    {
        m_meta.addEntityValidator(
            [v = std::move(v)](const Entity &e) { return v(static_cast<const T &>(e)); });
    }

    // A relationship declared once, as Flask-SQLAlchemy's db.relationship(): an
    // orm::Collection member is one-to-many, or many-to-many with secondary(); an
    // orm::Reference member many-to-one, or one-to-one when its backref is a Reference too.
    // The columns come from the foreign keys between the two tables (foreignKeys() picks one
    // when several could), or from the association table, when the models are configured
    // (the first time either is used); backref() names the target's member that mirrors it,
    // which needs no declaration of its own:
    //     m.relationship(&User::posts, u"posts"_s).backref(&Post::author, u"author"_s);
    //     m.relationship(&Post::tags, u"tags"_s).secondary(postTags).backref(&Tag::posts);
    // A relationship whose tables no foreign key joins, or several do, is an error when the
    // models are configured: the program stops with a message naming it (qFatal).
    template<class R, class C, class... Options>
    TypedRelationshipBuilder<T, typename detail::RelatedType<R>::type>
    relationship(R C::*member, const QString &name, const Options &...options)
    {
        auto b = declare(member, name,
                         detail::isCollection<R> ? RelationshipKind::OneToMany
                                                 : RelationshipKind::ManyToOne,
                         {}, {}, !detail::isCollection<R>);
        m_meta.relationships().back()->joinFromForeignKeys = true;
        (detail::applyOption(b, options), ...);
        return b;
    }

    // The same, with the kind and columns given (the other side declares its own, named by
    // backref(name), or is named by its member: backref(&Post::author)).
    // post.author: the foreign-key columns are on this model.
    template<class R, class C>
    TypedRelationshipBuilder<T, typename detail::RelatedType<R>::type>
    manyToOne(R C::*member, const QString &name, const QStringList &foreignKey)
    {
        return declare(member, name, RelationshipKind::ManyToOne, foreignKey, {}, true);
    }
    // user.posts: the foreign-key columns are on the target.
    template<class R, class C>
    TypedRelationshipBuilder<T, typename detail::RelatedType<R>::type>
    oneToMany(R C::*member, const QString &name, const QStringList &remoteForeignKey)
    {
        return declare(member, name, RelationshipKind::OneToMany, {}, remoteForeignKey, false);
    }
    // user.profile (foreign key on the target, unique) or profile.user (foreign key here).
    enum class ForeignKeyOn { Owner, Target };
    template<class R, class C>
    TypedRelationshipBuilder<T, typename detail::RelatedType<R>::type>
    oneToOne(R C::*member, const QString &name, const QStringList &foreignKey, ForeignKeyOn side)
    {
        return side == ForeignKeyOn::Owner
            ? declare(member, name, RelationshipKind::OneToOne, foreignKey, {}, true)
            : declare(member, name, RelationshipKind::OneToOne, {}, foreignKey, false);
    }
    // post.tags through post_tags(post_id, tag_id).
    template<class R, class C>
    TypedRelationshipBuilder<T, typename detail::RelatedType<R>::type>
    manyToMany(R C::*member, const QString &name, const QString &secondary,
               const QStringList &secondaryLocal, const QStringList &secondaryRemote)
    {
        auto b = declare(member, name, RelationshipKind::ManyToMany, {}, {}, false);
        RelationshipMeta &rel = *m_meta.relationships().back();
        rel.secondary = secondary;
        rel.secondaryLocal = secondaryLocal;
        rel.secondaryRemote = secondaryRemote;
        return b;
    }

    EntityMeta &meta() { return m_meta; }

private:
    template<class R, class C>
    TypedRelationshipBuilder<T, typename detail::RelatedType<R>::type>
    declare(R C::*member, const QString &name, RelationshipKind kind, const QStringList &local,
            const QStringList &remote, bool foreignKeyOnOwner)
    {
        static_assert(std::is_base_of_v<C, T>, "the member must belong to the model or a base");
        static_assert(std::is_base_of_v<RelationBase, R>,
                      "relationships are orm::Reference<T> or orm::Collection<T> members");
        using Target = typename detail::RelatedType<R>::type;
        R T::*typed = member;
        auto rel = std::make_unique<RelationshipMeta>();
        rel->name = name;
        rel->kind = kind;
        rel->owner = &m_meta;
        rel->targetFunction = &Target::staticMeta;
        rel->mappedTarget = &detail::mappedMeta<Target>;
        rel->ownerFunction = &T::staticMeta;
        rel->mappedOwner = &detail::mappedMeta<T>;
        rel->localColumnNames = local;
        rel->remoteColumnNames = remote;
        rel->foreignKeyOnOwner = foreignKeyOnOwner;
        rel->access = std::make_shared<detail::MemberRelation<T, R>>(
            typed, detail::checkRelationMember(typed, m_meta.name(), name));
        rel->memberOffset = detail::memberOffset<T, R>(typed);
        rel->referenceMember = !detail::isCollection<R>;
        return TypedRelationshipBuilder<T, Target>(m_meta.addRelationship(std::move(rel)));
    }

    EntityMeta &m_meta;
};

// Declaration options written as values, as Flask-SQLAlchemy's keyword arguments: for
// Mapper::column() and Mapper::relationship() (and ORM_COLUMN / ORM_RELATIONSHIP). Each is what
// the builder's method of the same name does.
namespace detail {
template<class Builder, Builder &(Builder::*Method)()>
struct FlagOption
{
    void apply(Builder &b) const { (b.*Method)(); }
};
template<class F>
struct CallOption
{
    F f;
    template<class B>
    void apply(B &b) const
    {
        f(b);
    }
};
template<class F>
CallOption<F> option(F f)
{
    return {std::move(f)};
}
} // namespace detail

// Columns: primary_key=True, unique=True, nullable=False, index=True, default=…,
// onupdate=…, server_default=…, db.ForeignKey(…).
inline constexpr detail::FlagOption<ColumnBuilder, &ColumnBuilder::primaryKey> primaryKey {};
inline constexpr detail::FlagOption<ColumnBuilder, &ColumnBuilder::unique> unique {};
inline constexpr detail::FlagOption<ColumnBuilder, &ColumnBuilder::notNull> notNull {};
inline constexpr detail::FlagOption<ColumnBuilder, &ColumnBuilder::index> index {};
inline constexpr detail::FlagOption<ColumnBuilder, &ColumnBuilder::defaultNow> defaultNow {};
inline constexpr detail::FlagOption<ColumnBuilder, &ColumnBuilder::onUpdateNow> onUpdateNow {};
inline constexpr detail::FlagOption<ColumnBuilder, &ColumnBuilder::isLabel> isLabel {};
inline constexpr detail::FlagOption<ColumnBuilder, &ColumnBuilder::versionColumn> versionColumn {};
inline auto defaultValue(const QVariant &value)
{
    return detail::option([value](ColumnBuilder &b) { b.defaultValue(value); });
}
inline auto serverDefault(const QString &sqlExpression)
{
    return detail::option([sqlExpression](ColumnBuilder &b) { b.serverDefault(sqlExpression); });
}
inline auto foreignKey(const QString &target,
                       ReferentialAction onDelete = ReferentialAction::NoAction)
{
    return detail::option([target, onDelete](ColumnBuilder &b) { b.foreignKey(target, onDelete); });
}
inline auto validate(Validator v)
{
    return detail::option([v = std::move(v)](ColumnBuilder &b) { b.validate(v); });
}
// Columns and relationships: the label people read.
inline auto label(const QString &text)
{
    return detail::option([text](auto &b) { b.label(text); });
}
// Relationships: backref=, secondary=, lazy=, cascade=, order_by=, viewonly=,
// passive_deletes=, foreign_keys=.
template<class R, class C>
auto backref(R C::*member, const QString &name = QString())
{
    return detail::option([member, name](auto &b) { b.backref(member, name); });
}
inline auto secondary(const AssociationTable &table)
{
    return detail::option([table](RelationshipBuilder &b) { b.secondary(table); });
}
inline auto lazy(LoadStrategy strategy)
{
    return detail::option([strategy](RelationshipBuilder &b) { b.lazy(strategy); });
}
inline auto cascade(Cascade flags)
{
    return detail::option([flags](RelationshipBuilder &b) { b.cascade(flags); });
}
inline auto orderBy(const OrderTerm &term)
{
    return detail::option([term](RelationshipBuilder &b) { b.orderBy(term); });
}
inline auto orderBy(const QList<OrderTerm> &terms)
{
    return detail::option([terms](RelationshipBuilder &b) { b.orderBy(terms); });
}
inline auto foreignKeys(const QStringList &columns)
{
    return detail::option([columns](RelationshipBuilder &b) { b.foreignKeys(columns); });
}
inline constexpr detail::FlagOption<RelationshipBuilder, &RelationshipBuilder::viewOnly>
    viewOnly {};
inline constexpr detail::FlagOption<RelationshipBuilder, &RelationshipBuilder::passiveDeletes>
    passiveDeletes {};

namespace detail {
QString demangledClassName(const char *mangled);

template<class T>
QString entityNameOf()
{
    if constexpr (requires { T::entityName(); })
        return T::entityName();
    else
        return demangledClassName(typeid(T).name());
}

// Flask-SQLAlchemy's camel_to_snake_case(): "PostTag" -> "post_tag", "HTTPRequest" ->
// "http_request", "userId" -> "user_id".
QString snakeCase(QStringView name);

// The table a model names once (`static constexpr auto tableName = "users";`, as
// __tablename__), or its class name in snake case, as Flask-SQLAlchemy derives it: from the
// type, so the same in every build and however the program is linked. Mapper::table() in
// map() still wins.
template<class T>
QString defaultTableName(const QString &entityName)
{
    if constexpr (requires { T::tableName; })
        return QAnyStringView(T::tableName).toString();
    else
        return snakeCase(entityName);
}
} // namespace detail

namespace detail {
// The next allocateWithRoom() on this thread asks for bytes more: set just before
// allocate_shared(), so that the allocator stays empty (an allocator with state is kept in
// every object's control block). takeRoom() tells where they start.
void requestRoom(size_t bytes);
void *allocateWithRoom(size_t block);
void *takeRoom();

template<class U>
struct RoomAllocator
{
    using value_type = U;
    RoomAllocator() = default;
    template<class V>
    RoomAllocator(const RoomAllocator<V> &) noexcept
    { }
    U *allocate(size_t n) { return static_cast<U *>(allocateWithRoom(n * sizeof(U))); }
    void deallocate(U *p, size_t) noexcept { ::operator delete(p); }
    template<class V>
    bool operator==(const RoomAllocator<V> &) const noexcept
    {
        return true;
    }
};

template<class T>
std::shared_ptr<Entity> createWithRoom(size_t room, void **at)
{
    requestRoom(room);
    std::shared_ptr<Entity> obj = std::allocate_shared<T>(RoomAllocator<T>());
    *at = takeRoom();
    return obj;
}
} // namespace detail

// ---- members declared with their mapping ------------------------------------------------

// A model's columns and relationships declared in its class, each in one line with its
// mapping, as Flask-SQLAlchemy declares them (`username = db.Column(db.String(80),
// unique=True, nullable=False)`):
//
//     struct User : orm::Model<User>
//     {
//         static constexpr auto tableName = "users";
//         ORM_COLUMN(qint64, id, orm::primaryKey);
//         ORM_COLUMN(QString, username, orm::String(80), orm::unique, orm::notNull);
//         ORM_RELATIONSHIP(orm::Collection<Post>, posts, orm::backref(&Post::author));
//     };
//
// ORM_COLUMN(Type, name, options...) declares the member `Type name {}` and maps it as the
// column named after it in snake case (datePosted: date_posted), with Mapper::column()'s
// options; ORM_RELATIONSHIP(Type, name, options...) declares the orm::Reference or
// orm::Collection member and maps it as Mapper::relationship() does (a member declared with
// no options is mapped by the relationship that names it as its backref, or else from the
// foreign keys). They are mapped in the order they are written, before map(), which a model
// may still have for the rest (constraints, labels, another name). Members of a mixin (a
// base listed in orm::Model<T, Mixins...>) are mapped after the model's own.
//
// Limits: a member starts value-initialized (0, false, empty; a default other than that is a
// std::optional member with orm::defaultValue(), filled at insert as SQLAlchemy's default=,
// or a member declared by hand and mapped in map()); a type whose name has a comma needs an
// alias; the declarations of one class lie within 256 lines of each other, one per line (two
// that do not fail to compile: "cannot be overloaded"); classes local to a function cannot use
// them (they declare member templates); names are found at compile time, nothing is
// registered when the program starts.
// clang-format off
#define ORM_COLUMN(Type, name, ...)                                                              \
    Type name {};                                                                                \
    ORM_DETAIL_DECLARATION(m.column(&RowsmithSelf::name, ::orm::detail::columnName(#name)       \
                                    __VA_OPT__(, ) __VA_ARGS__))

#define ORM_RELATIONSHIP(Type, name, ...)                                                        \
    Type name {this};                                                                            \
    ORM_DETAIL_DECLARATION(m.relationship(&RowsmithSelf::name, QStringLiteral(#name)            \
                                          __VA_OPT__(, ) __VA_ARGS__))

// A declaration found by its line: rowsmithDeclared() ranks it (overload resolution picks the
// highest rank at or below the one asked for: the ranks derive from each other), and
// rowsmithDeclare() maps it. (The static_assert takes the semicolon written after the macro.)
#define ORM_DETAIL_DECLARATION(...)                                                              \
    auto rowsmithDeclared(::orm::detail::DeclarationRank<__LINE__ % 256 + 1>) const              \
        -> ::orm::detail::Declared<__LINE__, std::remove_cvref_t<decltype(*this)>>;              \
    template<class RowsmithMapper>                                                               \
    void rowsmithDeclare(::orm::detail::DeclarationLine<__LINE__>, RowsmithMapper &m) const      \
    {                                                                                            \
        using RowsmithSelf = std::remove_cvref_t<decltype(*this)>;                               \
        (void)__VA_ARGS__;                                                                       \
    }                                                                                            \
    static_assert(true)
// clang-format on

namespace detail {
inline constexpr int kDeclarationRanks = 256; // (__LINE__ % 256 above)
template<int N>
struct DeclarationRank : DeclarationRank<N - 1>
{ };
template<>
struct DeclarationRank<0>
{ };
template<int Line, class Owner>
struct Declared
{
    static constexpr int line = Line;
    using owner = Owner;
};
template<int Line>
struct DeclarationLine
{ };

inline QString columnName(const char *member)
{
    return snakeCase(QString::fromLatin1(member));
}

template<class S, class M>
using Declaration = std::pair<int, void (*)(const S &, M &)>;

// S's own declarations at or below rank N, the highest first.
template<class S, class M, int N>
void collectDeclarations(std::vector<Declaration<S, M>> &out)
{
    if constexpr (N > 0) {
        if constexpr (requires(const S &s) { s.rowsmithDeclared(DeclarationRank<N> {}); }) {
            using D = decltype(std::declval<const S &>().rowsmithDeclared(DeclarationRank<N> {}));
            if constexpr (std::is_same_v<typename D::owner, S>) {
                out.emplace_back(D::line, [](const S &s, M &m) {
                    s.rowsmithDeclare(DeclarationLine<D::line> {}, m);
                });
                collectDeclarations<S, M, D::line % kDeclarationRanks>(out);
            }
        }
    }
}

// Maps the members S declares with ORM_COLUMN / ORM_RELATIONSHIP, in the order written.
template<class S, class M>
void mapDeclaredMembers(const S &prototype, M &mapper)
{
    std::vector<Declaration<S, M>> found;
    collectDeclarations<S, M, kDeclarationRanks>(found);
    std::sort(found.begin(), found.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[line, declare] : found)
        declare(prototype, mapper);
}

template<class... Mixins>
struct MixinList
{ };

template<class T, class M, class... Mixins>
void mapMixins(const T &prototype, M &mapper, MixinList<Mixins...>)
{
    (mapDeclaredMembers(static_cast<const Mixins &>(prototype), mapper), ...);
}
} // namespace detail

namespace detail {
template<class T>
EntityMeta &mappedMeta()
{
    static EntityMeta *const meta = [] {
        const QString name = entityNameOf<T>();
        auto *m = new EntityMeta(
            name, Table(defaultTableName<T>(name)), [] { return std::unique_ptr<Entity>(new T()); },
            [] { return std::shared_ptr<Entity>(std::make_shared<T>()); });
        m->setRoomFactory(&createWithRoom<T>);
        Mapper<T> mapper(*m);
        const T &declared = prototype<T>();
        mapDeclaredMembers(declared, mapper);
        if constexpr (requires { typename T::ModelMixins; })
            mapMixins(declared, mapper, typename T::ModelMixins {});
        if constexpr (requires { T::map(mapper); })
            T::map(mapper);
        m->finalize();
        return m;
    }();
    return *meta;
}
} // namespace detail

template<class T, class... Mixins>
const EntityMeta &Model<T, Mixins...>::staticMeta()
{
    static const EntityMeta &meta = detail::configure(detail::mappedMeta<T>());
    return meta;
}

// A typed column for building expressions from a member pointer: orm::col(&User::username).
// Comparisons take the member's own type, so comparing a number column with text does not
// compile.
template<class T, class M>
class Col
{
public:
    explicit Col(M T::*member)
    {
        const EntityMeta &meta = detail::mappedMeta<T>(); // (columns need no configuration)
        const int i = meta.columnIndexForOffset(detail::memberOffset<T, M>(member));
        Q_ASSERT_X(i >= 0, "orm::col", "the member is not a mapped column");
        m_expr = meta.column(i).expr;
        m_index = i;
    }
    // The column named through another name of its table (an orm::aliased() entity).
    Col(M T::*member, const QString &table)
        : Col(member)
    {
        m_expr = Expr::column(table, m_expr.name(), m_expr.type());
    }

    const Expr &expr() const { return m_expr; }
    QString name() const { return m_expr.name(); }
    int index() const { return m_index; }

    Expr operator==(const M &v) const { return m_expr == value(v); }
    Expr operator!=(const M &v) const { return m_expr != value(v); }
    Expr operator<(const M &v) const { return m_expr < value(v); }
    Expr operator<=(const M &v) const { return m_expr <= value(v); }
    Expr operator>(const M &v) const { return m_expr > value(v); }
    Expr operator>=(const M &v) const { return m_expr >= value(v); }
    template<class T2, class M2>
    Expr operator==(const Col<T2, M2> &o) const
    {
        return m_expr == o.expr();
    }
    template<class T2, class M2>
    Expr operator!=(const Col<T2, M2> &o) const
    {
        return m_expr != o.expr();
    }
    template<class T2, class M2>
    Expr operator<(const Col<T2, M2> &o) const
    {
        return m_expr < o.expr();
    }
    template<class T2, class M2>
    Expr operator>(const Col<T2, M2> &o) const
    {
        return m_expr > o.expr();
    }

    Expr like(const QString &pattern) const { return m_expr.like(pattern); }
    Expr notLike(const QString &pattern) const { return m_expr.notLike(pattern); }
    Expr ilike(const QString &pattern) const { return m_expr.ilike(pattern); }
    Expr contains(const QString &text) const { return m_expr.contains(text); }
    Expr startsWith(const QString &text) const { return m_expr.startsWith(text); }
    Expr in(const QList<M> &values) const
    {
        QVariantList list;
        for (const M &v : values)
            list << ValueTraits<M>::toVariant(v);
        return m_expr.in(list);
    }
    Expr notIn(const QList<M> &values) const
    {
        QVariantList list;
        for (const M &v : values)
            list << ValueTraits<M>::toVariant(v);
        return m_expr.notIn(list);
    }
    Expr isNull() const { return m_expr.isNull(); }
    Expr isNotNull() const { return m_expr.isNotNull(); }
    Expr between(const M &low, const M &high) const
    {
        return m_expr.between(ValueTraits<M>::toVariant(low), ValueTraits<M>::toVariant(high));
    }
    OrderTerm asc() const { return OrderTerm(m_expr, false); }
    OrderTerm desc() const { return OrderTerm(m_expr, true); }
    operator OrderTerm() const { return OrderTerm(m_expr, false); }

private:
    Expr value(const M &v) const { return m_expr.bound(ValueTraits<M>::toVariant(v)); }
    Expr m_expr;
    int m_index = -1;
};

// The relationship a member pointer declares: orm::relationshipOf<Post>(&Post::tags).
template<class T, class R, class C>
const RelationshipMeta &relationshipOf(R C::*member)
{
    R T::*typed = member;
    // The target configured first: a relationship declared there, with this member as its
    // backref, is then made here.
    (void)detail::RelatedType<R>::type::staticMeta();
    const EntityMeta &meta = T::staticMeta();
    const T &p = detail::prototype<T>();
    Entity &proto = const_cast<T &>(p);
    for (const auto &rel : meta.relationships()) {
        if (&rel->access->state(proto) == &(const_cast<T &>(p).*typed))
            return *rel;
    }
    qFatal("orm::relationshipOf: the member is not a declared relationship");
}

template<class R, class C>
LoadOption selectInLoad(R C::*member)
{
    return {relationshipOf<C>(member).name, LoadStrategy::SelectIn};
}
template<class R, class C>
LoadOption joinedLoad(R C::*member)
{
    return {relationshipOf<C>(member).name, LoadStrategy::Joined};
}
template<class R, class C>
LoadOption raiseLoad(R C::*member)
{
    return {relationshipOf<C>(member).name, LoadStrategy::Raise};
}
template<class R, class C>
LoadOption lazyLoad(R C::*member)
{
    return {relationshipOf<C>(member).name, LoadStrategy::Select};
}

// orm::col(&User::username); for a mixin's member name the model: orm::col<User>(&User::createdAt).
template<class T, class M>
Col<T, M> col(M T::*member)
{
    return Col<T, M>(member);
}
template<class T, class M, class C>
requires(!std::is_same_v<T, C> && std::is_base_of_v<C, T>) Col<T, M> col(M C::*member)
{
    M T::*typed = member;
    return Col<T, M>(typed);
}

// Aggregates over typed columns: orm::func::avg(orm::col(&Account::balance)).
namespace func {
template<class T, class M>
Expr count(const Col<T, M> &c, bool distinct = false)
{
    return count(c.expr(), distinct);
}
template<class T, class M>
Expr sum(const Col<T, M> &c)
{
    return sum(c.expr());
}
template<class T, class M>
Expr avg(const Col<T, M> &c)
{
    return avg(c.expr());
}
template<class T, class M>
Expr min(const Col<T, M> &c)
{
    return min(c.expr());
}
template<class T, class M>
Expr max(const Col<T, M> &c)
{
    return max(c.expr());
}
} // namespace func

// A bulk-update assignment: orm::set(&User::isActive, true).
template<class T, class M>
Assignment set(M T::*member, const std::type_identity_t<M> &value)
{
    const Col<T, M> c(member);
    return Assignment {c.name(), c.expr().bound(ValueTraits<M>::toVariant(value))};
}

// An association table of two models in one line (see orm::AssociationTable).
template<class Left, class Right>
constexpr AssociationTable associationTable(QAnyStringView name, QAnyStringView leftColumn = {},
                                            QAnyStringView rightColumn = {})
{
    return AssociationTable {name, &detail::mappedMeta<Left>, &detail::mappedMeta<Right>,
                             leftColumn, rightColumn};
}

// The tables of these models and the association tables between them, for createAll() and
// dropAll() (which sort them by dependency): Flask-SQLAlchemy's db.create_all().
MetaData metadataOf(const QList<const EntityMeta *> &models);

template<class... Models>
MetaData MetaData::of()
{
    return metadataOf({&Models::staticMeta()...});
}

} // namespace orm
