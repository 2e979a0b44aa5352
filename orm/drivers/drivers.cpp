// SPDX-License-Identifier: MIT
// The one place that knows every driver: a URL's scheme picks the connection.
#include "orm/drivers/postgresql/pgconnection.h"
#include "orm/drivers/sqlite/sqliteconnection.h"

namespace orm {

std::unique_ptr<Connection> Connection::open(const DatabaseUrl &url,
                                             const ConnectionOptions &options, Error *error)
{
    if (url.isValid() && url.backend() == u"postgresql")
        return postgresql::Connection::open(url, options, error);
    return sqlite::Connection::open(url, options, error);
}

} // namespace orm
