#!/usr/bin/env bash
# Scale: the streaming plan and many small files, side by side with rclone and aws-cli, on one machine in one run.
#   bench/scale.sh            (about an hour on 2 cores; SCALE=0.01 bench/scale.sh tries the script in a minute)
# (p) --dry-run plans of 10,000, 100,000 and 1,000,000 local files (empty, 1,000 per folder) against an empty
#     prefix: wall time and peak RSS, to show memory flat in the number of objects.
# (f) 1,000,000 files uploaded for 60 s: time to the first object stored (from the log) and peak RSS.
# (u) 100,000 small files (1 to 8 KiB, 100 folders) uploaded by each tool into a bucket of its own, 10 at a time;
# (r) then the rerun that skips them all. Files per second, client CPU, peak RSS, the server's CPU.
# The server is S3Proxy with its in-memory store (its filesystem store walks the whole prefix on disk for every
# listing page: minutes of server CPU per rerun at 100,000 objects, test-servers.md), given 6 GiB of heap.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${SCALE:-1}
concurrency=10
work=${BENCH_DIR:-/tmp/uploader-scale}
trees=/dev/shm/uploader-scale-trees
n() { python3 -c "print(max(1, int($1 * $scale)))"; }

need=()
[ -x /usr/bin/aws ] || need+=(awscli)
[ -x /usr/bin/rclone ] || need+=(rclone)
[ -x /usr/bin/time ] || need+=(time)
command -v bc >/dev/null || need+=(bc)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

./mvnw -q -B -Pdist -DskipTests package
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
rm -rf "$work" "$trees"; mkdir -p "$work"/{logs,results} "$trees"
uploader=$(packaging/linux/unpack-deb.sh "$work/package")
java -Xmx6g -cp "$cp" dev.uploader.demo.LocalServer memory plan first up-bucket rclone-bucket aws-bucket > "$work/server.url" 2>"$work/server.err" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$trees"' EXIT
for _ in $(seq 1 100); do grep -q '^http' "$work/server.url" 2>/dev/null && break; sleep 0.1; done
S=$(head -n 1 "$work/server.url")
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$server/stat"; }
echo "[scale] server $S"

export AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_CONFIG_FILE="$work/aws-config"
printf '[default]\naws_access_key_id = AKIDTESTUPLOADER\naws_secret_access_key = test-secret-key-for-the-uploader\n' > "$work/credentials"
printf '[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n    max_concurrent_requests = %d\n' "$concurrency" > "$work/aws-config"
printf '[s]\ntype = s3\nprovider = Other\naccess_key_id = AKIDTESTUPLOADER\nsecret_access_key = test-secret-key-for-the-uploader\nendpoint = %s\nforce_path_style = true\n' "$S" > "$work/rclone.conf"
: > "$work/empty.ini"
up=("$uploader" --nogui --config "$work/empty.ini" --log-dir "$work/logs" --endpoint "$S" --resume)

# trees: empty files for the plans and the first-byte case, small files for the side-by-side runs
python3 - "$trees" "$(n 1000000)" "$(n 100000)" <<'PY'
import os, random, sys
root, big, small = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for name, count in (("p10k", max(1, big // 100)), ("p100k", max(1, big // 10)), ("p1m", big)):
    for i in range(count):
        d = os.path.join(root, name, "d%04d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "f%06d" % i), "wb").close()
random.seed(7)
for i in range(small):
    d = os.path.join(root, "small", "d%03d" % (i % 100))
    if i < 100:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.bin" % i), "wb") as f:
        f.write(os.urandom(random.randint(1024, 8 * 1024)))
PY
echo "[scale] trees made: $(find "$trees" -type f | wc -l) files"
raw="$work/results/raw.txt"

measure() { # case tool files command...
  local case=$1 tool=$2 files=$3; shift 3
  local t0 t1 s0 s1
  s0=$(server_cpu); t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$@" > "$work/logs/$case-$tool.out" 2>&1 || echo "[scale] $case $tool exited $?"
  t1=$(date +%s.%N); s1=$(server_cpu)
  read -r user sys rss < <(tail -n 1 "$work/time.txt")
  local wall; wall=$(echo "$t1 - $t0" | bc)
  echo "$case $tool $files $wall $(echo "$user + $sys" | bc) $rss $(echo "$s1 - $s0" | bc)" | tee -a "$raw"
}

# (p) plans
for t in p10k p100k p1m; do
  files=$(find "$trees/$t" -type f | wc -l)
  measure "p-$t" uploader "$files" "${up[@]}" --bucket plan --prefix "$t" --src-dir "$trees/$t" --dry-run
done

# (f) first byte of the 1,000,000-file upload, and its peak RSS over 60 s (then SIGTERM: it stops as a user's Ctrl-C)
files=$(find "$trees/p1m" -type f | wc -l)
start=$(date +%s.%N)
measure f-p1m uploader "$files" timeout -s TERM 60 "${up[@]}" --bucket first --src-dir "$trees/p1m" --max-thread 1 --max-parallel-file "$concurrency"
log=$(ls -t "$work"/logs/uploader-*.log | head -n 1)
first=$(grep -m 1 ': done, ' "$log" | cut -c1-23 || true)
if [ -n "$first" ]; then
  first_s=$(date -d "${first/,/.}" +%s.%N 2>/dev/null || echo "")
  echo "first-byte $(echo "$first_s - $start" | bc)" | tee -a "$raw"
fi
stored=$(grep -c ': done, ' "$log" || true)
echo "first-60s-stored $stored" | tee -a "$raw"

# (u) and (r): 100,000 small files, each tool into its own bucket, then the rerun
small="$trees/small"
files=$(find "$small" -type f | wc -l)
find "$small" -type f -print0 | xargs -0 cat > /dev/null
measure u uploader "$files" "${up[@]}" --bucket up-bucket --src-dir "$small" --max-thread 1 --max-parallel-file "$concurrency"
measure u rclone "$files" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --transfers "$concurrency" --checkers "$concurrency" copy "$small" s:rclone-bucket
measure u aws-cli "$files" /usr/bin/aws --endpoint-url "$S" s3 sync "$small" s3://aws-bucket/ --only-show-errors
measure r uploader "$files" "${up[@]}" --bucket up-bucket --src-dir "$small" --max-thread 1 --max-parallel-file "$concurrency"
measure r rclone "$files" env -u AWS_CA_BUNDLE /usr/bin/rclone --config "$work/rclone.conf" --transfers "$concurrency" --checkers "$concurrency" copy "$small" s:rclone-bucket
measure r aws-cli "$files" /usr/bin/aws --endpoint-url "$S" s3 sync "$small" s3://aws-bucket/ --only-show-errors
grep -h "uploaded:\|skipped:\|OK:\|NOT COMPLETE" "$work/logs/u-uploader.out" "$work/logs/r-uploader.out" || true

echo
echo "case tool files wall_s client_cpu_s peak_rss_kib server_cpu_s files_per_s"
awk 'NF == 7 { printf "%s %s %s %.1f %.1f %d %.1f %.0f\n", $1, $2, $3, $4, $5, $6, $7, $3 / $4 }' "$raw"
grep -h "first" "$raw" || true
