# SPDX-License-Identifier: MIT
"""Alembic's autogenerate comparison of two databases, one change a line.

Usage: alembic_compare.py DATABASE TARGET [DATABASE TARGET ...]
Each is an SQLite file or an SQLAlchemy URL (postgresql://...: the schema is the first of
the URL's search_path).
Prints, for each pair, a line "== N" (N from 0) and what alembic.autogenerate.compare_metadata
(compare_type and compare_server_default on) finds between DATABASE and TARGET's reflected
schema, in the form the parity test compares.
"""
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine


def cols(columns):
    return ",".join(c.name for c in columns)


def line(diff):
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return "%s %s" % (kind, diff[1].name)
    if kind in ("add_column", "remove_column"):
        return "%s %s.%s" % (kind, diff[2], diff[3].name)
    if kind in ("modify_type", "modify_nullable", "modify_default"):
        return "%s %s.%s" % (kind, diff[2], diff[3])
    if kind in ("add_index", "remove_index"):
        i = diff[1]
        return "%s %s(%s)" % (kind, i.table.name, cols(i.columns))
    if kind in ("add_constraint", "remove_constraint"):
        c = diff[1]
        return "%s %s(%s)" % (kind.replace("constraint", "unique"), c.table.name, cols(c.columns))
    if kind in ("add_fk", "remove_fk"):
        fk = diff[1]
        return "%s %s(%s)->%s(%s)" % (kind, fk.parent.name, cols(fk.columns),
                                      fk.referred_table.name,
                                      ",".join(e.column.name for e in fk.elements))
    return repr(diff)


def url(database):
    return database if "://" in database else "sqlite:///" + database


def compare(database, target_path):
    target = MetaData()
    target.reflect(create_engine(url(target_path)))
    with create_engine(url(database)).connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True})
        diffs = compare_metadata(context, target)
    for diff in diffs:
        for d in (diff if isinstance(diff, list) else [diff]):
            print(line(d))


def main():
    arguments = sys.argv[1:]
    for n in range(len(arguments) // 2):
        print("== %d" % n)
        compare(arguments[2 * n], arguments[2 * n + 1])


main()
