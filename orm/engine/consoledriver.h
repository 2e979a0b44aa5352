// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <optional>

namespace orm {

class Connection;

// The lexical rules a statement splitter needs to find the `;` that ends a statement: which
// quotes an engine knows beside '…' and "…", and which statements hold `;` inside a body.
struct SqlSyntax
{
    bool bracketIdentifiers = false; // [name] (SQLite)
    bool backtickIdentifiers = false; // `name` (SQLite)
    bool dollarQuotes = false; // $tag$ … $tag$ (PostgreSQL)
    bool escapeStrings = false; // E'…\'…' (PostgreSQL)
    bool nestedComments = false; // /* /* */ */ (PostgreSQL)
    bool triggerBodies = false; // CREATE TRIGGER … BEGIN …; …; END (SQLite)
};

// What the SQL console asks of an engine beyond the Connection seam: how its statements are
// written, whether one writes, where in a statement an error is, what a refusal of the
// connection's defensive settings means, and the query plan. Each driver brings one
// (drivers/sqlite/sqliteconsole.cpp, drivers/postgresql/pgconsole.cpp); consoleDriver() picks
// it (drivers/drivers.cpp). Used on the connection's own thread.
class ConsoleDriver
{
public:
    virtual ~ConsoleDriver() = default;
    virtual SqlSyntax syntax() const = 0;
    // Whether the statement may write (and so runs inside the console's transaction). An
    // error in compiling it leaves the answer to the run.
    virtual bool writes(const QString &statement) = 0;
    // Where, in characters from the statement's start, the error the connection reported last
    // for it lies; -1 when the engine does not tell.
    virtual int errorPosition(const QString &statement) const = 0;
    // Why the connection's defensive settings refuse (or silently ignore) the statement, for
    // the person; empty when they have nothing to do with it. error: the failure, if any.
    virtual QString refusal(const QString &statement, const Error *error) const = 0;
    // The engine's plan of the statement (EXPLAIN QUERY PLAN, a server's EXPLAIN), one line per
    // step, indented two spaces per level. nullopt on error (*error says why).
    virtual std::optional<QStringList> plan(const QString &statement, Error *error) = 0;
    // Whether a result left open (a statement stepped part of the way) holds off other
    // connections' writes: SQLite's rollback journals keep the read's lock until the statement
    // ends; WAL and a server do not.
    virtual bool openResultHoldsOffWriters() = 0;
};

// The console driver of the connection's engine; it refers to the connection, which must
// outlive it.
std::unique_ptr<ConsoleDriver> consoleDriver(Connection &connection);

} // namespace orm
