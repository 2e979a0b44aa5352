// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <deque>
#include <memory>
#include <mutex>
#include <unordered_set>

namespace orm {

class Connection;

// The transactions a connection of this program ended, by their server ids, so that another
// connection's dataVersion() passes over them. On a server every transaction that ends moves
// the snapshot the version is read from: without this, a watcher on a connection of its own
// takes the window's own commits for another program's and reads everything again.
//
// Thread-safe: written by the recording connection's thread, read by the watcher's. Keeps the
// newest few thousand ids: a watcher asks every second or so, and an id older than its last
// question is never looked up again.
class CommitLog
{
public:
    void add(quint32 id);
    bool contains(quint32 id) const;
    qsizetype size() const;

private:
    mutable std::mutex m_mutex;
    std::deque<quint32> m_order; // oldest first
    std::unordered_set<quint32> m_ids;
};

// Starts recording the transactions connection ends, and its own dataVersion() passes over
// them from now on. On a server this costs one query more per commit. nullptr where the engine
// needs no log: SQLite's data_version already passes over its own connection's commits, and
// the window asks it on that connection.
std::shared_ptr<const CommitLog> recordCommits(Connection &connection);
// From now on watcher's dataVersion() does not change for the transactions in log (a null log
// is ignored).
void passOverCommits(Connection &watcher, std::shared_ptr<const CommitLog> log);

} // namespace orm
