#!/usr/bin/env bash
# Side-by-side benchmark: this tool against aws-cli, rclone and boto3, alternating tool by tool, several
# rounds, against local S3Proxy servers with filesystem stores. Reports the median wall time, client CPU
# (user+sys), peak RSS and the ratio of each to this tool's, and the server's CPU for each run. A benchmark,
# not a test: run it by hand,
#   bench/run.sh [ROUNDS]        (default 5; about 15 minutes on 2 cores)
# and copy its report into docs/benchmarks.md. It installs the peers from Debian packages when missing.
# Before each run the source is read into the page cache, and after it what the run uploaded is deleted, so
# that every tool reads from memory and the stores do not grow (CPU, not the disk, is measured). The servers'
# stores are on tmpfs (/dev/shm) where it has room: on this machine's ext4 (mounted with online discard)
# deleting a few GiB made the server's next minute of writes twice as costly, whichever tool came next.
# A first round warms the servers' JIT up and is not counted.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
part_mib=8
concurrency=10
work=${BENCH_DIR:-/tmp/uploader-bench}

need=()
[ -x /usr/bin/aws ] || need+=(awscli)
[ -x /usr/bin/rclone ] || need+=(rclone)
/usr/bin/python3 -c 'import boto3' 2>/dev/null || need+=(python3-boto3)
[ -x /usr/bin/time ] || need+=(time)
command -v bc >/dev/null || need+=(bc)
if [ ${#need[@]} -gt 0 ]; then
  echo "[bench] installing ${need[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# this tool as Linux users get it: the .deb, unpacked, with the class-data sharing archive its postinst makes
./mvnw -q -B -Pdist -DskipTests package
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
rm -rf "$work"; mkdir -p "$work"/{small,one,logs,results}
stores="$work"
shm_free=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
if [ -n "$shm_free" ] && [ "$shm_free" -gt $((12 * 1024 * 1024)) ]; then
  stores=/dev/shm/uploader-bench-stores
fi
rm -rf "$stores/store-a" "$stores/store-b"
uploader=$(packaging/linux/unpack-deb.sh "$work/package")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ "$stores" = "$work" ] || rm -rf "$stores"
}
trap cleanup EXIT
declare -A server_pid
start_server() { # name, buckets...
  java -Xmx1g -cp "$cp" dev.uploader.demo.LocalServer "$stores/store-$1" "${@:2}" > "$work/$1.url" 2>"$work/$1.err" &
  pids+=($!)
  server_pid[$1]=$!
  for _ in $(seq 1 100); do grep -q '^http' "$work/$1.url" 2>/dev/null && break; sleep 0.1; done
  head -n 1 "$work/$1.url"
}
start_server a bench src big > /dev/null
start_server b copy > /dev/null
A=$(head -n 1 "$work/a.url")
B=$(head -n 1 "$work/b.url")
echo "[bench] servers $A and $B"

# data
head -c $((1024*1024*1024)) /dev/urandom > "$work/one-gib.bin"
/usr/bin/python3 - "$work/small" <<'PY'
import os, random, sys
random.seed(7)
for i in range(2000):
    d = os.path.join(sys.argv[1], "d%02d" % (i % 40))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%04d.bin" % i), "wb") as f:
        f.write(os.urandom(random.randint(4 * 1024, 64 * 1024)))
PY
export AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_CONFIG_FILE="$work/aws-config"
printf '[default]\naws_access_key_id = AKIDTESTUPLOADER\naws_secret_access_key = test-secret-key-for-the-uploader\n' > "$work/credentials"
printf '[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n    multipart_chunksize = %dMB\n    multipart_threshold = %dMB\n    max_concurrent_requests = %d\n' \
  "$part_mib" "$part_mib" "$concurrency" > "$work/aws-config"
rclone_remote() { # name endpoint
  printf '[%s]\ntype = s3\nprovider = Other\naccess_key_id = AKIDTESTUPLOADER\nsecret_access_key = test-secret-key-for-the-uploader\nendpoint = %s\nforce_path_style = true\n' "$1" "$2"
}
{ rclone_remote a "$A"; rclone_remote b "$B"; } > "$work/rclone.conf"
printf x > "$work/one/one-byte.bin"   # start-up: what a run costs before any data
# the 2 GiB source object of (c), uploaded in 8 MiB parts
head -c $((2*1024*1024*1024)) /dev/urandom > "$work/two-gib.bin"
/usr/bin/aws --endpoint-url "$A" s3 cp "$work/two-gib.bin" s3://src/two-gib.bin --only-show-errors
rm -f "$work/two-gib.bin"
: > "$work/empty.ini"   # not the example s3_upload_config.ini of this folder
# the 3 GiB source object of (d), uploaded in 1 GiB parts (by this tool: the peers cap their parts lower)
head -c $((3*1024*1024*1024)) /dev/urandom > "$work/three-gib.bin"
"$uploader" --nogui --config "$work/empty.ini" --log-dir "$work/logs" --endpoint "$A" --bucket big --src-dir "$work" --file three-gib.bin \
  --chunk-size 1024 --max-thread 3 > "$work/logs/three-gib-source.out" 2>&1
