// SPDX-License-Identifier: MIT
#include "ui/exportdialog.h"

#include "orm/engine/connection.h"
#include "orm/io/tableexport.h"
#include "ui/progressrelay.h"
#include "ui/prompts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLineEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSaveFile>
#include <QThread>
#include <QVBoxLayout>

#include <mutex>

using namespace Qt::StringLiterals;

namespace ui {

// What the window and the worker share: the worker's connection while it runs (to interrupt a
// statement still looking for its first row) and the cancel flag the progress checks.
struct ExportDialog::Running
{
    std::atomic<bool> cancelled = false;
    std::mutex mutex;
    orm::Connection *connection = nullptr;
    QThread *thread = nullptr;

    void cancel()
    {
        cancelled = true;
        std::lock_guard lock(mutex);
        if (connection)
            connection->interrupt();
    }
};

ExportDialog::ExportDialog(const orm::DatabaseUrl &url, const orm::Table &table,
                           const orm::Select &view, bool viewIsFiltered, Prompts *prompts,
                           QWidget *parent)
    : QDialog(parent)
    , m_url(url)
    , m_table(table)
    , m_view(view)
    , m_prompts(prompts)
{
    setWindowTitle(tr("Export %1").arg(table.qualifiedName()));
    auto *form = new QFormLayout;
    m_wholeTable = new QRadioButton(tr("The whole table"), this);
    m_wholeTable->setObjectName(u"exportWholeTable"_s);
    m_shownRows = new QRadioButton(tr("The rows as shown (filtered and sorted)"), this);
    m_shownRows->setObjectName(u"exportShownRows"_s);
    m_shownRows->setEnabled(viewIsFiltered);
    (viewIsFiltered ? m_shownRows : m_wholeTable)->setChecked(true);
    auto *rows = new QVBoxLayout;
    rows->addWidget(m_wholeTable);
    rows->addWidget(m_shownRows);
    form->addRow(tr("Rows:"), rows);

    m_format = new QComboBox(this);
    m_format->setObjectName(u"exportFormat"_s);
    m_format->addItem(tr("CSV (comma-separated values)"), int(orm::ExportFormat::Csv));
    m_format->addItem(tr("JSON (an array of objects)"), int(orm::ExportFormat::Json));
    m_format->addItem(tr("SQL (INSERT statements)"), int(orm::ExportFormat::Sql));
    form->addRow(tr("&Format:"), m_format);

    m_separator = new QComboBox(this);
    m_separator->setObjectName(u"exportSeparator"_s);
    m_separator->addItem(tr("Comma"), u","_s);
    m_separator->addItem(tr("Semicolon"), u";"_s);
    m_separator->addItem(tr("Tab"), u"\t"_s);
    m_separator->addItem(tr("Vertical bar"), u"|"_s);
    form->addRow(tr("&Separator:"), m_separator);
    m_header = new QCheckBox(tr("A first row of column names"), this);
    m_header->setObjectName(u"exportHeader"_s);
    m_header->setChecked(true);
    form->addRow(QString(), m_header);
    m_definition = new QCheckBox(tr("With the table's definition (CREATE TABLE, indexes, "
                                    "triggers), in one transaction"),
                                 this);
    m_definition->setObjectName(u"exportDefinition"_s);
    m_definition->setToolTip(tr("A script that makes the table again, as the sqlite3 shell's "
                                ".dump writes"));
    form->addRow(QString(), m_definition);
    m_nullText = new QLineEdit(this);
    m_nullText->setObjectName(u"exportNullText"_s);
    m_nullText->setPlaceholderText(tr("an empty field"));
    form->addRow(tr("&NULL as:"), m_nullText);
    m_encoding = new QComboBox(this);
    m_encoding->setObjectName(u"exportEncoding"_s);
    m_encoding->addItem(tr("UTF-8"), 0);
    m_encoding->addItem(tr("UTF-8 with byte order mark"), 1);
    m_encoding->addItem(tr("UTF-16"), 2);
    m_encoding->addItem(tr("Latin-1 (ISO 8859-1)"), 3);
    form->addRow(tr("&Encoding:"), m_encoding);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *exportButton = buttons->addButton(tr("&Export…"), QDialogButtonBox::AcceptRole);
    exportButton->setObjectName(u"exportButton"_s);
    exportButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::chooseFileAndStart);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateOptions);
    updateOptions();
}

ExportDialog::ExportDialog(const orm::DatabaseUrl &url, const QString &query, const QString &name,
                           Prompts *prompts, QWidget *parent)
    : ExportDialog(url, orm::Table(name), orm::Select(), false, prompts, parent)
{
    m_query = query;
    setWindowTitle(tr("Export the Query's Rows"));
    m_wholeTable->setText(tr("The rows of the query"));
    m_shownRows->hide();
    updateOptions();
}

ExportDialog::~ExportDialog()
{
    // The worker writes nothing more once cancelled, and goes before the dialog does.
    if (m_running) {
        m_running->cancel();
        m_running->thread->wait();
        delete m_running->thread;
    }
}

