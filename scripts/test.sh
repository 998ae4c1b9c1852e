#!/usr/bin/env bash
# The whole test suite, as `make test` runs it:
#   1. ruff (lint + format check) and djhtml (template indentation);
#   2. pytest on SQLite + Whoosh + the local-memory cache (the README default);
#   3. pytest again on a throw-away PostgreSQL 15 server with a throw-away Redis as the cache,
#      when this machine has them (Debian's postgresql-15 binaries; redis-server is installed as root
#      when missing). On CI (CI=true) they are required;
#   4. the cluster test (make cluster-test): PostgreSQL primary + streaming replica, Redis, the index
#      host and two web hosts on this machine (needs xapian-tools too; required on CI).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

"$BIN/ruff" check .
"$BIN/ruff" format --check .
"$BIN/djhtml" --check templates

echo "== pytest: SQLite, Whoosh, local-memory cache"
"$BIN/python" -m pytest

PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PG_BIN/initdb" ] || { ! command -v redis-server >/dev/null && [ "$(id -u)" != 0 ]; }; then
  if [ -n "${CI:-}" ]; then
    echo "CI needs PostgreSQL 15 ($PG_BIN) and redis-server for the second run" >&2
    exit 1
  fi
  echo "== skipped: the PostgreSQL + Redis run needs $PG_BIN and redis-server" >&2
  exit 0
fi
if ! command -v redis-server >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

WORK=$(mktemp -d /tmp/cqportal-services.XXXXXX)
chmod 755 "$WORK"
PG_PORT=${PG_PORT:-54329}
REDIS_PORT=${REDIS_PORT:-63799}
as_postgres=()
[ "$(id -u)" = 0 ] && as_postgres=(runuser -u postgres --)
cleanup() {
  "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

install -d "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK/pg"
"${as_postgres[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
  -o "-h 127.0.0.1 -p $PG_PORT -k $WORK/pg -c fsync=off -c full_page_writes=off" start >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$WORK" --logfile "$WORK/redis.log"

echo "== pytest: PostgreSQL 15, Whoosh, Redis cache"
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/cqportal" \
CACHE_URL="redis://127.0.0.1:$REDIS_PORT/0" \
TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1" \
  "$BIN/python" -m pytest

if ! command -v xapian-replicate >/dev/null || ! command -v xapian-replicate-server >/dev/null; then
  if [ -n "${CI:-}" ]; then
    echo "CI needs xapian-tools (xapian-replicate) for the cluster test" >&2
    exit 1
  fi
  echo "== skipped: the cluster test needs xapian-tools (apt-get install xapian-tools)" >&2
  exit 0
fi
echo "== cluster test: PostgreSQL primary + replica, Redis, index host, two web hosts"
make --no-print-directory cluster-test