rm -f "$work/three-gib.bin"

up=("$uploader" --nogui --config "$work/empty.ini" --log-dir "$work/logs" --endpoint "$A" --bucket bench --chunk-size "$part_mib")

# CPU seconds (user+sys) a server process has used so far
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/${server_pid[$1]}/stat"; }

# one measured run: scenario tool round server source uploaded-dir command...; the source is read into the page
# cache first, and what the run uploaded (a folder of the server's store) is deleted after it
measure() {
  local scenario=$1 tool=$2 round=$3 server=$4 source=$5 uploaded=$6; shift 6
  local t0 t1 s0 s1
  [ -n "$source" ] && cat $source > /dev/null
  s0=$(server_cpu "$server")
  t0=$(date +%s.%N)
  if /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$@" > "$work/logs/$scenario-$tool-$round.out" 2>&1; then
    t1=$(date +%s.%N)
    s1=$(server_cpu "$server")
    read -r user sys rss < "$work/time.txt"
    echo "$scenario $tool $(echo "$t1 - $t0" | bc) $(echo "$user + $sys" | bc) $rss $(echo "$s1 - $s0" | bc)" >> "$raw"
  else
    echo "[bench] $scenario $tool round $round FAILED (see $work/logs/$scenario-$tool-$round.out)"
  fi
  rm -rf "${stores:?}/store-$server/$uploaded"
}

one="$work/one-gib.bin"
small_files="$work/small/*/*"
for round in $(seq 0 "$rounds"); do
  if [ "$round" = 0 ]; then
    echo "[bench] warm-up round (not counted)"
    raw="$work/results/warm-up.txt"
  else
    echo "[bench] round $round of $rounds"
    raw="$work/results/raw.txt"
  fi
  p="r$round"
  # (a) one 1 GiB file
  measure a uploader "$round" a "$one" "bench/a-up-$p" "${up[@]}" --src-dir "$work" --file one-gib.bin --prefix "a-up-$p" --max-thread "$concurrency" --max-parallel-file 1
  measure a aws-cli "$round" a "$one" "bench/a-aws-$p" /usr/bin/aws --endpoint-url "$A" s3 cp "$work/one-gib.bin" "s3://bench/a-aws-$p/one-gib.bin" --only-show-errors
  measure a rclone "$round" a "$one" "bench/a-rclone-$p" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --ignore-times --s3-chunk-size "${part_mib}M" --s3-upload-concurrency "$concurrency" copyto "$work/one-gib.bin" "a:bench/a-rclone-$p/one-gib.bin"
  measure a boto3 "$round" a "$one" "bench/a-boto3-$p" /usr/bin/python3 bench/boto3_upload.py "$A" bench "a-boto3-$p" "$work/one-gib.bin" "$part_mib" "$concurrency"
  # start-up: one file of one byte, to tell the fixed cost of a run from the cost per GiB
  measure s uploader "$round" a "" "bench/s-up-$p" "${up[@]}" --src-dir "$work/one" --prefix "s-up-$p" --max-thread 1 --max-parallel-file 1
  measure s aws-cli "$round" a "" "bench/s-aws-$p" /usr/bin/aws --endpoint-url "$A" s3 cp "$work/one/one-byte.bin" "s3://bench/s-aws-$p/one-byte.bin" --only-show-errors
  measure s rclone "$round" a "" "bench/s-rclone-$p" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --ignore-times copyto "$work/one/one-byte.bin" "a:bench/s-rclone-$p/one-byte.bin"
  # (b) 2,000 files of 4 to 64 KiB
  measure b uploader "$round" a "$small_files" "bench/b-up-$p" "${up[@]}" --src-dir "$work/small" --prefix "b-up-$p" --max-thread 1 --max-parallel-file "$concurrency"
  measure b aws-cli "$round" a "$small_files" "bench/b-aws-$p" /usr/bin/aws --endpoint-url "$A" s3 cp "$work/small" "s3://bench/b-aws-$p/" --recursive --only-show-errors
  measure b rclone "$round" a "$small_files" "bench/b-rclone-$p" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --ignore-times --transfers "$concurrency" --checkers "$concurrency" copy "$work/small" "a:bench/b-rclone-$p"
  measure b boto3 "$round" a "$small_files" "bench/b-boto3-$p" /usr/bin/python3 bench/boto3_upload.py "$A" bench "b-boto3-$p" "$work/small" "$part_mib" "$concurrency"
  # (c) a 2 GiB object between two servers (the server CPU column is the destination's)
  measure c uploader "$round" b "" "copy/c-up-$p" "$uploader" --nogui --config "$work/empty.ini" --log-dir "$work/logs" --job-type S3_TO_S3 --src-bucket src \
    --src-endpoint "$A" --src-profile default --endpoint "$B" --bucket copy --des-prefix "c-up-$p" --max-thread "$concurrency" --max-parallel-file 1
  measure c rclone "$round" b "" "copy/c-rclone-$p" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --ignore-times --s3-chunk-size "${part_mib}M" --s3-upload-concurrency "$concurrency" copyto "a:src/two-gib.bin" "b:copy/c-rclone-$p/two-gib.bin"
  # (d) a 3 GiB object of 1 GiB parts between two servers, 25 parts in flight, this tool held to a 512 MiB heap
  # (its memory budget, half the heap, copies it in parts of ChunkSize; held whole, 25 x 1 GiB could not fit)
  measure d uploader "$round" b "" "copy/d-up-$p" env JAVA_TOOL_OPTIONS=-Xmx512m "$uploader" --nogui --config "$work/empty.ini" \
    --log-dir "$work/logs" --job-type S3_TO_S3 --src-bucket big --file three-gib.bin --src-endpoint "$A" --src-profile default --endpoint "$B" \
    --bucket copy --des-prefix "d-up-$p" --chunk-size "$part_mib" --max-thread 25 --max-parallel-file 1
  measure d rclone "$round" b "" "copy/d-rclone-$p" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --ignore-times --s3-chunk-size "${part_mib}M" --s3-upload-concurrency 25 copyto "a:big/three-gib.bin" "b:copy/d-rclone-$p/three-gib.bin"
