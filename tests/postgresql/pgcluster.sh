#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A private PostgreSQL cluster for the tests, from Debian's postgresql-15: initdb into a new
# temporary folder as an unprivileged user, a Unix socket in that folder and 127.0.0.1 on a
# free port, stopped and removed afterwards. CTest runs it as a fixture around the suites that
# need a server.
#
#   pgcluster.sh start STATE   start one; STATE (a file) receives its folder, socket URL,
#                              password URL and the certificate authority that signed the
#                              server's TLS certificate, one per line
#   pgcluster.sh stop STATE    stop it and remove its folder and STATE
set -euo pipefail

command=${1:-}
state=${2:-}
if [[ -z $command || -z $state ]]; then
    echo "usage: pgcluster.sh start|stop STATE" >&2
    exit 2
fi

bindir=""
for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [[ -x $candidate/initdb ]]; then
        bindir=$candidate
        break
    fi
done

# initdb and the server refuse to run as root: they run as the postgres user then.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$owner" -- "$@"
    else
        "$@"
    fi
}

stop() {
    [[ -f $state ]] || return 0
    local dir
    dir=$(sed -n 1p "$state")
    owner=$(stat -c %U "$dir" 2>/dev/null || id -un)
    if [[ -n $dir && -d $dir/data ]]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [[ -n $dir && $dir == */rowsmith-pg.* ]]; then
        rm -rf "$dir"
    fi
    rm -f "$state"
}

case $command in
start)
    if [[ -z $bindir ]]; then
        echo "PostgreSQL's server programs are missing: apt-get install postgresql-15" >&2
        exit 1
    fi
    stop # a cluster left by an interrupted run
    owner=$(id -un)
    if [[ $(id -u) -eq 0 ]]; then
        owner=postgres
        id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"
    fi
    # A short path: a Unix socket's path is limited to about 100 bytes.
    dir=$(mktemp -d /tmp/rowsmith-pg.XXXXXX)
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown "$owner" "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    printf '%s\n' "$password" >"$dir/password"
    [[ $(id -u) -eq 0 ]] && chown "$owner" "$dir/password"
    # TLS on TCP with a certificate authority of the run's own, so that clients can check the
    # server (sslmode=verify-full, sslrootcert=ca.crt): the certificate names 127.0.0.1 and
    # localhost.
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Rowsmith test CA" \
        -keyout "$dir/ca.key" -out "$dir/ca.crt" >/dev/null 2>&1
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
        -CAcreateserial -days 2 -extfile "$dir/server.ext" -out "$dir/server.crt" >/dev/null 2>&1
    chmod 600 "$dir/server.key"
    chmod 644 "$dir/ca.crt" "$dir/server.crt"
    [[ $(id -u) -eq 0 ]] && chown "$owner" "$dir/server.key" "$dir/server.crt"
    # The socket trusts the cluster's owner; TCP asks for a password (SCRAM), as a server does.
    as_owner "$bindir/initdb" -D "$dir/data" -U rowsmith --pwfile="$dir/password" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=60 -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/psql" -h "$dir" -p "$port" -U rowsmith -d postgres -qAt \
        -c "CREATE DATABASE rowsmith_test" >/dev/null
    {
        echo "$dir"
        echo "postgresql://rowsmith@/rowsmith_test?host=$dir&port=$port"
        echo "postgresql://rowsmith:$password@127.0.0.1:$port/rowsmith_test"
        echo "$dir/ca.crt"
    } >"$state"
    ;;
stop)
    stop
    ;;
*)
    echo "usage: pgcluster.sh start|stop STATE" >&2
    exit 2
    ;;
esac
