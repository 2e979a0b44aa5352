// SPDX-License-Identifier: MIT
#pragma once

#include <QTranslator>

namespace ui {

// English plurals without a compiled translation: "%n change(s)" reads "1 change" and
// "3 changes". Installed last, a real translation (when one is loaded) takes precedence.
class PluralTranslator : public QTranslator
{
    Q_OBJECT
public:
    using QTranslator::QTranslator;

    QString translate(const char *context, const char *sourceText,
                      const char *disambiguation = nullptr, int n = -1) const override;
    bool isEmpty() const override { return false; }
};

} // namespace ui
