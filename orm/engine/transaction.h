// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"

namespace orm {

// A database transaction that rolls back unless committed (Core level: no objects involved;
// Session::beginNested() is the ORM-level savepoint).
class Transaction
{
public:
    explicit Transaction(Connection &connection,
                         Connection::TransactionMode mode = Connection::TransactionMode::Immediate);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    [[nodiscard]] bool commit();
    void rollback();

private:
    Connection &m_connection;
    bool m_active = false;
};

// A SAVEPOINT inside an open transaction; rolls back to it unless released.
class SavepointGuard
{
public:
    explicit SavepointGuard(Connection &connection);
    ~SavepointGuard();
    SavepointGuard(const SavepointGuard &) = delete;
    SavepointGuard &operator=(const SavepointGuard &) = delete;

    bool isActive() const { return m_active; }
    QString name() const { return m_name; }
    [[nodiscard]] bool release();
    void rollback();

private:
    Connection &m_connection;
    QString m_name;
    bool m_active = false;
};

} // namespace orm
