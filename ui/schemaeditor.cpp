// SPDX-License-Identifier: MIT
#include "ui/schemaeditor.h"

#include "orm/engine/connection.h"
#include "orm/sql/dialect.h"
#include "ui/document.h"
#include "ui/schemachanges.h"
#include "ui/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

using Kind = orm::MigrationOp::Kind;

enum ConstraintRole { KindRole = Qt::UserRole, IndexRole };
enum class ConstraintKind { Index, Unique, ForeignKey, Check };

QStringList splitNames(const QString &text)
{
    QStringList names;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        if (const QString name = part.trimmed(); !name.isEmpty())
            names << name;
    }
    return names;
}

QLabel *messageLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, Theme::errorColor(p));
    label->setPalette(p);
    label->hide();
    return label;
}

} // namespace

SchemaEditor::SchemaEditor(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"schemaEditor"_s);
    setWindowTitle(tr("Edit Schema"));
    auto *layout = new QVBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter, 1);

    // Tables.
    auto *tablesBox = new QGroupBox(tr("Tables"), splitter);
    auto *tablesLayout = new QVBoxLayout(tablesBox);
    m_tables = new QListWidget(tablesBox);
    m_tables->setObjectName(u"schemaTables"_s);
    m_tables->setAccessibleName(tr("Tables"));
    tablesLayout->addWidget(m_tables, 1);
    m_tableName = new QLineEdit(tablesBox);
    m_tableName->setObjectName(u"schemaTableName"_s);
    m_tableName->setPlaceholderText(tr("Table name"));
    m_tableName->setAccessibleName(tr("Table name"));
    tablesLayout->addWidget(m_tableName);
    m_tableMessage = messageLabel(tablesBox, u"schemaTableMessage"_s);
    tablesLayout->addWidget(m_tableMessage);
    auto *tableButtons = new QHBoxLayout;
    tableButtons->addWidget(addButton(Button::CreateTable, tr("&Create"),
                                      tr("Create a table of that name, with an integer key")));
    tableButtons->addWidget(
        addButton(Button::RenameTable, tr("Re&name"), tr("Give the selected table that name")));
    tableButtons->addWidget(
        addButton(Button::DropTable, tr("Drop"), tr("Drop the selected table and its rows")));
    tablesLayout->addLayout(tableButtons);
    splitter->addWidget(tablesBox);

    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);

    // Columns.
    auto *columnsBox = new QGroupBox(tr("Columns"), right);
    auto *columnsLayout = new QVBoxLayout(columnsBox);
    m_columns = new QTreeWidget(columnsBox);
    m_columns->setObjectName(u"schemaColumns"_s);
    m_columns->setAccessibleName(tr("Columns"));
    m_columns->setRootIsDecorated(false);
    m_columns->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_columns->setHeaderLabels({tr("Name"), tr("Type"), tr("Not null"), tr("Default"), tr("Key")});
    columnsLayout->addWidget(m_columns, 1);
    auto *columnFields = new QHBoxLayout;
    m_columnName = new QLineEdit(columnsBox);
    m_columnName->setObjectName(u"schemaColumnName"_s);
    m_columnName->setPlaceholderText(tr("Column name"));
    m_columnName->setAccessibleName(tr("Column name"));
    columnFields->addWidget(m_columnName, 2);
    m_columnType = new QComboBox(columnsBox);
    m_columnType->setObjectName(u"schemaColumnType"_s);
    m_columnType->setEditable(true);
    m_columnType->setAccessibleName(tr("Column type"));
    m_columnType->addItems({u"INTEGER"_s, u"TEXT"_s, u"VARCHAR(80)"_s, u"FLOAT"_s,
                            u"NUMERIC(10, 2)"_s, u"BOOLEAN"_s, u"DATE"_s, u"DATETIME"_s, u"BLOB"_s,
                            u"JSON"_s});
    columnFields->addWidget(m_columnType, 1);
    m_notNull = new QCheckBox(tr("Not n&ull"), columnsBox);
    m_notNull->setObjectName(u"schemaNotNull"_s);
    columnFields->addWidget(m_notNull);
    m_default = new QLineEdit(columnsBox);
    m_default->setObjectName(u"schemaDefault"_s);
    m_default->setPlaceholderText(tr("Default ('text', 0, CURRENT_TIMESTAMP)"));
    m_default->setAccessibleName(tr("Default"));
    columnFields->addWidget(m_default, 2);
    columnsLayout->addLayout(columnFields);
    m_columnMessage = messageLabel(columnsBox, u"schemaColumnMessage"_s);
    columnsLayout->addWidget(m_columnMessage);
    auto *columnButtons = new QHBoxLayout;
    columnButtons->addWidget(
        addButton(Button::AddColumn, tr("&Add Column"), tr("Add a column with these fields")));
    columnButtons->addWidget(addButton(Button::ApplyColumn, tr("A&pply to Column"),
                                       tr("Rename the selected column, or change its type, "
                                          "nullability or default")));
    columnButtons->addWidget(
        addButton(Button::DropColumn, tr("Drop Column"), tr("Drop the selected column")));
    columnButtons->addStretch(1);
    columnsLayout->addLayout(columnButtons);
    rightLayout->addWidget(columnsBox, 3);

    // Indexes and constraints.
    auto *constraintsBox = new QGroupBox(tr("Indexes and constraints"), right);
    auto *constraintsLayout = new QVBoxLayout(constraintsBox);
    m_constraints = new QTreeWidget(constraintsBox);
    m_constraints->setObjectName(u"schemaConstraints"_s);
    m_constraints->setAccessibleName(tr("Indexes and constraints"));
    m_constraints->setRootIsDecorated(false);
    m_constraints->setHeaderLabels({tr("Kind"), tr("Definition")});
    constraintsLayout->addWidget(m_constraints, 1);
    auto *form = new QFormLayout;
    auto *indexRow = new QHBoxLayout;
    m_indexName = new QLineEdit(constraintsBox);
    m_indexName->setObjectName(u"schemaIndexName"_s);
    m_indexName->setPlaceholderText(tr("Index name (ix_table_column when empty)"));
    m_indexName->setAccessibleName(tr("Index name"));
    indexRow->addWidget(m_indexName, 1);
    m_uniqueIndex = new QCheckBox(tr("Uni&que"), constraintsBox);
    m_uniqueIndex->setObjectName(u"schemaUniqueIndex"_s);
    indexRow->addWidget(m_uniqueIndex);
    indexRow->addWidget(
        addButton(Button::AddIndex, tr("Add &Index"), tr("Index the columns selected above")));
    indexRow->addWidget(addButton(Button::AddUnique, tr("Add &Unique"),
                                  tr("Make the columns selected above unique together")));
    form->addRow(tr("Index:"), indexRow);
    auto *checkRow = new QHBoxLayout;
    m_check = new QLineEdit(constraintsBox);
    m_check->setObjectName(u"schemaCheck"_s);
    m_check->setPlaceholderText(tr("Condition every row meets, e.g. price > 0"));
    m_check->setAccessibleName(tr("Check condition"));
    checkRow->addWidget(m_check, 1);
    checkRow->addWidget(addButton(Button::AddCheck, tr("Add C&heck"), tr("Add this check")));
    form->addRow(tr("Check:"), checkRow);
    auto *foreignRow = new QHBoxLayout;
    m_referredTable = new QComboBox(constraintsBox);
    m_referredTable->setObjectName(u"schemaReferredTable"_s);
    m_referredTable->setAccessibleName(tr("Referred table"));
    foreignRow->addWidget(m_referredTable, 1);
    m_referredColumns = new QLineEdit(constraintsBox);
    m_referredColumns->setObjectName(u"schemaReferredColumns"_s);
    m_referredColumns->setPlaceholderText(tr("Its columns (its key when empty)"));
    m_referredColumns->setAccessibleName(tr("Referred columns"));
    foreignRow->addWidget(m_referredColumns, 1);
    foreignRow->addWidget(addButton(Button::AddForeignKey, tr("Add &Foreign Key"),
                                    tr("Make the columns selected above refer to that table")));
    form->addRow(tr("Refers to:"), foreignRow);
    constraintsLayout->addLayout(form);
    m_constraintMessage = messageLabel(constraintsBox, u"schemaConstraintMessage"_s);
    constraintsLayout->addWidget(m_constraintMessage);
    auto *constraintButtons = new QHBoxLayout;
    constraintButtons->addWidget(addButton(Button::DropConstraint, tr("Drop Selected"),
                                           tr("Drop the selected index or constraint")));
    constraintButtons->addStretch(1);
    constraintsLayout->addLayout(constraintButtons);
    rightLayout->addWidget(constraintsBox, 2);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);

    // What a commit runs, and the edits' problems.
    auto *previewTitle = new QLabel(tr("Statements the commit runs (in one transaction):"), this);
    layout->addWidget(previewTitle);
    m_preview = new QPlainTextEdit(this);
    m_preview->setObjectName(u"schemaPreview"_s);
    m_preview->setAccessibleName(tr("Statements the commit runs"));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setMaximumHeight(140);
    previewTitle->setBuddy(m_preview);
    layout->addWidget(m_preview);
    m_problems = messageLabel(this, u"schemaProblems"_s);
    layout->addWidget(m_problems);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(addButton(Button::SaveScript, tr("Save as &Migration…"),
                                tr("Write the staged edits as a migration script")));
    bottom->addStretch(1);
    bottom->addWidget(addButton(Button::Discard, tr("&Discard Schema Changes"),
                                tr("Drop every staged schema edit (Undo brings them back)")));
    bottom->addWidget(addButton(Button::Commit, tr("Co&mmit Schema Changes"),
                                tr("Carry out every staged schema edit in one transaction")));
    auto *close = new QPushButton(tr("Close"), this);
    close->setAutoDefault(false);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    bottom->addWidget(close);
    layout->addLayout(bottom);

    connect(button(Button::CreateTable), &QPushButton::clicked, this, &SchemaEditor::createTable);
    connect(button(Button::RenameTable), &QPushButton::clicked, this, &SchemaEditor::renameTable);
    connect(button(Button::DropTable), &QPushButton::clicked, this, &SchemaEditor::dropTable);
    connect(button(Button::AddColumn), &QPushButton::clicked, this, &SchemaEditor::addColumn);
    connect(button(Button::ApplyColumn), &QPushButton::clicked, this, &SchemaEditor::applyColumn);
    connect(button(Button::DropColumn), &QPushButton::clicked, this, &SchemaEditor::dropColumn);
    connect(button(Button::AddIndex), &QPushButton::clicked, this, &SchemaEditor::addIndex);
    connect(button(Button::AddUnique), &QPushButton::clicked, this, &SchemaEditor::addUnique);
    connect(button(Button::AddCheck), &QPushButton::clicked, this, &SchemaEditor::addCheck);
    connect(button(Button::AddForeignKey), &QPushButton::clicked, this,
            &SchemaEditor::addForeignKey);
    connect(button(Button::DropConstraint), &QPushButton::clicked, this,
            &SchemaEditor::dropConstraint);
    connect(button(Button::Commit), &QPushButton::clicked, this, &SchemaEditor::commitRequested);
    connect(button(Button::SaveScript), &QPushButton::clicked, this,
            &SchemaEditor::saveScriptRequested);
    connect(button(Button::Discard), &QPushButton::clicked, this, [this] {
        if (m_changes)
            m_changes->discard();
    });
    connect(m_tables, &QListWidget::currentTextChanged, this, [this](const QString &name) {
        if (m_refreshing || name.isEmpty())
            return;
        m_table = name;
        m_tableName->setText(name);
        showColumns();
    });
    connect(m_columns, &QTreeWidget::itemSelectionChanged, this, &SchemaEditor::fillColumnFields);
    // Enter in a new column's name adds it; in a check's condition, adds the check.
    connect(m_columnName, &QLineEdit::returnPressed, this, &SchemaEditor::addColumn);
    connect(m_check, &QLineEdit::returnPressed, this, &SchemaEditor::addCheck);
    resize(1000, 720);
}

