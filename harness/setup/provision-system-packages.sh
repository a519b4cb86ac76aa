#!/usr/bin/env bash
# Installs the system packages heapgate's tests use and npm cannot provide: redis-server (the
# Redis provider's last resort) and chromium (the HTML report test). Idempotent and quick when
# they are present. Only acts as root on Debian/Ubuntu; elsewhere it says what is missing.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "heapgate: installing ${missing[*]} with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
  echo "heapgate: missing ${missing[*]}. Install them (Debian: apt-get install -y ${missing[*]})," >&2
  echo "  or set REDIS_URL to a Redis you run, or run a Docker engine so testcontainers can start one." >&2
  exit 1
fi
