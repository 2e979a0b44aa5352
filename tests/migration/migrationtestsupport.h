// SPDX-License-Identifier: MIT
#pragma once

#include "orm/drivers/sqlite/reflection.h"
#include "orm/engine/connection.h"
#include "orm/engine/url.h"
#include "orm/migrations/migrate.h"

#include <QFile>
#include <QtTest>

#include <memory>

// A database file made of DDL and rows, for the migration tests.
inline std::unique_ptr<orm::Connection> makeDatabase(const QString &path,
                                                     const QStringList &statements)
{
    QFile::remove(path);
    orm::Error error;
    auto connection =
        orm::Connection::open(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions(), &error);
    if (!connection) {
        qWarning() << error.message();
        return nullptr;
    }
    for (const QString &sql : statements) {
        if (!connection->exec(sql)) {
            qWarning() << sql << connection->lastError().message();
            return nullptr;
        }
    }
    return connection;
}

// An existing database file, as it is.
inline std::unique_ptr<orm::Connection> openDatabase(const QString &path)
{
    orm::Error error;
    auto connection =
        orm::Connection::open(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions(), &error);
    if (!connection) {
        qWarning() << error.message();
    }
    return connection;
}

inline orm::MetaData reflected(orm::Connection &connection)
{
    orm::Error error;
    auto md = orm::reflect(connection, &error);
    if (!md) {
        qWarning() << error.message();
        return {};
    }
    return *md;
}
