// SPDX-License-Identifier: MIT
#pragma once

// A database of a suite's own on the test cluster (testserver.h): made afresh, the one a run
// before may have left dropped first, and dropped again when the suite ends.

#include "orm/engine/engine.h"
#include "postgresql/testserver.h"

#include <QString>
#include <QVariant>

#include <initializer_list>

namespace testserver {

class ServerDatabase
{
public:
    explicit ServerDatabase(const QString &name)
        : m_name(name)
    { }
    ~ServerDatabase() { drop(); }
    ServerDatabase(const ServerDatabase &) = delete;
    ServerDatabase &operator=(const ServerDatabase &) = delete;

    // Makes it afresh; its URL through the cluster's socket, or empty with *error set.
    QString create(QString *error)
    {
        const QString server = socketUrl();
        if (server.isEmpty()) {
            *error = QStringLiteral("no test cluster (ROWSMITH_TEST_POSTGRESQL)");
            return {};
        }
        auto admin = orm::Engine::create(server);
        const QString quoted = u'"' + m_name + u'"';
        if (!admin || !admin->connection().exec(QStringLiteral("DROP DATABASE IF EXISTS ") + quoted)
            || !admin->connection().exec(QStringLiteral("CREATE DATABASE ") + quoted)) {
            *error = admin ? admin->connection().lastError().text()
                           : QStringLiteral("the cluster does not answer");
            return {};
        }
        m_url = QString(server).replace(QStringLiteral("/rowsmith_test?"), u'/' + m_name + u'?');
        return m_url;
    }
    QString url() const { return m_url; }
    // Runs each statement in turn through a connection of its own; false, with *error set to
    // the first refusal, when one fails (those after it are not run).
    bool run(std::initializer_list<QString> statements, QString *error) const
    {
        auto engine = orm::Engine::create(m_url);
        if (!engine) {
            *error = QStringLiteral("cannot connect to ") + m_url;
            return false;
        }
        orm::Connection &c = engine->connection();
        for (const QString &sql : statements) {
            if (!c.exec(sql)) {
                *error = c.lastError().text();
                return false;
            }
        }
        return true;
    }
    // The first value of a query's first row, as another connection reads it.
    QVariant readBack(const QString &sql) const
    {
        auto engine = orm::Engine::create(m_url);
        if (!engine)
            return {};
        const auto rows = engine->connection().select(sql);
        return rows && !rows->isEmpty() ? rows->first().value(0) : QVariant();
    }
    void drop()
    {
        if (m_url.isEmpty())
            return;
        if (auto admin = orm::Engine::create(socketUrl()))
            (void)admin->connection().exec(
                QStringLiteral("DROP DATABASE IF EXISTS \"%1\"").arg(m_name));
        m_url.clear();
    }

private:
    QString m_name;
    QString m_url;
};

} // namespace testserver
