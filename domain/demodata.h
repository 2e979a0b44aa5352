// SPDX-License-Identifier: MIT
#pragma once

#include "orm/session/session.h"

namespace blog {

struct DemoOptions
{
    int users = 50;
    int postsPerUser = 10;
    int tags = 30;
    int groups = 8;
    quint32 seed = 20261121;
    // Users written (with their profiles, posts and links) per commit, then let go: memory
    // stays that of one batch, whatever the number of users.
    int usersPerCommit = 1000;
};

// Fills an empty database (tables already created) with deterministic demo data: the same
// options always give the same rows, whatever usersPerCommit. A failed commit leaves the
// batches written before it. Returns false with session.lastError() on failure.
[[nodiscard]] bool generateDemoData(orm::Session &session, const DemoOptions &options = {});

// Creates the tables and the demo data when the database has no "users" table yet.
[[nodiscard]] bool ensureDemoDatabase(orm::Session &session, const DemoOptions &options = {});

} // namespace blog
