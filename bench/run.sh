#!/usr/bin/env bash
# Side-by-side benchmark: this tool against aws-cli, rclone and boto3, alternating tool by tool, several
# rounds, against local S3Proxy servers with filesystem stores. Reports the median wall time, client CPU
# (user+sys), peak RSS and the ratio of each to this tool's. A benchmark, not a test: run it by hand,
#   bench/run.sh [ROUNDS]        (default 3; about 15 minutes on 2 cores)
# and copy its report into docs/benchmarks.md. It installs the peers from Debian packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
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
uploader=$(packaging/linux/unpack-deb.sh "$work/package")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
start_server() { # name, buckets...
  java -Xmx1g -cp "$cp" dev.uploader.demo.LocalServer "$work/store-$1" "${@:2}" > "$work/$1.url" 2>"$work/$1.err" &
  pids+=($!)
  for _ in $(seq 1 100); do grep -q '^http' "$work/$1.url" 2>/dev/null && break; sleep 0.1; done
  head -n 1 "$work/$1.url"
}
A=$(start_server a bench src)
B=$(start_server b copy)
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
up=("$uploader" --nogui --config "$work/empty.ini" --log-dir "$work/logs" --endpoint "$A" --bucket bench --chunk-size "$part_mib")

# one measured run: scenario tool round command...
measure() {
  local scenario=$1 tool=$2 round=$3; shift 3
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$@" > "$work/logs/$scenario-$tool-$round.out" 2>&1 \
    || { echo "[bench] $scenario $tool round $round FAILED (see $work/logs/$scenario-$tool-$round.out)"; return 0; }
  t1=$(date +%s.%N)
  read -r user sys rss < "$work/time.txt"
  echo "$scenario $tool $(echo "$t1 - $t0" | bc) $(echo "$user + $sys" | bc) $rss" >> "$work/results/raw.txt"
}

for round in $(seq 1 "$rounds"); do
  echo "[bench] round $round of $rounds"
  p="r$round"
  # (a) one 1 GiB file
  measure a uploader "$round" "${up[@]}" --src-dir "$work" --file one-gib.bin --prefix "a-up-$p" --max-thread "$concurrency" --max-parallel-file 1
  measure a aws-cli "$round" /usr/bin/aws --endpoint-url "$A" s3 cp "$work/one-gib.bin" "s3://bench/a-aws-$p/one-gib.bin" --only-show-errors
  measure a rclone "$round" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --ignore-times --s3-chunk-size "${part_mib}M" --s3-upload-concurrency "$concurrency" copyto "$work/one-gib.bin" "a:bench/a-rclone-$p/one-gib.bin"
  measure a boto3 "$round" /usr/bin/python3 bench/boto3_upload.py "$A" bench "a-boto3-$p" "$work/one-gib.bin" "$part_mib" "$concurrency"
  # start-up: one file of one byte, to tell the fixed cost of a run from the cost per GiB
  measure s uploader "$round" "${up[@]}" --src-dir "$work/one" --prefix "s-up-$p" --max-thread 1 --max-parallel-file 1
  measure s aws-cli "$round" /usr/bin/aws --endpoint-url "$A" s3 cp "$work/one/one-byte.bin" "s3://bench/s-aws-$p/one-byte.bin" --only-show-errors
  measure s rclone "$round" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --ignore-times copyto "$work/one/one-byte.bin" "a:bench/s-rclone-$p/one-byte.bin"
  # (b) 2,000 files of 4 to 64 KiB
  measure b uploader "$round" "${up[@]}" --src-dir "$work/small" --prefix "b-up-$p" --max-thread 1 --max-parallel-file "$concurrency"
  measure b aws-cli "$round" /usr/bin/aws --endpoint-url "$A" s3 cp "$work/small" "s3://bench/b-aws-$p/" --recursive --only-show-errors
  measure b rclone "$round" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --ignore-times --transfers "$concurrency" --checkers "$concurrency" copy "$work/small" "a:bench/b-rclone-$p"
  measure b boto3 "$round" /usr/bin/python3 bench/boto3_upload.py "$A" bench "b-boto3-$p" "$work/small" "$part_mib" "$concurrency"
  # (c) a 2 GiB object between two servers
  measure c uploader "$round" "$uploader" --nogui --config "$work/empty.ini" --log-dir "$work/logs" --job-type S3_TO_S3 --src-bucket src \
    --src-endpoint "$A" --src-profile default --endpoint "$B" --bucket copy --des-prefix "c-up-$p" --max-thread "$concurrency" --max-parallel-file 1
  measure c rclone "$round" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --ignore-times --s3-chunk-size "${part_mib}M" --s3-upload-concurrency "$concurrency" copyto "a:src/two-gib.bin" "b:copy/c-rclone-$p/two-gib.bin"
done

# bandwidth limit: 1 GiB at 50 MiB/s; the rate while sending is read from the progress lines (every 2 s,
# between 5% and 95%), the whole run also counts JVM start, listing and the server assembling the object
t0=$(date +%s.%N)
"${up[@]}" --src-dir "$work" --file one-gib.bin --prefix bw --max-thread "$concurrency" --bwlimit 50M --progress-interval 2 \
  > "$work/logs/bwlimit.out" 2>&1
t1=$(date +%s.%N)
bw_rate="$(echo "scale=1; 1024 / ($t1 - $t0)" | bc) $(awk '/%/ { p = $2 + 0; if (p > 5 && p < 95) { for (i = 1; i <= NF; i++) if ($i ~ /MiB\/s,$/) print $(i-1) } }' \
  "$work/logs/bwlimit.out" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "?" }')"

# MD5 floor: one pass over 1 GiB with md5sum (Java's MessageDigest measured 1.54 s here, about the same)
md5_cpu=$( { /usr/bin/time -f "%U %S" md5sum "$work/one-gib.bin" > /dev/null; } 2>&1 | awk '{print $1 + $2}')

/usr/bin/python3 bench/report.py "$work/results/raw.txt" "$bw_rate" "$md5_cpu" "$part_mib" "$concurrency" "$rounds"
