#!/usr/bin/env bash
# Writes target/jpackage-input/uploader.classlist: the classes real jobs load, from four training jobs
# against a local S3-compatible server, run with the launchers' JVM options: a folder with a multipart file,
# small files and odd names; an S3_TO_S3 copy within the store; one through this machine; the folder again over
# the AWS SDK (what every job at AWS endpoints uses). The package ships the list; its postinst turns it into a class-data
# sharing archive for the path it was installed to (JDK 17 ties an archive to its absolute class path,
# so the archive cannot be built here). docs/decisions/0006-start-up-and-small-files.md says why.
# Run by `./mvnw -Pdist package` on Linux before jpackage, with JAVA_HOME set to the JDK that runs jpackage:
# its runtime is the one packaged, so the list is made by the same Java version that turns it into an archive.
set -euo pipefail
cd "$(dirname "$0")/../.."
input=target/jpackage-input
list="$input/uploader.classlist"
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
java -cp "$cp" dev.uploader.demo.LocalServer "$work/store" training > "$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 150); do grep -q '^http' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
endpoint=$(head -n 1 "$work/server.out" || true)
[ -n "$endpoint" ] || { echo "[cds] the training server did not start:"; cat "$work/server.err"; exit 1; }

mkdir -p "$work/home" "$work/folder/sub dir"
printf '[default]\naws_access_key_id = AKIDTESTUPLOADER\naws_secret_access_key = test-secret-key-for-the-uploader\n' > "$work/home/credentials"
# a config file as well, as most users have one: reading it loads classes that reading credentials alone does not
printf '[default]\nregion = us-east-1\n' > "$work/home/config"
head -c 11534336 /dev/urandom > "$work/folder/multipart.bin"   # 11 MiB: three parts of 5 MiB
for i in $(seq 1 24); do head -c $((i * 1500)) /dev/urandom > "$work/folder/sub dir/small-$i.bin"; done
echo "été 日本" > "$work/folder/été 日本.txt"
: > "$work/folder/empty.txt"
: > "$work/empty.ini"

rm -f "$list"
# the launchers' JVM options, read from packaging/common.args so that the same classes load ($APPDIR's
# directives file is packaging/'s here; the archive option of the Linux launchers is left out: there is none
# yet); one list per run, merged
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
read -r -a jvm_options <<< "$(sed -n 's/^--java-options "\(.*\)"$/\1/p' packaging/common.args | sed 's#\$APPDIR/#packaging/#g')"
grep -q 'CompilerDirectivesFile=packaging/jit-directives.json' <<< "${jvm_options[*]}" \
  || { echo "[cds] cannot read the launchers' JVM options from packaging/common.args"; exit 1; }
train() { # name, uploader arguments...
  local name=$1; shift
  HOME="$work/home" AWS_SHARED_CREDENTIALS_FILE="$work/home/credentials" AWS_CONFIG_FILE="$work/home/config" \
    "$java" "${jvm_options[@]}" -XX:DumpLoadedClassList="$work/$name.classlist" \
      -jar "$input/uploader.jar" --nogui --config "$work/empty.ini" --log-dir "$work/logs" "$@" > "$work/$name.out" 2>&1 \
    || { echo "[cds] the training job $name failed:"; cat "$work/$name.out"; exit 1; }
}
# a folder (multipart, small files, odd names, an empty file) to an S3-compatible store: the own HTTP client only
train local --src-dir "$work/folder" --bucket training --prefix from-disk --endpoint "$endpoint" --chunk-size 5
# the same over the AWS SDK, as at AWS endpoints (the SDK's S3 client and its pipeline)
train sdk --src-dir "$work/folder" --bucket training --prefix over-sdk --endpoint "$endpoint" --chunk-size 5 --s3-client sdk
# S3_TO_S3 within the store (server-side copies) and through this machine (ranged GETs), over the own client
train copy --job-type S3_TO_S3 --src-endpoint "$endpoint" --src-bucket training --prefix from-disk --src-profile default \
  --endpoint "$endpoint" --bucket training --des-prefix copied --chunk-size 5
train relay --job-type S3_TO_S3 --src-endpoint "$endpoint" --src-bucket training --prefix from-disk --src-profile default \
  --endpoint "$endpoint" --bucket training --des-prefix relayed --chunk-size 5 --no-server-side-copy
awk '!seen[$0]++' "$work/local.classlist" "$work/sdk.classlist" "$work/copy.classlist" "$work/relay.classlist" > "$list"
grep -q '^dev/uploader/engine/FileUploader' "$list" && grep -q "^dev/uploader/storage/http/HttpS3Bucket" "$list" \
  && grep -q '^software/amazon/awssdk/services/s3/DefaultS3Client' "$list" \
  || { echo "[cds] $list lacks the engine's or the SDK's classes"; exit 1; }
echo "[cds] $(wc -l < "$list") classes of four training jobs listed in $list"
