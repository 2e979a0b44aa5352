// SPDX-License-Identifier: MIT
#include "ui/importdialog.h"

#include "orm/engine/connection.h"
#include "orm/engine/engine.h"
#include "orm/io/tableimport.h"
#include "orm/mapping/entitymeta.h"
#include "orm/sql/types.h"
#include "ui/document.h"
#include "ui/entitycatalog.h"
#include "ui/progressrelay.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
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

// A table name made of a file's name: letters, digits and underscores, not starting with a
// digit.
static QString tableNameFor(const QString &file)
{
    QString name;
    for (const QChar c : QFileInfo(file).completeBaseName().toLower())
        name += c.isLetterOrNumber() && c.unicode() < 128 ? c : u'_';
    if (name.isEmpty() || name.front().isDigit())
        name.prepend(u"t_"_s);
    return name;
}

ImportDialog::ImportDialog(Document *document, const orm::EntityMeta &meta, const QString &file,
                           QWidget *parent)
    : QDialog(parent)
    , m_document(document)
    , m_meta(meta)
    , m_file(file)
{
    setWindowTitle(tr("Import %1").arg(QFileInfo(file).fileName()));
    m_options.format = QFileInfo(file).suffix().compare(u"json"_s, Qt::CaseInsensitive) == 0
        ? orm::ImportFormat::Json
        : orm::ImportFormat::Csv;
    const bool csv = m_options.format == orm::ImportFormat::Csv;
    if (csv) {
        QFile in(file);
        if (in.open(QIODevice::ReadOnly))
            m_options.separator = orm::RecordReader::guessSeparator(in.read(64 * 1024));
    }
    auto *layout = new QVBoxLayout(this);

    // Where the rows go, and how the file is read.
    auto *options = new QFormLayout;
    auto *into = new QHBoxLayout;
    m_into = new QComboBox(this);
    m_into->setObjectName(u"importInto"_s);
    m_into->addItem(tr("%1 (the table shown)").arg(meta.tableName()));
    m_into->addItem(tr("A new table, named:"));
    m_newTable = new QLineEdit(tableNameFor(file), this);
    m_newTable->setObjectName(u"importNewTable"_s);
    into->addWidget(m_into);
    into->addWidget(m_newTable, 1);
    auto *intoLabel = new QLabel(tr("&Into:"), this);
    intoLabel->setBuddy(m_into);
    options->addRow(intoLabel, into);
    m_separator = new QComboBox(this);
    m_separator->setObjectName(u"importSeparator"_s);
    m_separator->addItem(tr("Comma ( , )"), QChar(u','));
    m_separator->addItem(tr("Semicolon ( ; )"), QChar(u';'));
    m_separator->addItem(tr("Tab"), QChar(u'\t'));
    m_separator->addItem(tr("Bar ( | )"), QChar(u'|'));
    m_separator->setCurrentIndex(qMax(0, m_separator->findData(m_options.separator)));
    m_encoding = new QComboBox(this);
    m_encoding->setObjectName(u"importEncoding"_s);
    m_encoding->addItem(tr("UTF-8"), int(QStringConverter::Utf8));
    m_encoding->addItem(tr("UTF-16"), int(QStringConverter::Utf16));
    m_encoding->addItem(tr("ISO 8859-1 (Latin-1)"), int(QStringConverter::Latin1));
    m_encoding->addItem(tr("This system's"), int(QStringConverter::System));
    m_nullText = new QLineEdit(this);
    m_nullText->setObjectName(u"importNullText"_s);
    m_nullText->setPlaceholderText(tr("an empty field"));
    m_nullText->setToolTip(tr("A field of this text, unquoted, is NULL, as is an empty field; a "
                              "quoted empty field is empty text"));
    auto *reading = new QHBoxLayout;
    reading->addWidget(m_separator);
    auto *encodingLabel = new QLabel(tr("&Encoding:"), this);
    encodingLabel->setBuddy(m_encoding);
    reading->addWidget(encodingLabel);
    reading->addWidget(m_encoding);
    auto *nullLabel = new QLabel(tr("&NULL is:"), this);
    nullLabel->setBuddy(m_nullText);
    reading->addWidget(nullLabel);
    reading->addWidget(m_nullText, 1);
    auto *separatorLabel = new QLabel(tr("&Separator:"), this);
    separatorLabel->setBuddy(m_separator);
    options->addRow(separatorLabel, reading);
    // JSON says what its values are and how they are encoded.
    for (QWidget *w : {static_cast<QWidget *>(m_separator), static_cast<QWidget *>(m_encoding),
                       static_cast<QWidget *>(m_nullText)})
        w->setEnabled(csv);
    layout->addLayout(options);

    m_mappingTitle = new QLabel(this);
    m_mappingTitle->setWordWrap(true);
    layout->addWidget(m_mappingTitle);
    m_mappingForm = new QFormLayout;
    layout->addLayout(m_mappingForm);
    m_preview = new QTableWidget(this);
    m_preview->setObjectName(u"importPreview"_s);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_preview);
    m_problems = new QLabel(this);
    m_problems->setObjectName(u"importProblems"_s);
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->hide();
    layout->addWidget(m_problems);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_importButton = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_importButton->setObjectName(u"importButton"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &ImportDialog::import);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    const auto reread = [this] {
        m_options.separator = m_separator->currentData().value<QChar>();
        m_options.encoding = QStringConverter::Encoding(m_encoding->currentData().toInt());
        m_options.nullText = m_nullText->text();
        readPreview();
    };
    connect(m_separator, &QComboBox::currentIndexChanged, this, reread);
    connect(m_encoding, &QComboBox::currentIndexChanged, this, reread);
    connect(m_nullText, &QLineEdit::textChanged, this, reread);
    connect(m_into, &QComboBox::currentIndexChanged, this, &ImportDialog::updateTarget);
    // A read-only table (or one the window cannot stage into) takes no rows: a new table does.
    if (meta.isReadOnly()) {
        m_into->setCurrentIndex(1);
        m_into->setEnabled(false);
    }
    readPreview();
    updateTarget();
    resize(700, 560);
}

