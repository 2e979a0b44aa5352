// SPDX-License-Identifier: MIT
#include "ui/serverlocation.h"

#include "orm/engine/url.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

const QString searchPathOption = u"-csearch_path="_s;

} // namespace

QString serverSchema(const orm::DatabaseUrl &url)
{
    for (const auto &[key, value] : url.connectionParameters()) {
        if (key != u"options" || !value.startsWith(searchPathOption))
            continue;
        QString name = value.mid(searchPathOption.size());
        // libpq's escapes first (a backslash before a space or a backslash), then the
        // identifier's quotes.
        name.replace(u"\\\\"_s, u"\\"_s).replace(u"\\ "_s, u" "_s);
        if (name.size() >= 2 && name.startsWith(u'"') && name.endsWith(u'"'))
            return name.mid(1, name.size() - 2).replace(u"\"\""_s, u"\""_s);
        return name;
    }
    return u"public"_s;
}

QString withServerSchema(const QString &location, const QString &schema)
{
    QUrl url(location);
    QUrlQuery query(url);
    query.removeAllQueryItems(u"options"_s);
    if (!schema.isEmpty() && schema != u"public") {
        // Quoted unless the server would read the name as it is written.
        static const QRegularExpression plain(u"^[a-z_][a-z0-9_$]*$"_s);
        QString name = plain.match(schema).hasMatch()
            ? schema
            : u'"' + QString(schema).replace(u'"', u"\"\""_s) + u'"';
        name.replace(u'\\', u"\\\\"_s).replace(u' ', u"\\ "_s);
        query.addQueryItem(u"options"_s,
                           QString::fromLatin1(QUrl::toPercentEncoding(searchPathOption + name)));
    }
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QString withoutPassword(const QString &location)
{
    return withPassword(location, QString());
}

QString withPassword(const QString &location, const QString &password)
{
    QUrl url(location);
    url.setPassword(password);
    return url.toString(QUrl::FullyEncoded);
}

} // namespace ui
