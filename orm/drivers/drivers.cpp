// SPDX-License-Identifier: MIT
// The one place that knows every driver: a URL's scheme picks the connection.
#include "orm/drivers/postgresql/pgconnection.h"
#include "orm/drivers/sqlite/sqliteconnection.h"
#include "orm/engine/consoledriver.h"

namespace orm {

namespace sqlite {
std::unique_ptr<orm::ConsoleDriver> consoleDriver(Connection &connection); // sqliteconsole.cpp
}
namespace postgresql {
std::unique_ptr<orm::ConsoleDriver> consoleDriver(Connection &connection); // pgconsole.cpp
}

std::unique_ptr<Connection> Connection::open(const DatabaseUrl &url,
                                             const ConnectionOptions &options, Error *error)
{
    if (url.isValid() && url.backend() == u"postgresql")
        return postgresql::Connection::open(url, options, error);
    return sqlite::Connection::open(url, options, error);
}

std::shared_ptr<const CommitLog> recordCommits(Connection &connection)
{
    if (auto *server = dynamic_cast<postgresql::Connection *>(&connection))
        return server->recordCommits();
    return nullptr;
}

void passOverCommits(Connection &watcher, std::shared_ptr<const CommitLog> log)
{
    if (auto *server = dynamic_cast<postgresql::Connection *>(&watcher))
        server->passOverCommits(std::move(log));
}

std::unique_ptr<ConsoleDriver> consoleDriver(Connection &connection)
{
    if (auto *server = dynamic_cast<postgresql::Connection *>(&connection))
        return postgresql::consoleDriver(*server);
    return sqlite::consoleDriver(static_cast<sqlite::Connection &>(connection));
}

} // namespace orm
