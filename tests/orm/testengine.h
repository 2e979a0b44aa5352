// SPDX-License-Identifier: MIT
#pragma once

// Where a suite of tests/orm runs. Built as itself: on SQLite, at the URL each test names
// (memory or a file). Built as its server run (ROWSMITH_TEST_ON_SERVER, see
// tests/postgresql/CMakeLists.txt): every database a test names is one database of the
// suite's own on the test cluster, so that the same examples run on PostgreSQL.

#include "orm/engine/engine.h"

#ifdef ROWSMITH_TEST_ON_SERVER
#include "postgresql/testserver.h"
#endif

#include <QString>

namespace testengine {

#ifdef ROWSMITH_TEST_ON_SERVER
inline constexpr bool onServer = true;

// The suite's database on the cluster.
inline QString serverUrl()
{
    return QString(testserver::socketUrl())
        .replace(QStringLiteral("/rowsmith_test?"), QStringLiteral("/" ROWSMITH_TEST_DATABASE "?"));
}

// In initTestCase(): the suite's database made afresh. False (with a message) on failure.
inline bool prepare(QString *message)
{
    auto admin =
        testserver::socketUrl().isEmpty() ? nullptr : orm::Engine::create(testserver::socketUrl());
    if (!admin) {
        *message = QStringLiteral("no test cluster (ROWSMITH_TEST_POSTGRESQL)");
        return false;
    }
    orm::Connection &c = admin->connection();
    if (!c.exec(QStringLiteral("DROP DATABASE IF EXISTS " ROWSMITH_TEST_DATABASE))
        || !c.exec(QStringLiteral("CREATE DATABASE " ROWSMITH_TEST_DATABASE))) {
        *message = c.lastError().text();
        return false;
    }
    return true;
}

// The database a test names by `sqliteUrl`, for another connection to it.
inline QString url(const QString &)
{
    return serverUrl();
}

// The same, emptied first: on the server, every table of the last test goes.
inline QString fresh(const QString &)
{
    auto e = orm::Engine::create(serverUrl());
    if (!e || !e->connection().exec(QStringLiteral("DROP SCHEMA public CASCADE"))
        || !e->connection().exec(QStringLiteral("CREATE SCHEMA public")))
        qFatal("cannot empty %s", qPrintable(serverUrl()));
    return serverUrl();
}
#else
inline constexpr bool onServer = false;

inline bool prepare(QString *)
{
    return true;
}

inline QString url(const QString &sqliteUrl)
{
    return sqliteUrl;
}

inline QString fresh(const QString &sqliteUrl)
{
    return sqliteUrl;
}
#endif

} // namespace testengine
