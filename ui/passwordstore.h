// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

#include <optional>

namespace ui {

// Passwords of server connections, kept in the desktop's keychain (the Secret Service, KWallet,
// through qtkeychain) under the connection's URL without its password; never in the settings.
// Where no keychain service answers (a session without one, a locked one that is not unlocked)
// nothing is kept, and the window asks each time.
class PasswordStore : public QObject
{
    Q_OBJECT
public:
    explicit PasswordStore(QObject *parent = nullptr);

    // The password kept for a server, nullopt when none is (or no keychain answers). Waits for
    // the keychain in a local event loop (the window paints), at most a few seconds.
    std::optional<QString> password(const QString &server);
    // Keeps it (in the background; a keychain that refuses is not an error to show).
    void setPassword(const QString &server, const QString &password);
    void removePassword(const QString &server);
};

} // namespace ui
