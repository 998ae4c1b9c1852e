#!/usr/bin/env bash
# What `make cluster-test` needs besides PostgreSQL 15: redis-server and Xapian's replication tools
# (Debian's xapian-tools), installed with apt-get when missing (as root).
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v xapian-replicate >/dev/null || missing+=(xapian-tools)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "cluster test needs: ${missing[*]} (apt-get install them, or run as root)" >&2
    exit 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
