# Sourced by the benchmarks that need PostgreSQL: starts a throw-away server from Debian's postgresql binaries on a
# free 127.0.0.1 port with trust auth and its data in a temp folder, sets $port, and stops it (by its data folder)
# and removes the folder at exit. Extra server options may be passed: start_postgres -c fsync=off.
start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n $bin && -x $bin/initdb ]] || { echo "apt-get install -y postgresql"; exit 1; }
  pg_bin=$bin
  pg_work=$(mktemp -d)
  pg_as=()
  if [[ $(id -u) == 0 ]]; then chown postgres:postgres "$pg_work"; pg_as=(runuser -u postgres --); fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  trap stop_postgres EXIT
  "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_work/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_work/data" -l "$pg_work/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_work $*" start >/dev/null
}

stop_postgres() {
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_work"
}
