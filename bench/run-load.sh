#!/usr/bin/env bash
# The load benchmark: runs `switchboard bench` against our server and each peer server, side by
# side in one session, and prints medians and ours/peer ratios (docs/benchmarks.md).
#
# Each server runs pinned to CPU 0 (taskset -c 0), the load tool to CPU 1. For every repetition,
# every server is started afresh and runs every scenario in turn, so that load from elsewhere on
# the machine falls on all servers alike; the table takes the median over repetitions.
#
#   bench/run-load.sh                 # 3 repetitions (idle10k in the first only): about 15 minutes
#   QUICK=1 bench/run-load.sh         # 1 repetition, 2 s intervals: about 6 minutes, not for quoting
#   SERVERS='ours netty' SCENARIOS='echo32w1 echo32w16' bench/run-load.sh
#   SERVERS='ours ours-io_uring' SCENARIOS=echo32w1 bench/run-load.sh   # our server on io_uring
#   OPTS_br='-Dswitchboard.io_uring.bufferRing=512' SERVERS='ours ours-io_uring ours-io_uring:br' bench/run-load.sh
#
# Environment: REPS (3), DURATION (4s), WARMUP (2s), SERVERS (ours netty jetty java-websocket
# node-ws raw; node-ws is Node's ws 8.23 (bench/node, npm ci on first use); also ours-io_uring, and baseline: `switchboard echo` from the jar BASELINE_JAR, for before/after runs), SCENARIOS (echo32w1 echo32w16 echo64k bcast bcast50 idle10k; also
# idle19k), SLOW_SCENARIOS (idle10k idle19k: thousands of handshakes per server) run only in the
# first SLOW_REPS (1) repetitions, as memory per connection hardly varies between runs; RESULTS (JSON lines file,
# default bench/target/load-results.jsonl), SKIP_BUILD=1, SERVER_CPU / LOAD_CPU (0 / 1),
# (With a broadcast scenario, the kernel's floor for 1,000 loopback writes, bench/native/fanout-floor.c,
# is printed last.) SERVER_JAVA_OPTS (-Xmx1g), LOAD_EXTRA (more load-tool arguments for every scenario, e.g. --busy-poll), PROFILE=SERVER:SCENARIO (records a JFR of that server in that
# scenario into bench/target/, e.g. PROFILE=ours:echo32w16).
# A server may be written KIND:LABEL (e.g. ours-io_uring:br): a variant of KIND whose extra JVM options
# come from the variable OPTS_LABEL (LABEL: letters, digits, _), reported as its own server.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  REPS=${REPS:-1}; DURATION=${DURATION:-2s}; WARMUP=${WARMUP:-1s}
fi
REPS=${REPS:-3}
DURATION=${DURATION:-4s}
WARMUP=${WARMUP:-2s}
SERVERS=${SERVERS:-ours netty jetty java-websocket node-ws raw}
SCENARIOS=${SCENARIOS:-echo32w1 echo32w16 echo64k bcast bcast50 idle10k}
SLOW_SCENARIOS=${SLOW_SCENARIOS:-idle10k idle19k}
SLOW_REPS=${SLOW_REPS:-1}
RESULTS=${RESULTS:-bench/target/load-results.jsonl}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g}
PROFILE=${PROFILE:-}
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -pl cli,bench -am -DskipTests package
fi
mkdir -p "$(dirname "$RESULTS")"
: > "$RESULTS"

# The scenario's load-tool arguments, after the mode.
scenario_args() {
  case "$1" in
    echo32w1)  echo "echo /echo -c 100 -w 1 -s 32" ;;
    echo32w16) echo "echo /echo -c 100 -w 16 -s 32" ;;
    echo64k)   echo "echo /echo -c 100 -w 1 -s 65536 --binary" ;;
    bcast)     echo "broadcast /broadcast -c 1000 -s 64..100 --rate 0 -w 4" ;;
    bcast50)   echo "broadcast /broadcast -c 1000 -s 64..100 --rate 50" ;;
    idle10k)   echo "connections /echo -c 10000" ;;
    idle19k)   echo "connections /echo -c 19800" ;; # the most one process may hold here (open files: 20,000)
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
}

port=
server_pid=

