#!/usr/bin/env bash
# The system tools the Linux packaging and its smoke test need, installed from Debian/Ubuntu packages when
# missing: fakeroot and dpkg-deb (jpackage --type deb), xvfb-run and xauth (a display for the packaged app),
# import from imagemagick (its screenshot), and the GTK/X libraries JavaFX loads.
set -euo pipefail
missing=()
command -v fakeroot >/dev/null || missing+=(fakeroot)
command -v dpkg-deb >/dev/null || missing+=(dpkg)
command -v xvfb-run >/dev/null || missing+=(xvfb)
command -v xauth >/dev/null || missing+=(xauth)
[ -x /usr/bin/import ] || missing+=(imagemagick)
ldconfig -p 2>/dev/null | grep -q 'libgtk-3.so.0' || missing+=(libgtk-3-0)
ldconfig -p 2>/dev/null | grep -q 'libXtst.so.6' || missing+=(libxtst6)
ldconfig -p 2>/dev/null | grep -q 'libGL.so.1' || missing+=(libgl1)
if [ ${#missing[@]} -eq 0 ]; then
  echo "[build-deps] all packaging tools present"
  exit 0
fi
echo "[build-deps] installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "[build-deps] error: not root and no sudo; install these packages: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "[build-deps] installed"
