// SPDX-License-Identifier: MIT
// Objects of rows read elsewhere: a worker thread's connection reads a query's rows as plain
// values, the session's own thread makes its objects of them without a round trip.

#include "orm/engine/storedrows.h"
#include "orm/session/session.h"

namespace orm {

std::vector<std::shared_ptr<Entity>> Session::loadStoredRows(const EntityMeta &meta,
                                                             const QList<QVariantList> &rows)
{
    clearError();
    std::vector<std::shared_ptr<Entity>> out;
    for (const QVariantList &row : rows) {
        if (row.size() != meta.columnCount()) {
            m_lastError = Error(Error::Kind::Usage,
                                QStringLiteral("stored rows of %1 do not have its %2 columns")
                                    .arg(meta.name())
                                    .arg(meta.columnCount()));
            return out;
        }
    }
    out.reserve(size_t(rows.size()));
    ReadScope read(this);
    // Read on another connection: this one has no read of its own to ask for its version.
    m_pollPending = false;
    Statement st = detail::replayStatement(rows);
    while (st.next())
        out.push_back(loadRow(meta, st, 0));
    return out;
}

} // namespace orm
