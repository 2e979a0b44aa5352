// SPDX-License-Identifier: MIT
#include "orm/sql/sql.h"

#include "orm/sql/dialect.h"

#include <QVarLengthArray>

#include <algorithm>

namespace orm {

void SqlText::grow(qsizetype extra)
{
    const qsizetype capacity = std::max(m_capacity * 2, m_size + extra);
    auto *data = static_cast<char16_t *>(
        m_data == m_inline ? ::malloc(size_t(capacity) * sizeof(char16_t))
                           : ::realloc(m_data, size_t(capacity) * sizeof(char16_t)));
    Q_CHECK_PTR(data);
    if (m_data == m_inline)
        std::memcpy(data, m_inline, size_t(m_size) * sizeof(char16_t));
    m_data = data;
    m_capacity = capacity;
}

struct Expr::Node
{
    Kind kind = Kind::Empty;
    QString op; // operator, function name, raw text
    QString table;
    QString name;
    TypeSpec type;
    QVariant value;
    QVariantList values;
    // Operands: inline, as no node but a function or a tuple has more than three.
    QVarLengthArray<Expr, 3> children;
    std::shared_ptr<const Select> subquery;
    bool flag = false; // NOT for IsNull / In, DISTINCT for functions
};

Expr Expr::column(const QString &table, const QString &name, const TypeSpec &type)
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Column;
    n->table = table;
    n->name = name;
    n->type = type;
    return Expr(n);
}

Expr Expr::value(const QVariant &value, const TypeSpec &type)
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Value;
    bool ok = true;
    const QVariant stored = storage::toStorage(value, type, &ok);
    n->value = ok ? stored : value; // an unconvertible value is compared as it is
    n->type = type;
    return Expr(n);
}

Expr Expr::raw(const QString &sqlText)
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Raw;
    n->op = sqlText;
    return Expr(n);
}

Expr Expr::function(const QString &name, const QList<Expr> &args, bool distinct)
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Function;
    n->op = name;
    n->children.append(args.constData(), args.size());
    n->flag = distinct;
    // Aggregates typed as SQLAlchemy types them: avg() a float, sum() its argument's type. A
    // server answers NUMERIC for both over integers, which RowQuery reads back as that type.
    if (name == u"avg")
        n->type = Float;
    else if (name == u"sum" && !args.isEmpty())
        n->type = args.first().type();
    return Expr(n);
}

Expr Expr::star()
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Star;
    return Expr(n);
}

Expr Expr::exists(const Select &subquery)
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Exists;
    n->subquery = std::make_shared<Select>(subquery);
    return Expr(n);
}

Expr Expr::tuple(const QList<Expr> &items)
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Tuple;
    n->children.append(items.constData(), items.size());
    return Expr(n);
}

Expr::Kind Expr::kind() const
{
    return m_node ? m_node->kind : Kind::Empty;
}
QString Expr::table() const
{
    return m_node ? m_node->table : QString();
}
QString Expr::name() const
{
    return m_node ? m_node->name : QString();
}
TypeSpec Expr::type() const
{
    return m_node ? m_node->type : TypeSpec();
}
QVariant Expr::literal() const
{
    return m_node ? m_node->value : QVariant();
}

Expr Expr::bound(const QVariant &v) const
{
    // Text patterns and LIKE operands stay text; everything else takes the column's type.
    return value(v, type());
}

Expr Expr::binary(const QString &op, const Expr &a, const Expr &b)
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Binary;
    n->op = op;
    n->children.append(a);
    n->children.append(b);
    n->type = a.type();
    return Expr(n);
}

// A bound NULL: "= NULL" is never true in SQL, so comparisons with it become IS [NOT] NULL.
static bool isNullValue(const std::shared_ptr<const Expr::Node> &n)
{
    return n && n->kind == Expr::Kind::Value && n->value.isNull();
}