QPushButton *SchemaEditor::addButton(Button id, const QString &text, const QString &tip)
{
    auto *b = new QPushButton(text, this);
    b->setAutoDefault(false);
    b->setToolTip(tip);
    m_buttons.insert(id, b);
    return b;
}

void SchemaEditor::setDocument(Document *document)
{
    if (m_changes)
        disconnect(m_changes, nullptr, this, nullptr);
    m_document = document;
    m_changes = document ? document->schemaChanges() : nullptr;
    if (m_changes)
        connect(m_changes, &SchemaChanges::changed, this, &SchemaEditor::refresh);
    setWindowTitle(document ? tr("Edit Schema — %1").arg(document->displayName())
                            : tr("Edit Schema"));
    refresh();
}

void SchemaEditor::showTable(const QString &table)
{
    const auto found = m_tables->findItems(table, Qt::MatchFixedString);
    if (!found.isEmpty())
        m_tables->setCurrentItem(found.first());
}

QString SchemaEditor::currentTable() const
{
    return m_table;
}

const orm::Table *SchemaEditor::table(const orm::MetaData &schema) const
{
    return schema.table(m_table);
}

void SchemaEditor::refresh()
{
    m_refreshing = true;
    const orm::MetaData schema = m_changes ? m_changes->schema() : orm::MetaData();
    QStringList names;
    for (const orm::Table &t : schema.tables())
        names << t.name();
    names.sort(Qt::CaseInsensitive);
    m_tables->clear();
    m_tables->addItems(names);
    m_referredTable->clear();
    m_referredTable->addItems(names);
    if (!names.contains(m_table))
        m_table = names.value(0);
    m_refreshing = false;
    showTable(m_table);
    showColumns();
    m_tableName->setText(m_table);
    m_problems->hide();
    const bool staged = m_changes && !m_changes->isEmpty();
    m_preview->setPlainText(staged ? m_changes->statements().join(u";\n"_s) + u';'
                                   : tr("No schema changes staged."));
    button(Button::Commit)->setEnabled(staged);
    button(Button::Discard)->setEnabled(staged);
    button(Button::SaveScript)->setEnabled(staged);
    for (Button b :
         {Button::CreateTable, Button::RenameTable, Button::DropTable, Button::AddColumn}) {
        button(b)->setEnabled(m_changes != nullptr);
    }
}