# A port free right now (the kernel's pick), so that other work on the machine does not collide.
free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_server() { # SERVER SCENARIO-TO-PROFILE(or empty)
  local kind=${1%%:*} label= extra= jfr=()
  if [ "$kind" != "$1" ]; then
    label=${1#*:}
    [[ "$label" =~ ^[A-Za-z0-9_]+$ ]] || { echo "server $1: the label after ':' must be letters, digits or _" >&2; exit 2; }
    local var="OPTS_$label"
    extra=${!var:-}
    [ -n "$extra" ] || echo "server $1: \$OPTS_$label is empty, running $kind unchanged" >&2
  fi
  port=$(free_port)
  if [ -n "$2" ]; then
    jfr=("-XX:StartFlightRecording=filename=bench/target/profile-${1//:/-}-$2.jfr,settings=profile")
  fi
  local log=bench/target/server-${1//:/-}.log
  # shellcheck disable=SC2086 # SERVER_JAVA_OPTS holds several words on purpose
  case "$kind" in
    ours) taskset -c "$SERVER_CPU" java $SERVER_JAVA_OPTS $extra "${jfr[@]}" -jar cli/target/switchboard.jar \
            echo --port "$port" --io-threads 1 --no-deflate >"$log" 2>&1 & ;;
    baseline) taskset -c "$SERVER_CPU" java $SERVER_JAVA_OPTS $extra "${jfr[@]}" -jar "${BASELINE_JAR:?BASELINE_JAR names the jar to compare with}" \
            echo --port "$port" --io-threads 1 --no-deflate >"$log" 2>&1 & ;;
    ours-io_uring) taskset -c "$SERVER_CPU" java $SERVER_JAVA_OPTS -Dswitchboard.transport=io_uring $extra "${jfr[@]}" \
            -jar cli/target/switchboard.jar echo --port "$port" --io-threads 1 --no-deflate >"$log" 2>&1 & ;;
    node-ws)
      if [ ! -d bench/node/node_modules ]; then
        npm ci --prefix bench/node --silent --no-audit --no-fund >&2
      fi
      taskset -c "$SERVER_CPU" node $extra bench/node/ws-peer.mjs "$port" >"$log" 2>&1 & ;;
    *) taskset -c "$SERVER_CPU" java $SERVER_JAVA_OPTS $extra "${jfr[@]}" -cp bench/target/benchmarks.jar \
            dev.switchboard.bench.peers.PeerServer "$kind" "$port" >"$log" 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 150); do
    grep -q 'listening on' "$log" && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "server $kind did not start; its log:" >&2
  cat "$log" >&2
  exit 1
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT

for rep in $(seq 1 "$REPS"); do
  for server in $SERVERS; do
    profiled=
    for scenario in $SCENARIOS; do
      [ "$PROFILE" = "$server:$scenario" ] && profiled=$scenario
    done
    if [ -n "$PROFILE" ] && [ -z "$profiled" ]; then
      continue
    fi
    start_server "$server" "$profiled"
    for scenario in $SCENARIOS; do
      [ -n "$profiled" ] && [ "$scenario" != "$profiled" ] && continue
      if [ "$rep" -gt "$SLOW_REPS" ] && [[ " $SLOW_SCENARIOS " == *" $scenario "* ]]; then
        continue
      fi
      read -r mode path rest <<<"$(scenario_args "$scenario")"
      if [ "${server%%:*}" = raw ] && [ "$mode" != echo ]; then
        continue # the raw TCP echo has no broadcast, and its idle connections are not WebSockets
      fi
      args=(bench "$mode" --url "ws://127.0.0.1:$port$path" --server-pid "$server_pid" --json)
      if [ "$mode" = connections ]; then
        args+=(-d 3s)
        if [ "${server%%:*}" = node-ws ]; then
          args+=(--no-heap) # RSS only: no JVM heap to ask jcmd about
        fi
      else
        args+=(-d "$DURATION" --warmup "$WARMUP")
      fi
      # shellcheck disable=SC2206 # the scenario's arguments are words, and so are LOAD_EXTRA's
      args+=($rest ${LOAD_EXTRA:-})
      echo "== rep $rep/$REPS  $server  $scenario" >&2
      if line=$(taskset -c "$LOAD_CPU" java -jar cli/target/switchboard.jar "${args[@]}" 2>bench/target/load-err.log); then
        :
      else
        echo "   (exit $?: $(tail -1 bench/target/load-err.log))" >&2
      fi
      if [ -n "$line" ]; then
        echo "{\"server\":\"$server\",\"scenario\":\"$scenario\",\"rep\":$rep,\"result\":$line}" >>"$RESULTS"
      fi
    done
    stop_server
  done
done
trap - EXIT

"$PYTHON" bench/summarize-load.py "$RESULTS"

# The kernel's own floor under the broadcast scenarios: 1,000 loopback writes from C, on the
# server's core, no WebSocket at all (bench/native/fanout-floor.c). Skipped without gcc.
if [[ " $SCENARIOS " == *" bcast"* ]] && command -v gcc >/dev/null; then
  if gcc -O2 -o bench/target/fanout-floor bench/native/fanout-floor.c; then
    echo
    taskset -c "$SERVER_CPU" bench/target/fanout-floor 1000 100
  fi
fi
