// SPDX-License-Identifier: MIT
#pragma once

#include "orm/migrations/schemacheck.h"
#include "ui/schemachanges.h"

#include <QDialog>
#include <QHash>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace ui {

class Document;

// Edit > Edit Schema: the open database's tables as the staged schema edits leave them, and
// the edits themselves. Create, rename or drop a table; add, rename or drop a column, change
// its type, nullability or default; add or drop an index, a unique constraint, a check or a
// foreign key. Each edit is staged on the document's SchemaChanges (undoable with the window's
// Undo), refused with the reason beside its fields when it makes no sense; the statements a
// commit would run are shown below. Committing is the window's (commitRequested()): it asks
// about staged data edits and confirms what would be lost.
//
// A default and a check are SQL expressions as the person types them ('text', 0,
// CURRENT_TIMESTAMP; price > 0), checked to be one expression that compiles.
class SchemaEditor : public QDialog
{
    Q_OBJECT
public:
    enum class Button {
        CreateTable,
        RenameTable,
        DropTable,
        AddColumn,
        ApplyColumn,
        DropColumn,
        AddIndex,
        AddUnique,
        AddCheck,
        AddForeignKey,
        DropConstraint,
        Commit,
        Discard,
        SaveScript,
    };

    explicit SchemaEditor(QWidget *parent = nullptr);

    void setDocument(Document *document);
    // Selects a table (by its name as staged).
    void showTable(const QString &table);
    QString currentTable() const;
    // Shows the problems a commit found (beside the edits they are about).
    void showProblems(const QList<orm::SchemaProblem> &problems);

    QPushButton *button(Button id) const { return m_buttons.value(id); }
    QListWidget *tableList() const { return m_tables; }
    QLineEdit *tableNameEdit() const { return m_tableName; }
    QLabel *tableMessage() const { return m_tableMessage; }
    QTreeWidget *columnList() const { return m_columns; }
    QLineEdit *columnNameEdit() const { return m_columnName; }
    QComboBox *columnTypeBox() const { return m_columnType; }
    QCheckBox *notNullBox() const { return m_notNull; }
    QLineEdit *defaultEdit() const { return m_default; }
    QLabel *columnMessage() const { return m_columnMessage; }
    QTreeWidget *constraintList() const { return m_constraints; }
    QLineEdit *indexNameEdit() const { return m_indexName; }
    QCheckBox *uniqueIndexBox() const { return m_uniqueIndex; }
    QLineEdit *checkEdit() const { return m_check; }
    QComboBox *referredTableBox() const { return m_referredTable; }
    QLineEdit *referredColumnsEdit() const { return m_referredColumns; }
    QLabel *constraintMessage() const { return m_constraintMessage; }
    QLabel *problemsLabel() const { return m_problems; }
    QPlainTextEdit *preview() const { return m_preview; }

Q_SIGNALS:
    void commitRequested();
    void saveScriptRequested();

private:
    void refresh();
    void showColumns();
    void fillColumnFields();
    bool stage(const QList<orm::MigrationOp> &ops, const QString &text, QLabel *message);
    QStringList selectedColumns() const;
    const orm::Table *table(const orm::MetaData &schema) const;
    QPushButton *addButton(Button id, const QString &text, const QString &tip);

    void createTable();
    void renameTable();
    void dropTable();
    void addColumn();
    void applyColumn();
    void dropColumn();
    void addIndex();
    void addUnique();
    void addCheck();
    void addForeignKey();
    void dropConstraint();

    Document *m_document = nullptr;
    QPointer<SchemaChanges> m_changes;
    QHash<Button, QPushButton *> m_buttons;
    QListWidget *m_tables;
    QLineEdit *m_tableName;
    QLabel *m_tableMessage;
    QTreeWidget *m_columns;
    QLineEdit *m_columnName;
    QComboBox *m_columnType;
    QCheckBox *m_notNull;
    QLineEdit *m_default;
    QLabel *m_columnMessage;
    QTreeWidget *m_constraints;
    QLineEdit *m_indexName;
    QCheckBox *m_uniqueIndex;
    QLineEdit *m_check;
    QComboBox *m_referredTable;
    QLineEdit *m_referredColumns;
    QLabel *m_constraintMessage;
    QLabel *m_problems;
    QPlainTextEdit *m_preview;
    QString m_table; // the table shown, by its staged name
    bool m_refreshing = false;
};

} // namespace ui
