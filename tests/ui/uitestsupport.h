// SPDX-License-Identifier: MIT
#pragma once

// Shared by the ui suites: a demo database in a temporary folder, a document on it, and a
// listener that counts statements.

#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/engine/engine.h"
#include "orm/session/session.h"
#include "ui/document.h"
#include "ui/schemaprovider.h"

#include <QBuffer>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace uitest {

inline std::shared_ptr<ui::SchemaProvider> blogSchema()
{
    return std::make_shared<ui::StaticSchemaProvider>(
        blog::entities(), [](orm::Session &s, orm::Error *e) {
            return blog::metadata().createAll(s.connection(), e);
        });
}

// A file with a table of blobs, "files" (id, data): row 1 holds a PNG image of the given
// size, the other rows the given values.
inline bool blobDatabase(const QString &path, QSize imageSize, const QList<QByteArray> &others)
{
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    if (!engine)
        return false;
    QImage image(imageSize, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return false;
    orm::Connection &c = engine->connection();
    if (!c.exec(u"CREATE TABLE files (id INTEGER PRIMARY KEY, data BLOB)"_s))
        return false;
    QList<QByteArray> values = {png};
    values += others;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (!c.exec(u"INSERT INTO files (id, data) VALUES (?, ?)"_s, {qint64(i + 1), values[i]}))
            return false;
    }
    return true;
}

// Creates (once per path) the demo database and returns its path.
inline QString demoDatabase(const QTemporaryDir &dir, const QString &name = u"demo.db"_s,
                            const blog::DemoOptions &options = {})
{
    const QString path = dir.filePath(name);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    if (!engine)
        return {};
    orm::Session session(engine);
    if (!blog::ensureDemoDatabase(session, options)) {
        qWarning() << session.lastError().text();
        return {};
    }
    return path;
}

inline std::unique_ptr<ui::Document> openDocument(const QString &path)
{
    auto schema = blogSchema();
    orm::Error error;
    auto doc = ui::Document::open(path, *schema, ui::Document::OpenMode::OpenExisting, &error);
    if (!doc)
        qWarning() << error.text();
    return doc;
}

// Any SQLite file, as the application opens files without the blog's tables.
inline std::unique_ptr<ui::Document> openReflectedDocument(const QString &path)
{
    ui::ReflectingSchemaProvider schema;
    orm::Error error;
    auto doc = ui::Document::open(path, schema, ui::Document::OpenMode::OpenExisting, &error);
    if (!doc)
        qWarning() << error.text();
    return doc;
}

// A file another program wrote: the second row of "things" holds values whose storage class
// does not match the declared type (SQLite stores what it is given), the first fits.
inline QString oddValuesDatabase(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(u"odd.db"_s);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    if (!engine)
        return {};
    orm::Connection &c = engine->connection();
    if (!c.exec(u"CREATE TABLE things (id INTEGER PRIMARY KEY, name VARCHAR(20), flag BOOLEAN, "
                "amount INTEGER, ratio FLOAT, note VARCHAR(20))"_s)
        || !c.exec(u"INSERT INTO things VALUES (1, 'fits', 1, 5, 1.5, 'plain')"_s)
        || !c.exec(u"INSERT INTO things VALUES (2, 'odd', 'maybe', 'lots', 'high', X'00FF')"_s)) {
        qWarning() << c.lastError().text();
        return {};
    }
    return path;
}

// Why another program could not write to the file at once (no busy wait), as it can while
// nothing holds a read transaction or a lock; empty when it could.
inline QString writeFromAnotherProgram(const QString &path, const QString &sql)
{
    orm::ConnectionOptions options;
    options.busyTimeoutMs = 0;
    orm::Error error;
    auto other = orm::Engine::create(orm::DatabaseUrl::forFile(path), options, &error);
    if (!other)
        return error.text();
    orm::Connection &c = other->connection();
    if (!c.begin(orm::Connection::TransactionMode::Immediate) || !c.exec(sql) || !c.commit())
        return c.lastError().text().isEmpty() ? u"not written"_s : c.lastError().text();
    return {};
}

// Records the statements a connection runs.
class StatementLog
{
public:
    explicit StatementLog(orm::Connection &connection)
        : m_connection(connection)
    {
        m_id = connection.addListener([this](const orm::StatementRecord &r) { m_sql << r.sql; });
    }
    ~StatementLog() { m_connection.removeListener(m_id); }
    const QStringList &sql() const { return m_sql; }
    void clear() { m_sql.clear(); }
    int countContaining(const QString &text) const
    {
        int n = 0;
        for (const QString &s : m_sql)
            n += s.contains(text) ? 1 : 0;
        return n;
    }

private:
    orm::Connection &m_connection;
    QStringList m_sql;
    int m_id = 0;
};

} // namespace uitest
