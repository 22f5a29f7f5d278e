#!/usr/bin/env bash
# The desktop window's UI thread while the queue works: 100,000 files in one transfer, ten transfers queued, two side
# by side, against a local S3Proxy, in a virtual display. Prints the longest UI-thread pause (docs/benchmarks.md).
# Needs: xvfb xauth libgtk-3-0 (apt-get). Usage: bench/ui.sh [files] [transfers]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests test-compile
CP="target/test-classes:target/classes:$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
xvfb-run -a -s "-screen 0 1400x1000x24" java -Xmx1g -cp "$CP" dev.uploader.demo.UiResponsiveness "${1:-100000}" "${2:-10}" 2>&1 | grep -E "^(files=|made )"
