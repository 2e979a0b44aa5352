// SPDX-License-Identifier: MIT
#include "orm/engine/error.h"

namespace orm {

QString Error::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("no error");
    case Kind::Connection:
        return QStringLiteral("connection error");
    case Kind::NotADatabase:
        return QStringLiteral("not a database");
    case Kind::Corrupt:
        return QStringLiteral("corrupt database");
    case Kind::ReadOnly:
        return QStringLiteral("read-only database");
    case Kind::Busy:
        return QStringLiteral("database busy");
    case Kind::Constraint:
        return QStringLiteral("constraint violation");
    case Kind::Validation:
        return QStringLiteral("validation error");
    case Kind::NotFound:
        return QStringLiteral("not found");
    case Kind::MultipleResults:
        return QStringLiteral("multiple results");
    case Kind::StaleData:
        return QStringLiteral("stale data");
    case Kind::Conflict:
        return QStringLiteral("conflict");
    case Kind::Type:
        return QStringLiteral("type error");
    case Kind::Sql:
        return QStringLiteral("SQL error");
    case Kind::Usage:
        return QStringLiteral("usage error");
    case Kind::Serialization:
        return QStringLiteral("transaction to run again");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QString Error::constraintLabel(Constraint c)
{
    switch (c) {
    case Constraint::None:
        return {};
    case Constraint::Unique:
        return QStringLiteral("UNIQUE");
    case Constraint::NotNull:
        return QStringLiteral("NOT NULL");
    case Constraint::ForeignKey:
        return QStringLiteral("FOREIGN KEY");
    case Constraint::Check:
        return QStringLiteral("CHECK");
    case Constraint::PrimaryKey:
        return QStringLiteral("PRIMARY KEY");
    case Constraint::Relationship:
        return QStringLiteral("relationship");
    }
    return {};
}

QString Error::text() const
{
    if (!isError())
        return {};
    QString where;
    if (!m_entity.isEmpty()) {
        where = m_entity;
        if (m_key.metaType().id() == QMetaType::QVariantList) {
            // A composite key, written as Entity::describe() does: "Membership (1, 2)".
            QStringList parts;
            for (const QVariant &v : m_key.toList())
                parts << v.toString();
            where += QStringLiteral(" (") + parts.join(QStringLiteral(", ")) + u')';
        } else if (m_key.isValid() && !m_key.isNull()) {
            where += u' ' + m_key.toString();
        }
        where += QStringLiteral(": ");
    }
    if (!m_fieldErrors.isEmpty()) {
        QStringList parts;
        for (const FieldError &f : m_fieldErrors)
            parts << f.column + QStringLiteral(": ") + f.message;
        return where + parts.join(QStringLiteral("; "));
    }
    if (!m_columns.isEmpty() && m_kind == Kind::Constraint)
        where += m_columns.join(QStringLiteral(", ")) + QStringLiteral(": ");
    return where + (m_message.isEmpty() ? kindName(m_kind) : m_message);
}

} // namespace orm
