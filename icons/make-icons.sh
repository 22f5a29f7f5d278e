#!/usr/bin/env bash
# Makes every platform's app icon from the one source image, uploader.svg:
#   uploader.png (Linux, 512 px), uploader.ico (Windows, 16-256 px), uploader.icns (macOS).
# Needs: apt-get install librsvg2-bin imagemagick icnsutils
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$size" -h "$size" uploader.svg -o "/tmp/uploader-$size.png"
done
cp /tmp/uploader-512.png uploader.png
/usr/bin/convert /tmp/uploader-16.png /tmp/uploader-32.png /tmp/uploader-48.png /tmp/uploader-64.png \
  /tmp/uploader-128.png /tmp/uploader-256.png uploader.ico
png2icns uploader.icns /tmp/uploader-16.png /tmp/uploader-32.png /tmp/uploader-128.png /tmp/uploader-256.png \
  /tmp/uploader-512.png /tmp/uploader-1024.png >/dev/null
ls -l uploader.png uploader.ico uploader.icns
