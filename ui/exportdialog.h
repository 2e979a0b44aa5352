// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/url.h"
#include "orm/sql/schema.h"
#include "orm/sql/sql.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QProgressDialog;
class QRadioButton;

namespace ui {

class Prompts;

// File > Export…: the shown table, whole or as the window shows it (filtered and sorted), as
// CSV, JSON or SQL, with the format's options. Export asks where to write, then the rows are
// written on a worker thread with a read-only connection of its own (orm::TableExporter, never
// the window's session), so the window never waits; a progress dialog counts the rows and its
// Cancel stops the export, leaving no file. finished() tells how it ended.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    // view: the rows as the window shows them; viewIsFiltered: whether it differs from the whole
    // table (a filter or a sort), else the choice is not offered.
    ExportDialog(const orm::DatabaseUrl &url, const orm::Table &table, const orm::Select &view,
                 bool viewIsFiltered, Prompts *prompts, QWidget *parent = nullptr);
    // The rows of a query (the SQL console's last statement, as typed), named name in SQL
    // INSERTs; nothing of a table's is offered (the shown rows, the definition).
    ExportDialog(const orm::DatabaseUrl &url, const QString &query, const QString &name,
                 Prompts *prompts, QWidget *parent = nullptr);
    ~ExportDialog() override;

    // Whether an export is running.
    bool isExporting() const { return m_running != nullptr; }

Q_SIGNALS:
    // ok: the file was written (rows: how many); otherwise message says why, or that it was
    // cancelled.
    void exportFinished(bool ok, qint64 rows, const QString &file, const QString &message);

private:
    struct Running;
    void updateOptions();
    void chooseFileAndStart();
    void finish(bool ok, qint64 rows, const QString &message, bool cancelled);

    orm::DatabaseUrl m_url;
    orm::Table m_table;
    orm::Select m_view;
    QString m_query; // a query's rows rather than the table's
    Prompts *m_prompts;
    QRadioButton *m_wholeTable;
    QRadioButton *m_shownRows;
    QComboBox *m_format;
    QComboBox *m_separator;
    QCheckBox *m_header;
    QCheckBox *m_definition;
    QLineEdit *m_nullText;
    QComboBox *m_encoding;
    QProgressDialog *m_progress = nullptr;
    std::shared_ptr<Running> m_running;
    QString m_file;
};

} // namespace ui
