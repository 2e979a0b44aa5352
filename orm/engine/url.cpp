// SPDX-License-Identifier: MIT
#include "orm/engine/url.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace orm {

namespace {

// libpq's connection parameters a URL's query may set.
bool isServerParameter(const QString &key)
{
    static const QStringList keys {
        QStringLiteral("host"),
        QStringLiteral("hostaddr"),
        QStringLiteral("port"),
        QStringLiteral("sslmode"),
        QStringLiteral("sslrootcert"),
        QStringLiteral("sslcert"),
        QStringLiteral("sslkey"),
        QStringLiteral("sslcrl"),
        QStringLiteral("sslpassword"),
        QStringLiteral("connect_timeout"),
        QStringLiteral("application_name"),
        QStringLiteral("target_session_attrs"),
        QStringLiteral("keepalives"),
        QStringLiteral("keepalives_idle"),
        QStringLiteral("keepalives_interval"),
        QStringLiteral("keepalives_count"),
        QStringLiteral("channel_binding"),
        QStringLiteral("gssencmode"),
        // Server settings for the session, as SQLAlchemy passes a schema:
        // options=-csearch_path%3Dsales.
        QStringLiteral("options"),
    };
    return keys.contains(key);
}

} // namespace

bool DatabaseUrl::parseServerUrl(const QString &text, DatabaseUrl &result, QString *errorMessage)
{
    const auto fail = [errorMessage, &text](const QString &why) {
        if (errorMessage)
            *errorMessage = QStringLiteral("Not a server URL (%1): %2")
                                .arg(why, DatabaseUrl::withoutPassword(text));
        return false;
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(url.errorString());
    result.m_host = url.host(QUrl::FullyDecoded);
    if (url.port() != -1)
        result.m_port = QString::number(url.port());
    result.m_userName = url.userName(QUrl::FullyDecoded);
    result.m_password = url.password(QUrl::FullyDecoded);
    result.m_database = url.path(QUrl::FullyDecoded).mid(1);
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!isServerParameter(key))
            return fail(QStringLiteral("unknown parameter %1").arg(key));
        if (key == u"sslmode"
            && !QStringList {QStringLiteral("disable"), QStringLiteral("allow"),
                             QStringLiteral("prefer"), QStringLiteral("require"),
                             QStringLiteral("verify-ca"), QStringLiteral("verify-full")}
                    .contains(value))
            return fail(QStringLiteral("sslmode is one of disable, allow, prefer, require, "
                                       "verify-ca, verify-full"));
        if (key == u"host" && result.m_host.isEmpty())
            result.m_host = value;
        else if (key == u"port" && result.m_port.isEmpty())
            result.m_port = value;
        else
            result.m_parameters.append({key, value});
    }
    bool ok = true;
    if (!result.m_port.isEmpty()
        && (result.m_port.toInt(&ok) <= 0 || !ok || result.m_port.toInt() > 65535))
        return fail(QStringLiteral("the port is out of range"));
    result.m_path = url.adjusted(QUrl::RemovePassword).toString();
    return true;
}

QString DatabaseUrl::withoutPassword(const QString &text)
{
    QUrl url(text);
    if (!url.isValid() || url.password().isEmpty())
        return text;
    url.setPassword(QString());
    return url.toString();
}

QList<std::pair<QString, QString>> DatabaseUrl::connectionParameters() const
{
    QList<std::pair<QString, QString>> params;
    if (backend() != u"postgresql")
        return params;
    const auto add = [&params](const char *key, const QString &value) {
        if (!value.isEmpty())
            params.append({QString::fromLatin1(key), value});
    };
    add("host", m_host);
    add("port", m_port);
    add("dbname", m_database);
    add("user", m_userName);
    add("password", m_password);
    params.append(m_parameters);
    return params;
}

DatabaseUrl DatabaseUrl::parse(const QString &url, QString *errorMessage)
{
    auto fail = [errorMessage](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return DatabaseUrl();
    };
    const qsizetype sep = url.indexOf(QStringLiteral("://"));
    if (sep <= 0)
        return fail(QStringLiteral("Not a database URL (expected sqlite:///path.db): %1").arg(url));
    DatabaseUrl result;
    result.m_scheme = url.left(sep).toLower();
    QString rest = url.mid(sep + 3);
    QString query;
    if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
        query = rest.mid(q + 1);
        rest.truncate(q);
    }
    const QString backend = result.backend();
    if (backend == u"sqlite") {
        if (rest.isEmpty() || rest == u"/" || rest == u"/:memory:") {
            result.m_memory = true;
        } else if (!rest.startsWith(u'/')) {
            return fail(QStringLiteral("SQLite URLs have no host: use sqlite:///relative.db or "
                                       "sqlite:////absolute/path.db (got %1)")
                            .arg(url));
        } else {
            const QString path = rest.mid(1); // "/x.db" -> "x.db"; "//abs" -> "/abs"
            result.m_path = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
        }
        const QUrlQuery params(query);
        const QString mode = params.queryItemValue(QStringLiteral("mode"));
        result.m_readOnly =
            mode == u"ro" || params.queryItemValue(QStringLiteral("readonly")) == u"true";
        return result;
    }
    if (backend == u"postgresql")
        return parseServerUrl(url, result, errorMessage) ? result : DatabaseUrl();
    return fail(QStringLiteral("Unsupported database: %1 (supported: sqlite, postgresql)")
                    .arg(result.m_scheme));
}

DatabaseUrl DatabaseUrl::forFile(const QString &path)
{
    DatabaseUrl result;
    result.m_scheme = QStringLiteral("sqlite");
    result.m_path = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    return result;
}

DatabaseUrl DatabaseUrl::memory()
{
    DatabaseUrl result;
    result.m_scheme = QStringLiteral("sqlite");
    result.m_memory = true;
    return result;
}

QString DatabaseUrl::backend() const
{
    const qsizetype plus = m_scheme.indexOf(u'+');
    return plus < 0 ? m_scheme : m_scheme.left(plus);
}

QString DatabaseUrl::toString() const
{
    if (backend() == u"postgresql")
        return m_path; // without the user's password (see parseServerUrl())
    if (m_memory)
        return QStringLiteral("sqlite://");
    QString s = m_scheme + QStringLiteral(":///") + m_path;
    if (m_readOnly)
        s += QStringLiteral("?mode=ro");
    return s;
}

} // namespace orm
