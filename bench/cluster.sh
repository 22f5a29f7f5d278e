#!/usr/bin/env bash
# Cluster mode (issue 16) on one machine in one run: how work spreads over worker processes, and how soon an S3 event
# notification becomes a verified copy.
#   bench/cluster.sh           (about 4 minutes on 2 cores; OBJECTS=16 bench/cluster.sh tries the script in one;
#                               MAVEN_ARGS=-o builds offline)
# The servers are one JVM (dev.uploader.demo.ClusterServers): two S3Proxy stores with their objects in memory, a source
# and a destination with keys of their own, and ElasticMQ (the SQS protocol) with a queue per run, each with its
# dead-letter queue (maxReceiveCount 5). The job is S3_TO_S3 between the two stores, the cluster's main case (bucket to
# bucket, and the S3-event path is S3_TO_S3 too); its resume records travel in the destination bucket as on many
# machines. A LOCAL_TO_S3 folder "shared" by processes of one machine would spare the source server but show nothing
# that a shared mount does.
# (t) OBJECTS objects of SIZE_MIB MiB (default 64 of 8 MiB: 512 MiB, 2 parts of 5 and 3 MiB each, so one object per
#     message), put into the source once by this tool. For 1, 2 and 4 workers: the sender queues the set for a fresh
#     destination prefix, then the workers start at once, each held to BWLIMIT (8M) so that the stores on these two
#     cores are not what limits. Wall time from the first worker's start to the last message deleted (a worker deletes
#     a message only once its object is at the destination and verified: the queue is then drained), MiB/s, and the
#     ratio against one worker (ideal 2.0 and 4.0); also the time from the first order started (the JVMs up) to then.
#     The times come from the workers' run logs, so nothing polls the servers meanwhile. Every copy is then read back
#     and compared with its source, and the queue and its dead-letter queue must be empty.
# (e) One running, idle worker (no bandwidth limit): 10 new source objects of 64 KiB and 10 of 20 MiB, one after
#     another, each announced by an S3 event notification put on its queue; time until the worker logs the copy
#     verified and the message deleted: medians, and the first event of each size (the worker's code still cold).
set -euo pipefail
cd "$(dirname "$0")/.."
objects=${OBJECTS:-64}
size_mib=${SIZE_MIB:-8}
bwlimit=${BWLIMIT:-8M}
work=${BENCH_DIR:-/tmp/uploader-cluster}
data=/dev/shm/uploader-cluster-data

./mvnw -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test-cp.txt)"
rm -rf "$work" "$data"; mkdir -p "$work/logs" "$data"
java -Xmx4g -cp "$cp" dev.uploader.demo.ClusterServers bench-src bench-dst run-1 run-2 run-4 events > "$work/servers.txt" 2>"$work/servers.err" &
servers=$!
started=() # the workers (and the /usr/bin/time around them), ended with the servers if the bench stops early
cleanup() {
  for p in "${started[@]}"; do kill $(ps -o pid= --ppid "$p") "$p" 2>/dev/null || true; done
  kill "$servers" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 300); do grep -q '^queue events ' "$work/servers.txt" 2>/dev/null && break; sleep 0.1; done
