// SPDX-License-Identifier: MIT
#include "ui/tableclipboard.h"

#include "orm/io/recordreader.h"
#include "orm/io/tableexport.h"
#include "orm/io/tableimport.h"
#include "orm/session/session.h"
#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/entitytablemodel.h"

#include <QBuffer>
#include <QMimeData>
#include <QSet>
#include <QUndoStack>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

// A column's value as the database stores it; a value kept as stored (text in a BOOLEAN
// column) is already.
QVariant storedValue(const orm::Entity &object, const orm::ColumnMeta &cm, int column)
{
    const QVariant v = object.value(column);
    if (v.isNull() || cm.access->isStoredAsIs(object))
        return v;
    bool ok = true;
    const QVariant stored = orm::storage::toStorage(v, cm.column.type, &ok);
    return ok ? stored : v;
}

// Tab-separated text as rows of cells (text, or null for an empty field), with quoted fields
// as spreadsheets write them. Text that does not parse so (a lone quote at the start of a
// cell) is taken line by line, tab by tab, as it is.
QList<QVariantList> readCells(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    QBuffer buffer(&bytes);
    (void)buffer.open(QIODevice::ReadOnly);
    orm::ImportOptions options;
    options.separator = u'\t';
    options.header = false;
    orm::RecordReader reader(&buffer, options);
    QList<QVariantList> rows;
    QVariantList values;
    if (reader.open()) {
        while (reader.next(&values)) {
            rows << values;
            if (rows.size() > TableClipboard::maxRows)
                return rows;
        }
        if (reader.error().isEmpty())
            return rows;
    }
    rows.clear();
    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    for (QString line : std::as_const(lines)) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        QVariantList row;
        for (const QString &cell : line.split(u'\t'))
            row << (cell.isEmpty() ? QVariant() : QVariant(cell));
        rows << row;
    }
    return rows;
}

// Whether a row names the columns it would be pasted into (a copy with its header).
bool namesColumns(const QVariantList &row, const orm::EntityMeta &meta, const QList<int> &columns,
                  int first)
{
    for (qsizetype i = 0; i < row.size(); ++i) {
        const int column = columns.value(first + int(i), -1);
        if (column < 0)
            return false;
        const QString name = row.at(i).toString();
        if (name != meta.column(column).column.name
            && name != EntityCatalog::columnLabel(meta, column))
            return false;
    }
    return !row.isEmpty();
}

struct Target
{
    qint64 row; // absolute
    int column; // into the columns given
    QVariant cell;
};

} // namespace

