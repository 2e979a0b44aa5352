// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QModelIndexList>
#include <QString>

class QMimeData;

namespace ui {

class EntityTableModel;

// Cells of a table to and from the clipboard as tab-separated text, the form spreadsheets and
// other tables exchange. Values are copied as stored, as a CSV export writes them (numbers
// with every digit, dates as stored, BLOBs as hex, a foreign key as its key, NULL as an empty
// field, empty text as ""), so that pasting them back gives the same values. Pasted cells are
// staged edits: checked first, then staged as one undo step, or nothing is staged.
class TableClipboard
{
    Q_DECLARE_TR_FUNCTIONS(ui::TableClipboard)
public:
    // The selected cells, by model row and the given columns (logical, in the order shown): a
    // rectangle over the rows and columns they span, a cell not selected being empty. With
    // header, a first row names the columns. Also as an HTML table, for word processors.
    static QMimeData *copy(const EntityTableModel &model, const QModelIndexList &cells,
                           const QList<int> &columns, bool header);

    struct Pasted
    {
        bool ok = false;
        QString message; // what was done, or why nothing was
        int cells = 0; // values staged
        int newRows = 0;
        // The model rows and columns (into the columns given) that were pasted, to select.
        int firstRow = -1;
        int lastRow = -1;
        int firstColumn = -1;
        int lastColumn = -1;
    };

    // Pastes text (tab-separated rows) with its first cell at the current cell (row, column:
    // an index into columns). Rows past the end of the table become new rows; asNewRows makes
    // every row a new one, starting at the first column when the text is as wide as the table.
    // One value pasted on a selection of several cells goes into each of them. A first row
    // that names the columns is left out. Generated keys are left as they are.
    static Pasted paste(EntityTableModel &model, const QString &text, int row, int column,
                        const QList<int> &columns, const QModelIndexList &selection,
                        bool asNewRows);

    // The most rows pasted at once: more are for File > Import.
    static constexpr int maxRows = 10000;
};

} // namespace ui
