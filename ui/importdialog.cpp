// SPDX-License-Identifier: MIT
#include "ui/importdialog.h"

#include "orm/engine/connection.h"
#include "orm/engine/engine.h"
#include "orm/io/tableimport.h"
#include "orm/mapping/entitymeta.h"
#include "orm/sql/types.h"
#include "ui/document.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressDialog>
#include <QPushButton>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <mutex>

using namespace Qt::StringLiterals;

namespace ui {

namespace {
constexpr int kPreviewRows = 100;
} // namespace

struct ImportDialog::Running
{
    std::atomic<bool> cancelled = false;
    QThread *thread = nullptr;
};

ImportDialog::ImportDialog(Document *document, const orm::EntityMeta &meta, const QString &file,
                           QWidget *parent)
    : QDialog(parent)
    , m_document(document)
    , m_meta(meta)
    , m_file(file)
{
    setWindowTitle(tr("Import into %1").arg(meta.tableName()));
    m_options.format = QFileInfo(file).suffix().compare(u"json"_s, Qt::CaseInsensitive) == 0
        ? orm::ImportFormat::Json
        : orm::ImportFormat::Csv;
    auto *layout = new QVBoxLayout(this);
    m_problems = new QLabel(this);
    m_problems->setObjectName(u"importProblems"_s);
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->hide();

    // The preview: the first rows, with the type detected for each column.
    QFile in(file);
    QList<QVariantList> rows;
    QList<orm::Column> detected;
    QString error;
    if (!in.open(QIODevice::ReadOnly)) {
        error = in.errorString();
    } else {
        orm::RecordReader reader(&in, m_options);
        if (reader.open()) {
            m_fileColumns = reader.columnNames();
            QVariantList values;
            while (rows.size() < kPreviewRows && reader.next(&values))
                rows << values;
            error = reader.error();
            if (error.isEmpty() && reader.rewind())
                (void)orm::TableImporter::detectColumns(reader, kPreviewRows, &detected, &error);
        } else {
            error = reader.error();
        }
    }
    m_readable = error.isEmpty();

    auto *mappingForm = new QFormLayout;
    for (qsizetype i = 0; i < m_fileColumns.size(); ++i) {
        auto *target = new QComboBox(this);
        target->setObjectName(u"importTarget%1"_s.arg(i));
        target->addItem(tr("(skip)"), QString());
        for (int c = 0; c < meta.columnCount(); ++c) {
            const QString name = meta.column(c).column.name;
            target->addItem(name, name);
        }
        const int same = target->findData(m_fileColumns.at(i));
        target->setCurrentIndex(same >= 0 ? same : 0);
        m_targets << target;
        const QString type =
            i < detected.size() ? orm::typeDisplayName(detected.at(i).type) : QString();
        mappingForm->addRow(tr("%1 (%2) →").arg(m_fileColumns.at(i), type), target);
    }
    layout->addWidget(new QLabel(tr("Each column of the file goes to the column of %1 chosen "
                                    "here:")
                                     .arg(meta.tableName()),
                                 this));
    layout->addLayout(mappingForm);

    m_preview = new QTableWidget(int(rows.size()), int(m_fileColumns.size()), this);
    m_preview->setObjectName(u"importPreview"_s);
    m_preview->setHorizontalHeaderLabels(m_fileColumns);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < rows.at(r).size() && c < m_fileColumns.size(); ++c) {
            const QVariant &v = rows.at(r).at(c);
            auto *item = new QTableWidgetItem(v.isNull() ? tr("NULL") : v.toString());
            if (v.isNull())
                item->setForeground(palette().placeholderText());
            m_preview->setItem(r, c, item);
        }
    }
    layout->addWidget(m_preview);
    layout->addWidget(m_problems);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *importButton = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    importButton->setObjectName(u"importButton"_s);
    importButton->setEnabled(m_readable);
    connect(buttons, &QDialogButtonBox::accepted, this, &ImportDialog::import);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    if (!m_readable) {
        m_problems->setText(tr("The file cannot be read: %1").arg(error));
        m_problems->show();
    }
    resize(640, 520);
}

ImportDialog::~ImportDialog()
{
    if (m_running) {
        m_running->cancelled = true;
        m_running->thread->wait();
        delete m_running->thread;
    }
}

QString ImportDialog::problems() const
{
    return m_problems->isVisible() || !m_problems->text().isEmpty() ? m_problems->text()
                                                                    : QString();
}

QStringList ImportDialog::mapping() const
{
    QStringList targets;
    for (QComboBox *box : m_targets)
        targets << box->currentData().toString();
    return targets;
}

