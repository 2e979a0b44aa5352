// SPDX-License-Identifier: MIT
#pragma once

#include "orm/io/recordreader.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressDialog;
class QPushButton;
class QTableWidget;

namespace orm {
class EntityMeta;
}

namespace ui {

class Document;

// File > Import…: a CSV or JSON file into the shown table, or into a new table. A preview
// shows the file's first rows with the type detected for each column, read with the separator,
// encoding and NULL text chosen (a CSV file's separator is guessed from its first line), and
// each column's target in the table (by name at first; "(skip)" leaves it out). Import then:
// - up to stagingLimit rows into the shown table: every value is checked against its column,
//   and the rows become new objects staged as one undoable step, so that validation, the
//   pending panel, undo and commit work as for rows made by hand;
// - more, or into a new table: orm::TableImporter writes them all in one transaction on a
//   worker thread, with a connection of its own, progress and Cancel; all or nothing. A new
//   table gets the file's columns with the types detected from every value, in the same
//   transaction (tableCreated() says so; the window then describes the file again).
// Either way, rows that do not fit are listed in the dialog by row and column (the first ones)
// and nothing is imported.
class ImportDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int stagingLimit = 10000;

    ImportDialog(Document *document, const orm::EntityMeta &meta, const QString &file,
                 QWidget *parent = nullptr);
    ~ImportDialog() override;

    // False (with problems() saying why) when the file cannot be read.
    bool isReadable() const { return m_readable; }
    QString problems() const;

Q_SIGNALS:
    // The rows were staged (staged: true) or written to the database.
    void imported(qint64 rows, bool staged);
    // The rows went into a new table of this name (before imported()).
    void tableCreated(const QString &name);

private:
    struct Running;
    // Reads the file's first rows again with the options chosen: the columns, their targets
    // and the preview.
    void readPreview();
    void updateTarget();
    void import();
    bool stage(const QStringList &mapping);
    void writeInTransaction(const QString &table, const QStringList &mapping);
    void finishWrite(bool ok, qint64 rows, const QString &report);
    QStringList mapping() const;
    bool intoNewTable() const;
    void showProblem(const QString &text);

    Document *m_document;
    const orm::EntityMeta &m_meta;
    QString m_file;
    orm::ImportOptions m_options;
    bool m_readable = false;
    QStringList m_fileColumns;
    QList<QComboBox *> m_targets;
    QComboBox *m_into;
    QLineEdit *m_newTable;
    QComboBox *m_separator;
    QComboBox *m_encoding;
    QLineEdit *m_nullText;
    QLabel *m_mappingTitle;
    QFormLayout *m_mappingForm;
    QTableWidget *m_preview;
    QLabel *m_problems;
    QPushButton *m_importButton;
    QProgressDialog *m_progress = nullptr;
    std::shared_ptr<Running> m_running;
    QString m_creating; // the new table the running import writes into
};

} // namespace ui
