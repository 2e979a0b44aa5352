// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace orm {
// Every statement with its bound values and duration, when echo is on (SQLALCHEMY_ECHO).
Q_DECLARE_LOGGING_CATEGORY(lcOrmSql)
Q_DECLARE_LOGGING_CATEGORY(lcOrmSession)
} // namespace orm
