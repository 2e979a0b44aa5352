#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The workloads of rowsmith-bench on SQLAlchemy's ORM, for the comparison table.

Run with Debian's interpreter (python3-sqlalchemy 1.4 is installed for it):

    /usr/bin/python3 bench/sqlalchemy_bench.py [--rows N] [--runs N] [--warmup N] [--json]
                                               [--url postgresql://...]

With --url, the workloads run on that PostgreSQL database through psycopg2 (python3-psycopg2),
with the DDL of bench/libpq_contender.cpp; rowsmith-bench --engine postgresql runs it so.

Same schema (the DDL of bench/common.cpp), same rows, same workloads and the same checksums
as the C++ benchmark: the "database checksum" it prints must equal rowsmith-bench's for the
same --rows. Sessions use expire_on_commit=False, as Rowsmith's session never expires objects
(with the default, W5 would reload every user one by one after W4's commit).
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time

# Post(author=user) relies on the backref cascade 1.4 warns about (it is the documented 1.4
# behaviour and what the ORM workloads mean).
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

import sqlalchemy  # noqa: E402
from sqlalchemy import (Boolean, Column, DateTime, ForeignKey, Integer, String, Text,  # noqa: E402
                        create_engine, event)
from sqlalchemy.orm import declarative_base, relationship, selectinload, sessionmaker  # noqa: E402

SCHEMA = [
    """CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    username VARCHAR(80) NOT NULL UNIQUE,
    email VARCHAR(120) NOT NULL UNIQUE,
    created_at DATETIME NOT NULL,
    is_active BOOLEAN NOT NULL
)""",
    """CREATE TABLE posts (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    title VARCHAR(200) NOT NULL,
    body TEXT NOT NULL
)""",
    "CREATE INDEX ix_posts_user_id ON posts (user_id)",
]

SERVER_SCHEMA = [
    "SET client_min_messages = warning",
    "DROP TABLE IF EXISTS posts",
    "DROP TABLE IF EXISTS users",
    """CREATE TABLE users (
    id SERIAL NOT NULL PRIMARY KEY,
    username VARCHAR(80) NOT NULL UNIQUE,
    email VARCHAR(120) NOT NULL UNIQUE,
    created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    is_active BOOLEAN NOT NULL
)""",
    """CREATE TABLE posts (
    id SERIAL NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    title VARCHAR(200) NOT NULL,
    body TEXT NOT NULL
)""",
    "CREATE INDEX ix_posts_user_id ON posts (user_id)",
    "ANALYZE users, posts",
]

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    username = Column(String(80), unique=True, nullable=False)
    email = Column(String(120), unique=True, nullable=False)
    created_at = Column(DateTime, nullable=False)
    is_active = Column(Boolean, nullable=False, default=True)
    posts = relationship("Post", back_populates="author")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"), nullable=False, index=True)
    title = Column(String(200), nullable=False)
    body = Column(Text, nullable=False)
    author = relationship("User", back_populates="posts")


POSTS_PER_USER = 10
LOOKUPS = 1000
MASK = (1 << 64) - 1


class Inputs:
    """The rows of bench/common.cpp's Inputs::make(), value for value."""

    def __init__(self, rows):
        self.rows = rows
        self.post_users = max(1, rows // 10)
        base = datetime.datetime(2024, 1, 1)
        self.usernames, self.emails, self.created_at, self.active, self.new_emails = [], [], [], [], []
        for i in range(rows):
            n = "%07d" % (i + 1)
            self.usernames.append("user" + n)
            self.emails.append("user" + n + "@example.com")
            self.created_at.append(base + datetime.timedelta(milliseconds=i * 1000 + (i * 7) % 1000))
            self.active.append(i % 7 != 0)
            self.new_emails.append("member" + n + "@example.org")
        self.lookup_names = []
        x = 12345
        for i in range(LOOKUPS):
            x = (x * 1103515245 + 12345) & 0xFFFFFFFF
            uid = ((x >> 8) % rows) + 1
            self.lookup_names.append("nobody%d" % i if i % 10 == 9 else self.usernames[uid - 1])
        self.post_titles = ["Post %d of user %d" % (j + 1, u)
                            for u in range(1, self.post_users + 1) for j in range(POSTS_PER_USER)]
        self.post_body = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
                          "eiusmod tempor.")


def mix(x):
    # splitmix64's finalizer, as bench/common.cpp
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def fnv(data, seed):
    h = seed
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & MASK
    return h


def hash_text(s):
    units = s.encode("utf-16-le")
    codes = [units[i] | (units[i + 1] << 8) for i in range(0, len(units), 2)]
    return fnv(codes, 0xCBF29CE484222325 ^ len(codes))


def msecs(dt):
    delta = dt - datetime.datetime(1970, 1, 1)
    return (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000


def user_hash(u):
    h = mix(u.id & MASK)
    h = mix(h ^ hash_text(u.username))
    h = mix(h ^ hash_text(u.email))
    h = mix(h ^ (msecs(u.created_at) & MASK))
    return mix(h ^ (1 if u.is_active else 2))


def post_hash(p):
    h = mix((p.id ^ 0x5050) & MASK)
    h = mix(h ^ (p.user_id & MASK))
    h = mix(h ^ hash_text(p.title))
    return mix(h ^ hash_text(p.body))


def database_checksum(path):
    """bench::databaseChecksum(): every stored byte of both tables."""
    import sqlite3
    codes = {"integer": 1, "real": 2, "text": 3, "blob": 4, "null": 5}
    total = 0
    counts = []
    con = sqlite3.connect(path)
    for table, columns in (("users", ["id", "username", "email", "created_at", "is_active"]),
                           ("posts", ["id", "user_id", "title", "body"])):
        select = ", ".join("typeof(%s), CAST(%s AS BLOB)" % (c, c) for c in columns)
        n = 0
        for row in con.execute("SELECT %s FROM %s" % (select, table)):
            h = 0x1234
            for k in range(0, len(row), 2):
                data = row[k + 1] if row[k + 1] is not None else b""
                h = mix(h ^ fnv(data, 0xCBF29CE484222325 ^ codes[row[k]]))
            total = (total + h) & MASK
            n += 1
        counts.append(n)
    con.close()
    return total, counts


def server_counts(url):
    engine = create_engine(url)
    with engine.connect() as c:
        counts = [c.exec_driver_sql("SELECT count(*) FROM users").scalar(),
                  c.exec_driver_sql("SELECT count(*) FROM posts").scalar()]
    engine.dispose()
    return counts


def run_once(path, inp, url=None):
    if url:
        engine = create_engine(url)
    else:
        engine = create_engine("sqlite:///" + path)

        @event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA foreign_keys = ON")

    with engine.begin() as c:
        for ddl in SERVER_SCHEMA if url else SCHEMA:
            c.exec_driver_sql(ddl)
    Session = sessionmaker(bind=engine, expire_on_commit=False)
    times, sums = {}, {}

    t = time.perf_counter()
    s1 = Session()
    users = [User(username=inp.usernames[i], email=inp.emails[i], created_at=inp.created_at[i],
                  is_active=inp.active[i]) for i in range(inp.rows)]
    s1.add_all(users)
    s1.commit()
    sums["W1_insert"] = sum(u.id for u in users) & MASK
    times["W1_insert"] = time.perf_counter() - t
    s1.close()
    del users

    t = time.perf_counter()
    s2 = Session()
    loaded = s2.query(User).all()
    sums["W2_load"] = sum(user_hash(u) for u in loaded) & MASK
    times["W2_load"] = time.perf_counter() - t

    t = time.perf_counter()
    s3 = Session()
    total = 0
    for name in inp.lookup_names:
        u = s3.query(User).filter_by(username=name).first()
        if u is not None:
            total += user_hash(u)
    sums["W3_lookup"] = total & MASK
    times["W3_lookup"] = time.perf_counter() - t
    s3.close()

    t = time.perf_counter()
    for u in loaded:
        u.email = inp.new_emails[u.id - 1]
    s2.commit()
    sums["W4_update"] = len(loaded)
    times["W4_update"] = time.perf_counter() - t

    t = time.perf_counter()
    for u in loaded:
        if u.id > inp.post_users:
            continue
        for j in range(POSTS_PER_USER):
            s2.add(Post(title=inp.post_titles[(u.id - 1) * POSTS_PER_USER + j], body=inp.post_body,
                        author=u))
    s2.commit()
    s5 = Session()
    with_posts = (s5.query(User).filter(User.id <= inp.post_users).order_by(User.id)
                  .options(selectinload(User.posts)).all())
    total = 0
    for u in with_posts:
        total += user_hash(u)
        for p in u.posts:
            total += post_hash(p)
    sums["W5_eager"] = total & MASK
    times["W5_eager"] = time.perf_counter() - t
    s5.close()
    s2.close()
    engine.dispose()
    return times, sums


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--url", help="a postgresql:// database instead of an SQLite file")
    args = parser.parse_args()
    inp = Inputs(args.rows)
    folder = tempfile.mkdtemp(prefix="rowsmith-sqlalchemy-")
    path = os.path.join(folder, "sqlalchemy.db")
    names = ["W1_insert", "W2_load", "W3_lookup", "W4_update", "W5_eager"]
    measured = {w: [] for w in names}
    expected = None
    db_sum = None
    for run in range(args.warmup + args.runs):
        for suffix in ("", "-journal"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        times, sums = run_once(path, inp, args.url)
        if expected is None:
            expected = sums
        elif sums != expected:
            sys.exit("sqlalchemy_bench: FAILED: the runs read other rows: %s / %s" % (sums, expected))
        if args.url:
            checksum, counts = 0, server_counts(args.url)
        else:
            checksum, counts = database_checksum(path)
        if counts != [args.rows, inp.post_users * POSTS_PER_USER]:
            sys.exit("sqlalchemy_bench: FAILED: %s rows left" % counts)
        if db_sum is not None and checksum != db_sum:
            sys.exit("sqlalchemy_bench: FAILED: the runs left other rows")
        db_sum = checksum
        if run >= args.warmup:
            for w in names:
                measured[w].append(times[w])
    if os.path.exists(path):
        os.remove(path)
    os.rmdir(folder)
    medians = {w: statistics.median(measured[w]) for w in names}
    if args.url:
        engine_name = "PostgreSQL (psycopg2 %s)" % __import__("psycopg2").__version__.split()[0]
    else:
        engine_name = "SQLite " + __import__("sqlite3").sqlite_version
    print("SQLAlchemy %s ORM benchmark: %d users (W5: %d users x %d posts), %s, median of "
          "%d run(s) after %d warm-up(s)" % (sqlalchemy.__version__, args.rows, inp.post_users,
                                             POSTS_PER_USER, engine_name, args.runs, args.warmup))
    print("Rows: %d users, %d posts (database checksum %016x).\n"
          % (args.rows, inp.post_users * POSTS_PER_USER, db_sum))
    print("%-30s %10s" % ("workload (seconds)", "sqlalchemy"))
    for w in names:
        print("%-30s %10.4f" % (w, medians[w]))
    if args.json:
        # Checksums as text: they are 64-bit, more than a JSON number holds exactly.
        print(json.dumps({"rows": args.rows, "sqlalchemy": sqlalchemy.__version__,
                          "workloads": {w: {"sqlalchemy": medians[w]} for w in names},
                          "sums": {w: str(expected[w]) for w in names}}))


if __name__ == "__main__":
    main()
