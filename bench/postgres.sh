# A throwaway PostgreSQL 15 cluster for bench/run (DB=postgres); sourced, not run. Nothing is left
# outside its temporary folder: initdb + pg_ctl, not the Debian cluster tools. Needs root (it runs the
# server as the user postgres). The server keeps PostgreSQL's defaults (fsync and synchronous commit
# on), as an installation would; PG_OPTS adds settings ("-c shared_buffers=256MB ...").
#
#   pg_start PORT DATABASE...   starts the cluster on 127.0.0.1:PORT with one database per name, owned
#                               by the role docbridge (password in $PG_PASSWORD); sets $pg_dir
#   pg_stop                     stops it and removes its folder
#   pg_url DATABASE             the JDBC URL of one of its databases

PG_BIN=/usr/lib/postgresql/15/bin
PG_PASSWORD=bench-password-for-local-measurements-only
pg_dir=""
pg_port=""

pg_start() {
  pg_port=$1
  shift
  if ! dpkg -s postgresql-15 >/dev/null 2>&1; then
    log "installing postgresql-15 from Debian"
    apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null ||
      fail "could not install postgresql-15"
  fi
  pg_dir=$(mktemp -d /tmp/docbridge-bench-pg.XXXXXX)  # not under /root: the user postgres must reach it
  chown postgres: "$pg_dir"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 > "$pg_dir/initdb.log" 2>&1 ||
    fail "initdb failed; see $pg_dir/initdb.log"
  # shellcheck disable=SC2086 # PG_OPTS is a list of server options
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 ${PG_OPTS:-}" start > /dev/null ||
    fail "PostgreSQL did not start on port $pg_port; see $pg_dir/server.log"
  local sql=(-c "CREATE ROLE docbridge LOGIN PASSWORD '$PG_PASSWORD'")
  for name in "$@"; do sql+=(-c "CREATE DATABASE $name OWNER docbridge"); done
  runuser -u postgres -- psql -q -h "$pg_dir" -p "$pg_port" -v ON_ERROR_STOP=1 "${sql[@]}" > /dev/null ||
    fail "could not create the role and databases in PostgreSQL"
  log "PostgreSQL $(runuser -u postgres -- psql -h "$pg_dir" -p "$pg_port" -Atc 'SHOW server_version') on 127.0.0.1:$pg_port ($pg_dir)"
}

pg_stop() {
  if [ -n "$pg_dir" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$pg_dir"
    pg_dir=""
  fi
}

pg_url() {
  printf 'jdbc:postgresql://127.0.0.1:%s/%s' "$pg_port" "$1"
}

pg_sql() {  # pg_sql DATABASE SQL: the answer, unaligned
  runuser -u postgres -- psql -h "$pg_dir" -p "$pg_port" -d "$1" -Atc "$2"
}