void SchemaEditor::showColumns()
{
    const QString selected =
        m_columns->currentItem() ? m_columns->currentItem()->text(0) : QString();
    m_columns->clear();
    m_constraints->clear();
    if (!m_changes)
        return;
    const orm::MetaData schema = m_changes->schema();
    const orm::Table *t = table(schema);
    if (!t)
        return;
    const orm::Dialect &dialect = m_document->session().connection().dialect();
    for (const orm::Column &c : t->columns()) {
        QStringList key;
        if (c.primaryKey)
            key << tr("primary key");
        for (const orm::ForeignKey &fk : t->foreignKeys()) {
            if (fk.columns.contains(c.name))
                key << tr("→ %1").arg(fk.referredTable);
        }
        auto *item = new QTreeWidgetItem(m_columns,
                                         {c.name, dialect.typeName(c.type),
                                          c.nullable ? QString() : tr("not null"), c.serverDefault,
                                          key.join(u", "_s)});
        if (c.name == selected)
            m_columns->setCurrentItem(item);
    }
    auto addConstraint = [this](ConstraintKind kind, int index, const QString &what,
                                const QString &definition) {
        auto *item = new QTreeWidgetItem(m_constraints, {what, definition});
        item->setData(0, KindRole, int(kind));
        item->setData(0, IndexRole, index);
    };
    const auto join = [](const QStringList &l) { return l.join(u", "_s); };
    for (int i = 0; i < t->indexes().size(); ++i) {
        const orm::Index &x = t->indexes().at(i);
        addConstraint(ConstraintKind::Index, i, x.unique ? tr("unique index") : tr("index"),
                      u"%1 (%2)"_s.arg(x.name, join(x.columns)));
    }
    for (int i = 0; i < t->uniqueConstraints().size(); ++i) {
        addConstraint(ConstraintKind::Unique, i, tr("unique"),
                      u"(%1)"_s.arg(join(t->uniqueConstraints().at(i).columns)));
    }
    for (int i = 0; i < t->foreignKeys().size(); ++i) {
        const orm::ForeignKey &fk = t->foreignKeys().at(i);
        addConstraint(
            ConstraintKind::ForeignKey, i, tr("foreign key"),
            u"(%1) → %2 (%3)"_s.arg(join(fk.columns), fk.referredTable, join(fk.referredColumns)));
    }
    for (int i = 0; i < t->checks().size(); ++i) {
        addConstraint(ConstraintKind::Check, i, tr("check"), t->checks().at(i).sqlText);
    }
    m_columns->resizeColumnToContents(0);
    m_constraints->resizeColumnToContents(0);
}

