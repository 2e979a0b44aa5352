// SPDX-License-Identifier: MIT
#pragma once

// exec() and select() as every driver's connection offers them: prepare, bind, run. A template
// over the connection and its statement type, so that each driver keeps its own, unvirtual,
// statements.

#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

namespace orm::detail {

template<class Connection>
bool execStatement(Connection &connection, const QString &sql, const QVariantList &params)
{
    auto st = connection.prepare(sql);
    if (!st.isValid())
        return false;
    st.bindValues(params);
    return st.exec();
}

template<class Connection>
std::optional<QList<QVariantList>> selectRows(Connection &connection, const QString &sql,
                                              const QVariantList &params)
{
    auto st = connection.prepare(sql);
    if (!st.isValid())
        return std::nullopt;
    st.bindValues(params);
    QList<QVariantList> rows;
    const int n = st.columnCount();
    while (st.next()) {
        QVariantList row;
        row.reserve(n);
        for (int i = 0; i < n; ++i)
            row.append(st.value(i));
        rows.append(row);
    }
    if (st.hasError())
        return std::nullopt;
    return rows;
}

} // namespace orm::detail
