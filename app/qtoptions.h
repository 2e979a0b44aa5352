// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

// Qt's own command-line options (QGuiApplication's and QApplication's documented ones:
// -platform, -style, -qwindowgeometry, -reverse, …) taken out of the program's arguments
// before its own parser sees them, so that they are neither refused as unknown nor their
// values taken for the database. Each is accepted as -name value, --name value, -name=value
// or --name=value, and handed to QApplication in the form Qt reads (-name value), which Qt
// then removes. Options after "--" are the program's own (a file named -reverse).
// Not supported: the platform plugins' undocumented options (-nograb, -visual, …), which
// stay unknown.
class QtOptions
{
public:
    // arguments[0] is the program.
    explicit QtOptions(const QStringList &arguments);

    // Whether every Qt option that takes a value has one; otherwise errorText() says which.
    [[nodiscard]] bool isValid() const { return m_errorText.isEmpty(); }
    QString errorText() const { return m_errorText; }

    // The program, then the rest: what its own parser reads.
    QStringList ownArguments() const { return m_own; }
    // The program, then Qt's options in Qt's form.
    QStringList qtArguments() const { return m_qt; }

    // argc and argv for QApplication, made of qtArguments(); valid while this object lives.
    // Qt removes the options it reads from them.
    int &argc() { return m_argc; }
    char **argv() { return m_argv.data(); }

private:
    QStringList m_own;
    QStringList m_qt;
    QString m_errorText;
    std::vector<QByteArray> m_storage;
    std::vector<char *> m_argv;
    int m_argc = 0;
};
