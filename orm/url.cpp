// SPDX-License-Identifier: MIT
#include "orm/url.h"

#include <QDir>
#include <QFileInfo>

namespace orm {

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
        result.m_readOnly = mode == u"ro"
                || params.queryItemValue(QStringLiteral("readonly")) == u"true";
        return result;
    }
    if (backend == u"postgresql") {
        result.m_path = rest;
        return result;
    }
    return fail(QStringLiteral("Unsupported database: %1 (supported: sqlite)").arg(result.m_scheme));
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
    if (m_memory)
        return QStringLiteral("sqlite://");
    QString s = m_scheme + QStringLiteral(":///") + m_path;
    if (m_readOnly)
        s += QStringLiteral("?mode=ro");
    return s;
}

} // namespace orm
