// SPDX-License-Identifier: MIT
#include "bench/common.h"

#include <QFile>

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>

namespace bench {

const char *const schemaSql = R"(
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    username VARCHAR(80) NOT NULL UNIQUE,
    email VARCHAR(120) NOT NULL UNIQUE,
    created_at DATETIME NOT NULL,
    is_active BOOLEAN NOT NULL
);
CREATE TABLE posts (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    title VARCHAR(200) NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX ix_posts_user_id ON posts (user_id);
)";

[[noreturn]] static void die(const char *what, sqlite3 *db)
{
    std::fprintf(stderr, "rowsmith-bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    std::exit(2);
}

bool isServerUrl(const QString &location)
{
    return location.startsWith(u"postgresql://") || location.startsWith(u"postgres://");
}

void createSchema(const QString &path)
{
    if (isServerUrl(path)) {
        createServerSchema(path);
        return;
    }
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-journal"));
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK)
        die("cannot create the database", db);
    if (sqlite3_exec(db, schemaSql, nullptr, nullptr, nullptr) != SQLITE_OK)
        die("cannot create the schema", db);
    sqlite3_close(db);
}

Inputs Inputs::make(int rows)
{
    Inputs in;
    in.rows = rows;
    in.postUsers = qMax(1, rows / 10);
    in.usernames.reserve(rows);
    in.emails.reserve(rows);
    in.createdAt.reserve(rows);
    in.active.reserve(rows);
    in.newEmails.reserve(rows);
    const QDateTime base(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    for (int i = 0; i < rows; ++i) {
        const QString n = QString::number(i + 1).rightJustified(7, u'0');
        in.usernames << QStringLiteral("user") + n;
        in.emails << QStringLiteral("user") + n + QStringLiteral("@example.com");
        in.createdAt << base.addMSecs(qint64(i) * 1000 + (i * 7) % 1000);
        in.active << (i % 7 != 0);
        in.newEmails << QStringLiteral("member") + n + QStringLiteral("@example.org");
    }
    // Look-ups spread over the whole table (a fixed LCG: the same names for every contender),
    // one in ten for a name that does not exist.
    quint32 x = 12345;
    for (int i = 0; i < lookups; ++i) {
        x = x * 1103515245u + 12345u;
        const int id = int((x >> 8) % quint32(rows)) + 1;
        in.lookupNames << (i % 10 == 9 ? QStringLiteral("nobody") + QString::number(i)
                                       : in.usernames.at(id - 1));
    }
    in.postTitles.reserve(in.postUsers * postsPerUser);
    for (int u = 1; u <= in.postUsers; ++u) {
        for (int j = 0; j < postsPerUser; ++j)
            in.postTitles << QStringLiteral("Post %1 of user %2").arg(j + 1).arg(u);
    }
    in.postBody = QStringLiteral("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
                                 "eiusmod tempor.");
    return in;
}

quint64 mix(quint64 x)
{
    // splitmix64's finalizer
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

quint64 hashText(QStringView s)
{
    quint64 h = 0xcbf29ce484222325ull ^ quint64(s.size());
    for (QChar c : s)
        h = (h ^ c.unicode()) * 0x100000001b3ull;
    return h;
}

quint64 userHash(qint64 id, const QString &username, const QString &email,
                 const QDateTime &createdAt, bool isActive)
{
    quint64 h = mix(quint64(id));
    h = mix(h ^ hashText(username));
    h = mix(h ^ hashText(email));
    h = mix(h ^ quint64(createdAt.isValid() ? createdAt.toMSecsSinceEpoch() : -1));
    return mix(h ^ (isActive ? 1 : 2));
}

quint64 postHash(qint64 id, qint64 userId, const QString &title, const QString &body)
{
    quint64 h = mix(quint64(id) ^ 0x5050);
    h = mix(h ^ quint64(userId));
    h = mix(h ^ hashText(title));
    return mix(h ^ hashText(body));
}

quint64 databaseChecksum(const QString &path, qint64 *users, qint64 *posts)
{
    if (isServerUrl(path))
        return serverDatabaseChecksum(path, users, posts);
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr)
        != SQLITE_OK)
        die("cannot open a database to check it", db);
    quint64 sum = 0;
    auto scan = [&](const char *sql, qint64 *count) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK)
            die("cannot check a database", db);
        qint64 n = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            quint64 h = 0x1234;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const auto *p = static_cast<const unsigned char *>(sqlite3_column_blob(st, c));
                const int bytes = sqlite3_column_bytes(st, c);
                quint64 ch = 0xcbf29ce484222325ull ^ quint64(sqlite3_column_type(st, c));
                for (int i = 0; i < bytes; ++i)
                    ch = (ch ^ p[i]) * 0x100000001b3ull;
                h = mix(h ^ ch);
            }
            sum += h;
            ++n;
        }
        sqlite3_finalize(st);
        if (count)
            *count = n;
    };
    // Integers are read as text here: the same value gives the same bytes.
    scan("SELECT id, username, email, created_at, is_active FROM users", users);
    scan("SELECT id, user_id, title, body FROM posts", posts);
    sqlite3_close(db);
    return sum;
}

