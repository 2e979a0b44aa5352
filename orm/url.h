// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QUrlQuery>

namespace orm {

// A database URL as SQLAlchemy writes them:
//   sqlite:///relative/path.db   (relative to the current directory)
//   sqlite:////absolute/path.db
//   sqlite://                    (an in-memory database)
//   sqlite:///file.db?mode=ro    (read-only)
// Not supported yet: postgresql://… (parsed, refused by Engine with a clear error).
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
    QString toString() const;

private:
    QString m_scheme;
    QString m_path;
    bool m_memory = false;
    bool m_readOnly = false;
};

} // namespace orm
