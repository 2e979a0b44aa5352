// SPDX-License-Identifier: MIT
#include "orm/sql/dialect.h"

#include "orm/sql/typenames_p.h"

#include <QRegularExpression>

namespace orm {

QString Dialect::quoteIdentifier(const QString &identifier) const
{
    SqlText quoted;
    appendQuotedIdentifier(&quoted, identifier);
    return quoted.toString();
}

QString Dialect::standardQuoted(const QString &identifier)
{
    SqlText quoted;
    quoted.appendQuoted(identifier, u'"');
    return quoted.toString();
}

void Dialect::appendQuotedIdentifier(SqlText *out, QStringView identifier) const
{
    out->appendQuoted(identifier, u'"');
}

QString Dialect::quoteTable(const QString &schema, const QString &name) const
{
    SqlText quoted;
    if (!schema.isEmpty()) {
        appendQuotedIdentifier(&quoted, schema);
        quoted += u'.';
    }
    appendQuotedIdentifier(&quoted, name);
    return quoted.toString();
}

void Dialect::appendTableReference(SqlText *out, const QString &schema,
                                   const QString &qualifiedName, const QString &alias) const
{
    if (!schema.isEmpty()) {
        appendQuotedIdentifier(out, schema);
        *out += u'.';
        appendQuotedIdentifier(out, unqualifiedTableName(schema, qualifiedName));
        *out += u" AS ";
        appendQuotedIdentifier(out, alias.isEmpty() ? qualifiedName : alias);
        return;
    }
    appendQuotedIdentifier(out, qualifiedName);
    if (!alias.isEmpty() && alias != qualifiedName) {
        *out += u" AS ";
        appendQuotedIdentifier(out, alias);
    }
}

QString Dialect::tableReference(const QString &schema, const QString &qualifiedName) const
{
    SqlText text;
    appendTableReference(&text, schema, qualifiedName);
    return text.toString();
}

QString SqliteDialect::tableOptions(const Table &table) const
{
    QStringList options;
    if (table.isWithoutRowid())
        options << QStringLiteral("WITHOUT ROWID");
    if (table.isStrict())
        options << QStringLiteral("STRICT");
    return options.isEmpty() ? QString() : u' ' + options.join(QStringLiteral(", "));
}

bool SqliteDialect::isLiteralDefault(const QString &serverDefault)
{
    const QString d = serverDefault.trimmed();
    if (d.isEmpty())
        return true;
    // A quoted string or blob, whole ('it''s', X'00ff', "as SQLite takes it"): one literal,
    // not 'a' || 'b'.
    const bool blob = d.size() > 1 && d.at(1) == u'\'' && (d.front() == u'x' || d.front() == u'X');
    const qsizetype start = blob ? 1 : 0;
    const QChar quote = d.at(start);
    if (quote == u'\'' || quote == u'"') {
        qsizetype i = start + 1;
        while (i < d.size()) {
            if (d.at(i) == quote) {
                if (i + 1 < d.size() && d.at(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i == d.size() - 1;
            }
            ++i;
        }
        return false;
    }
    static const QRegularExpression literal(
        QStringLiteral("^(?:[-+]?\\s*(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?"
                       "|[-+]?\\s*0[xX][0-9a-fA-F]+"
                       // NULL, TRUE, CURRENT_TIMESTAMP, or a bare word (SQLite's text)
                       "|[A-Za-z_][A-Za-z0-9_]*)$"),
        QRegularExpression::CaseInsensitiveOption);
    return literal.match(d).hasMatch();
}

QString SqliteDialect::defaultExpression(const QString &serverDefault) const
{
    if (isLiteralDefault(serverDefault))
        return serverDefault;
    // Parenthesised already ("(1 + 2)") stays as it is; "(a) + (b)" is not parenthesised
    // whole, and takes a pair.
    const QString d = serverDefault.trimmed();
    if (d.startsWith(u'(') && d.endsWith(u')')) {
        int depth = 0;
        QChar quote;
        bool whole = true;
        for (qsizetype i = 0; i < d.size() && whole; ++i) {
            const QChar c = d.at(i);
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
            } else if (c == u'\'' || c == u'"') {
                quote = c;
            } else if (c == u'(') {
                ++depth;
            } else if (c == u')') {
                whole = --depth > 0 || i == d.size() - 1;
            }
        }
        if (whole)
            return serverDefault;
    }
    return u'(' + serverDefault + u')';
}

QString detail::standardTypeName(const TypeSpec &type)
{
    switch (type.type) {
    case ColumnType::Null:
        return QString();
    case ColumnType::Integer:
        return QStringLiteral("INTEGER");
    case ColumnType::BigInteger:
        return QStringLiteral("BIGINT");
    case ColumnType::String:
        return type.length > 0 ? QStringLiteral("VARCHAR(%1)").arg(type.length)
                               : QStringLiteral("VARCHAR");
    case ColumnType::Text:
        return QStringLiteral("TEXT");
    case ColumnType::Float:
        return QStringLiteral("FLOAT");
    case ColumnType::Numeric:
        return type.precision > 0
            ? QStringLiteral("NUMERIC(%1, %2)").arg(type.precision).arg(type.scale)
            : QStringLiteral("NUMERIC");
    case ColumnType::Boolean:
        return QStringLiteral("BOOLEAN");
    case ColumnType::Date:
        return QStringLiteral("DATE");
    case ColumnType::DateTime:
        return QStringLiteral("DATETIME");
    case ColumnType::LargeBinary:
        return QStringLiteral("BLOB");
    case ColumnType::Json:
        return QStringLiteral("JSON");
    }
    return QString();
}

QString SqliteDialect::typeName(const TypeSpec &type) const
{
    return detail::standardTypeName(type);
}

QString Dialect::referentialAction(ReferentialAction action) const
{
    switch (action) {
    case ReferentialAction::NoAction:
        return QStringLiteral("NO ACTION");
    case ReferentialAction::Restrict:
        return QStringLiteral("RESTRICT");
    case ReferentialAction::Cascade:
        return QStringLiteral("CASCADE");
    case ReferentialAction::SetNull:
        return QStringLiteral("SET NULL");
    case ReferentialAction::SetDefault:
        return QStringLiteral("SET DEFAULT");
    }
    return QString();
}

QString Dialect::columnDefinition(const Column &c, const QString &keyClause) const
{
    QString line = quoteIdentifier(c.name);
    const QString type = columnDefinitionType(c);
    if (!type.isEmpty())
        line += u' ' + type;
    if (!c.nullable || c.primaryKey)
        line += QStringLiteral(" NOT NULL");
    line += keyClause;
    if (!c.serverDefault.isEmpty() && !c.isGenerated())
        line += QStringLiteral(" DEFAULT ") + defaultExpression(c.serverDefault);
    if (!c.collation.isEmpty())
        line += QStringLiteral(" COLLATE ") + quoteIdentifier(c.collation);
    if (c.isGenerated()) {
        line += QStringLiteral(" GENERATED ALWAYS AS (%1) %2")
                    .arg(c.generatedExpression,
                         c.generated == Column::Generated::Stored ? QStringLiteral("STORED")
                                                                  : QStringLiteral("VIRTUAL"));
    }
    return line;
}

namespace {

QString strictTypeName(const TypeSpec &type)
{
    switch (type.type) {
    case ColumnType::Integer:
    case ColumnType::BigInteger:
    case ColumnType::Boolean:
        return QStringLiteral("INTEGER");
    case ColumnType::Float:
        return QStringLiteral("REAL");
    case ColumnType::String:
    case ColumnType::Text:
    case ColumnType::Date:
    case ColumnType::DateTime:
    case ColumnType::Json:
        return QStringLiteral("TEXT");
    case ColumnType::LargeBinary:
        return QStringLiteral("BLOB");
    case ColumnType::Null:
    case ColumnType::Numeric: // exact decimals as written: integers, reals or text
        return QStringLiteral("ANY");
    }
    return QStringLiteral("ANY");
}

} // namespace

QStringList Dialect::createTable(const Table &table, IfNotExists ifNotExists) const
{
    QStringList lines;
    const QStringList pk = table.primaryKeyAsDeclared();
    // AUTOINCREMENT goes on the column, as SQLAlchemy writes sqlite_autoincrement.
    const bool autoincrement = hasAutoincrementKeyword() && table.isSqliteAutoincrement()
        && pk.size() == 1 && table.column(pk.first())
        && table.column(pk.first())->type.isIntegral();
    for (const Column &c : table.columns()) {
        QString line = columnDefinition(c,
                                        autoincrement && c.name == pk.first()
                                            ? QStringLiteral(" PRIMARY KEY AUTOINCREMENT")
                                            : QString());
        if (table.isStrict()) {
            // A STRICT table takes INTEGER, REAL, TEXT, BLOB and ANY only, and a type on
            // every column: the type written is replaced by the one that stores its values.
            const QString name = quoteIdentifier(c.name);
            const QString type = columnDefinitionType(c);
            line = name + u' ' + strictTypeName(c.type)
                + line.mid(name.size() + (type.isEmpty() ? 0 : type.size() + 1));
        }
        lines << line;
    }
    auto quotedList = [this](const QStringList &names) {
        QStringList q;
        for (const QString &n : names)
            q << quoteIdentifier(n);
        return q.join(QStringLiteral(", "));
    };
    if (!pk.isEmpty() && !autoincrement)
        lines << QStringLiteral("PRIMARY KEY (%1)").arg(quotedList(pk));
    for (const Column &c : table.columns()) {
        if (c.unique && !c.index)
            lines << QStringLiteral("UNIQUE (%1)").arg(quoteIdentifier(c.name));
    }
    for (const UniqueConstraint &u : table.uniqueConstraints()) {
        QString line;
        if (!u.name.isEmpty())
            line = QStringLiteral("CONSTRAINT %1 ").arg(quoteIdentifier(u.name));
        lines << line + QStringLiteral("UNIQUE (%1)").arg(quotedList(u.columns));
    }
    for (const CheckConstraint &ch : table.checks()) {
        QString line;
        if (!ch.name.isEmpty())
            line = QStringLiteral("CONSTRAINT %1 ").arg(quoteIdentifier(ch.name));
        lines << line + QStringLiteral("CHECK (%1)").arg(ch.sqlText);
    }
    for (const ForeignKey &fk : table.foreignKeys()) {
        QString line;
        if (!fk.name.isEmpty())
            line = QStringLiteral("CONSTRAINT %1 ").arg(quoteIdentifier(fk.name));
        line += QStringLiteral("FOREIGN KEY(%1) REFERENCES %2 (%3)")
                    .arg(quotedList(fk.columns),
                         quoteTable(schemasAreDatabases() ? QString() : fk.referredSchema,
                                    unqualifiedTableName(fk.referredSchema, fk.referredTable)),
                         quotedList(fk.referredColumns));
        if (fk.onDelete != ReferentialAction::NoAction)
            line += QStringLiteral(" ON DELETE ") + referentialAction(fk.onDelete);
        if (fk.onUpdate != ReferentialAction::NoAction)
            line += QStringLiteral(" ON UPDATE ") + referentialAction(fk.onUpdate);
        if (fk.deferrable == ForeignKey::Deferrable::InitiallyDeferred)
            line += QStringLiteral(" DEFERRABLE INITIALLY DEFERRED");
        else if (fk.deferrable == ForeignKey::Deferrable::InitiallyImmediate)
            line += QStringLiteral(" DEFERRABLE INITIALLY IMMEDIATE");
        lines << line;
    }
    QStringList statements;
    statements << QStringLiteral("CREATE TABLE %1%2 (\n\t%3\n)%4")
                      .arg(ifNotExists == IfNotExists::Yes ? QStringLiteral("IF NOT EXISTS ")
                                                           : QString(),
                           quoteTable(table), lines.join(QStringLiteral(", \n\t")),
                           tableOptions(table));
    const QString ine =
        ifNotExists == IfNotExists::Yes ? QStringLiteral("IF NOT EXISTS ") : QString();
    // CREATE INDEX names the table's schema on the index or on the table, as the engine wants.
    const QString indexSchema = schemasAreDatabases() ? table.schema() : QString();
    const QString indexTable =
        quoteTable(schemasAreDatabases() ? QString() : table.schema(), table.name());
    for (const Column &c : table.columns()) {
        if (c.index) {
            statements << QStringLiteral("CREATE %1INDEX %2%3 ON %4 (%5)")
                              .arg(c.unique ? QStringLiteral("UNIQUE ") : QString(), ine,
                                   quoteTable(indexSchema,
                                              QStringLiteral("ix_%1_%2").arg(table.name(), c.name)),
                                   indexTable, quoteIdentifier(c.name));
        }
    }
    for (const Index &i : table.indexes()) {
        if (!i.sql.isEmpty()) {
            statements << i.sql; // over expressions, or partial: as the database wrote it
            continue;
        }
        statements << QStringLiteral("CREATE %1INDEX %2%3 ON %4 (%5)")
                          .arg(i.unique ? QStringLiteral("UNIQUE ") : QString(), ine,
                               quoteTable(indexSchema, i.name), indexTable, quotedList(i.columns));
    }
    return statements;
}

QString Dialect::dropTable(const Table &table) const
{
    return QStringLiteral("DROP TABLE IF EXISTS %1").arg(quoteTable(table));
}

TypeSpec SqliteDialect::typeFromDeclaration(const QString &declared)
{
    const QString d = declared.trimmed().toUpper();
    if (d.isEmpty())
        return TypeSpec {ColumnType::Null};
    int length = 0;
    int precision = 0, scale = 0;
    QString base = d;
    if (const qsizetype open = d.indexOf(u'('); open > 0) {
        base = d.left(open).trimmed();
        const QString args = d.mid(open + 1, d.indexOf(u')') - open - 1);
        const QStringList parts = args.split(u',');
        length = parts.value(0).trimmed().toInt();
        precision = length;
        scale = parts.value(1).trimmed().toInt();
    }
    if (base == u"BIGINT" || base == u"INT8" || base == u"UNSIGNED BIG INT")
        return BigInteger;
    if (base == u"BOOLEAN" || base == u"BOOL")
        return Boolean;
    if (base == u"DATETIME" || base == u"TIMESTAMP")
        return DateTime;
    if (base == u"DATE")
        return Date;
    if (base == u"JSON")
        return Json;
    if (base.contains(QStringLiteral("INT")))
        return Integer;
    if (base.contains(QStringLiteral("CHAR")) || base.contains(QStringLiteral("CLOB"))) {
        if (base == u"VARCHAR" || base == u"CHAR" || base == u"NVARCHAR" || base == u"NCHAR"
            || base.startsWith(QStringLiteral("CHARACTER"))
            || base.startsWith(QStringLiteral("VARYING")))
            return length > 0 ? String(length) : String();
        return Text;
    }
    if (base == u"TEXT")
        return Text;
    if (base.contains(QStringLiteral("BLOB")) || base == u"BINARY" || base == u"VARBINARY")
        return LargeBinary;
    if (base.contains(QStringLiteral("REAL")) || base.contains(QStringLiteral("FLOA"))
        || base.contains(QStringLiteral("DOUB")))
        return Float;
    if (base == u"NUMERIC" || base == u"DECIMAL")
        return Numeric(precision, scale);
    return TypeSpec {ColumnType::Null};
}

} // namespace orm