void ImportDialog::import()
{
    if (m_running)
        return;
    m_problems->clear();
    m_problems->hide();
    const QStringList targets = mapping();
    if (std::all_of(targets.begin(), targets.end(), [](const QString &t) { return t.isEmpty(); })) {
        m_problems->setText(
            tr("Choose a column of the table for at least one column of the file."));
        m_problems->show();
        return;
    }
    // Counting the rows tells which way: staged for review, or written at once.
    QFile in(m_file);
    qint64 count = 0;
    if (in.open(QIODevice::ReadOnly)) {
        orm::RecordReader reader(&in, m_options);
        QVariantList values;
        if (reader.open()) {
            while (count <= stagingLimit && reader.next(&values))
                ++count;
        }
    }
    if (count <= stagingLimit) {
        if (stage(targets))
            accept();
        return;
    }
    writeInTransaction(targets);
}

bool ImportDialog::stage(const QStringList &targets)
{
    QFile in(m_file);
    if (!in.open(QIODevice::ReadOnly)) {
        m_problems->setText(tr("The file cannot be read: %1").arg(in.errorString()));
        m_problems->show();
        return false;
    }
    orm::RecordReader reader(&in, m_options);
    if (!reader.open()) {
        m_problems->setText(reader.error());
        m_problems->show();
        return false;
    }
    QList<qsizetype> sources;
    QList<int> columns;
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const int column = targets.at(i).isEmpty() ? -1 : m_meta.columnIndex(targets.at(i));
        if (column >= 0) {
            sources << i;
            columns << column;
        }
    }
    QList<QVariantList> rows;
    QList<orm::ImportProblem> problems;
    QVariantList values;
    while (problems.size() < 10 && reader.next(&values)) {
        QVariantList row;
        for (qsizetype k = 0; k < sources.size(); ++k) {
            const orm::Column &column = m_meta.column(columns.at(k)).column;
            QVariant stored;
            QString problem;
            if (!orm::TableImporter::toStored(values.at(sources.at(k)), column, m_options.format,
                                              &stored, &problem)) {
                problems << orm::ImportProblem {reader.row(), reader.line(), column.name, problem};
                continue;
            }
            row << orm::storage::fromStorage(stored, column.type);
        }
        rows << row;
    }
    QStringList lines;
    if (!reader.error().isEmpty())
        lines << reader.error();
    for (const orm::ImportProblem &p : std::as_const(problems))
        lines << p.text();
    if (!lines.isEmpty()) {
        m_problems->setText(tr("Nothing was imported: these rows do not fit %1.\n%2")
                                .arg(m_meta.tableName(), lines.join(u'\n')));
        m_problems->show();
        return false;
    }
    m_document->stageNewObjects(m_meta, columns, rows,
                                tr("Import %n row(s)", nullptr, int(rows.size())));
    Q_EMIT imported(rows.size(), true);
    return true;
}

void ImportDialog::writeInTransaction(const QStringList &targets)
{
    m_running = std::make_shared<Running>();
    std::shared_ptr<Running> running = m_running;
    orm::ImportOptions options = m_options;
    options.columnMapping = targets;
    const orm::DatabaseUrl url = m_document->engine().url();
    const QString file = m_file;
    const QString table = m_meta.tableName();
    running->thread = QThread::create([this, running, options, url, file, table] {
        orm::Error error;
        std::unique_ptr<orm::Connection> connection =
            orm::Connection::open(url, orm::ConnectionOptions(), &error);
        bool ok = false;
        qint64 rows = 0;
        QString report;
        QFile in(file);
        if (!connection) {
            report = error.text();
        } else if (!in.open(QIODevice::ReadOnly)) {
            report = in.errorString();
        } else {
            orm::TableImporter importer(*connection, options);
            importer.setProgress([this, running](qint64 read) {
                QMetaObject::invokeMethod(
                    this,
                    [this, read] {
                        if (m_progress)
                            m_progress->setLabelText(
                                tr("%1 rows read…").arg(QLocale().toString(read)));
                    },
                    Qt::QueuedConnection);
                return !running->cancelled.load();
            });
            ok = importer.importFile(table, &in);
            rows = importer.rowsImported();
            QStringList lines;
            for (const orm::ImportProblem &p : importer.problems())
                lines << p.text();
            report = lines.isEmpty() ? importer.lastError().text()
                                     : tr("Nothing was imported: these rows do not fit %1.\n%2")
                                           .arg(table, lines.join(u'\n'));
        }
        QMetaObject::invokeMethod(
            this, [this, ok, rows, report] { finishWrite(ok, rows, report); },
            Qt::QueuedConnection);
    });
    m_progress = new QProgressDialog(tr("Importing into %1…").arg(table), tr("Cancel"), 0, 0, this);
    m_progress->setObjectName(u"importProgress"_s);
    m_progress->setMinimumDuration(0);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    connect(m_progress, &QProgressDialog::canceled, this, [running] { running->cancelled = true; });
    m_progress->open();
    running->thread->start();
}

void ImportDialog::finishWrite(bool ok, qint64 rows, const QString &report)
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
    if (!ok) {
        m_problems->setText(report);
        m_problems->show();
        return;
    }
    Q_EMIT imported(rows, false);
    accept();
}

} // namespace ui