done

# bandwidth limit: 1 GiB at 50 MiB/s, and the 2,000 small files at 10 MiB/s. The rate while sending is read
# from the progress lines (every 2 s, between 5% and 95%); the whole run also counts JVM start, listing and
# the server assembling the object
bw_run() { # name limit source-args...
  local name=$1 limit=$2; shift 2
  local t0 t1
  t0=$(date +%s.%N)
  "${up[@]}" "$@" --prefix "$name" --bwlimit "$limit" --progress-interval 2 > "$work/logs/$name.out" 2>&1
  t1=$(date +%s.%N)
  rm -rf "${stores:?}/store-a/bench/$name"
  local sending
  sending=$(awk '/%/ { p = $2 + 0; if (p > 5 && p < 95) { for (i = 1; i <= NF; i++) if ($i ~ /MiB\/s,$/) print $(i-1) } }' \
    "$work/logs/$name.out" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "?" }')
  echo "$name $limit $(echo "$t1 - $t0" | bc) $sending" >> "$work/results/bw.txt"
}
cat "$work/one-gib.bin" $small_files > /dev/null
bw_run bw-one 50M --src-dir "$work" --file one-gib.bin --max-thread "$concurrency"
bw_run bw-small 10M --src-dir "$work/small" --max-thread 1 --max-parallel-file "$concurrency"

# MD5 floor: one pass over the cached 1 GiB with md5sum, the best of three (Java's MessageDigest with its C2
# intrinsic takes about the same, 1.2-1.3 s here)
cat "$work/one-gib.bin" > /dev/null
md5_cpu=$(for _ in 1 2 3; do { /usr/bin/time -f "%U %S" md5sum "$work/one-gib.bin" > /dev/null; } 2>&1 | awk '{print $1 + $2}'; done | sort -n | head -n 1)

small_mib=$(du -cb $small_files | tail -n 1 | awk '{ printf "%.1f", $1 / 1048576 }')
/usr/bin/python3 bench/report.py "$work/results/raw.txt" "$work/results/bw.txt" "$md5_cpu" "$part_mib" "$concurrency" "$rounds" "$small_mib"
