#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL server on 127.0.0.1 for the tests.
#
#   source scripts/start_test_postgres.sh   # exports BOT_TEST_POSTGRES_URL
#   scripts/start_test_postgres.sh          # prints the URL
#   scripts/start_test_postgres.sh stop     # stops the server
#
# Uses Debian's postgresql package (installed with apt-get when missing and running as
# root). The cluster lives in $BOT_TEST_POSTGRES_DIR (default /tmp/newsbot-test-postgres-$UID),
# listens only on 127.0.0.1 on a free port, and has one password-protected superuser;
# run as root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
# A second call finds the running server and prints the same URL.

_newsbot_pg_main() {
    local dir="${BOT_TEST_POSTGRES_DIR:-/tmp/newsbot-test-postgres-$(id -u)}"
    local data="$dir/data" url_file="$dir/url"

    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "start_test_postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
            return 1
        fi
        echo "start_test_postgres: installing PostgreSQL" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
        bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi

    # Run PostgreSQL's programs as the owner of the cluster: never as root.
    local owner
    owner="$(id -un)"
    [ "$(id -u)" -eq 0 ] && owner=postgres
    as_owner() {
        if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi
    }

    if [ "${1:-}" = "stop" ]; then
        [ -d "$data" ] && as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2
        return 0
    fi

    if [ -f "$url_file" ] && [ -d "$data" ]; then
        local port
        port="$(sed -n 's#.*@127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$url_file")"
        if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
            as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >&2 || return 1
        fi
    else
        rm -rf "$dir"
        mkdir -p "$dir"
        chmod 700 "$dir"
        local password port
        password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
        port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
        printf '%s\n' "$password" >"$dir/password"
        chown -R "$owner" "$dir"
        as_owner "$bin/initdb" -D "$data" -U newsbot --pwfile="$dir/password" \
            --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            return 1
        }
        rm -f "$dir/password"
        cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
max_connections = 200
EOF
        as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >&2 || {
            cat "$dir/server.log" >&2
            return 1
        }
        printf 'postgresql://newsbot:%s@127.0.0.1:%s/postgres\n' "$password" "$port" >"$url_file"
        chmod 600 "$url_file"
    fi
    BOT_TEST_POSTGRES_URL="$(cat "$url_file")"
    export BOT_TEST_POSTGRES_URL
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    _newsbot_pg_main "$@"
    [ "${1:-}" = "stop" ] || echo "$BOT_TEST_POSTGRES_URL"
else
    _newsbot_pg_main "$@"
fi
