// SPDX-License-Identifier: MIT
#pragma once

#include "bench/common.h"

#include <memory>

namespace bench {

// One way of talking to the database. The driver times each workload call; open(),
// release() and close() are not timed. Every workload returns a checksum of what it read or
// wrote, compared across contenders.
class Contender
{
public:
    virtual ~Contender() = default;
    virtual const char *name() const = 0;

    // A file path, or a postgresql:// URL for the contenders that speak to a server.
    virtual void open(const QString &location) = 0;
    // W1: build the users in memory and insert them, one transaction. Checksum: the keys.
    virtual quint64 insertUsers(const Inputs &in) = 0;
    // W2: every user as an object, kept for W4 and W5.
    virtual quint64 loadUsers() = 0;
    // W3: one query per name (a fresh object per row found).
    virtual quint64 lookUp(const Inputs &in) = 0;
    // W4: a new e-mail for every user loaded by W2, one transaction.
    virtual quint64 updateEmails(const Inputs &in) = 0;
    // W5: posts for the users 1..postUsers (loaded by W2), one transaction; then those users
    // loaded again with all their posts (eagerly) and every post read.
    virtual quint64 insertPostsAndLoad(const Inputs &in) = 0;
    // Frees what one workload kept and the next does not need (not timed).
    virtual void release() { }
    virtual void close() = 0;
};

std::unique_ptr<Contender> makeOrmContender();
std::unique_ptr<Contender> makeRawContender();
std::unique_ptr<Contender> makeQtSqlContender();
std::unique_ptr<Contender> makeLibpqContender();

} // namespace bench
