// SPDX-License-Identifier: MIT
#pragma once

// Suites whose tests run once on an SQLite file and once on the test cluster: a database of
// the suite's own on the server (so that no other suite's tables are in its way), a fresh
// schema per test, and second connections to the same database.

#include "postgresql/testserver.h"

#include "orm/engine/engine.h"

#include <QTemporaryDir>
#include <QtTest>

class BothEngines
{
public:
    explicit BothEngines(const QString &database)
        : m_database(database)
    { }
    ~BothEngines()
    {
        if (auto admin = orm::Engine::create(testserver::socketUrl()))
            (void)admin->connection().exec(QStringLiteral("DROP DATABASE IF EXISTS ") + m_database);
    }

    // In initTestCase(): the server database made afresh. False (with a message) on failure.
    bool prepare(QString *message)
    {
        const QString serverUrl = testserver::socketUrl();
        auto admin = serverUrl.isEmpty() ? nullptr : orm::Engine::create(serverUrl);
        if (!m_dir.isValid() || !admin) {
            *message = QStringLiteral("no test cluster (ROWSMITH_TEST_POSTGRESQL)");
            return false;
        }
        if (!admin->connection().exec(QStringLiteral("DROP DATABASE IF EXISTS ") + m_database)
            || !admin->connection().exec(QStringLiteral("CREATE DATABASE ") + m_database)) {
            *message = admin->connection().lastError().text();
            return false;
        }
        m_serverUrl =
            QString(serverUrl).replace(QStringLiteral("/rowsmith_test?"), u'/' + m_database + u'?');
        return true;
    }

    // The data rows of a test: "sqlite" and "postgresql" in the column "engine".
    static void rows()
    {
        QTest::addColumn<QString>("engine");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }

    // The current row's engine with `schema`'s tables, empty.
    std::shared_ptr<orm::Engine> fresh(const orm::MetaData &schema)
    {
        QFETCH(QString, engine);
        m_url = engine == u"sqlite"
            ? QStringLiteral("sqlite:///") + m_dir.filePath(QStringLiteral("t%1.db").arg(++m_files))
            : m_serverUrl;
        orm::Error error;
        auto e = orm::Engine::create(m_url, &error);
        if (!e)
            qFatal("cannot open %s: %s", qPrintable(m_url), qPrintable(error.text()));
        if (!schema.dropAll(e->connection(), &error) || !schema.createAll(e->connection(), &error))
            qFatal("cannot make the schema: %s", qPrintable(error.text()));
        return e;
    }

    // Another connection to the database of the last fresh().
    std::shared_ptr<orm::Engine> second() const
    {
        auto e = orm::Engine::create(m_url);
        if (!e)
            qFatal("cannot open a second connection to %s", qPrintable(m_url));
        return e;
    }

    const QString &url() const { return m_url; }

private:
    QString m_database;
    QTemporaryDir m_dir;
    QString m_serverUrl;
    QString m_url;
    int m_files = 0;
};
