#!/usr/bin/env bash
# Kill soak: real uploader processes killed with SIGKILL at random moments, N rounds alternating LOCAL_TO_S3 (several
# files, several parts in flight, a file sometimes rewritten between kills) and S3_TO_S3 (a source object sometimes
# replaced between kills), sometimes killed twice in a row, each round then run to the end and checked: every object
# byte for byte equal to its source, nothing left unfinished, bytes re-sent at most what was in flight at each kill
# (plus the versions replaced since). A soak, not a test: run it by hand,
#   bench/soak.sh [ROUNDS] [SEED]            (default 100 rounds; about 10 minutes on 2 cores)
#   bench/soak.sh --faults [ROUNDS] [SEED]   the fault run: every run also through a fault-injecting relay in front of
#                                            each store (resets, 503 SlowDown with Retry-After, 500, stalls, bodies never
#                                            read, dripped, cut and lost answers, a lost answer to a POST), idle timeout 3 s
# and copy its report (the table at the end) into docs/reliability.md. The servers are S3Proxy with filesystem
# stores, in the soak's own JVM; the uploader is target/uploader.jar as `java -jar` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=kills
if [ "${1:-}" = "--faults" ]; then mode=faults; shift; fi
rounds=${1:-100}
seed=${2:-$(date +%s)}
work=${SOAK_DIR:-/tmp/uploader-soak}
./mvnw -q -B -DskipTests package
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/soak-classpath.txt > /dev/null
rm -rf "$work"; mkdir -p "$work"
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/soak-classpath.txt)" dev.uploader.soak.KillSoak \
  "$rounds" "$work" "$PWD/target/uploader.jar" "$seed" "$mode" 2>"$work/soak.err" | tee "$work/soak.log"