grep -q '^queue events ' "$work/servers.txt" || { cat "$work/servers.err"; exit 1; }
S=$(awk '$1 == "source" { print $2 }' "$work/servers.txt")
D=$(awk '$1 == "destination" { print $2 }' "$work/servers.txt")
queue() { awk -v name="$1" '$1 == "queue" && $2 == name { print $3 }' "$work/servers.txt"; }
dead_letter_queue() { awk -v name="$1" '$1 == "queue" && $2 == name { print $4 }' "$work/servers.txt"; }
probe() { java -cp "$cp" dev.uploader.demo.ClusterProbe "$@"; }
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$servers/stat"; }
# the machine's busy CPU time in seconds, every process of it, and the time its hypervisor gave to other machines
# (steal): how much else ran beside the bench
machine_cpu() { awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%.2f", ($2 + $3 + $4 + $7 + $8) / hz }' /proc/stat; }
stolen_cpu() { awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%.2f", $9 / hz }' /proc/stat; }
echo "[cluster] source $S, destination $D; $(uptime)"

export AWS_SHARED_CREDENTIALS_FILE="$work/credentials" AWS_CONFIG_FILE="$work/aws-config"
printf '[bench]\naws_access_key_id = AKIDTESTUPLOADER\naws_secret_access_key = test-secret-key-for-the-uploader\n[source]\naws_access_key_id = AKIDSOURCESTORE\naws_secret_access_key = secret-of-the-source-store\n' > "$work/credentials"
printf '[profile bench]\nregion = us-east-1\n[profile source]\nregion = us-east-1\n' > "$work/aws-config"
: > "$work/empty.ini"
cat > "$work/cluster.ini" <<EOF
[Basic]
JobType = S3_TO_S3
S3Prefix = data
DesBucket = bench-dst
DesProfileName = bench
DesEndPointURL = $D
[S3_TO_S3]
SrcBucket = bench-src
SrcProfileName = source
SrcEndPointURL = $S
[Advanced]
ChunkSize = 5
MaxThread = 4
MaxParallelFile = 4
StorageClass = STANDARD
LoggingLevel = INFO
EOF
up=(bin/uploader --nogui --log-dir "$work/logs")

# the set, put into the source by this tool (5 MiB parts, as the job's ChunkSize), then the files go
for i in $(seq -w 1 "$objects"); do head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$data/object-$i.bin"; done
"${up[@]}" --config "$work/empty.ini" --profile source --endpoint "$S" --bucket bench-src --prefix data --src-dir "$data" \
  --chunk-size 5 > "$work/logs/fill.out" 2>&1 || { cat "$work/logs/fill.out"; exit 1; }
rm -rf "$data"
total_mib=$((objects * size_mib))
echo "[cluster] source filled: $objects objects of $size_mib MiB ($total_mib MiB)"

raw="$work/raw.txt"; : > "$raw"
for n in 1 2 4; do
  q=$(queue "run-$n")
  "${up[@]}" --config "$work/cluster.ini" --des-prefix "run-$n" --send-to "$q" > "$work/logs/send-$n.out" 2>&1
  grep -q "queued:   $objects objects" "$work/logs/send-$n.out" || { cat "$work/logs/send-$n.out"; exit 1; }
  load=$(cut -d' ' -f1 /proc/loadavg)
  s0=$(server_cpu); m0=$(machine_cpu); st0=$(stolen_cpu)
  t0=$(date +%s.%N)
  workers=()
  for i in $(seq 1 "$n"); do
    /usr/bin/time -f "%U %S" -o "$work/cpu-$n-$i.txt" bin/uploader --nogui --log-dir "$work/logs/run-$n" --config "$work/cluster.ini" \
      --des-prefix "run-$n" --worker "$q" --idle-exit 3 --jobs 4 --bwlimit "$bwlimit" > "$work/logs/worker-$n-$i.out" 2>&1 &
    workers+=($!); started+=($!)
  done
  for w in "${workers[@]}"; do wait "$w" || echo "[cluster] a worker of run $n exited $?"; done
  t2=$(date +%s.%N)
  s1=$(server_cpu); m1=$(machine_cpu); st1=$(stolen_cpu)
  worker_cpu=$(cat "$work"/cpu-"$n"-*.txt | awk '{ s += $1 + $2 } END { printf "%.1f", s }')
  spread=$(grep -h 'worker ended' "$work"/logs/worker-"$n"-*.out | grep -o 'objects [0-9]* uploaded' | awk '{ print $2 }' | paste -sd/)
  probe compare "$S" bench-src data "$D" bench-dst "run-$n" > "$work/compare-$n.txt" || { cat "$work/compare-$n.txt"; exit 1; }
  tail -n 1 "$work/compare-$n.txt"
  left=$(probe count "$q"); dead=$(probe count "$(dead_letter_queue "run-$n")")
  [ "$left" = 0 ] && [ "$dead" = 0 ] || echo "[cluster] run $n: $left messages left on the queue, $dead in the dead-letter queue"
  echo "$n $t0 $t2 $worker_cpu $(echo "$s1 - $s0" | bc) $(echo "$m1 - $m0" | bc) $(echo "$st1 - $st0" | bc) $load $spread" | tee -a "$raw"
done

# (e) an idle worker, S3 events of new objects below events/ copied to events-copy/
q=$(queue events)
bin/uploader --nogui --log-dir "$work/logs/events" --config "$work/cluster.ini" --prefix events --des-prefix events-copy --worker "$q" \
  --jobs 4 > "$work/logs/event-worker.out" 2>&1 &
event_worker=$!; started+=($!)
for _ in $(seq 1 300); do grep -q '^worker ' "$work/logs/event-worker.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^worker ' "$work/logs/event-worker.out" || { cat "$work/logs/event-worker.out"; exit 1; }
sleep 2
probe events "$S" bench-src events "$q" "$D" bench-dst events-copy "$work/logs/events" 10 65536 | tee "$work/events-small.txt"
probe events "$S" bench-src events "$q" "$D" bench-dst events-copy "$work/logs/events" 10 $((20 * 1024 * 1024)) | tee "$work/events-big.txt"
kill -TERM "$event_worker"; wait "$event_worker" || true

echo
python3 - "$raw" "$total_mib" "$work/logs" "$work/events-small.txt" "$work/events-big.txt" <<'PY'
import glob, sys, time
raw, total, logs = sys.argv[1], float(sys.argv[2]), sys.argv[3]

def at(line):  # a run log line's time, this machine's zone
    return time.mktime(time.strptime(line[:19], "%Y-%m-%d %H:%M:%S")) + int(line[20:23]) / 1000

rows = []
for n, t0, t2, workers, servers, machine, stolen, load, *spread in (line.split() for line in open(raw) if line.strip()):
    lines = [l for f in glob.glob(f"{logs}/run-{n}/*.log") for l in open(f, encoding="utf-8")]
    first_order = min(at(l) for l in lines if " [order-" in l)
    last_done = max(at(l) for l in lines if "Worker - message " in l and l.rstrip().endswith(": done"))
    rows.append((n, last_done - float(t0), last_done - first_order, float(t2) - float(t0), workers, servers, machine, stolen, load,
                 spread[0] if spread else "?"))
wall1, moving1 = rows[0][1], rows[0][2]
print("| workers | wall s | MiB/s | x one worker (ideal) | first order to last verified s | x one worker | objects per worker"
      " | CPU s until the workers ended: workers / servers / other processes (of 2 cores x time) | stolen s | load at start |")
print("|---|---|---|---|---|---|---|---|---|---|")
for n, wall, moving, until_end, workers, servers, machine, stolen, load, spread in rows:
    print(f"| {n} | {wall:.1f} | {total / wall:.1f} | {wall1 / wall:.2f} ({n}.0) | {moving:.1f} | {moving1 / moving:.2f} | {spread} | "
          f"{float(workers):.1f} / {float(servers):.1f} / {float(machine) - float(workers) - float(servers):.1f} (of {2 * until_end:.0f}) | "
          f"{float(stolen):.1f} | {load} |")
print()
for path, what in ((sys.argv[4], "64 KiB"), (sys.argv[5], "20 MiB")):
    first = median = None
    for line in open(path):
        words = line.split()
        if line.startswith("event 1 "):
            first = (words[10], words[15])
        if line.startswith("median "):
            median = (words[2], words[3])
    print(f"S3 event to verified copy, {what}: verified at the destination after {median[0]} ms, message deleted after {median[1]} ms"
          f" (medians of 10; the first, cold: {first[0]} / {first[1]} ms)")
PY