void ExportDialog::updateOptions()
{
    // Separator, header and NULL text are CSV's, the definition SQL's; the encoding is every
    // format's.
    const bool csv = m_format->currentData().toInt() == int(orm::ExportFormat::Csv);
    m_separator->setEnabled(csv);
    m_header->setEnabled(csv);
    m_nullText->setEnabled(csv);
    m_definition->setEnabled(m_query.isEmpty()
                             && m_format->currentData().toInt() == int(orm::ExportFormat::Sql));
}

void ExportDialog::chooseFileAndStart()
{
    if (m_running)
        return;
    const auto format = orm::ExportFormat(m_format->currentData().toInt());
    const QString extension = format == orm::ExportFormat::Csv ? u"csv"_s
        : format == orm::ExportFormat::Json                    ? u"json"_s
                                                               : u"sql"_s;
    const QString filter = format == orm::ExportFormat::Csv ? tr("CSV file (*.csv)")
        : format == orm::ExportFormat::Json                 ? tr("JSON file (*.json)")
                                                            : tr("SQL script (*.sql)");
    QString suggested = m_table.name() + u'.' + extension;
    if (!m_url.isMemory() && m_url.backend() == u"sqlite")
        suggested = QFileInfo(m_url.path()).dir().filePath(suggested);
    m_file = m_prompts->chooseFileToSave(this, tr("Export %1").arg(m_table.qualifiedName()),
                                         suggested, filter);
    if (m_file.isEmpty())
        return;

    orm::ExportOptions options;
    options.format = format;
    options.separator = m_separator->currentData().toString().front();
    options.header = m_header->isChecked();
    options.definition = m_definition->isEnabled() && m_definition->isChecked();
    options.nullText = m_nullText->text();
    options.progressInterval = 10000;
    switch (m_encoding->currentData().toInt()) {
    case 1:
        options.byteOrderMark = true;
        break;
    case 2:
        options.encoding = QStringConverter::Utf16;
        options.byteOrderMark = true;
        break;
    case 3:
        options.encoding = QStringConverter::Latin1;
        break;
    default:
        break;
    }
    const bool shown = m_shownRows->isChecked();
    QStringList names;
    for (const orm::Column &c : m_table.columns())
        names << c.name;

    m_running = std::make_shared<Running>();
    std::shared_ptr<Running> running = m_running;
    const orm::DatabaseUrl url = m_url;
    const orm::Table table = m_table;
    const orm::Select view = m_view;
    const QString query = m_query;
    const QString file = m_file;
    running->thread = QThread::create([this, running, url, table, view, names, options, file, shown,
                                       query] {
        orm::ConnectionOptions connectionOptions;
        connectionOptions.readOnly = true;
        orm::Error error;
        std::unique_ptr<orm::Connection> connection =
            orm::Connection::open(url, connectionOptions, &error);
        bool ok = false;
        qint64 rows = 0;
        QString message;
        if (!connection) {
            message = error.text();
        } else {
            {
                std::lock_guard lock(running->mutex);
                running->connection = connection.get();
            }
            QSaveFile out(file);
            if (!out.open(QIODevice::WriteOnly)) {
                message = out.errorString();
            } else {
                orm::TableExporter exporter(*connection, options);
                exporter.setProgress(
                    relayProgress(this, &m_progress, tr("%1 rows written…"), running));
                ok = !query.isEmpty() ? exporter.exportQuery(query, table, &out)
                    : shown           ? exporter.exportSelect(view, names, table, &out)
                                      : exporter.exportTable(table, &out);
                ok = ok && !running->cancelled.load();
                rows = exporter.rowsWritten();
                if (!ok) {
                    message = running->cancelled.load() ? tr("The export was cancelled.")
                                                        : exporter.lastError().text();
                    out.cancelWriting();
                } else if (!out.commit()) {
                    ok = false;
                    message = out.errorString();
                }
            }
            std::lock_guard lock(running->mutex);
            running->connection = nullptr;
        }
        const bool cancelled = running->cancelled.load();
        QMetaObject::invokeMethod(
            this, [this, ok, rows, message, cancelled] { finish(ok, rows, message, cancelled); },
            Qt::QueuedConnection);
    });

    m_progress = new QProgressDialog(tr("Exporting %1…").arg(m_table.qualifiedName()), tr("Cancel"),
                                     0, 0, this);
    m_progress->setObjectName(u"exportProgress"_s);
    m_progress->setWindowTitle(tr("Export"));
    m_progress->setMinimumDuration(0);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    connect(m_progress, &QProgressDialog::canceled, this, [running] { running->cancel(); });
    m_progress->open();
    running->thread->start();
}

void ExportDialog::finish(bool ok, qint64 rows, const QString &message, bool cancelled)
{
    if (m_running) {
        m_running->thread->wait();
        delete m_running->thread;
        m_running.reset();
    }
    if (m_progress) {
        m_progress->hide();
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    Q_EMIT exportFinished(ok, rows, m_file, message);
    if (ok || cancelled) {
        accept();
        return;
    }
    m_prompts->showError(this, tr("Cannot export %1").arg(m_table.qualifiedName()), message);
}

} // namespace ui
