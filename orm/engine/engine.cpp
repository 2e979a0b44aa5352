// SPDX-License-Identifier: MIT
#include "orm/engine/engine.h"

namespace orm {

std::shared_ptr<Engine> Engine::create(const QString &url, const ConnectionOptions &options,
                                       Error *error)
{
    QString message;
    const DatabaseUrl parsed = DatabaseUrl::parse(url, &message);
    if (!parsed.isValid()) {
        if (error)
            *error = Error(Error::Kind::Connection, message);
        return nullptr;
    }
    return create(parsed, options, error);
}

std::shared_ptr<Engine> Engine::create(const DatabaseUrl &url, const ConnectionOptions &options,
                                       Error *error)
{
    auto connection = Connection::open(url, options, error);
    if (!connection)
        return nullptr;
    std::shared_ptr<Engine> engine(new Engine);
    engine->m_connection = std::move(connection);
    return engine;
}

} // namespace orm
