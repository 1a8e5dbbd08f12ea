#!/usr/bin/env bash
# Brings up the whole system: a real Redis (AOF, fsync always) under ./data/redis unless REDIS_URL is set,
# the national reference data, the server (API + live stream + web app) and a live election-day simulation.
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh redis-server

PORT="${PORT:-3000}"
REDIS_PORT="${REDIS_PORT:-6390}"
ELECTION_ID="${ELECTION_ID:-qh16-2026}"
SPEED="${SPEED:-288}" # 288× = a 24-hour day in 5 minutes
pids=()
REDIS_PID=""
cleanup() {
  trap - INT TERM EXIT
  echo; echo "• Stopping…"
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  [ ${#pids[@]} -eq 0 ] || wait "${pids[@]}" 2>/dev/null || true
  # Redis last, once nothing writes to it (it runs in its own session, so Ctrl-C reaches only this script).
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

if [ -z "${REDIS_URL:-}" ]; then
  mkdir -p data/redis
  echo "• Starting redis-server on 127.0.0.1:${REDIS_PORT} (AOF, appendfsync always, data in ./data/redis)"
  # Its own session (setsid, util-linux; not on every system) keeps the terminal's Ctrl-C from reaching it.
  $(command -v setsid || true) redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$PWD/data/redis" --appendonly yes \
    --appendfsync always --save "" --protected-mode yes --loglevel warning &
  REDIS_PID=$!
  export REDIS_URL="redis://127.0.0.1:${REDIS_PORT}"
  # A restart replays ./data/redis first (tens of seconds after a whole day): answers are "LOADING…" until then.
  for i in $(seq 1 3000); do
    [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] && break
    [ "$i" = 30 ] && echo "• Waiting for Redis to load ./data/redis…"
    sleep 0.1
  done
fi

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1
if [ "$DEV" = 0 ] && [ -f web/package.json ] && { [ ! -f web/build/index.html ] || [ "${1:-}" = "--rebuild" ]; }; then
  echo "• Building the web app…"
  npm run build -w web --silent
fi

echo "• Loading national reference data (election ${ELECTION_ID})…"
npm run --silent fixtures:load -- --election "$ELECTION_ID"

export ELECTION_ID PORT WEB_DIR="$PWD/web/build" LOG_LEVEL="${LOG_LEVEL:-warn}"
if [ "$DEV" = 1 ]; then
  # Hot reload: the server restarts on change; Vite serves the web app on :5173 and proxies /api and /socket.io.
  # The proxy rewrites Host but not the browser's Origin, so the server must know Vite's origin (socket handshake).
  ALLOWED_ORIGINS="${ALLOWED_ORIGINS:-http://127.0.0.1:5173,http://localhost:5173}" \
    node --max-old-space-size=192 --max-semi-space-size=32 --conditions=source --import tsx --watch server/src/main.ts &
  pids+=($!)
  (cd web && API_URL="http://127.0.0.1:${PORT}" exec npx vite dev --host 127.0.0.1) &
  pids+=($!)
  echo "  Web app with hot reload: http://127.0.0.1:5173/"
else
  node --max-old-space-size=192 --max-semi-space-size=32 --conditions=source --import tsx server/src/main.ts &
  pids+=($!)
fi
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:${PORT}/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

cat <<MSG

  Election Command Center is up (election ${ELECTION_ID}).
    Overview      http://127.0.0.1:${PORT}/
    Wall          http://127.0.0.1:${PORT}/wall
    Status        http://127.0.0.1:${PORT}/status
    API           http://127.0.0.1:${PORT}/api/v1/scopes/nation
    OpenAPI       http://127.0.0.1:${PORT}/api/v1/openapi.json
    Readiness     http://127.0.0.1:${PORT}/readyz
    Redis         ${REDIS_URL}
  Simulating election day at ${SPEED}× (SPEED=…); Ctrl-C stops everything.

MSG
# Started with node itself (not through npm) so that stopping this pid stops the simulator.
node --conditions=source --import tsx server/src/cli/simulate.ts --election "$ELECTION_ID" \
  --url "http://127.0.0.1:${PORT}" --speed "$SPEED" &
pids+=($!)
wait "${pids[-1]}" || true
echo "• Simulation finished; the system keeps running. Ctrl-C to stop."
wait
