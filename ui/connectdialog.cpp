// SPDX-License-Identifier: MIT
#include "ui/connectdialog.h"

#include "orm/drivers/postgresql/pgconnection.h"
#include "orm/engine/connection.h"
#include "orm/engine/url.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;

namespace ui {

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_database(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_sslMode(new QComboBox(this))
    , m_result(new QLabel(this))
{
    setObjectName(u"connectDialog"_s);
    setWindowTitle(tr("Connect to Server"));
    m_host->setObjectName(u"host"_s);
    m_host->setText(u"localhost"_s);
    m_host->setToolTip(tr("A host name, an address, or the folder of a Unix socket"));
    m_port->setObjectName(u"port"_s);
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_database->setObjectName(u"database"_s);
    m_user->setObjectName(u"user"_s);
    m_password->setObjectName(u"password"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("Asked when needed"));
    m_sslMode->setObjectName(u"sslMode"_s);
    // libpq's modes, the default first.
    const QList<std::pair<QString, QString>> modes {
        {u"prefer"_s, tr("Prefer (encrypted if the server offers it)")},
        {u"require"_s, tr("Require (encrypted, server not verified)")},
        {u"verify-ca"_s, tr("Verify CA (encrypted, certificate checked)")},
        {u"verify-full"_s, tr("Verify full (certificate and host name checked)")},
        {u"disable"_s, tr("Disable (never encrypted)")},
    };
    for (const auto &[mode, text] : modes)
        m_sslMode->addItem(text, mode);

    auto *form = new QFormLayout;
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(tr("&SSL mode:"), m_sslMode);

    m_result->setObjectName(u"testResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setMinimumWidth(380);

    auto *buttons = new QDialogButtonBox(this);
    m_test = buttons->addButton(tr("&Test"), QDialogButtonBox::ActionRole);
    m_test->setObjectName(u"testButton"_s);
    m_connect = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(u"connectButton"_s);
    m_connect->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_test, &QPushButton::clicked, this, &ConnectDialog::test);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit *e : {m_host, m_database, m_user})
        connect(e, &QLineEdit::textChanged, this, &ConnectDialog::updateButtons);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    updateButtons();
}

ConnectDialog::~ConnectDialog() = default;

QString ConnectDialog::url(Password password) const
{
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(m_user->text().trimmed());
    if (password == Password::Included && !m_password->text().isEmpty())
        url.setPassword(m_password->text());
    url.setPath(u'/' + m_database->text().trimmed());
    QUrlQuery query;
    const QString host = m_host->text().trimmed();
    if (host.startsWith(u'/')) {
        // A socket's folder is no host name: libpq takes it from the query.
        url.setHost(QString());
        query.addQueryItem(u"host"_s, QString::fromLatin1(QUrl::toPercentEncoding(host)));
        query.addQueryItem(u"port"_s, QString::number(m_port->value()));
    } else {
        url.setHost(host);
        url.setPort(m_port->value());
    }
    const QString mode = m_sslMode->currentData().toString();
    if (mode != u"prefer")
        query.addQueryItem(u"sslmode"_s, mode);
    url.setQuery(query);
    // An empty host keeps its "//": postgresql://user@/db?host=…
    QString text = url.toString(QUrl::FullyEncoded);
    if (!text.startsWith(u"postgresql://"_s))
        text.replace(0, int(qstrlen("postgresql:")), u"postgresql://"_s);
    return text;
}

void ConnectDialog::setUrl(const QString &text)
{
    const orm::DatabaseUrl url = orm::DatabaseUrl::parse(text);
    if (!url.isValid())
        return;
    m_host->setText(url.host().isEmpty() ? u"localhost"_s : url.host());
    m_port->setValue(url.port().isEmpty() ? 5432 : url.port().toInt());
    m_database->setText(url.database());
    m_user->setText(url.userName());
    m_password->setText(url.password());
    for (const auto &[key, value] : url.connectionParameters()) {
        if (key == u"sslmode") {
            const int index = m_sslMode->findData(value);
            if (index >= 0)
                m_sslMode->setCurrentIndex(index);
        }
    }
}

void ConnectDialog::updateButtons()
{
    const bool complete = !m_host->text().trimmed().isEmpty()
        && !m_database->text().trimmed().isEmpty() && !m_user->text().trimmed().isEmpty();
    m_test->setEnabled(complete && !m_testing);
    m_connect->setEnabled(complete);
}

QString ConnectDialog::tryConnection(const QString &text, QString *version)
{
    QString message;
    const orm::DatabaseUrl url = orm::DatabaseUrl::parse(text, &message);
    if (!url.isValid())
        return message;
    orm::Error error;
    orm::ConnectionOptions options;
    options.readOnly = true;
    const std::unique_ptr<orm::Connection> connection = orm::Connection::open(url, options, &error);
    if (!connection)
        return error.text().isEmpty() ? tr("The server could not be reached") : error.text();
    if (const auto *server = dynamic_cast<const orm::postgresql::Connection *>(connection.get());
        server && version) {
        const int number = server->serverVersion(); // 150004 for 15.4
        *version = u"%1.%2"_s.arg(number / 10000).arg(number % 10000);
    }
    return {};
}

void ConnectDialog::test()
{
    // The server may take its time (a name to look up, a firewall that drops): the dialog stays
    // responsive, and its own thread makes the round trips. A dialog closed meanwhile is not
    // told.
    struct Job
    {
        QString error;
        QString version;
    };
    auto job = std::make_shared<Job>();
    QThread *thread =
        QThread::create([job, url = url()] { job->error = tryConnection(url, &job->version); });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, job] {
        m_testing = false;
        updateButtons();
        const bool ok = job->error.isEmpty();
        const QString text = ok ? tr("Connected: PostgreSQL %1.").arg(job->version)
                                : tr("The connection failed: %1").arg(job->error.trimmed());
        showResult(text);
        Q_EMIT tested(ok, text);
    });
    m_testing = true;
    updateButtons();
    showResult(tr("Connecting to %1…").arg(url(Password::Left)));
    thread->start();
}

void ConnectDialog::showResult(const QString &text)
{
    m_result->setText(text);
    // A word-wrapped label asks for no more than one line's height: a reason over four lines
    // took its room from the fields, squeezed to a few pixels, in a dialog that kept its size.
    // Its height at its width is its minimum, which the dialog's layout makes the dialog's.
    const int width = qMax(m_result->width(), m_result->minimumWidth());
    m_result->setMinimumHeight(text.isEmpty() ? 0 : m_result->heightForWidth(width));
}

} // namespace ui
