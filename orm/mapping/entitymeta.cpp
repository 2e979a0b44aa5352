// SPDX-License-Identifier: MIT
#include "orm/mapping/entitymeta.h"

#include "orm/mapping/labelcolumn.h"
#include "orm/mapping/relationship.h"
#include "orm/sql/dialect.h"
#include "orm/sql/storedforms.h"

#include <QCoreApplication>

#include <algorithm>

namespace orm {

EntityMeta::EntityMeta(const QString &name, const Table &table, Factory factory,
                       SharedFactory sharedFactory)
    : m_name(name)
    , m_table(table)
    , m_factory(std::move(factory))
    , m_sharedFactory(std::move(sharedFactory))
{ }

EntityMeta::~EntityMeta() = default;

void EntityMeta::setReadOnly(bool readOnly, const QString &reason)
{
    m_readOnly = readOnly;
    m_readOnlyReason = reason;
}

int EntityMeta::columnIndex(const QString &name) const
{
    return m_columnByName.value(name, -1);
}

int EntityMeta::columnIndexForOffset(std::ptrdiff_t offset) const
{
    for (size_t i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].memberOffset == offset)
            return int(i);
    }
    return -1;
}

bool EntityMeta::isKeyUnset(const Entity &e) const
{
    if (m_autoincrementColumn < 0)
        return false;
    const ColumnAccess &a = *m_columns[size_t(m_autoincrementColumn)].access;
    return a.isNull(e) || a.toInt64(e) == 0;
}

QString EntityMeta::labelOf(const Entity &e) const
{
    if (m_labelColumn >= 0) {
        const QVariant v = m_columns[size_t(m_labelColumn)].access->get(e);
        if (!v.isNull())
            return v.toString();
    }
    return e.describe();
}

std::unique_ptr<Entity> EntityMeta::cloneColumns(const Entity &e) const
{
    std::unique_ptr<Entity> copy = m_factory();
    for (const ColumnMeta &c : m_columns)
        c.access->copy(*copy, e);
    return copy;
}

QString EntityMeta::validateValue(int column, const QVariant &value) const
{
    const ColumnMeta &c = m_columns[size_t(column)];
    const Column &col = c.column;
    if (value.isNull() || !value.isValid()) {
        // (a generated column's value is the database's to give, never the row's)
        const bool generated = col.autoincrement || col.hasDefault() || col.isGenerated();
        if (!col.nullable && !generated)
            return QCoreApplication::translate("orm", "required");
        return {};
    }
    if (QString problem = storage::decimalProblem(value, col.type); !problem.isEmpty())
        return problem;
    if (QString problem = storage::storedFormProblem(value, col.type); !problem.isEmpty())
        return problem;
    bool ok = true;
    const QVariant stored = storage::toStorage(value, col.type, &ok);
    if (!ok)
        return QCoreApplication::translate("orm", "not a valid %1").arg(typeDisplayName(col.type));
    if (col.type.type == ColumnType::String && col.type.length > 0) {
        // Characters as people (and Python's len()) count them: code points, not UTF-16
        // units, so that 80 emoji fit a String(80).
        const QString text = stored.toString();
        const qsizetype n = text.size() - std::count_if(text.cbegin(), text.cend(), [](QChar ch) {
                                return ch.isLowSurrogate();
                            });
        if (n > col.type.length)
            return QCoreApplication::translate("orm", "at most %1 characters (this is %2)")
                .arg(col.type.length)
                .arg(n);
    }
    for (const Validator &v : c.validators) {
        const QString message = v(value);
        if (!message.isEmpty())
            return message;
    }
    return {};
}

QList<Error::FieldError> EntityMeta::validate(const Entity &e) const
{
    QList<Error::FieldError> errors;
    for (size_t i = 0; i < m_columns.size(); ++i) {
        const ColumnMeta &c = m_columns[i];
        if (int(i) == m_autoincrementColumn)
            continue;
        // Typed members without validators are checked in place (no QVariant, no conversion);
        // text longer in UTF-16 units than allowed takes the exact path (code points).
        if (c.validators.isEmpty()) {
            qsizetype units = -1;
            const ColumnAccess::DirectCheck check = c.access->checkDirect(e, &units);
            if (check == ColumnAccess::DirectCheck::Null) {
                const QString message = validateValue(int(i), QVariant());
                if (!message.isEmpty())
                    errors.append({c.column.name, message});
                continue;
            }
            if (check == ColumnAccess::DirectCheck::Valid
                && !(c.column.type.type == ColumnType::String && c.column.type.length > 0
                     && units > c.column.type.length))
                continue;
        }
        const QVariant v = c.access->get(e);
        QString message;
        message = validateValue(int(i), v);
        if (!message.isEmpty())
            errors.append({c.column.name, message});
    }
    for (const EntityValidator &v : m_entityValidators)
        errors.append(v(e));
    return errors;
}

