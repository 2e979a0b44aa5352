// SPDX-License-Identifier: MIT
#include "orm/engine/logging.h"

namespace orm {
Q_LOGGING_CATEGORY(lcOrmSql, "rowsmith.orm.sql", QtInfoMsg)
Q_LOGGING_CATEGORY(lcOrmSession, "rowsmith.orm.session", QtInfoMsg)
} // namespace orm