Expr operator==(const Expr &a, const Expr &b)
{
    if (isNullValue(b.m_node))
        return a.isNull();
    return Expr::binary(QStringLiteral("="), a, b);
}
Expr operator!=(const Expr &a, const Expr &b)
{
    if (isNullValue(b.m_node))
        return a.isNotNull();
    return Expr::binary(QStringLiteral("!="), a, b);
}
Expr operator<(const Expr &a, const Expr &b)
{
    return Expr::binary(QStringLiteral("<"), a, b);
}
Expr operator<=(const Expr &a, const Expr &b)
{
    return Expr::binary(QStringLiteral("<="), a, b);
}
Expr operator>(const Expr &a, const Expr &b)
{
    return Expr::binary(QStringLiteral(">"), a, b);
}
Expr operator>=(const Expr &a, const Expr &b)
{
    return Expr::binary(QStringLiteral(">="), a, b);
}
Expr operator&&(const Expr &a, const Expr &b)
{
    if (a.isEmpty())
        return b;
    if (b.isEmpty())
        return a;
    return Expr::binary(QStringLiteral("AND"), a, b);
}
Expr operator||(const Expr &a, const Expr &b)
{
    if (a.isEmpty())
        return b;
    if (b.isEmpty())
        return a;
    return Expr::binary(QStringLiteral("OR"), a, b);
}
Expr operator!(const Expr &a)
{
    auto n = std::make_shared<Expr::Node>();
    n->kind = Expr::Kind::Unary;
    n->op = QStringLiteral("NOT");
    n->children = {a};
    return Expr(n);
}
Expr Expr::operator+(const Expr &b) const
{
    return binary(QStringLiteral("+"), *this, b);
}
Expr Expr::operator-(const Expr &b) const
{
    return binary(QStringLiteral("-"), *this, b);
}

Expr Expr::allOf(const QList<Expr> &terms)
{
    Expr result;
    for (const Expr &t : terms)
        result = result && t;
    return result;
}

Expr Expr::anyOf(const QList<Expr> &terms)
{
    Expr result;
    for (const Expr &t : terms)
        result = result || t;
    return result;
}

QString escapeLike(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        if (c == u'%' || c == u'_' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return out;
}

Expr Expr::like(const QString &pattern) const
{
    return binary(QStringLiteral("LIKE"), *this, value(pattern));
}
Expr Expr::notLike(const QString &pattern) const
{
    return binary(QStringLiteral("NOT LIKE"), *this, value(pattern));
}
Expr Expr::ilike(const QString &pattern) const
{
    // Compiled for the engine (see compile()): a server's ILIKE, or on SQLite, whose lower()
    // folds ASCII only, LIKE between both sides through the connection's Unicode case fold.
    return binary(QStringLiteral("ILIKE"), *this, value(pattern));
}
Expr Expr::contains(const QString &text) const
{
    return binary(QStringLiteral("LIKE_ESCAPED"), *this,
                  value(QString(u'%' + escapeLike(text) + u'%')));
}
Expr Expr::startsWith(const QString &text) const
{
    return binary(QStringLiteral("LIKE_ESCAPED"), *this, value(QString(escapeLike(text) + u'%')));
}

Expr Expr::icontains(const QString &text) const
{
    return ignoringCase(contains(text));
}
Expr Expr::istartsWith(const QString &text) const
{
    return ignoringCase(startsWith(text));
}
Expr Expr::ignoringCase(const Expr &like)
{
    // A copy of the LIKE node (nodes are shared), flagged: the dialect's LIKE ignoring case.
    auto n = std::make_shared<Node>(*like.m_node);
    n->flag = true;
    return Expr(n);
}

Expr Expr::in(const QVariantList &values) const
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::In;
    n->children = {*this};
    for (const QVariant &v : values) {
        bool ok = true;
        const QVariant stored = storage::toStorage(v, type(), &ok);
        n->values.append(ok ? stored : v);
    }
    return Expr(n);
}

