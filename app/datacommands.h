// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// "rowsmith export …" and "rowsmith import …" (arguments: what follows the command's name).
// Exit codes: 0 done, 1 refused or failed (why on stderr; an import writes nothing then),
// 2 bad arguments (with the usage).
int runExportCommand(const QStringList &arguments);
int runImportCommand(const QStringList &arguments);
