// SPDX-License-Identifier: MIT
#pragma once

// The private PostgreSQL cluster CTest starts around the suites that need a server
// (tests/postgresql/pgcluster.sh): its folder and URLs, from the state file named by
// ROWSMITH_TEST_POSTGRESQL.

#include <QFile>
#include <QString>
#include <QStringList>

namespace testserver {

inline QStringList state()
{
    QFile f(qEnvironmentVariable("ROWSMITH_TEST_POSTGRESQL"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

// The folder holding the cluster and its socket.
inline QString folder()
{
    return state().value(0);
}

// The test database through the socket, as the cluster's owner (no password).
inline QString socketUrl()
{
    return state().value(1);
}

// The same database over TCP on 127.0.0.1, with a password.
inline QString passwordUrl()
{
    return state().value(2);
}

// The certificate authority that signed the server's TLS certificate (for 127.0.0.1 and
// localhost), for sslmode=verify-full.
inline QString caFile()
{
    return state().value(3);
}

// The server's own certificate: not an authority, so nothing it "signs" is trusted.
inline QString serverCertificateFile()
{
    return folder() + QStringLiteral("/server.crt");
}

} // namespace testserver