Expr Expr::notIn(const QVariantList &values) const
{
    Expr e = in(values);
    const_cast<Node *>(e.m_node.get())->flag = true;
    return e;
}

Expr Expr::in(const Select &subquery) const
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::In;
    n->children = {*this};
    n->subquery = std::make_shared<Select>(subquery);
    return Expr(n);
}

Expr Expr::isNull() const
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::IsNull;
    n->children = {*this};
    return Expr(n);
}

Expr Expr::isNotNull() const
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::IsNull;
    n->children = {*this};
    n->flag = true;
    return Expr(n);
}

Expr Expr::between(const QVariant &low, const QVariant &high) const
{
    auto n = std::make_shared<Node>();
    n->kind = Kind::Between;
    n->children = {*this, bound(low), bound(high)};
    return Expr(n);
}

namespace {
bool readsUnderItsName(const QString &table, const QString &alias, const QString &name)
{
    return table == name && (alias.isEmpty() || alias == name);
}

Select selectWithTable(const Select &s, const QString &table, const QString &alias)
{
    if (readsUnderItsName(s.fromTable, s.fromAlias, table) && !s.fromSubquery)
        return s;
    for (const Join &j : s.joins) {
        if (readsUnderItsName(j.table, j.alias, table))
            return s;
    }
    Select out = s;
    for (Expr &e : out.columns)
        e = e.withTable(table, alias);
    for (Join &j : out.joins)
        j.on = j.on.withTable(table, alias);
    out.where = out.where.withTable(table, alias);
    for (Expr &e : out.groupBy)
        e = e.withTable(table, alias);
    out.having = out.having.withTable(table, alias);
    for (OrderTerm &t : out.orderBy)
        t.expr = t.expr.withTable(table, alias);
    return out;
}
} // namespace

Expr Expr::withTable(const QString &table, const QString &alias) const
{
    if (!m_node)
        return *this;
    const Node &n = *m_node;
    if (n.kind == Kind::Column) {
        if (n.table != table)
            return *this;
        auto c = std::make_shared<Node>(n);
        c->table = alias;
        return Expr(c);
    }
    if (n.children.isEmpty() && !n.subquery)
        return *this;
    auto c = std::make_shared<Node>(n);
    for (Expr &child : c->children)
        child = child.withTable(table, alias);
    if (n.subquery)
        c->subquery = std::make_shared<Select>(selectWithTable(*n.subquery, table, alias));
    return Expr(c);
}

void Expr::collectTableNames(QStringList *names) const
{
    if (!m_node)
        return;
    const Node &n = *m_node;
    if (n.kind == Kind::Column && !n.table.isEmpty())
        names->append(n.table);
    for (const Expr &child : n.children)
        child.collectTableNames(names);
    if (const Select *s = n.subquery.get()) {
        names->append(s->fromAlias.isEmpty() ? s->fromTable : s->fromAlias);
        for (const Join &j : s->joins) {
            names->append(j.alias.isEmpty() ? j.table : j.alias);
            j.on.collectTableNames(names);
        }
        for (const Expr &e : s->columns)
            e.collectTableNames(names);
        s->where.collectTableNames(names);
        s->having.collectTableNames(names);
    }
}

static bool needsParens(Expr::Kind k)
{
    return k == Expr::Kind::Binary || k == Expr::Kind::Unary || k == Expr::Kind::In
        || k == Expr::Kind::Between || k == Expr::Kind::IsNull;
}

static bool isLike(const QString &op)
{
    return op == QStringLiteral("LIKE_ESCAPED") || op == QStringLiteral("ILIKE")
        || op == QStringLiteral("LIKE") || op == QStringLiteral("NOT LIKE");
}