void ImportDialog::showProblem(const QString &text)
{
    m_problems->setText(text);
    m_problems->setVisible(!text.isEmpty());
}

bool ImportDialog::intoNewTable() const
{
    return m_into->currentIndex() == 1;
}

void ImportDialog::updateTarget()
{
    const bool fresh = intoNewTable();
    m_newTable->setEnabled(fresh);
    for (QComboBox *target : std::as_const(m_targets))
        target->setEnabled(!fresh);
    m_mappingTitle->setText(fresh ? tr("The new table gets the file's columns, each with the "
                                       "type detected from its values:")
                                  : tr("Each column of the file goes to the column of %1 chosen "
                                       "here:")
                                        .arg(m_meta.tableName()));
    if (fresh)
        m_newTable->setFocus();
}

void ImportDialog::readPreview()
{
    QFile in(m_file);
    QList<QVariantList> rows;
    QList<orm::Column> detected;
    QString error;
    const QStringList previous = m_fileColumns;
    m_fileColumns.clear();
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
    m_importButton->setEnabled(m_readable);
    showProblem(m_readable ? QString() : tr("The file cannot be read: %1").arg(error));

    // A target chosen by hand stays when the columns are the same.
    const QStringList chosen = previous == m_fileColumns ? mapping() : QStringList();
    while (m_mappingForm->rowCount() > 0)
        m_mappingForm->removeRow(0);
    m_targets.clear();
    for (qsizetype i = 0; i < m_fileColumns.size(); ++i) {
        auto *target = new QComboBox(this);
        target->setObjectName(u"importTarget%1"_s.arg(i));
        target->addItem(tr("(skip)"), QString());
        for (int c = 0; c < m_meta.columnCount(); ++c) {
            const QString name = m_meta.column(c).column.name;
            target->addItem(name, name);
        }
        const int same = target->findData(chosen.value(i, m_fileColumns.at(i)));
        target->setCurrentIndex(same >= 0 ? same : 0);
        target->setEnabled(!intoNewTable());
        m_targets << target;
        const QString type =
            i < detected.size() ? orm::typeDisplayName(detected.at(i).type) : QString();
        m_mappingForm->addRow(tr("%1 (%2) →").arg(m_fileColumns.at(i), type), target);
    }

    m_preview->clear();
    m_preview->setRowCount(int(rows.size()));
    m_preview->setColumnCount(int(m_fileColumns.size()));
    m_preview->setHorizontalHeaderLabels(m_fileColumns);
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < rows.at(r).size() && c < m_fileColumns.size(); ++c) {
            const QVariant &v = rows.at(r).at(c);
            auto *item = new QTableWidgetItem(v.isNull() ? tr("NULL") : v.toString());
            if (v.isNull())
                item->setForeground(palette().placeholderText());
            m_preview->setItem(r, c, item);
        }
    }
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
    showProblem(QString());
    if (intoNewTable()) {
        const QString name = m_newTable->text().trimmed();
        if (name.isEmpty()) {
            showProblem(tr("Name the new table."));
            m_newTable->setFocus();
        } else if (m_document->catalog().entityForTable(name)) {
            showProblem(tr("The database already has a table %1: choose it to import into "
                           "it, or another name.")
                            .arg(name));
            m_newTable->setFocus();
        } else {
            writeInTransaction(name, QStringList());
        }
        return;
    }
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
    writeInTransaction(m_meta.tableName(), targets);
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

void ImportDialog::writeInTransaction(const QString &table, const QStringList &targets)
{
    m_creating = intoNewTable() ? table : QString();
    m_running = std::make_shared<Running>();
    std::shared_ptr<Running> running = m_running;
    orm::ImportOptions options = m_options;
    options.columnMapping = targets;
    options.newTableOnly = !m_creating.isEmpty();
    const orm::DatabaseUrl url = m_document->engine().url();
    const QString file = m_file;
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
            importer.setProgress(relayProgress(this, &m_progress, tr("%1 rows read…"), running));
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
    if (!m_creating.isEmpty())
        Q_EMIT tableCreated(m_creating);
    Q_EMIT imported(rows, false);
    accept();
}

} // namespace ui
