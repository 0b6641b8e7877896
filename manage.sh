#!/usr/bin/env bash
# Ledger control script: setup | start | stop | status | restart | run | logs | report | bench | bench-stage | test
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
RUN_DIR="$ROOT/.run"
PID_FILE="$RUN_DIR/ledger.pid"
OUT_FILE="$RUN_DIR/daemon.out"
DAEMON_DLL="$ROOT/src/Ledger.Daemon/bin/Release/net10.0/Ledger.Daemon.dll"
JIT_PROFILE="$ROOT/src/Ledger.Daemon/bin/Release/net10.0/Ledger.Daemon.jitprofile"
CLI_DLL="$ROOT/tools/Ledger.Cli/bin/Release/net10.0/ledger.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

usage() {
  cat <<USAGE
usage: ./manage.sh <verb> [args]
  setup     install libzmq5 (apt-get, when root or sudo is available) and check the .NET SDK
  start     build (Release), record the JIT profile if the build is newer (LEDGER_JIT_PROFILE=0: none), start
            the daemon in the background; waits until /health answers
  stop      SIGTERM the daemon and wait for a clean exit (everything received is fsync'd first)
  status    exit 0 only when the daemon runs and /health answers
  restart   stop, then start
  run       run the daemon in the foreground; extra args are config overrides (--Ledger:Key=value)
  logs      follow the daemon's log file
  report    run 'ledger report' (extra args pass through)
  bench     run the benchmark (extra args pass through to 'ledger bench')
  bench-stage  the processing stage alone, in-process, to compare builds ('ledger bench-stage')
  test      run every test project; ends with one line: N passed, N failed[, N skipped]
USAGE
}

config_value() { # config_value <json key> <default>: first "key": "value" in config/appsettings.json
  local v=""
  [ -f config/appsettings.json ] && v=$(grep -o "\"$1\": *\"[^\"]*\"" config/appsettings.json | head -1 | sed 's/.*: *"\(.*\)"/\1/')
  echo "${v:-$2}"
}

HTTP_URL="${Ledger__Http__Url:-$(config_value Url http://127.0.0.1:5580)}"

http_get() { # http_get <path>: prints the body, fails unless HTTP 200
  local url="$HTTP_URL$1"
  if command -v curl >/dev/null 2>&1; then
    curl -fsS --max-time 3 "$url"
    return
  fi
  local hostport="${HTTP_URL#http://}"; hostport="${hostport%%/*}"
  local host="${hostport%%:*}" port="${hostport##*:}"
  local response
  response=$(exec 3<>"/dev/tcp/$host/$port" && printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$1" "$host" >&3 && timeout 3 cat <&3) || return 1
  [[ "$response" == HTTP/1.?" 200"* ]] || return 1
  printf '%s\n' "${response#*$'\r\n\r\n'}"
}

have_libzmq() {
  ldconfig -p 2>/dev/null | grep -q 'libzmq\.so\.5' || [ -e /usr/lib/x86_64-linux-gnu/libzmq.so.5 ] || [ -e /usr/lib/aarch64-linux-gnu/libzmq.so.5 ] || [ -n "${LEDGER_LIBZMQ_PATH:-}" ]
}

cmd_setup() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required: https://dotnet.microsoft.com/download (Debian: apt-get install dotnet-sdk-10.0)" >&2
    exit 1
  fi
  if ! dotnet --list-sdks | grep -q '^10\.'; then
    echo "warning: no .NET 10 SDK found (dotnet --list-sdks); Ledger targets net10.0" >&2
  fi
  if have_libzmq; then
    echo "libzmq: found"
    return 0
  fi
  if command -v apt-get >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && sudo="sudo"; }
    if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
      echo "Installing libzmq5 with apt-get..."
      $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libzmq5
      return 0
    fi
  fi
  cat >&2 <<MSG
libzmq (ZeroMQ 4.3+) is not installed. Install it, then run ./manage.sh start again:
  Debian/Ubuntu: sudo apt-get install libzmq5
  Fedora:        sudo dnf install zeromq
  macOS:         brew install zeromq
  Windows:       vcpkg install zeromq   (or use manage.ps1)
MSG
  exit 1
}

build_release() {
  dotnet build "$ROOT/src/Ledger.Daemon/Ledger.Daemon.csproj" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
  dotnet build "$ROOT/tools/Ledger.Cli/Ledger.Cli.csproj" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
}