// Whether the left operand of a LIKE is compared as its text, CAST(column AS TEXT). SQLite's
// LIKE reads any value as text; an engine with an ILIKE of its own (a server) types its
// operands: LIKE and ILIKE are operators of text types there, which a uuid, a timestamp, an
// enum, inet or xml have none of. Their text is what a person searches (a uuid's digits, a
// date's "2024-05-1"). A column declared TEXT is text already (citext keeps its own LIKE); a
// VARCHAR's cast costs nothing (the same value, and its indexes still serve).
static bool comparedAsText(const Dialect &d, const Expr &operand)
{
    return d.supportsIlike() && operand.kind() == Expr::Kind::Column
        && operand.type().type != ColumnType::Text;
}

void Expr::compile(const Dialect &d, QString *sql, QVariantList *params) const
{
    SqlText text;
    compile(d, &text, params);
    *sql += text.view();
}

void Expr::compile(const Dialect &d, SqlText *sql, QVariantList *params) const
{
    if (!m_node)
        return;
    const Node &n = *m_node;
    auto sub = [&](const Expr &e) {
        if (needsParens(e.kind())) {
            *sql += u'(';
            e.compile(d, sql, params);
            *sql += u')';
        } else {
            e.compile(d, sql, params);
        }
    };
    switch (n.kind) {
    case Kind::Empty:
        break;
    case Kind::Column:
        if (!n.table.isEmpty()) {
            d.appendQuotedIdentifier(sql, n.table);
            *sql += u'.';
        }
        d.appendQuotedIdentifier(sql, n.name);
        break;
    case Kind::Value:
        params->append(n.value);
        *sql += d.placeholder(int(params->size()));
        break;
    case Kind::Raw:
        *sql += n.op;
        break;
    case Kind::Star:
        *sql += u'*';
        break;
    case Kind::Binary:
        if (n.op == QStringLiteral("ILIKE") && !d.supportsIlike()) {
            *sql += QStringLiteral("rowsmith_casefold(");
            sub(n.children.at(0));
            *sql += QStringLiteral(") LIKE rowsmith_casefold(");
            sub(n.children.at(1));
            *sql += u')';
            break;
        }
        if (isLike(n.op) && comparedAsText(d, n.children.at(0))) {
            *sql += QStringLiteral("CAST(");
            n.children.at(0).compile(d, sql, params);
            *sql += QStringLiteral(" AS ");
            *sql += d.typeName(Text);
            *sql += u')';
        } else {
            sub(n.children.at(0));
        }
        if (n.op == QStringLiteral("LIKE_ESCAPED")) {
            // flag: ignoring case.
            *sql += n.flag ? d.likeIgnoringCase() : QStringLiteral(" LIKE ");
            sub(n.children.at(1));
            *sql += QStringLiteral(" ESCAPE '\\'");
        } else {
            *sql += u' ';
            *sql += n.op;
            *sql += u' ';
            sub(n.children.at(1));
        }
        break;
    case Kind::Unary:
        *sql += n.op;
        *sql += u' ';
        sub(n.children.at(0));
        break;
    case Kind::IsNull:
        sub(n.children.at(0));
        *sql += n.flag ? QStringLiteral(" IS NOT NULL") : QStringLiteral(" IS NULL");
        break;
    case Kind::In: {
        if (!n.subquery && n.values.isEmpty()) {
            // Nothing is in an empty list (a server refuses "IN ()").
            *sql += n.flag ? QStringLiteral("1 = 1") : QStringLiteral("1 = 0");
            break;
        }
        sub(n.children.at(0));
        *sql += n.flag ? QStringLiteral(" NOT IN (") : QStringLiteral(" IN (");
        if (n.subquery) {
            n.subquery->compileInto(d, sql, params);
        } else {
            for (int i = 0; i < n.values.size(); ++i) {
                if (i)
                    *sql += QStringLiteral(", ");
                params->append(n.values.at(i));
                *sql += d.placeholder(int(params->size()));
            }
        }
        *sql += u')';
        break;
    }
    case Kind::Between:
        sub(n.children.at(0));
        *sql += QStringLiteral(" BETWEEN ");
        sub(n.children.at(1));
        *sql += QStringLiteral(" AND ");
        sub(n.children.at(2));
        break;
    case Kind::Function:
        *sql += n.op;
        *sql += u'(';
        if (n.flag)
            *sql += QStringLiteral("DISTINCT ");
        for (int i = 0; i < n.children.size(); ++i) {
            if (i)
                *sql += QStringLiteral(", ");
            n.children.at(i).compile(d, sql, params);
        }
        *sql += u')';
        break;
    case Kind::Exists:
        *sql += QStringLiteral("EXISTS (");
        n.subquery->compileInto(d, sql, params);
        *sql += u')';
        break;
    case Kind::Tuple:
        *sql += u'(';
        for (int i = 0; i < n.children.size(); ++i) {
            if (i)
                *sql += QStringLiteral(", ");
            n.children.at(i).compile(d, sql, params);
        }
        *sql += u')';
        break;
    }
}

