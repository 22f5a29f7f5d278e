#!/usr/bin/env bash
# Tries the .deb as a user would, without installing it: unpack it (dpkg-deb -x), make the class-data
# sharing archive as its postinst does, run the packaged `uploader --nogui` against a local S3-compatible
# server to upload a folder (then check every object), and start the packaged desktop app under Xvfb long
# enough to take a screenshot.
# Run by `./mvnw -Pdist verify` on Linux after jpackage; needs dpkg-deb, xvfb-run (apt-get install xvfb xauth).
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(ls target/dist/*.deb | head -n 1)
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "[smoke] unpacking $deb, with what its postinst does"
launcher=$(packaging/linux/unpack-deb.sh "$work")
app_dir="$work/root/opt/uploader/lib/app"
grep -q 'exec /opt/uploader/bin/uploader' "$work/postinst" && echo "[smoke] postinst puts uploader on the PATH"
echo "[smoke] postinst made the class-data sharing archive ($(du -h "$app_dir/uploader.jsa" | cut -f1))"

cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
java -cp "$cp" dev.uploader.demo.LocalServer "$work/store" packaged > "$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 100); do grep -q '^http' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
endpoint=$(head -n 1 "$work/server.out")
echo "[smoke] local S3-compatible server at $endpoint"

mkdir -p "$work/home/.aws" "$work/folder/sub dir"
printf '[default]\naws_access_key_id = AKIDTESTUPLOADER\naws_secret_access_key = test-secret-key-for-the-uploader\n' > "$work/home/.aws/credentials"
head -c 12582917 /dev/urandom > "$work/folder/big.bin"
echo "hello from the package" > "$work/folder/sub dir/ünïcødé.txt"
echo "a name cron must not mangle" > "$work/folder/été 日本.txt"
: > "$work/folder/empty.txt"

echo "[smoke] packaged uploader --nogui --help"
HOME="$work/home" "$launcher" --nogui --help > /dev/null
echo "[smoke] packaged uploader --nogui uploads a folder, run as /usr/bin/uploader with an empty environment (cron)"
env -i PATH=/usr/bin:/bin HOME="$work/home" AWS_SHARED_CREDENTIALS_FILE="$work/home/.aws/credentials" \
  "$work/uploader-on-path" --nogui --src-dir "$work/folder" --bucket packaged --prefix smoke --endpoint "$endpoint" --log-dir "$work/logs"
java -cp "$cp" dev.uploader.demo.VerifyObjects "$endpoint" packaged smoke "$work/folder"
echo "[smoke] the packaged launcher maps the archive (-Xshare:on fails otherwise) and loads the app's classes from it"
HOME="$work/home" AWS_SHARED_CREDENTIALS_FILE="$work/home/.aws/credentials" \
  JAVA_TOOL_OPTIONS="-Xshare:on -Xlog:class+load=info:file=$work/class-load.txt" \
  "$launcher" --nogui --src-dir "$work/folder" --bucket packaged --prefix cds --endpoint "$endpoint" --log-dir "$work/logs" > /dev/null
grep -q 'dev.uploader.engine.FileUploader source: shared objects file' "$work/class-load.txt"
grep -q 'dev.uploader.storage.http.HttpS3Bucket source: shared objects file' "$work/class-load.txt"
grep -q 'software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain source: shared objects file' "$work/class-load.txt"
java -cp "$cp" dev.uploader.demo.VerifyObjects "$endpoint" packaged cds "$work/folder"

echo "[smoke] packaged desktop app under Xvfb"
mkdir -p target/dist
HOME="$work/home" AWS_SHARED_CREDENTIALS_FILE="$work/home/.aws/credentials" \
  xvfb-run -a -s "-screen 0 1280x1000x24" bash -c '
    "$0" & app=$!
    sleep 12
    kill -0 $app || { echo "[smoke] the desktop app exited early"; exit 1; }
    import -window root "$1"
    kill $app' "$launcher" target/dist/packaged-gui.png
test -s target/dist/packaged-gui.png
echo "[smoke] screenshot of the packaged app: target/dist/packaged-gui.png"
echo "[smoke] an archive that no longer matches its jars (an upgrade half done) is ignored without a word"
touch "$app_dir/uploader.jar"
HOME="$work/home" "$launcher" --nogui --version > "$work/stale.out" 2> "$work/stale.err"
grep -q '^uploader' "$work/stale.out" && [ "$(wc -l < "$work/stale.out")" -eq 1 ] && test ! -s "$work/stale.err"
du -sh target/dist/*.deb target/dist/uploader | sed 's/^/[smoke] size /'
if command -v npx >/dev/null; then
  npx -y @action-validator/cli .github/workflows/installers.yml >/dev/null 2>&1 && echo "[smoke] workflow syntax checked"
fi
echo "[smoke] OK"
