// SPDX-License-Identifier: MIT
#pragma once

#include "orm/io/recordreader.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QProgressDialog;
class QTableWidget;

namespace orm {
class EntityMeta;
}

namespace ui {

class Document;

// File > Import…: a CSV or JSON file into the shown table. A preview shows the file's first
// rows with the type detected for each column, and each column's target in the table (by
// name at first; "(skip)" leaves it out). Import then:
// - up to stagingLimit rows: every value is checked against its column, and the rows become
//   new objects staged as one undoable step, so that validation, the pending panel, undo and
//   commit work as for rows made by hand;
// - more: orm::TableImporter writes them all in one transaction on a worker thread, with a
//   connection of its own, progress and Cancel; all or nothing.
// Either way, rows that do not fit are listed in the dialog by row and column (the first ones)
// and nothing is imported. Not supported here: creating a new table (the command line does).
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

private:
    struct Running;
    void import();
    bool stage(const QStringList &mapping);
    void writeInTransaction(const QStringList &mapping);
    void finishWrite(bool ok, qint64 rows, const QString &report);
    QStringList mapping() const;

    Document *m_document;
    const orm::EntityMeta &m_meta;
    QString m_file;
    orm::ImportOptions m_options;
    bool m_readable = false;
    QStringList m_fileColumns;
    QList<QComboBox *> m_targets;
    QTableWidget *m_preview;
    QLabel *m_problems;
    QProgressDialog *m_progress = nullptr;
    std::shared_ptr<Running> m_running;
};

} // namespace ui
