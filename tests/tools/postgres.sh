#!/usr/bin/env bash
# A private, throw-away PostgreSQL cluster for the test suite.
#   source tests/tools/postgres.sh; twin_pg_start; ...; twin_pg_stop
# Exports TWIN_TEST_POSTGRES (an admin connection string; tests create their own databases).
# Installs Debian's postgresql package when the server binaries are missing.

twin_pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

twin_pg_start() {
  local bindir
  if ! bindir=$(twin_pg_bindir); then
    echo "PostgreSQL server binaries not found: installing Debian's postgresql package..."
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
    else
      sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    fi
    bindir=$(twin_pg_bindir) || { echo "could not install PostgreSQL" >&2; return 1; }
  fi
  TWIN_PG_DIR=$(mktemp -d /tmp/twin-pg.XXXXXX)
  TWIN_PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
  local run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$TWIN_PG_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bindir/initdb" -D "$TWIN_PG_DIR/data" -U postgres --auth=trust -E UTF8 >"$TWIN_PG_DIR/initdb.log" 2>&1 \
    || { cat "$TWIN_PG_DIR/initdb.log" >&2; return 1; }
  # Tuned for throw-away test data: durability off, enough connections for several silos.
  cat >>"$TWIN_PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $TWIN_PG_PORT
unix_socket_directories = '$TWIN_PG_DIR'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
CONF
  "${run[@]}" "$bindir/pg_ctl" -D "$TWIN_PG_DIR/data" -l "$TWIN_PG_DIR/server.log" -w -t 60 start >/dev/null \
    || { cat "$TWIN_PG_DIR/server.log" >&2; return 1; }
  export TWIN_PG_DIR TWIN_PG_PORT TWIN_PG_BINDIR="$bindir"
  export TWIN_TEST_POSTGRES="Host=127.0.0.1;Port=$TWIN_PG_PORT;Username=postgres;Database=postgres"
  echo "Private PostgreSQL started on 127.0.0.1:$TWIN_PG_PORT (data in $TWIN_PG_DIR)"
}

twin_pg_stop() {
  [ -n "${TWIN_PG_DIR:-}" ] && [ -d "$TWIN_PG_DIR" ] || return 0
  local run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$TWIN_PG_BINDIR/pg_ctl" -D "$TWIN_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$TWIN_PG_DIR"
  echo "Private PostgreSQL stopped and removed"
}
