// SPDX-License-Identifier: MIT
#pragma once

// What every contender of the benchmark shares: the schema, the input rows, the structs a
// hand-written program keeps its rows in, the checksums that prove every contender read and
// wrote the same rows, and the stored datetime format.

#include <QDateTime>
#include <QList>
#include <QString>

#include <cstdint>
#include <vector>

namespace bench {

// A contender's database is a file path (SQLite) or a postgresql:// URL (a server).
bool isServerUrl(const QString &location);

// One schema for every contender's database (created by createSchema(), never by a contender).
extern const char *const schemaSql;
// Creates the schema in a fresh file, or afresh in the server's database (the tables dropped
// first, so that keys start at 1 again); aborts the benchmark on failure.
void createSchema(const QString &location);
void createServerSchema(const QString &url);

// The rows to write, generated once (outside the timings) and shared by every contender:
// QString values are implicitly shared, so a contender copying them copies a pointer.
struct Inputs
{
    int rows = 0;
    int postUsers = 0; // W5: the users 1..postUsers get postsPerUser posts each
    static constexpr int postsPerUser = 10;
    static constexpr int lookups = 1000;

    QList<QString> usernames;
    QList<QString> emails;
    QList<QDateTime> createdAt;
    QList<bool> active;
    QList<QString> newEmails; // W4, indexed by id - 1
    QList<QString> lookupNames; // W3
    QList<QString> postTitles; // W5, (userId - 1) * postsPerUser + j
    QString postBody;

    static Inputs make(int rows);
};

// How a hand-written Qt program holds rows: the same fields and types as the ORM's objects.
struct RawUser
{
    qint64 id = 0;
    QString username;
    QString email;
    QDateTime createdAt;
    bool isActive = true;
};

struct RawPost
{
    qint64 id = 0;
    qint64 userId = 0;
    QString title;
    QString body;
};

struct RawUserPosts
{
    RawUser user;
    std::vector<RawPost> posts;
};

// Order-independent checksums (sums of per-row hashes), identical for identical rows.
quint64 hashText(QStringView s);
quint64 userHash(qint64 id, const QString &username, const QString &email,
                 const QDateTime &createdAt, bool isActive);
quint64 postHash(qint64 id, qint64 userId, const QString &title, const QString &body);
inline quint64 userHash(const RawUser &u)
{
    return userHash(u.id, u.username, u.email, u.createdAt, u.isActive);
}
inline quint64 postHash(const RawPost &p)
{
    return postHash(p.id, p.userId, p.title, p.body);
}

// A hash of every stored byte of both tables, read with the C API: what each contender left
// in its database.
quint64 databaseChecksum(const QString &location, qint64 *users = nullptr, qint64 *posts = nullptr);
// The same on a server, over the rows' text form.
quint64 serverDatabaseChecksum(const QString &url, qint64 *users, qint64 *posts);
// "PostgreSQL 15.x (libpq 15)": what the server figures were measured on.
QString serverDescription(const QString &url);
// splitmix64's finalizer, for the checksums.
quint64 mix(quint64 x);

// The stored datetime format (SQLAlchemy's SQLite DATETIME): "YYYY-MM-DD HH:MM:SS.ffffff", UTC.
// Hand-written, as a careful program would write them (no QDateTime::toString(format)).
int formatDateTime(const QDateTime &dt, char *out26);
QString formatDateTimeString(const QDateTime &dt);
QDateTime parseDateTime(const char *s, qsizetype n);
QDateTime parseDateTime(QStringView s);

} // namespace bench
