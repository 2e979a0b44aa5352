// SPDX-License-Identifier: MIT
#include "orm/mapping/validation.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace orm::validators {

Validator email()
{
    return [](const QVariant &value) -> QString {
        // Pragmatic, as form libraries do: one '@', a dot in the domain, no spaces.
        static const QRegularExpression re(QStringLiteral("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$"));
        if (!re.match(value.toString()).hasMatch())
            return QCoreApplication::translate("orm", "not a valid e-mail address");
        return {};
    };
}

Validator notBlank()
{
    return [](const QVariant &value) -> QString {
        if (value.toString().trimmed().isEmpty())
            return QCoreApplication::translate("orm", "must not be empty");
        return {};
    };
}

Validator identifier()
{
    return [](const QVariant &value) -> QString {
        static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
        if (!re.match(value.toString()).hasMatch())
            return QCoreApplication::translate(
                "orm", "only letters, digits, '.', '_' and '-', starting with a letter or digit");
        return {};
    };
}

Validator length(int minimum, int maximum)
{
    return [minimum, maximum](const QVariant &value) -> QString {
        const qsizetype n = value.toString().size();
        if (n < minimum)
            return QCoreApplication::translate("orm", "at least %n character(s)", nullptr, minimum);
        if (maximum > 0 && n > maximum)
            return QCoreApplication::translate("orm", "at most %n character(s)", nullptr, maximum);
        return {};
    };
}

Validator range(double minimum, double maximum)
{
    return [minimum, maximum](const QVariant &value) -> QString {
        bool ok = false;
        const double v = value.toDouble(&ok);
        if (!ok || v < minimum || v > maximum)
            return QCoreApplication::translate("orm", "must be between %1 and %2")
                .arg(minimum)
                .arg(maximum);
        return {};
    };
}

Validator matches(const QString &pattern, const QString &message)
{
    const QRegularExpression re(pattern);
    return [re, message](const QVariant &value) -> QString {
        return re.match(value.toString()).hasMatch() ? QString() : message;
    };
}

} // namespace orm::validators
