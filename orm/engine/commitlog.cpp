// SPDX-License-Identifier: MIT
#include "orm/engine/commitlog.h"

namespace orm {

namespace {
constexpr size_t kKept = 4096;
}

void CommitLog::add(quint32 id)
{
    const std::lock_guard lock(m_mutex);
    if (!m_ids.insert(id).second)
        return;
    m_order.push_back(id);
    if (m_order.size() > kKept) {
        m_ids.erase(m_order.front());
        m_order.pop_front();
    }
}

bool CommitLog::contains(quint32 id) const
{
    const std::lock_guard lock(m_mutex);
    return m_ids.count(id) > 0;
}

qsizetype CommitLog::size() const
{
    const std::lock_guard lock(m_mutex);
    return qsizetype(m_order.size());
}

} // namespace orm
