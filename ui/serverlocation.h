// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace orm {
class DatabaseUrl;
}

namespace ui {

// A server database's URL (postgresql://…) as the window handles it: which schema it shows,
// kept in the URL as SQLAlchemy keeps one (options=-csearch_path=sales), so that every
// connection to it (the window's, the background reader's) and the recent list see the same.

// The schema the URL shows: its search_path when it sets one schema, else "public".
QString serverSchema(const orm::DatabaseUrl &url);
// The URL showing another schema ("public" drops the setting). The password stays as it is.
QString withServerSchema(const QString &location, const QString &schema);
// The URL without its password, and with another one.
QString withoutPassword(const QString &location);
QString withPassword(const QString &location, const QString &password);

} // namespace ui
