// SPDX-License-Identifier: MIT
#include "orm/engine/transaction.h"

#include <atomic>

namespace orm {

Transaction::Transaction(Connection &connection, Connection::TransactionMode mode)
    : m_connection(connection)
{
    m_active = m_connection.begin(mode);
}

Transaction::~Transaction()
{
    rollback();
}

bool Transaction::commit()
{
    if (!m_active)
        return false;
    if (!m_connection.commit()) {
        rollback();
        return false;
    }
    m_active = false;
    return true;
}

void Transaction::rollback()
{
    if (m_active) {
        m_connection.rollback();
        m_active = false;
    }
}

static QString nextSavepointName()
{
    static std::atomic<int> counter {0};
    return QStringLiteral("sp_%1").arg(++counter);
}

SavepointGuard::SavepointGuard(Connection &connection)
    : m_connection(connection)
    , m_name(nextSavepointName())
{
    m_active = m_connection.savepoint(m_name);
}

SavepointGuard::~SavepointGuard()
{
    rollback();
}

bool SavepointGuard::release()
{
    if (!m_active)
        return false;
    m_active = false;
    return m_connection.releaseSavepoint(m_name);
}

void SavepointGuard::rollback()
{
    if (m_active) {
        m_connection.rollbackToSavepoint(m_name);
        m_active = false;
    }
}

} // namespace orm
