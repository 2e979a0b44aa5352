// SPDX-License-Identifier: MIT
#pragma once

#include "orm/migrations/migrate.h"

#include <QStringList>

using namespace Qt::StringLiterals;

// Rowsmith's operations in the form alembic_compare.py prints Alembic's, for the parity tests.

inline QString alembicColumns(const QStringList &names)
{
    return names.join(u',');
}

// SQLAlchemy reads a partial index over columns as an index over them (without its WHERE),
// and leaves out an index over expressions.
inline bool isPartialOverColumns(const orm::Index &index)
{
    return !index.columns.isEmpty() && index.sql.contains(u" WHERE "_s, Qt::CaseInsensitive)
        && !index.sql.section(u'(', 1).section(u')', 0, 0).contains(u'(');
}

enum class AlembicEngine { Sqlite, Postgresql };

// Our operations in the lines alembic_compare.py prints for the engine.
inline QStringList asAlembicLines(const QList<orm::MigrationOp> &ops, AlembicEngine engine)
{
    using Kind = orm::MigrationOp::Kind;
    QStringList lines;
    for (const orm::MigrationOp &op : ops) {
        switch (op.kind) {
        case Kind::CreateTable:
            lines << u"add_table "_s + op.table;
            // Alembic lists a new table's indexes as operations of their own.
            for (const orm::Index &i : op.definition.indexes()) {
                if (!i.sql.isEmpty() && !isPartialOverColumns(i)) {
                    continue; // Rowsmith's extra
                }
                lines << u"add_index %1(%2)"_s.arg(op.table, alembicColumns(i.columns));
            }
            break;
        case Kind::DropTable:
            lines << u"remove_table "_s + op.table;
            for (const orm::Index &i : op.definition.indexes()) {
                if (!i.sql.isEmpty() && !isPartialOverColumns(i)) {
                    continue; // Rowsmith's extra
                }
                lines << u"remove_index %1(%2)"_s.arg(op.table, alembicColumns(i.columns));
            }
            break;
        case Kind::AddColumn:
            lines << u"add_column %1.%2"_s.arg(op.table, op.column.name);
            break;
        case Kind::DropColumn:
            lines << u"remove_column %1.%2"_s.arg(op.table, op.column.name);
            break;
        case Kind::AlterColumn:
            if (op.changes & orm::MigrationOp::TypeChanged) {
                lines << u"modify_type %1.%2"_s.arg(op.table, op.column.name);
            }
            if (op.changes & orm::MigrationOp::NullabilityChanged) {
                lines << u"modify_nullable %1.%2"_s.arg(op.table, op.column.name);
            }
            if (op.changes & orm::MigrationOp::DefaultChanged) {
                lines << u"modify_default %1.%2"_s.arg(op.table, op.column.name);
            }
            break;
        case Kind::CreateIndex:
        case Kind::DropIndex:
            if (!op.index.sql.isEmpty() && !isPartialOverColumns(op.index)) {
                break; // an index over expressions: Rowsmith's extra
            }
            lines << u"%1 %2(%3)"_s.arg(op.kind == Kind::CreateIndex ? u"add_index"_s
                                                                     : u"remove_index"_s,
                                        op.table, alembicColumns(op.index.columns));
            break;
        case Kind::AddUnique:
            lines << u"add_unique %1(%2)"_s.arg(op.table, alembicColumns(op.unique.columns));
            break;
        case Kind::DropUnique:
            // On SQLite, Rowsmith's extra: its unique constraints are unnamed, and Alembic does
            // not drop an unnamed constraint. A server names every one.
            if (engine == AlembicEngine::Postgresql) {
                lines << u"remove_unique %1(%2)"_s.arg(op.table, alembicColumns(op.unique.columns));
            }
            break;
        case Kind::AddForeignKey:
        case Kind::DropForeignKey:
            lines << u"%1 %2(%3)->%4(%5)"_s.arg(
                op.kind == Kind::AddForeignKey ? u"add_fk"_s : u"remove_fk"_s, op.table,
                alembicColumns(op.foreignKey.columns), op.foreignKey.referredTable,
                alembicColumns(op.foreignKey.referredColumns));
            break;
        case Kind::AddCheck:
        case Kind::DropCheck:
        case Kind::RenameTable:
        case Kind::RenameColumn:
        case Kind::CreateView:
        case Kind::DropView:
            break; // not compared by Alembic
        }
    }
    lines.sort();
    return lines;
}
