// SPDX-License-Identifier: MIT
#include "qtoptions.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {

// From the QGuiApplication and QApplication constructors' documentation (Qt 6).
bool takesValue(QStringView name)
{
    static const QStringList names {
        u"platform"_s,    u"platformpluginpath"_s, u"platformtheme"_s,
        u"plugin"_s,      u"qmljsdebugger"_s,      u"qwindowgeometry"_s,
        u"qwindowicon"_s, u"qwindowtitle"_s,       u"session"_s,
        u"display"_s,     u"geometry"_s,           u"style"_s,
        u"stylesheet"_s,
    };
    return names.contains(name);
}

bool isFlag(QStringView name)
{
    return name == u"reverse" || name == u"widgetcount";
}

} // namespace

QtOptions::QtOptions(const QStringList &arguments)
{
    if (!arguments.isEmpty()) {
        m_own << arguments.first();
        m_qt << arguments.first();
    }
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--") {
            m_own << arguments.mid(i); // the parser reads the rest as positional
            break;
        }
        QStringView name(argument);
        if (name.startsWith(u"--"))
            name = name.mid(2);
        else if (name.startsWith(u'-'))
            name = name.mid(1);
        else {
            m_own << argument;
            continue;
        }
        const qsizetype equals = name.indexOf(u'=');
        const QStringView bare = equals < 0 ? name : name.first(equals);
        if (isFlag(bare) && equals < 0) {
            m_qt << u"-"_s + bare.toString();
        } else if (takesValue(bare)) {
            const QString option = u"-"_s + bare.toString();
            QString value;
            if (equals >= 0) {
                value = name.mid(equals + 1).toString();
            } else if (i + 1 < arguments.size()) {
                value = arguments.at(++i);
            } else {
                m_errorText =
                    QCoreApplication::translate("main", "Missing value after '%1'.").arg(argument);
                continue;
            }
            // Qt reads -qmljsdebugger's value only after '='.
            if (bare == u"qmljsdebugger")
                m_qt << option + u'=' + value;
            else
                m_qt << option << value;
        } else {
            m_own << argument;
        }
    }
    for (const QString &argument : std::as_const(m_qt))
        m_storage.push_back(argument.toLocal8Bit());
    for (QByteArray &argument : m_storage)
        m_argv.push_back(argument.data());
    m_argv.push_back(nullptr);
    m_argc = int(m_storage.size());
}