void SchemaEditor::fillColumnFields()
{
    if (!m_changes)
        return;
    const QStringList selected = selectedColumns();
    if (selected.size() != 1)
        return;
    const orm::MetaData schema = m_changes->schema();
    const orm::Table *t = table(schema);
    const orm::Column *c = t ? t->column(selected.first()) : nullptr;
    if (!c)
        return;
    m_columnName->setText(c->name);
    m_columnType->setCurrentText(m_document->session().connection().dialect().typeName(c->type));
    m_notNull->setChecked(!c->nullable);
    m_default->setText(c->serverDefault);
}

QStringList SchemaEditor::selectedColumns() const
{
    QStringList names;
    // In table order, whatever order they were selected in.
    for (int i = 0; i < m_columns->topLevelItemCount(); ++i) {
        if (m_columns->topLevelItem(i)->isSelected())
            names << m_columns->topLevelItem(i)->text(0);
    }
    return names;
}

bool SchemaEditor::stage(const QList<orm::MigrationOp> &ops, const QString &text, QLabel *message)
{
    for (QLabel *l : {m_tableMessage, m_columnMessage, m_constraintMessage})
        l->hide();
    orm::SchemaProblem problem;
    if (!m_changes || !m_changes->stage(ops, text, &problem)) {
        message->setText(problem.message);
        message->show();
        return false;
    }
    return true;
}