namespace func {
Expr count()
{
    return Expr::function(QStringLiteral("count"), {Expr::star()});
}
Expr count(const Expr &e, bool distinct)
{
    return Expr::function(QStringLiteral("count"), {e}, distinct);
}
Expr sum(const Expr &e)
{
    return Expr::function(QStringLiteral("sum"), {e});
}
Expr avg(const Expr &e)
{
    return Expr::function(QStringLiteral("avg"), {e});
}
Expr min(const Expr &e)
{
    return Expr::function(QStringLiteral("min"), {e});
}
Expr max(const Expr &e)
{
    return Expr::function(QStringLiteral("max"), {e});
}
Expr lower(const Expr &e)
{
    return Expr::function(QStringLiteral("lower"), {e});
}
Expr upper(const Expr &e)
{
    return Expr::function(QStringLiteral("upper"), {e});
}
Expr length(const Expr &e)
{
    return Expr::function(QStringLiteral("length"), {e});
}
Expr coalesce(const QList<Expr> &args)
{
    return Expr::function(QStringLiteral("coalesce"), args);
}
} // namespace func

void Select::compileInto(const Dialect &d, QString *sql, QVariantList *params) const
{
    SqlText text;
    compileInto(d, &text, params, nullptr);
    *sql += text.view();
}

void Select::compileInto(const Dialect &d, SqlText *sql, QVariantList *params) const
{
    compileInto(d, sql, params, nullptr);
}

void Select::compileInto(const Dialect &d, SqlText *sql, QVariantList *params,
                         const QString *columnList) const
{
    *sql += distinct ? QStringLiteral("SELECT DISTINCT ") : QStringLiteral("SELECT ");
    if (columnList)
        *sql += *columnList;
    else if (columns.isEmpty())
        *sql += u'*';
    for (int i = 0; !columnList && i < columns.size(); ++i) {
        if (i)
            *sql += QStringLiteral(", ");
        columns.at(i).compile(d, sql, params);
    }
    if (fromSubquery) {
        *sql += QStringLiteral(" FROM (");
        fromSubquery->compileInto(d, sql, params);
        *sql += u") AS ";
        d.appendQuotedIdentifier(sql, fromAlias.isEmpty() ? fromTable : fromAlias);
    } else if (!fromTable.isEmpty()) {
        *sql += QStringLiteral(" FROM ");
        d.appendTableReference(sql, fromSchema, fromTable, fromAlias);
    }
    for (const Join &j : joins) {
        *sql += j.type == Join::Type::Left ? QStringLiteral(" LEFT OUTER JOIN ")
                                           : QStringLiteral(" JOIN ");
        d.appendTableReference(sql, j.schema, j.table, j.alias);
        *sql += QStringLiteral(" ON ");
        j.on.compile(d, sql, params);
    }
    if (!where.isEmpty()) {
        *sql += QStringLiteral(" WHERE ");
        where.compile(d, sql, params);
    }
    if (!groupBy.isEmpty() && !columnList) {
        *sql += QStringLiteral(" GROUP BY ");
        for (int i = 0; i < groupBy.size(); ++i) {
            if (i)
                *sql += QStringLiteral(", ");
            groupBy.at(i).compile(d, sql, params);
        }
    }
    if (!having.isEmpty() && !columnList) {
        *sql += QStringLiteral(" HAVING ");
        having.compile(d, sql, params);
    }
    if (!orderBy.isEmpty()) {
        *sql += QStringLiteral(" ORDER BY ");
        for (int i = 0; i < orderBy.size(); ++i) {
            if (i)
                *sql += QStringLiteral(", ");
            orderBy.at(i).expr.compile(d, sql, params);
            if (orderBy.at(i).descending)
                *sql += QStringLiteral(" DESC");
        }
    }
    if (limit || (offset && d.offsetNeedsLimit())) {
        params->append(limit ? *limit : qint64(-1));
        *sql += u" LIMIT ";
        *sql += d.placeholder(int(params->size()));
    }
    if (limit || offset) {
        if (offset) {
            params->append(*offset);
            *sql += u" OFFSET ";
            *sql += d.placeholder(int(params->size()));
        }
    }
}

