#!/usr/bin/env bash
# Installs what is missing, then runs every test: unit, integration (real redis-server), multi-process, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh redis-server chromium poppler-utils nginx
# svelte-kit sync writes web/.svelte-kit/tsconfig.json, which the web tests and svelte-check extend.
(cd web && npx svelte-kit sync >/dev/null)
npx vitest run "$@"
