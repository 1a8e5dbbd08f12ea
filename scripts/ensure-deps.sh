#!/usr/bin/env bash
# Installs what is missing, and nothing else: npm packages, and on Debian the system packages named in $@
# (redis-server, chromium). Elsewhere it prints the command to run instead of guessing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "• Installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
fi

missing=()
for pkg in "$@"; do
  case "$pkg" in
    # nginx: the tests run deploy/nginx.conf (the compose load balancer) in front of two server processes.
    nginx) command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx) ;;
    redis-server) [ -n "${REDIS_URL:-}" ] || command -v redis-server >/dev/null || missing+=(redis-server) ;;
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    # pdftotext, pdftoppm, pdfinfo: the tests read back the PDFs the server prints (text, QR codes, pages).
    poppler-utils) command -v pdftoppm >/dev/null || missing+=(poppler-utils) ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "• Installing ${missing[*]} with apt-get…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian may start a packaged redis on 6379; this project runs its own, so leave that one alone.
else
  echo "Missing: ${missing[*]}. Install with: sudo apt-get install ${missing[*]} (Debian/Ubuntu)," >&2
  echo "or brew install redis / your system's package manager, or set REDIS_URL to a running Redis." >&2
  exit 1
fi
