#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar, runs the codec suite (ours side by side with Netty's
# websocketx) with JMH's GC profiler, and prints the ratio table (docs/benchmarks.md).
#
#   bench/run-codec.sh                      # everything: about 35 minutes on 2 cores
#   bench/run-codec.sh 'Decode.*'           # a subset: any JMH benchmark regex
#   JMH_OPTS='-f 1 -wi 2 -i 3' bench/run-codec.sh 'Encode'   # a quick look, not for quoting
#
# Environment: JMH_OPTS (forks and iterations), RESULTS (the JSON file), SKIP_BUILD=1,
# PIN (CPU list for taskset, e.g. PIN=1; unset runs unpinned).
set -euo pipefail
cd "$(dirname "$0")/.."

JMH_OPTS=${JMH_OPTS:--f 3 -wi 3 -i 5 -w 1s -r 1s}
RESULTS=${RESULTS:-bench/target/codec-results.json}
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -pl bench -am -DskipTests package
fi

launcher=(java)
if [ -n "${PIN:-}" ]; then
  launcher=(taskset -c "$PIN" java)
fi

# shellcheck disable=SC2086 # JMH_OPTS is a list of options
"${launcher[@]}" -jar bench/target/benchmarks.jar $JMH_OPTS -prof gc -rf json -rff "$RESULTS" \
  "${@:-dev.switchboard.bench.}"

echo
echo "ours / peer, medians over forks (ratio > 1: ours is faster); results in $RESULTS"
"$PYTHON" bench/summarize.py "$RESULTS"
