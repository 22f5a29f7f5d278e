#!/usr/bin/python3
"""Turns bench/run.sh's raw lines (scenario tool wall cpu rss_kb) into the Markdown of docs/benchmarks.md."""
import statistics
import sys
from collections import defaultdict

raw, bw_file, md5_cpu, part, conc, rounds, small_mib = sys.argv[1:8]
runs = defaultdict(list)
for line in open(raw):
    s, tool, wall, cpu, rss, server = line.split()
    runs[(s, tool)].append((float(wall), float(cpu), int(rss) / 1024, float(server)))

names = {"s": "start-up: one file of one byte (the fixed cost of a run)", "a": "(a) one 1 GiB file", "b": "(b) 2,000 files of 4-64 KiB", "c": "(c) 2 GiB object between two servers (S3_TO_S3)",
         "d": "(d) 3 GiB object of 1 GiB parts between two servers, 25 parts in flight, this tool under -Xmx512m"}
print(f"Part size {part} MiB, {conc} requests in flight for every tool, {rounds} rounds, medians.\n")
startup = {t: statistics.median(x[1] for x in runs[(sc, t)]) for (sc, t) in runs if sc == "s"}
for s in "sabcd":
    tools = [t for (sc, t) in runs if sc == s]
    if not tools:
        continue
    med = {t: tuple(statistics.median(x[i] for x in runs[(s, t)]) for i in range(4)) for t in tools}
    ours = med.get("uploader")
    print(f"### {names[s]}\n")
    print("| tool | wall s | x ours | CPU s | x ours | peak RSS MiB | x ours | server CPU s |" + (" files/s |" if s == "b" else ""))
    print("|---|---|---|---|---|---|---|---|" + ("---|" if s == "b" else ""))
    for t in ["uploader", "aws-cli", "rclone", "boto3"]:
        if t not in med:
            continue
        w, c, r, srv = med[t]
        ratio = lambda a, b: f"{a / b:.2f}" if b else "-"
        extra = f" {2000 / w:.0f} |" if s == "b" else ""
        print(f"| {t} | {w:.2f} | {ratio(w, ours[0])} | {c:.2f} | {ratio(c, ours[1])} | {r:.0f} | {ratio(r, ours[2])} | {srv:.2f} |{extra}")
    peers = [med[t] for t in med if t != "uploader"]
    if peers and ours:
        fastest = min(p[0] for p in peers)
        print(f"\nThis tool's wall time is {ours[0] / fastest:.2f}x the fastest peer's.")
        if s == "a":
            print(f"Client CPU {ours[1]:.2f} s for 1 GiB = {ours[1] / float(md5_cpu):.2f}x one MD5 pass (md5sum: {float(md5_cpu):.2f} s).")
            if "uploader" in startup:
                per_gib = ours[1] - startup["uploader"]
                print(f"Per GiB beyond start-up ({startup['uploader']:.2f} s for one byte): {per_gib:.2f} s = {per_gib / float(md5_cpu):.2f}x one MD5 pass.")
                for t in ("aws-cli", "rclone"):
                    if t in startup and t in med:
                        print(f"  {t} per GiB beyond its start-up: {med[t][1] - startup[t]:.2f} s.")
        if s == "b":
            print(f"Files per second: {(2000 / ours[0]) / (2000 / fastest):.2f}x the fastest peer's.")
        if s == "c":
            print(f"Peak RSS {ours[2]:.0f} MiB; the parts in flight are {int(conc)} x {int(part)} MiB = {int(conc) * int(part)} MiB.")
        if s == "d":
            print(f"Peak RSS {ours[2]:.0f} MiB under -Xmx512m (memory budget 256 MiB): the source's 1 GiB parts were not held"
                  f" whole; 25 parts of {int(part)} MiB in flight.")
    print()
sizes = {"bw-one": (1024.0, "1 GiB"), "bw-small": (float(small_mib), f"the 2,000 small files ({small_mib} MiB)")}
print("Bandwidth limit (`--bwlimit`):\n")
print("| run | limit | while sending (median of progress lines) | whole run, JVM start and listing included |")
print("|---|---|---|---|")
for line in open(bw_file):
    name, limit, seconds, sending = line.split()
    mib, what = sizes[name]
    print(f"| {what} | {limit}iB/s | {sending} MiB/s | {mib / float(seconds):.1f} MiB/s ({float(seconds):.1f} s) |")
