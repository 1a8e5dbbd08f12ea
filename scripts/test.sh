#!/usr/bin/env bash
# Installs what is missing, then runs every test: unit, integration (real redis-server), multi-process, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh redis-server chromium
npx vitest run "$@"
