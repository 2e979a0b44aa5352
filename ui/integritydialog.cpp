// SPDX-License-Identifier: MIT
#include "ui/integritydialog.h"

#include "orm/engine/connection.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace ui {

namespace {
enum Column { TableColumn, RowColumn, ProblemColumn };
constexpr int TableRole = Qt::UserRole + 1;
constexpr int KeyRole = Qt::UserRole + 2;
} // namespace

IntegrityDialog::IntegrityDialog(const orm::DatabaseUrl &url, QWidget *parent)
    : QDialog(parent)
    , m_url(url)
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_findings(new QTreeWidget(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(u"integrityDialog"_s);
    setWindowTitle(tr("Check Integrity"));
    auto *layout = new QVBoxLayout(this);
    m_status->setObjectName(u"integrityStatus"_s);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_progress->setObjectName(u"integrityProgress"_s);
    m_progress->setRange(0, 0);
    layout->addWidget(m_progress);
    m_findings->setObjectName(u"integrityFindings"_s);
    m_findings->setAccessibleName(tr("Findings"));
    m_findings->setRootIsDecorated(false);
    m_findings->setUniformRowHeights(true);
    m_findings->setHeaderLabels({tr("Table"), tr("Row"), tr("Problem")});
    m_findings->header()->setStretchLastSection(true);
    m_findings->setColumnWidth(TableColumn, 140);
    m_findings->setColumnWidth(RowColumn, 70);
    layout->addWidget(m_findings, 1);
    layout->addWidget(m_buttons);
    connect(m_findings, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { activate(item); });
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        if (m_running)
            cancel();
        else
            reject();
    });
    resize(640, 420);
}

IntegrityDialog::~IntegrityDialog()
{
    cancel();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

int IntegrityDialog::findingCount() const
{
    return m_findings->topLevelItemCount();
}

void IntegrityDialog::start()
{
    if (m_running || m_thread)
        return;
    m_running = true;
    m_status->setText(tr("Opening the file…"));
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(u"rowsmith-integrity"_s);
    m_thread->start(QThread::LowPriority);
}

void IntegrityDialog::cancel()
{
    m_cancelled = true;
    const QMutexLocker lock(&m_connectionMutex);
    if (m_connection)
        m_connection->interrupt();
}

void IntegrityDialog::run()
{
    auto back = [this](auto f) { QMetaObject::invokeMethod(this, f, Qt::QueuedConnection); };
    orm::ConnectionOptions options;
    options.readOnly = true;
    orm::Error error;
    std::unique_ptr<orm::Connection> connection = orm::Connection::open(m_url, options, &error);
    if (!connection) {
        back([this, message = error.text()] { onFinished(message, false); });
        return;
    }
    {
        const QMutexLocker lock(&m_connectionMutex);
        m_connection = connection.get();
    }
    orm::IntegrityCheck check(*connection);
    QString failure;
    if (!check.prepare()) {
        failure = check.lastError().text();
    } else {
        const int steps = int(check.steps().size());
        for (int i = 0; i < steps && !m_cancelled; ++i) {
            const orm::IntegrityCheck::Step step = check.steps().at(i);
            back([this, i, steps, step] {
                QString text;
                switch (step.what) {
                case orm::IntegrityCheck::Step::What::Table:
                    text = tr("Checking %1 and its indexes…").arg(step.table);
                    break;
                case orm::IntegrityCheck::Step::What::ForeignKeys:
                    text = tr("Checking the foreign keys of %1…").arg(step.table);
                    break;
                case orm::IntegrityCheck::Step::What::File:
                    text = tr("Checking the file's pages…");
                    break;
                }
                onStep(i, steps, text);
            });
            const auto findings = check.runStep(i);
            if (!findings) {
                if (!m_cancelled)
                    failure = check.lastError().text();
                break;
            }
            if (!findings->isEmpty())
                back([this, found = *findings] { onFindings(found); });
        }
    }
    {
        const QMutexLocker lock(&m_connectionMutex);
        m_connection = nullptr;
    }
    connection.reset();
    back([this, failure, cancelled = m_cancelled.load()] { onFinished(failure, cancelled); });
}

void IntegrityDialog::onStep(int step, int steps, const QString &description)
{
    m_progress->setRange(0, steps);
    m_progress->setValue(step);
    m_status->setText(description);
}

void IntegrityDialog::onFindings(const QList<orm::IntegrityFinding> &findings)
{
    for (const orm::IntegrityFinding &f : findings) {
        auto *item = new QTreeWidgetItem(m_findings);
        item->setText(TableColumn, f.table.isEmpty() ? tr("(the file)") : f.table);
        if (!f.key.isNull()) {
            const QString key = f.key.metaType().id() == QMetaType::QVariantList
                ? f.key.toStringList().join(u", "_s)
                : f.key.toString();
            item->setText(RowColumn, key);
            item->setData(0, TableRole, f.table);
            item->setData(0, KeyRole, f.key);
            item->setToolTip(ProblemColumn, tr("Double-click to show the row"));
        } else if (f.rowid >= 0) {
            item->setText(RowColumn, tr("rowid %1").arg(f.rowid));
        }
        item->setText(ProblemColumn,
                      f.kind == orm::IntegrityFinding::Kind::ForeignKey
                          ? tr("%1 refers to a row of %2 that does not exist")
                                .arg(f.columns.join(u", "_s), f.parent)
                          : f.message);
    }
}

void IntegrityDialog::onFinished(const QString &error, bool cancelled)
{
    m_running = false;
    const int n = findingCount();
    if (m_progress->maximum() == 0)
        m_progress->setRange(0, 1);
    if (!error.isEmpty()) {
        m_status->setText(tr("The check could not run: %1").arg(error));
    } else if (cancelled) {
        m_status->setText(tr("Cancelled: %n problem(s) found so far.", nullptr, n));
    } else {
        m_progress->setValue(m_progress->maximum());
        m_status->setText(n == 0 ? tr("No problems found: the file's pages, indexes and foreign "
                                      "keys are sound.")
                                 : tr("%n problem(s) found. Double-click one with a row to show "
                                      "it.",
                                      nullptr, n));
    }
    m_buttons->setStandardButtons(QDialogButtonBox::Close);
    Q_EMIT finished();
}

void IntegrityDialog::activate(QTreeWidgetItem *item)
{
    if (!item)
        return;
    const QString table = item->data(0, TableRole).toString();
    const QVariant key = item->data(0, KeyRole);
    if (!table.isEmpty() && !key.isNull())
        Q_EMIT rowRequested(table, key);
}

} // namespace ui
