#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar, runs the codec suite (ours side by side with Netty's
# websocketx) with JMH's GC profiler, and prints the ratio table (docs/benchmarks.md).
#
# The suite runs ROUNDS times with one fork each, rather than once with ROUNDS forks: every
# round measures both sides of every scenario, so load that comes and goes on a shared machine
# falls on both sides alike, and the table takes the median over the rounds' forks.
#
#   bench/run-codec.sh                      # everything, 3 rounds: about 30 minutes on 2 cores
#   bench/run-codec.sh 'Decode.*'           # a subset: any JMH benchmark regex
#   ROUNDS=1 JMH_OPTS='-wi 2 -i 3' bench/run-codec.sh Encode   # a quick look, not for quoting
#
# Environment: ROUNDS (default 3), JMH_OPTS (iterations per fork), RESULTS (prefix of the JSON
# files), SKIP_BUILD=1, PIN (CPU list for taskset), NICE (e.g. -10: shield the run from other
# work on the machine; needs root).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
JMH_OPTS=${JMH_OPTS:--wi 3 -i 5 -w 1s -r 1s}
RESULTS=${RESULTS:-bench/target/codec-results}
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -pl bench -am -DskipTests package
fi

launcher=(java)
if [ -n "${PIN:-}" ]; then
  launcher=(taskset -c "$PIN" "${launcher[@]}")
fi
if [ -n "${NICE:-}" ]; then
  launcher=(nice -n "$NICE" "${launcher[@]}")
fi

files=()
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS"
  # shellcheck disable=SC2086 # JMH_OPTS is a list of options
  "${launcher[@]}" -jar bench/target/benchmarks.jar -f 1 $JMH_OPTS -prof gc \
    -rf json -rff "$RESULTS-$round.json" "${@:-dev.switchboard.bench.}"
  files+=("$RESULTS-$round.json")
done

echo
echo "ours / peer, medians over $ROUNDS rounds (ratio > 1: ours is faster); results in ${files[*]}"
"$PYTHON" bench/summarize.py "${files[@]}"