const RelationshipMeta *EntityMeta::relationship(const QString &name) const
{
    for (const auto &r : m_relationships) {
        if (r->name == name)
            return r.get();
    }
    return nullptr;
}

QString EntityMeta::selectList() const
{
    if (m_selectList.isEmpty())
        m_selectList = selectList(m_table.qualifiedName());
    return m_selectList;
}

QString EntityMeta::selectList(const QString &alias) const
{
    QStringList parts;
    const QString prefix = Dialect::standardQuoted(alias) + u'.';
    for (const ColumnMeta &c : m_columns)
        parts << prefix + Dialect::standardQuoted(c.column.name);
    return parts.join(QStringLiteral(", "));
}

int EntityMeta::addColumn(ColumnMeta column)
{
    m_columnByName.insert(column.column.name, int(m_columns.size()));
    m_columns.push_back(std::move(column));
    return int(m_columns.size()) - 1;
}

RelationshipMeta &EntityMeta::addRelationship(std::unique_ptr<RelationshipMeta> rel)
{
    m_relationships.push_back(std::move(rel));
    return *m_relationships.back();
}

void EntityMeta::finalize()
{
    m_pkColumns.clear();
    m_table.columns().clear();
    m_columnByName.clear();
    for (size_t i = 0; i < m_columns.size(); ++i) {
        Column &c = m_columns[i].column;
        if (c.primaryKey) {
            m_pkColumns << int(i);
            c.nullable = false;
        }
        m_columnByName.insert(c.name, int(i));
    }
    m_autoincrementColumn = -1;
    m_integerKey = false;
    if (m_pkColumns.size() == 1) {
        Column &pk = m_columns[size_t(m_pkColumns.first())].column;
        m_integerKey = pk.type.isIntegral();
        // SQLite assigns an INTEGER PRIMARY KEY (the rowid) when none is given; a server its
        // serial or identity key, of any integer width (reflection marks it).
        if ((pk.type.type == ColumnType::Integer && !m_table.isWithoutRowid())
            || (pk.autoincrement && pk.type.isIntegral())) {
            pk.autoincrement = true;
            m_autoincrementColumn = m_pkColumns.first();
        }
    }
    for (ColumnMeta &c : m_columns) {
        m_table.addColumn(c.column);
        c.expr = Expr::column(m_table.qualifiedName(), c.column.name, c.column.type);
    }
    if (m_labelColumn < 0)
        m_labelColumn = chooseLabelColumn(*this);
    m_defaultLabelColumn = m_labelColumn;
    m_selectList.clear();
    // Baseline layout: each column's value at its aligned offset.
    m_slotColumns.clear();
    m_snapshotBytes = 0;
    m_textSlotColumns = 0;
    size_t at = 0;
    for (const ColumnMeta &c : m_columns) {
        const size_t size = c.access ? c.access->slotSize() : 0;
        const size_t align = c.access ? c.access->slotAlign() : 0;
        if (size == 0 || align == 0 || align > 8) {
            m_slotColumns.clear();
            m_textSlotColumns = 0;
            return;
        }
        at = (at + align - 1) / align * align;
        const bool text = c.access->sharesRowText();
        m_textSlotColumns += text ? 1 : 0;
        m_slotColumns.push_back({c.access.get(), at, text});
        at += size;
    }
    m_snapshotBytes = (at + 7) / 8 * 8;
}

namespace detail {

namespace {
struct RoomRequest
{
    size_t bytes = 0;
    void *at = nullptr;
};
// Initial-exec: the library is linked into programs statically, and the default model would
// have them call the dynamic loader (__tls_get_addr) for every object loaded.
__attribute__((tls_model("initial-exec"))) thread_local RoomRequest roomRequest;
} // namespace

void requestRoom(size_t bytes)
{
    roomRequest = {bytes, nullptr};
}

void *allocateWithRoom(size_t block)
{
    block = (block + 7) / 8 * 8;
    char *p = static_cast<char *>(::operator new(block + roomRequest.bytes));
    roomRequest.at = roomRequest.bytes ? p + block : nullptr;
    roomRequest.bytes = 0;
    return p;
}

void *takeRoom()
{
    void *at = roomRequest.at;
    roomRequest.at = nullptr;
    return at;
}

} // namespace detail
} // namespace orm
