// SPDX-License-Identifier: MIT
#pragma once

#include "orm/sql/types.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

namespace orm {

class Dialect;
class Select;

// A statement compiled to text and its bound values. Values never appear in the text.
struct Compiled
{
    QString sql;
    QVariantList params;
};

// Statement text while it is compiled, kept inline up to a usual statement's length: a query
// whose statement is already prepared is compiled, found in the cache and run without
// allocating its text.
class SqlText
{
public:
    SqlText() = default;
    SqlText(const SqlText &) = delete;
    SqlText &operator=(const SqlText &) = delete;
    ~SqlText()
    {
        if (m_data != m_inline)
            ::free(m_data);
    }

    // Appends are inline: a statement is built from many short pieces, and an out-of-line
    // append costs more than the copy itself.
    SqlText &operator+=(QStringView s)
    {
        append(reinterpret_cast<const char16_t *>(s.data()), s.size());
        return *this;
    }
    SqlText &operator+=(const QString &s) { return *this += QStringView(s); }
    template<qsizetype N>
    SqlText &operator+=(const char16_t (&literal)[N])
    {
        append(literal, N - 1);
        return *this;
    }
    SqlText &operator+=(char16_t c)
    {
        if (m_size == m_capacity)
            grow(1);
        m_data[m_size++] = c;
        return *this;
    }
    // s between two quote characters, each quote character in it doubled (SQL's quoting of
    // identifiers and strings).
    void appendQuoted(QStringView s, char16_t quote)
    {
        if (m_capacity - m_size < 2 * s.size() + 2)
            grow(2 * s.size() + 2);
        char16_t *out = m_data + m_size;
        *out++ = quote;
        for (const QChar c : s) {
            if (c.unicode() == quote)
                *out++ = quote;
            *out++ = c.unicode();
        }
        *out++ = quote;
        m_size = out - m_data;
    }
    QStringView view() const { return QStringView(m_data, m_size); }
    QString toString() const { return view().toString(); }

private:
    void append(const char16_t *s, qsizetype n)
    {
        if (m_capacity - m_size < n)
            grow(n);
        std::memcpy(m_data + m_size, s, size_t(n) * sizeof(char16_t));
        m_size += n;
    }
    void grow(qsizetype extra);

    static constexpr qsizetype InlineSize = 512;
    char16_t m_inline[InlineSize];
    char16_t *m_data = m_inline;
    qsizetype m_size = 0;
    qsizetype m_capacity = InlineSize;
};

// A node of an SQL expression tree (SQLAlchemy Core's ColumnElement). Cheap to copy (shared).
// Literal values are always bound parameters; identifiers are always quoted by the dialect.
class Expr
{
public:
    enum class Kind {
        Empty,
        Column,
        Value,
        Binary,
        Unary,
        IsNull,
        In,
        Between,
        Function,
        Star,
        Raw,
        Exists,
        Tuple
    };

    Expr() = default;

    static Expr column(const QString &table, const QString &name, const TypeSpec &type = {});
    // A bound value; with a type, it is converted to the column's stored form.
    static Expr value(const QVariant &value, const TypeSpec &type = {});
    // SQL text written by the program itself (never by a user): keywords, constants.
    static Expr raw(const QString &sqlText);
    static Expr function(const QString &name, const QList<Expr> &args = {}, bool distinct = false);
    static Expr star();
    static Expr exists(const Select &subquery);
    static Expr tuple(const QList<Expr> &items);

    bool isEmpty() const { return !m_node; }
    Kind kind() const;
    // For column expressions.
    QString table() const;
    QString name() const;
    TypeSpec type() const;
    QVariant literal() const;

    Expr like(const QString &pattern) const;
    Expr notLike(const QString &pattern) const;
    Expr ilike(const QString &pattern) const; // case-insensitive for any script (lower() both)
    Expr contains(const QString &text) const; // LIKE '%text%' with text escaped
    Expr startsWith(const QString &text) const;
    // The same, ignoring case as the engine's LIKE for it does (Dialect::likeIgnoringCase()):
    // SQLAlchemy's icontains() and istartswith().
    Expr icontains(const QString &text) const;
    Expr istartsWith(const QString &text) const;
    Expr in(const QVariantList &values) const;
    Expr notIn(const QVariantList &values) const;
    Expr in(const Select &subquery) const;
    Expr isNull() const;
    Expr isNotNull() const;
    Expr between(const QVariant &low, const QVariant &high) const;