Compiled Select::compile(const Dialect &dialect) const
{
    Compiled c;
    SqlText text;
    compileInto(dialect, &text, &c.params, nullptr);
    c.sql = text.toString();
    return c;
}

Compiled Select::compileWithColumns(const Dialect &dialect, const QString &columnList) const
{
    Compiled c;
    SqlText text;
    compileWithColumns(dialect, columnList, &text, &c.params);
    c.sql = text.toString();
    return c;
}

void Select::compileWithColumns(const Dialect &dialect, const QString &columnList, SqlText *sql,
                                QVariantList *params) const
{
    params->reserve(4); // a look-up's value and its LIMIT without growing the list
    compileInto(dialect, sql, params, &columnList);
}

Compiled compileInsert(const Dialect &d, const QString &schema, const QString &table,
                       const QStringList &columns, int rows)
{
    Compiled c;
    const QString quotedTable = d.quoteTable(schema, unqualifiedTableName(schema, table));
    if (columns.isEmpty()) {
        c.sql = QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(quotedTable);
        return c;
    }
    QStringList names;
    for (const QString &column : columns)
        names << d.quoteIdentifier(column);
    c.sql = QStringLiteral("INSERT INTO %1 (%2) VALUES ")
                .arg(quotedTable, names.join(QStringLiteral(", ")));
    int parameter = 0;
    for (int r = 0; r < rows; ++r) {
        c.sql += r ? QStringLiteral(", (") : QStringLiteral("(");
        for (int i = 0; i < columns.size(); ++i) {
            if (i)
                c.sql += QStringLiteral(", ");
            c.sql += d.placeholder(++parameter);
        }
        c.sql += QLatin1Char(')');
    }
    return c;
}

Compiled compileUpdate(const Dialect &d, const QString &schema, const QString &table,
                       const QList<Assignment> &assignments, const Expr &where)
{
    Compiled c;
    c.sql = QStringLiteral("UPDATE ") + d.tableReference(schema, table) + QStringLiteral(" SET ");
    for (int i = 0; i < assignments.size(); ++i) {
        if (i)
            c.sql += QStringLiteral(", ");
        c.sql += d.quoteIdentifier(assignments.at(i).column) + QStringLiteral(" = ");
        assignments.at(i).value.compile(d, &c.sql, &c.params);
    }
    if (!where.isEmpty()) {
        c.sql += QStringLiteral(" WHERE ");
        where.compile(d, &c.sql, &c.params);
    }
    return c;
}

Compiled compileDelete(const Dialect &d, const QString &schema, const QString &table,
                       const Expr &where)
{
    Compiled c;
    c.sql = QStringLiteral("DELETE FROM ") + d.tableReference(schema, table);
    if (!where.isEmpty()) {
        c.sql += QStringLiteral(" WHERE ");
        where.compile(d, &c.sql, &c.params);
    }
    return c;
}

} // namespace orm
