// SPDX-License-Identifier: MIT
// The mapping's non-template parts: names derived as Flask-SQLAlchemy derives them.

#include "orm/mapper.h"

namespace orm {

namespace detail {

QString snakeCase(QStringView name)
{
    // re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name).lower().lstrip("_")
    const auto lowerOrDigit = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
    };
    const auto upper = [](QChar c) { return c >= u'A' && c <= u'Z'; };
    QString out;
    out.reserve(name.size() + 4);
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (upper(c) && i > 0
            && (lowerOrDigit(name.at(i - 1))
                || (i + 1 < name.size() && name.at(i + 1) >= u'a' && name.at(i + 1) <= u'z')))
            out += u'_';
        out += c;
    }
    out = out.toLower();
    qsizetype lead = 0;
    while (lead < out.size() && out.at(lead) == u'_')
        ++lead;
    return out.mid(lead);
}

} // namespace detail

} // namespace orm
