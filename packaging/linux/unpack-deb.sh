#!/usr/bin/env bash
# Unpacks target/dist/*.deb into DEST (dpkg-deb -x, no root, nothing installed) and does there what its
# postinst does on a machine: writes the `uploader` command (DEST/uploader-on-path) and makes the
# class-data sharing archive for the unpacked path. Prints the packaged launcher's path.
# Used by smoke-test.sh and bench/run.sh:  launcher=$(packaging/linux/unpack-deb.sh DEST)
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=$1
deb=$(ls target/dist/*.deb | head -n 1)
mkdir -p "$dest"
dpkg-deb -x "$deb" "$dest/root"
dpkg-deb -I "$deb" postinst > "$dest/postinst"
root="$dest/root/opt/uploader"
test -x "$root/bin/uploader"
# the postinst's pieces, pointed at the unpacked tree
sed -n "/<<'UPLOADER'/,/^UPLOADER/p" "$dest/postinst" | sed '1d;$d' | sed "s|/opt/uploader|$root|" > "$dest/uploader-on-path"
chmod +x "$dest/uploader-on-path"
sed -n '/# >>> class-data sharing archive/,/# <<< class-data sharing archive/p' "$dest/postinst" \
  | sed "s|/opt/uploader|$root|g" > "$dest/cds.sh"
grep -q 'Xshare:dump' "$dest/cds.sh"
sh "$dest/cds.sh"
test -s "$root/lib/app/uploader.jsa" && test ! -e "$root/lib/app/uploader.jsa.tmp"
echo "$root/bin/uploader"