void SchemaEditor::createTable()
{
    const QString name = m_tableName->text().trimmed();
    orm::Table t(name);
    orm::Column key;
    key.name = u"id"_s;
    key.type = orm::Integer;
    key.primaryKey = true;
    key.autoincrement = true;
    key.nullable = false;
    t.addColumn(key);
    orm::MigrationOp op;
    op.kind = Kind::CreateTable;
    op.table = name;
    op.definition = t;
    if (stage({op}, tr("Create table %1").arg(name), m_tableMessage))
        showTable(name);
}

void SchemaEditor::renameTable()
{
    const QString name = m_tableName->text().trimmed();
    if (m_table.isEmpty() || name == m_table)
        return;
    orm::MigrationOp op;
    op.kind = Kind::RenameTable;
    op.table = m_table;
    op.newName = name;
    if (stage({op}, tr("Rename table %1 to %2").arg(m_table, name), m_tableMessage))
        showTable(name);
}

void SchemaEditor::dropTable()
{
    const orm::MetaData schema = m_changes ? m_changes->schema() : orm::MetaData();
    const orm::Table *t = table(schema);
    if (!t)
        return;
    orm::MigrationOp op;
    op.kind = Kind::DropTable;
    op.table = t->name();
    op.definition = *t;
    (void)stage({op}, tr("Drop table %1").arg(t->name()), m_tableMessage);
}

void SchemaEditor::addColumn()
{
    orm::MigrationOp op;
    op.kind = Kind::AddColumn;
    op.table = m_table;
    op.column.name = m_columnName->text().trimmed();
    op.column.type = orm::typeFromName(m_columnType->currentText());
    op.column.nullable = !m_notNull->isChecked();
    op.column.serverDefault = m_default->text().trimmed();
    (void)stage({op}, tr("Add column %1.%2").arg(m_table, op.column.name), m_columnMessage);
}

void SchemaEditor::applyColumn()
{
    const QStringList selected = selectedColumns();
    const orm::MetaData schema = m_changes ? m_changes->schema() : orm::MetaData();
    const orm::Table *t = table(schema);
    const orm::Column *c = t && selected.size() == 1 ? t->column(selected.first()) : nullptr;
    if (!c) {
        m_columnMessage->setText(tr("Select the column to change."));
        m_columnMessage->show();
        return;
    }
    QList<orm::MigrationOp> ops;
    orm::Column after = *c;
    after.name = m_columnName->text().trimmed();
    if (after.name != c->name) {
        orm::MigrationOp rename;
        rename.kind = Kind::RenameColumn;
        rename.table = m_table;
        rename.oldColumn = *c;
        rename.column = after;
        ops << rename;
    }
    orm::MigrationOp alter;
    alter.kind = Kind::AlterColumn;
    alter.table = m_table;
    alter.oldColumn = after;
    after.type = orm::typeFromName(m_columnType->currentText());
    if (after.type.type == c->type.type)
        after.type.form = c->type.form; // what the rows hold, not a part of the declaration
    after.nullable = !m_notNull->isChecked();
    after.serverDefault = m_default->text().trimmed();
    alter.column = after;
    if (after.type != c->type)
        alter.changes |= orm::MigrationOp::TypeChanged;
    if (after.nullable != c->nullable)
        alter.changes |= orm::MigrationOp::NullabilityChanged;
    if (after.serverDefault != c->serverDefault)
        alter.changes |= orm::MigrationOp::DefaultChanged;
    if (alter.changes != 0)
        ops << alter;
    if (ops.isEmpty())
        return;
    const QString text = ops.size() == 1 && ops.first().kind == Kind::RenameColumn
        ? tr("Rename column %1.%2 to %3").arg(m_table, c->name, after.name)
        : tr("Change column %1.%2").arg(m_table, c->name);
    (void)stage(ops, text, m_columnMessage);
}

