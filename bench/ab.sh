#!/usr/bin/env bash
# A/B of this checkout's packaged app against another commit's, alternating run by run against one S3Proxy on tmpfs:
# one file of one byte, 2,000 files of 4-64 KiB (10 in flight), one 1 GiB file (10 parts in flight), and a 1 GiB object
# copied between two buckets through this machine (S3_TO_S3, --no-server-side-copy, 10 parts in flight). Run it by hand
# when a change may cost speed and the machine's own speed varies from day to day (docs/benchmarks.md):
#   bench/ab.sh REV [ROUNDS]     (default 8 rounds after a warm-up; about 5 minutes plus two package builds)
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: bench/ab.sh REV [ROUNDS]}
rounds=${2:-8}
work=${AB_DIR:-/tmp/uploader-ab}
rm -rf "$work"; mkdir -p "$work"/{small,one,logs}
store=/dev/shm/uploader-ab-store; rm -rf "$store"
git worktree add -f -q "$work/other" "$rev"
trap 'git worktree remove --force "$work/other" 2>/dev/null || true; [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null || true; rm -rf "$store"' EXIT
( cd "$work/other" && ./mvnw -q -B -Pdist -DskipTests package )
./mvnw -q -B -Pdist -DskipTests package
old=$(cd "$work/other" && packaging/linux/unpack-deb.sh "$work/old")
new=$(packaging/linux/unpack-deb.sh "$work/new")
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
java -Xmx1g -cp "$cp" dev.uploader.demo.LocalServer "$store" bench src > "$work/url" 2>"$work/err" &
spid=$!
for _ in $(seq 1 100); do grep -q '^http' "$work/url" 2>/dev/null && break; sleep 0.1; done
endpoint=$(head -n 1 "$work/url")
export AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_CONFIG_FILE="$work/config"
printf '[default]\naws_access_key_id = AKIDTESTUPLOADER\naws_secret_access_key = test-secret-key-for-the-uploader\n' > "$work/credentials"
printf '[default]\nregion = us-east-1\n' > "$work/config"
printf x > "$work/one/one-byte.bin"
head -c $((1024*1024*1024)) /dev/urandom > "$work/one-gib.bin"
/usr/bin/python3 - "$work/small" <<'PY'
import os, random, sys
random.seed(7)
for i in range(2000):
    d = os.path.join(sys.argv[1], "d%02d" % (i % 40)); os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "f%04d.bin" % i), "wb").write(os.urandom(random.randint(4096, 65536)))
PY
: > "$work/empty.ini"
: > "$work/raw.txt"
run() { # label launcher scenario round args...
  local label=$1 launcher=$2 scenario=$3 round=$4; shift 4
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$launcher" --nogui --config "$work/empty.ini" --log-dir "$work/logs" \
    --endpoint "$endpoint" --bucket bench --chunk-size 8 --prefix "$scenario-$label-$round" "$@" > "$work/logs/last.out" 2>&1
  t1=$(date +%s.%N)
  read -r user sys rss < "$work/time.txt"
  echo "$scenario $label $round $(echo "$t1 - $t0" | bc) $(echo "$user + $sys" | bc) $rss" >> "$work/raw.txt"
  rm -rf "${store:?}/bench/$scenario-$label-$round"
}
# the source object of the copy case, put once by this checkout's app
"$new" --nogui --config "$work/empty.ini" --log-dir "$work/logs" --endpoint "$endpoint" --bucket src --chunk-size 8 \
  --prefix srcobj --src-dir "$work" --file one-gib.bin > "$work/logs/setup.out" 2>&1
copy() { # label launcher round
  local label=$1 launcher=$2 round=$3 t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$work/time.txt" "$launcher" --nogui --config "$work/empty.ini" --log-dir "$work/logs" \
    --job-type S3_TO_S3 --src-bucket src --src-endpoint "$endpoint" --endpoint "$endpoint" --bucket bench --chunk-size 8 \
    --prefix srcobj --des-prefix "c-$label-$round" --no-server-side-copy --max-thread 10 --max-parallel-file 1 > "$work/logs/last.out" 2>&1
  t1=$(date +%s.%N)
  read -r user sys rss < "$work/time.txt"
  echo "c $label $round $(echo "$t1 - $t0" | bc) $(echo "$user + $sys" | bc) $rss" >> "$work/raw.txt"
  rm -rf "${store:?}/bench/c-$label-$round"
}
cat "$work"/small/*/* "$work/one-gib.bin" > /dev/null
for round in $(seq 0 "$rounds"); do
  for side in "before $old" "after $new"; do
    set -- $side
    run "$1" "$2" s "$round" --src-dir "$work/one" --max-thread 1 --max-parallel-file 1
    run "$1" "$2" b "$round" --src-dir "$work/small" --max-thread 1 --max-parallel-file 10
    run "$1" "$2" a "$round" --src-dir "$work" --file one-gib.bin --max-thread 10 --max-parallel-file 1
    copy "$1" "$2" "$round"
  done
done
/usr/bin/python3 - "$work/raw.txt" "$rev" <<'PY'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list)
for line in open(sys.argv[1]):
    scenario, side, rnd, wall, cpu, rss = line.split()
    if rnd != "0":  # the first round warms up
        runs[(scenario, side)].append((float(wall), float(cpu)))
names = {"s": "one file of one byte", "b": "2,000 files of 4-64 KiB, 10 in flight", "a": "one 1 GiB file, 10 parts in flight",
         "c": "1 GiB object copied through this machine (S3_TO_S3), 10 parts in flight"}
print(f"| case | {sys.argv[2]} (wall / CPU) | this checkout (wall / CPU) |\n|---|---|---|")
for s in "sbac":
    cell = lambda side: " / ".join("%.3f s" % statistics.median(x[i] for x in runs[(s, side)]) for i in (0, 1))
    print(f"| {names[s]} | {cell('before')} | {cell('after')} |")
PY