QMimeData *TableClipboard::copy(const EntityTableModel &model, const QModelIndexList &cells,
                                const QList<int> &columns, bool header)
{
    QSet<std::pair<int, int>> selected;
    QList<int> rows;
    QSet<int> usedColumns;
    for (const QModelIndex &cell : cells) {
        selected.insert({cell.row(), cell.column()});
        rows << cell.row();
        usedColumns.insert(cell.column());
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QList<int> shown;
    for (int column : columns) {
        if (usedColumns.contains(column))
            shown << column;
    }
    const orm::EntityMeta &meta = model.meta();
    orm::ExportOptions options;
    options.separator = u'\t';
    QString text;
    if (header) {
        QVariantList names;
        for (int column : std::as_const(shown))
            names << meta.column(column).column.name;
        text += orm::TableExporter::csvRecord(names, options) + u'\n';
    }
    for (int row : std::as_const(rows)) {
        const std::shared_ptr<orm::Entity> object = model.objectAt(row);
        QVariantList values;
        for (int column : std::as_const(shown)) {
            values << (object && selected.contains({row, column})
                           ? storedValue(*object, meta.column(column), column)
                           : QVariant());
        }
        text += orm::TableExporter::csvRecord(values, options) + u'\n';
    }
    auto *data = new QMimeData;
    data->setText(text);
    return data;
}

TableClipboard::Pasted TableClipboard::paste(EntityTableModel &model, const QString &text, int row,
                                             int column, const QList<int> &columns,
                                             const QModelIndexList &selection, bool asNewRows)
{
    Pasted result;
    const orm::EntityMeta &meta = model.meta();
    Document *document = model.document();
    if (meta.isReadOnly()) {
        result.message = tr("%1 is read-only: nothing was pasted.").arg(meta.displayName());
        return result;
    }
    QList<QVariantList> grid = readCells(text);
    if (grid.size() > maxRows) {
        result.message = tr("The clipboard holds more than %1 rows: File > Import reads them "
                            "from a file.")
                             .arg(maxRows);
        return result;
    }
    if (grid.isEmpty()) {
        result.message = tr("The clipboard holds no cells to paste.");
        return result;
    }
    qsizetype width = 0;
    for (const QVariantList &r : std::as_const(grid))
        width = std::max(width, r.size());
    const qint64 tableRows = model.absoluteRowCount();
    QList<Target> targets;
    if (grid.size() == 1 && width == 1 && selection.size() > 1 && !asNewRows) {
        // One value onto several cells: each gets it.
        for (const QModelIndex &cell : selection) {
            if (const int i = int(columns.indexOf(cell.column())); i >= 0)
                targets << Target {model.absoluteRow(cell.row()), i, grid.at(0).at(0)};
        }
    } else {
        int first = std::max(column, 0);
        if (asNewRows && width == columns.size())
            first = 0;
        if (namesColumns(grid.constFirst(), meta, columns, first))
            grid.removeFirst();
        if (first + width > columns.size()) {
            result.message =
                tr("The copied rows are %n cell(s) wide, more than the columns from %1 to the "
                   "last: nothing was pasted.",
                   nullptr, int(width))
                    .arg(EntityCatalog::columnLabel(meta, columns.value(first)));
            return result;
        }
        const qint64 start = asNewRows || row < 0 ? tableRows : model.absoluteRow(row);
        for (qsizetype r = 0; r < grid.size(); ++r) {
            for (qsizetype c = 0; c < grid.at(r).size(); ++c)
                targets << Target {start + r, first + int(c), grid.at(r).at(c)};
        }
    }

    // Every value is checked before anything is staged.
    struct Change
    {
        std::shared_ptr<orm::Entity> object;
        int column;
        QVariant value;
    };
    QList<Change> changes;
    QMap<qint64, QMap<int, QVariant>> newRows; // by absolute row, values by column
    QStringList problems;
    int leftAsTheyAre = 0;
    const qint64 windowEnd = model.windowStart() + model.rowCount();
    for (const Target &t : std::as_const(targets)) {
        const int c = columns.at(t.column);
        const orm::Column &col = meta.column(c).column;
        const bool isNew = t.row >= tableRows;
        const QString where =
            isNew ? tr("new row %1").arg(t.row - tableRows + 1) : tr("row %1").arg(t.row + 1);
        std::shared_ptr<orm::Entity> object;
        if (!isNew) {
            const int modelRow = model.windowRow(t.row);
            object = modelRow >= 0 ? model.objectAt(modelRow) : nullptr;
            if (!object) {
                problems << tr("%1 is not among the rows read: scroll to it first.").arg(where);
                break;
            }
            if (document->session().isMarkedForDeletion(*object)) {
                problems << tr("%1 is marked for deletion.").arg(where);
                continue;
            }
        } else if (!asNewRows && model.isCounting()) {
            problems << tr("the rows reach past the rows read so far: paste again once the "
                           "table is counted.");
            break;
        } else if (!asNewRows && windowEnd < tableRows) {
            problems << tr("the rows reach past the rows read: scroll to the end first.");
            break;
        } else {
            (void)newRows[t.row]; // a row even when every cell keeps its default
        }
        if (EntityCatalog::isGeneratedKey(meta, c)) {
            ++leftAsTheyAre;
            continue;
        }
        // A new row keeps a column's default where the copy has nothing.
        if (isNew && t.cell.isNull() && col.defaultValue.isValid())
            continue;
        QVariant stored;
        QString problem;
        if (!orm::TableImporter::toStored(t.cell, col, orm::ImportFormat::Csv, &stored, &problem)) {
            problems << tr("%1, %2: %3").arg(where, EntityCatalog::columnLabel(meta, c), problem);
            continue;
        }
        const QVariant value = orm::storage::fromStorage(stored, col.type);
        if (isNew) {
            newRows[t.row].insert(c, value);
            continue;
        }
        if (orm::storage::isSameStored(storedValue(*object, meta.column(c), c), stored))
            continue;
        changes << Change {object, c, value};
    }
    if (!problems.isEmpty()) {
        const qsizetype shown = std::min<qsizetype>(problems.size(), 5);
        result.message = tr("Nothing was pasted: %1").arg(problems.mid(0, shown).join(u"; "_s));
        if (problems.size() > shown)
            result.message += tr(" (and %n more)", nullptr, int(problems.size() - shown));
        return result;
    }

    result.ok = true;
    result.cells = int(changes.size());
    result.newRows = int(newRows.size());
    for (const auto &values : std::as_const(newRows))
        result.cells += int(values.size());
    for (const Target &t : std::as_const(targets)) {
        result.firstRow = result.firstRow < 0 ? int(t.row) : std::min(result.firstRow, int(t.row));
        result.lastRow = std::max(result.lastRow, int(t.row));
        result.firstColumn =
            result.firstColumn < 0 ? t.column : std::min(result.firstColumn, t.column);
        result.lastColumn = std::max(result.lastColumn, t.column);
    }
    if (changes.isEmpty() && newRows.isEmpty()) {
        result.message = tr("The pasted values are the ones already there: nothing changed.");
        return result;
    }
    const QString description = tr("Paste %n cell(s)", nullptr, result.cells);
    QUndoStack *undo = document->undoStack();
    undo->beginMacro(description);
    for (const Change &change : std::as_const(changes))
        (void)document->stageValue(change.object, change.column, change.value);
    // New rows in runs with values for the same columns, each run one command (a column a row
    // has no cell in keeps its default).
    QList<int> runColumns;
    QList<QVariantList> run;
    const auto stageRun = [&] {
        if (!run.isEmpty())
            document->stageNewObjects(meta, runColumns, run, description);
        run.clear();
    };
    for (const auto &values : std::as_const(newRows)) {
        const QList<int> present = values.keys();
        if (present != runColumns)
            stageRun();
        runColumns = present;
        run << values.values();
    }
    stageRun();
    undo->endMacro();
    result.message = result.newRows > 0 ? tr("Pasted %n cell(s), in %1.", nullptr, result.cells)
                                              .arg(tr("%n new row(s)", nullptr, result.newRows))
                                        : tr("Pasted %n cell(s).", nullptr, result.cells);
    if (leftAsTheyAre > 0)
        result.message +=
            u' ' + tr("%n generated key(s) left as they are.", nullptr, leftAsTheyAre);
    return result;
}

} // namespace ui
