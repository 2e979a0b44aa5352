// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"
#include "orm/sql/dialect.h"

#include <memory>

namespace orm {

// The entry point, as SQLAlchemy's create_engine(): a URL and options give a connection and
// the dialect that compiles statements for it. One connection per engine: SQLite serializes
// writers anyway, and a desktop program has one thread talking to the database.
class Engine
{
public:
    static std::shared_ptr<Engine> create(const QString &url, const ConnectionOptions &options,
                                          Error *error = nullptr);
    static std::shared_ptr<Engine> create(const QString &url, Error *error = nullptr)
    {
        return create(url, ConnectionOptions(), error);
    }
    static std::shared_ptr<Engine> create(const DatabaseUrl &url, const ConnectionOptions &options,
                                          Error *error = nullptr);

    Connection &connection() { return *m_connection; }
    const Dialect &dialect() const { return m_connection->dialect(); }
    const DatabaseUrl &url() const { return m_connection->url(); }

    void setEcho(bool echo) { m_connection->setEcho(echo); }
    bool echo() const { return m_connection->echo(); }

private:
    Engine() = default;
    std::unique_ptr<Connection> m_connection;
};

} // namespace orm
