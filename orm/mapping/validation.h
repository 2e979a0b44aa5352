// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QVariant>

#include <functional>

namespace orm {

// A validator declared on a model column: returns an empty string when the value is fine, or
// a message for the person who typed it ("not a valid e-mail address").
// Validators only see non-null values; NOT NULL, length and type are checked by the session.
using Validator = std::function<QString(const QVariant &value)>;

namespace validators {
Validator email();
Validator notBlank();
// Letters, digits, '.', '_' and '-', starting with a letter or digit.
Validator identifier();
Validator length(int minimum, int maximum);
Validator range(double minimum, double maximum);
Validator matches(const QString &pattern, const QString &message);
} // namespace validators

} // namespace orm
