// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QUrlQuery>

#include <utility>

namespace orm {

// A database URL as SQLAlchemy writes them:
//   sqlite:///relative/path.db   (relative to the current directory)
//   sqlite:////absolute/path.db
//   sqlite://                    (an in-memory database)
//   sqlite:///file.db?mode=ro    (read-only)
//   postgresql://user:password@host:port/database?sslmode=verify-full&sslrootcert=/ca.pem
//   postgresql:///database?host=/run/postgresql   (a Unix socket's folder)
// A server URL's query takes libpq's connection parameters that make sense in one (host,
// port, sslmode and the other ssl* files, connect_timeout, application_name,
// target_session_attrs, keepalives*, options: `-csearch_path=sales` as SQLAlchemy sets a
// schema); any other is refused, as is an sslmode libpq does not
// know. A driver after "+" (postgresql+psycopg2://) is accepted and means nothing here.
class DatabaseUrl
{
public:
    DatabaseUrl() = default;
    static DatabaseUrl parse(const QString &url, QString *errorMessage = nullptr);
    static DatabaseUrl forFile(const QString &path);
    static DatabaseUrl memory();

    bool isValid() const { return !m_scheme.isEmpty(); }
    QString scheme() const { return m_scheme; }
    QString backend() const; // "sqlite", "postgresql"
    bool isMemory() const { return m_memory; }
    QString path() const { return m_path; } // absolute file path for SQLite files
    bool isReadOnly() const { return m_readOnly; }
    // The URL, never with its password: for titles, recent lists and logs.
    QString toString() const;

    // A server's URL: its parts, percent-decoded, and what libpq is given.
    QString host() const { return m_host; }
    QString port() const { return m_port; }
    QString database() const { return m_database; }
    QString userName() const { return m_userName; }
    QString password() const { return m_password; }
    QList<std::pair<QString, QString>> connectionParameters() const;

private:
    static bool parseServerUrl(const QString &text, DatabaseUrl &result, QString *errorMessage);
    static QString withoutPassword(const QString &text);

    QString m_scheme;
    QString m_path;
    bool m_memory = false;
    bool m_readOnly = false;
    QString m_host;
    QString m_port;
    QString m_database;
    QString m_userName;
    QString m_password;
    QList<std::pair<QString, QString>> m_parameters; // the query's, in order
};

} // namespace orm
