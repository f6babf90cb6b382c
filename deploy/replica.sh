#!/usr/bin/env bash
# `make replica`: a PostgreSQL streaming replica of the running server, on this machine, for
# trying and testing DATABASE_REPLICA_URLS. Copies the primary (PRIMARY_HOST:PRIMARY_PORT,
# user postgres) with pg_basebackup into REPLICA_DIR and starts it as a hot standby on
# REPLICA_PORT. Runs as root (it allows replication connections from 127.0.0.1 in the
# primary's pg_hba.conf when they are not yet, and starts the copy as the postgres user).
# Debian's postgresql package provides pg_basebackup and pg_ctl. `deploy/replica.sh stop`
# (make replica-stop) stops and removes the copy.
set -euo pipefail
PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
REPLICA_DIR=${REPLICA_DIR:-/var/tmp/newsportal-replica}
BIN=$(pg_config --bindir)
primary() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -Atc "$1"; }

if [ -f "$REPLICA_DIR/postmaster.pid" ]; then
  su postgres -c "$BIN/pg_ctl -D $REPLICA_DIR -m fast -w stop" >/dev/null || true
fi
rm -rf "$REPLICA_DIR"
if [ "${1:-}" = stop ]; then  # `make replica-stop`: the copy stopped and removed
  echo "replica on 127.0.0.1:$REPLICA_PORT stopped"
  exit 0
fi

hba=$(primary "SHOW hba_file")
if ! grep -qE '^host[[:space:]]+replication[[:space:]]' "$hba"; then
  echo "host replication all 127.0.0.1/32 trust" >>"$hba"
  primary "SELECT pg_reload_conf()" >/dev/null
  echo "allowed replication connections from 127.0.0.1 in $hba"
fi

pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DIR" \
  --write-recovery-conf --wal-method=stream --checkpoint=fast
cat >"$REPLICA_DIR/postgresql.conf" <<CONF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$REPLICA_DIR'
hot_standby = on
hba_file = '$REPLICA_DIR/pg_hba.conf'
ident_file = '$REPLICA_DIR/pg_ident.conf'
CONF
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$REPLICA_DIR/pg_hba.conf"
: >"$REPLICA_DIR/pg_ident.conf"
chown -R postgres:postgres "$REPLICA_DIR"
chmod 700 "$REPLICA_DIR"
su postgres -c "$BIN/pg_ctl -D $REPLICA_DIR -l $REPLICA_DIR/server.log -w start" >/dev/null
state=$(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -Atc "SELECT pg_is_in_recovery()")
echo "replica on 127.0.0.1:$REPLICA_PORT (standby: $state), streaming from $PRIMARY_HOST:$PRIMARY_PORT"
echo "stop it with: make replica-stop"