void SchemaEditor::dropColumn()
{
    const orm::MetaData schema = m_changes ? m_changes->schema() : orm::MetaData();
    const orm::Table *t = table(schema);
    const QStringList selected = selectedColumns();
    if (!t || selected.isEmpty()) {
        m_columnMessage->setText(tr("Select the column to drop."));
        m_columnMessage->show();
        return;
    }
    QList<orm::MigrationOp> ops;
    for (const QString &name : selected) {
        orm::MigrationOp op;
        op.kind = Kind::DropColumn;
        op.table = m_table;
        op.column = *t->column(name);
        ops << op;
    }
    (void)stage(ops, tr("Drop column %1.%2").arg(m_table, selected.join(u", "_s)), m_columnMessage);
}

void SchemaEditor::addIndex()
{
    const QStringList columns = selectedColumns();
    orm::MigrationOp op;
    op.kind = Kind::CreateIndex;
    op.table = m_table;
    op.index.columns = columns;
    op.index.unique = m_uniqueIndex->isChecked();
    op.index.name = m_indexName->text().trimmed();
    if (op.index.name.isEmpty() && !columns.isEmpty())
        op.index.name = u"ix_%1_%2"_s.arg(m_table, columns.join(u'_'));
    if (stage({op}, tr("Add index %1").arg(op.index.name), m_constraintMessage))
        m_indexName->clear();
}

void SchemaEditor::addUnique()
{
    orm::MigrationOp op;
    op.kind = Kind::AddUnique;
    op.table = m_table;
    op.unique.columns = selectedColumns();
    (void)stage({op}, tr("Add unique constraint on %1").arg(m_table), m_constraintMessage);
}

void SchemaEditor::addCheck()
{
    orm::MigrationOp op;
    op.kind = Kind::AddCheck;
    op.table = m_table;
    op.check.sqlText = m_check->text().trimmed();
    if (stage({op}, tr("Add check on %1").arg(m_table), m_constraintMessage))
        m_check->clear();
}

void SchemaEditor::addForeignKey()
{
    orm::MigrationOp op;
    op.kind = Kind::AddForeignKey;
    op.table = m_table;
    op.foreignKey.columns = selectedColumns();
    op.foreignKey.referredTable = m_referredTable->currentText();
    op.foreignKey.referredColumns = splitNames(m_referredColumns->text());
    if (op.foreignKey.referredColumns.isEmpty() && m_changes) {
        const orm::MetaData schema = m_changes->schema();
        if (const orm::Table *referred = schema.table(op.foreignKey.referredTable))
            op.foreignKey.referredColumns = referred->primaryKey();
    }
    if (stage({op}, tr("Add foreign key %1 → %2").arg(m_table, op.foreignKey.referredTable),
              m_constraintMessage)) {
        m_referredColumns->clear();
    }
}

void SchemaEditor::dropConstraint()
{
    const QTreeWidgetItem *item = m_constraints->currentItem();
    const orm::MetaData schema = m_changes ? m_changes->schema() : orm::MetaData();
    const orm::Table *t = table(schema);
    if (!item || !t) {
        m_constraintMessage->setText(tr("Select the index or constraint to drop."));
        m_constraintMessage->show();
        return;
    }
    const int index = item->data(0, IndexRole).toInt();
    orm::MigrationOp op;
    op.table = m_table;
    switch (ConstraintKind(item->data(0, KindRole).toInt())) {
    case ConstraintKind::Index:
        op.kind = Kind::DropIndex;
        op.index = t->indexes().at(index);
        break;
    case ConstraintKind::Unique:
        op.kind = Kind::DropUnique;
        op.unique = t->uniqueConstraints().at(index);
        break;
    case ConstraintKind::ForeignKey:
        op.kind = Kind::DropForeignKey;
        op.foreignKey = t->foreignKeys().at(index);
        break;
    case ConstraintKind::Check:
        op.kind = Kind::DropCheck;
        op.check = t->checks().at(index);
        break;
    }
    (void)stage({op}, tr("Drop %1 on %2").arg(item->text(0), m_table), m_constraintMessage);
}

void SchemaEditor::showProblems(const QList<orm::SchemaProblem> &problems)
{
    QStringList lines;
    for (const orm::SchemaProblem &p : problems)
        lines << p.message;
    m_problems->setText(lines.join(u'\n'));
    m_problems->setVisible(!lines.isEmpty());
    if (!problems.isEmpty() && !problems.first().table.isEmpty())
        showTable(problems.first().table);
}

} // namespace ui
