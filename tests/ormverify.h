// SPDX-License-Identifier: MIT
// QVERIFY for the ORM's calls that fail with false, nullopt or null and keep the reason in
// lastError() (Session, Connection, Query, Document...): a failure prints that reason, so a
// failed commit in a test says which constraint, object and column, not only "returned FALSE".
#pragma once

#include <QtTest>

#define ORM_VERIFY(expression, source)                                                            \
    QVERIFY2(static_cast<bool>(expression), qPrintable((source).lastError().text()))