    friend Expr operator==(const Expr &a, const Expr &b);
    friend Expr operator!=(const Expr &a, const Expr &b);
    friend Expr operator<(const Expr &a, const Expr &b);
    friend Expr operator<=(const Expr &a, const Expr &b);
    friend Expr operator>(const Expr &a, const Expr &b);
    friend Expr operator>=(const Expr &a, const Expr &b);
    friend Expr operator==(const Expr &a, const QVariant &b) { return a == a.bound(b); }
    friend Expr operator!=(const Expr &a, const QVariant &b) { return a != a.bound(b); }
    friend Expr operator<(const Expr &a, const QVariant &b) { return a < a.bound(b); }
    friend Expr operator<=(const Expr &a, const QVariant &b) { return a <= a.bound(b); }
    friend Expr operator>(const Expr &a, const QVariant &b) { return a > a.bound(b); }
    friend Expr operator>=(const Expr &a, const QVariant &b) { return a >= a.bound(b); }
    friend Expr operator&&(const Expr &a, const Expr &b);
    friend Expr operator||(const Expr &a, const Expr &b);
    friend Expr operator!(const Expr &a);
    Expr operator+(const Expr &b) const;
    Expr operator-(const Expr &b) const;
    Expr operator+(const QVariant &b) const { return *this + bound(b); }
    Expr operator-(const QVariant &b) const { return *this - bound(b); }

    // Combine a list with AND / OR; an empty list gives an empty expression.
    static Expr allOf(const QList<Expr> &terms);
    static Expr anyOf(const QList<Expr> &terms);

    // A bound value typed like this expression (a column's type converts the value).
    Expr bound(const QVariant &v) const;

    // The same expression with the columns of table named by alias instead (SQLAlchemy's
    // adaptation of a condition to an aliased table), in subqueries too, except in one that
    // reads table under its own name (there the name is its own rows').
    Expr withTable(const QString &table, const QString &alias) const;
    // Appends the table names and aliases the expression refers to, subqueries included.
    void collectTableNames(QStringList *names) const;

    void compile(const Dialect &dialect, SqlText *sql, QVariantList *params) const;
    void compile(const Dialect &dialect, QString *sql, QVariantList *params) const;

    struct Node;

private:
    explicit Expr(std::shared_ptr<const Node> node)
        : m_node(std::move(node))
    { }
    static Expr binary(const QString &op, const Expr &a, const Expr &b);
    static Expr ignoringCase(const Expr &like);
    std::shared_ptr<const Node> m_node;
};

struct OrderTerm
{
    Expr expr;
    bool descending = false;
    OrderTerm() = default;
    OrderTerm(const Expr &e, bool desc = false)
        : expr(e)
        , descending(desc)
    { }
};

inline OrderTerm asc(const Expr &e)
{
    return OrderTerm(e, false);
}
inline OrderTerm desc(const Expr &e)
{
    return OrderTerm(e, true);
}

namespace func {
Expr count(); // count(*)
Expr count(const Expr &e, bool distinct = false);
Expr sum(const Expr &e);
Expr avg(const Expr &e);
Expr min(const Expr &e);
Expr max(const Expr &e);
Expr lower(const Expr &e);
Expr upper(const Expr &e);
Expr length(const Expr &e);
Expr coalesce(const QList<Expr> &args);
} // namespace func

struct Join
{
    enum class Type { Inner, Left };
    Type type = Type::Inner;
    QString table; // its qualified name (Table::qualifiedName())
    QString alias;
    Expr on;
    QString schema = {}; // empty: the connection's default schema
};

// SELECT … FROM … JOIN … WHERE … GROUP BY … HAVING … ORDER BY … LIMIT … OFFSET …
class Select
{
public:
    QList<Expr> columns;
    QString fromTable; // its qualified name (Table::qualifiedName())
    QString fromSchema; // empty: the connection's default schema
    QString fromAlias;
    std::shared_ptr<const Select> fromSubquery; // FROM (SELECT …) AS fromAlias
    QList<Join> joins;
    Expr where;
    QList<Expr> groupBy;
    Expr having;
    QList<OrderTerm> orderBy;
    std::optional<qint64> limit;
    std::optional<qint64> offset;
    bool distinct = false;

    Compiled compile(const Dialect &dialect) const;
    void compileInto(const Dialect &dialect, QString *sql, QVariantList *params) const;
    void compileInto(const Dialect &dialect, SqlText *sql, QVariantList *params) const;
    // This select with columnList (SQL text) as its columns and without GROUP BY / HAVING,
    // as a query of whole objects runs it: no copy of the select is made.
    Compiled compileWithColumns(const Dialect &dialect, const QString &columnList) const;
    void compileWithColumns(const Dialect &dialect, const QString &columnList, SqlText *sql,
                            QVariantList *params) const;

private:
    void compileInto(const Dialect &dialect, SqlText *sql, QVariantList *params,
                     const QString *columnList) const;
};

struct Assignment
{
    QString column;
    Expr value;
};

// table: its qualified name (Table::qualifiedName()) in schema (empty: the default one).
// rows > 1: one statement that inserts that many rows (parameters row after row).
Compiled compileInsert(const Dialect &dialect, const QString &schema, const QString &table,
                       const QStringList &columns, int rows = 1);
Compiled compileUpdate(const Dialect &dialect, const QString &schema, const QString &table,
                       const QList<Assignment> &assignments, const Expr &where);
Compiled compileDelete(const Dialect &dialect, const QString &schema, const QString &table,
                       const Expr &where);

// Escapes %, _ and the escape character itself for a LIKE pattern with ESCAPE '\'.
QString escapeLike(const QString &text);

} // namespace orm
