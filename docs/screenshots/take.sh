#!/usr/bin/env bash
# Takes the README's pictures from the real app in a virtual X display.
# Needs: apt-get install xvfb xauth libgtk-3-0 fonts-wqy-zenhei (a CJK TrueType font JavaFX can draw: with Noto CJK
# alone, the OpenType collection, the Chinese pictures show boxes)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -DskipTests test-compile
CP="target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
xvfb-run -a -s "-screen 0 1400x1000x24" java -cp "$CP" dev.uploader.demo.ScreenshotTour docs/screenshots