// ---- dates: days from the civil calendar and back (H. Hinnant's algorithms) ----------------

static inline qint64 daysFromCivil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

static inline void civilFromDays(qint64 z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = int(qint64(yoe) + era * 400 + (*m <= 2));
}

static inline void put(char *p, unsigned v, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        p[i] = char('0' + v % 10);
        v /= 10;
    }
}

int formatDateTime(const QDateTime &dt, char *out)
{
    const qint64 ms = dt.toMSecsSinceEpoch();
    qint64 days = ms / 86400000;
    qint64 rest = ms % 86400000;
    if (rest < 0) {
        rest += 86400000;
        --days;
    }
    int y;
    unsigned m, d;
    civilFromDays(days, &y, &m, &d);
    const unsigned msOfDay = unsigned(rest);
    put(out, unsigned(y), 4);
    out[4] = '-';
    put(out + 5, m, 2);
    out[7] = '-';
    put(out + 8, d, 2);
    out[10] = ' ';
    put(out + 11, msOfDay / 3600000, 2);
    out[13] = ':';
    put(out + 14, msOfDay / 60000 % 60, 2);
    out[16] = ':';
    put(out + 17, msOfDay / 1000 % 60, 2);
    out[19] = '.';
    put(out + 20, msOfDay % 1000, 3);
    out[23] = out[24] = out[25] = '0';
    return 26;
}

QString formatDateTimeString(const QDateTime &dt)
{
    char buf[26];
    formatDateTime(dt, buf);
    return QString::fromLatin1(buf, 26);
}

template<class Char>
static QDateTime parse(const Char *s, qsizetype n)
{
    if (n < 19)
        return {};
    auto num = [s](int at, int width) {
        unsigned v = 0;
        for (int i = 0; i < width; ++i)
            v = v * 10 + unsigned(s[at + i] - '0');
        return v;
    };
    // A server trims trailing zeros of the fraction ("…:01.07"): up to three digits, padded.
    unsigned ms = 0;
    if (n > 20 && s[19] == '.') {
        for (int i = 20; i < 23; ++i)
            ms = ms * 10 + (i < n ? unsigned(s[i] - '0') : 0);
    }
    const qint64 days = daysFromCivil(int(num(0, 4)), num(5, 2), num(8, 2));
    const qint64 msecs = days * 86400000
        + qint64(num(11, 2) * 3600000 + num(14, 2) * 60000 + num(17, 2) * 1000 + ms);
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

QDateTime parseDateTime(const char *s, qsizetype n)
{
    return parse(s, n);
}

QDateTime parseDateTime(QStringView s)
{
    return parse(s.utf16(), s.size());
}

} // namespace bench
