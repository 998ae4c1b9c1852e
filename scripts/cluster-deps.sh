#!/usr/bin/env bash
# Installs what the cluster test (and the index-sharing tests) need besides PostgreSQL 15 when it is
# missing: redis-server and Debian's xapian-tools (xapian-replicate, xapian-replicate-server, xapian-tcpsrv).
set -euo pipefail

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v xapian-replicate >/dev/null || need+=(xapian-tools)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need[*]} for the cluster test" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "The cluster test needs: ${need[*]} (apt-get install as root)." >&2
  fi
fi