# Exports config/runtime.env's KEY=VALUE lines (the daemon's .NET runtime settings) that are not already set.
daemon_runtime_env() {
  local line key n=0
  [ -f "$ROOT/config/runtime.env" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line=${line%$'\r'}
    case "$line" in ''|'#'*) continue ;; esac
    key=${line%%=*}
    if [[ "$line" != *=* || ! "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
      echo "config/runtime.env:$n: expected KEY=VALUE (a shell variable name), got \"$line\"" >&2
      exit 2
    fi
    [ -n "${!key+x}" ] || export "$line"
  done <"$ROOT/config/runtime.env"
}

# Records the daemon's JIT profile when the build is newer than it ('ledger jit-profile', ~2 s) and exports the
# settings under which the daemon compiles with it: the processing stage ~10 % less CPU per message (docs/PERFORMANCE.md,
# sixteenth session). LEDGER_JIT_PROFILE=0 starts without one; LEDGER_JIT_PROFILE_DATA=DIR records from the journal in
# DIR at every start instead of from the bench's messages; a failed recording only warns.
daemon_jit_profile() {
  [ "${LEDGER_JIT_PROFILE:-1}" != "0" ] && [ -z "${DOTNET_PGODataPath+x}" ] || return 0
  local dir; dir=$(dirname "$DAEMON_DLL")
  local from=()
  [ -z "${LEDGER_JIT_PROFILE_DATA:-}" ] || from=(--data-dir "$LEDGER_JIT_PROFILE_DATA")
  if [ ${#from[@]} -gt 0 ] || [ ! -s "$JIT_PROFILE" ] || [ "$dir/Ledger.Core.dll" -nt "$JIT_PROFILE" ] || [ "$DAEMON_DLL" -nt "$JIT_PROFILE" ]; then
    echo "Recording the JIT profile (ledger jit-profile${LEDGER_JIT_PROFILE_DATA:+ --data-dir $LEDGER_JIT_PROFILE_DATA})..."
    mkdir -p "$RUN_DIR"
    if ! dotnet "$CLI_DLL" jit-profile --out "$JIT_PROFILE" ${from[@]+"${from[@]}"} >"$RUN_DIR/jit-profile.out" 2>&1; then
      echo "warning: recording the JIT profile failed (see $RUN_DIR/jit-profile.out); starting without it" >&2
      return 0
    fi
  fi
  export DOTNET_TieredPGO=0 DOTNET_ReadPGOData=1 DOTNET_PGODataPath="$JIT_PROFILE"
}

daemon_pid() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && cat "$PID_FILE"; }

cmd_start() {
  if pid=$(daemon_pid); then
    echo "Ledger is already running (pid $pid)"; exit 0
  fi
  have_libzmq || cmd_setup
  echo "Building (Release)..."
  build_release
  mkdir -p "$RUN_DIR"
  daemon_runtime_env
  daemon_jit_profile
  nohup dotnet "$DAEMON_DLL" "$@" >"$OUT_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  local pid; pid=$(cat "$PID_FILE")
  for _ in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "Ledger exited during start-up:" >&2; tail -20 "$OUT_FILE" >&2; rm -f "$PID_FILE"; exit 1
    fi
    if health=$(http_get /health 2>/dev/null); then
      echo "Ledger is running (pid $pid)"
      echo "  health:  $HTTP_URL/health"
      echo "  PULL:    $(config_value PullEndpoint tcp://127.0.0.1:5557)   (agents PUSH here)"
      echo "  SUB  →   $(grep -A1 '"SubEndpoints"' config/appsettings.json | grep -o 'tcp://[^"]*' | head -1)   (broker PUB)"
      echo "  ROUTER:  $(config_value AckEndpoint tcp://127.0.0.1:5558)   (acknowledged delivery)"
      echo "  data:    $(echo "$health" | grep -o '"dataDirectory":"[^"]*"' | cut -d'"' -f4)"
      echo "  logs:    $ROOT/logs/   (./manage.sh logs)"
      return 0
    fi
    sleep 0.2
  done
  echo "Ledger did not answer $HTTP_URL/health within 30 s; see $OUT_FILE" >&2
  exit 1
}

cmd_stop() {
  local pid
  if ! pid=$(daemon_pid); then
    echo "Ledger is not running"; rm -f "$PID_FILE"; return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"; echo "Ledger stopped (pid $pid)"; return 0
    fi
    sleep 0.1
  done
  echo "Ledger (pid $pid) did not stop within 30 s" >&2
  exit 1
}

cmd_status() {
  local pid
  if ! pid=$(daemon_pid); then
    echo "Ledger is not running"; exit 1
  fi
  if health=$(http_get /health 2>/dev/null); then
    echo "Ledger is running (pid $pid): $health"; exit 0
  fi
  echo "Ledger (pid $pid) is running but $HTTP_URL/health does not answer" >&2
  exit 1
}

cmd_run() {
  have_libzmq || cmd_setup
  build_release
  daemon_runtime_env
  daemon_jit_profile
  exec dotnet "$DAEMON_DLL" "$@"
}

cmd_logs() {
  local latest
  latest=$(ls -1t "$ROOT"/logs/ledger-*.log 2>/dev/null | head -1 || true)
  if [ -z "$latest" ]; then echo "no log files in $ROOT/logs yet" >&2; exit 1; fi
  exec tail -n 100 -F "$latest"
}

cmd_cli() {
  build_release
  exec dotnet "$CLI_DLL" "$@"
}

cmd_test() {
  have_libzmq || cmd_setup
  if [ -f tests/interop/package-lock.json ] && [ ! -d tests/interop/node_modules ]; then
    (cd tests/interop && npm install --no-audit --no-fund --loglevel=error)
  fi
  local log="$RUN_DIR/test-output.log"
  mkdir -p "$RUN_DIR"
  set +e
  # A hung test fails the run naming the test (with a dump under TestResults/) instead of stalling CI.
  dotnet test "$ROOT/Ledger.sln" -nologo --blame-hang-timeout 10m "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  # Sum the per-project result lines ("Passed!  - Failed: 0, Passed: 6, Skipped: 0, Total: 6, ...").
  local passed failed skipped
  read -r failed passed skipped < <(grep -E '^(Passed|Failed)! +- Failed: ' "$log" \
    | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/' \
    | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d %d %d\n", f, p, s}')
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # A build error or a crashed test host reports no failed tests: count it as a failure so the line never lies.
    echo "(the build or a test host failed before all results were reported; see $log)"
    failed=1
  fi
  local summary="$passed passed, $failed failed"
  [ "$skipped" -eq 0 ] || summary="$summary, $skipped skipped"
  echo "$summary"
  [ "$rc" -eq 0 ] || exit 1
}

verb="${1:-}"; [ $# -gt 0 ] && shift
case "$verb" in
  setup) cmd_setup ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop; cmd_start "$@" ;;
  run) cmd_run "$@" ;;
  logs) cmd_logs ;;
  report) cmd_cli report "$@" ;;
  bench) cmd_cli bench "$@" ;;
  bench-stage) cmd_cli bench-stage "$@" ;;
  test) cmd_test "$@" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
