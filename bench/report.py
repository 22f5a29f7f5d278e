#!/usr/bin/python3
"""Turns bench/run.sh's raw lines (scenario tool wall cpu rss_kb) into the Markdown of docs/benchmarks.md."""
import statistics
import sys
from collections import defaultdict

raw, bw_rate, md5_cpu, part, conc, rounds = sys.argv[1:7]
runs = defaultdict(list)
for line in open(raw):
    s, tool, wall, cpu, rss = line.split()
    runs[(s, tool)].append((float(wall), float(cpu), int(rss) / 1024))

names = {"s": "start-up: one file of one byte (the fixed cost of a run)", "a": "(a) one 1 GiB file", "b": "(b) 2,000 files of 4-64 KiB", "c": "(c) 2 GiB object between two servers (S3_TO_S3)"}
print(f"Part size {part} MiB, {conc} requests in flight for every tool, {rounds} rounds, medians.\n")
startup = {t: statistics.median(x[1] for x in runs[(sc, t)]) for (sc, t) in runs if sc == "s"}
for s in "sabc":
    tools = [t for (sc, t) in runs if sc == s]
    if not tools:
        continue
    med = {t: tuple(statistics.median(x[i] for x in runs[(s, t)]) for i in range(3)) for t in tools}
    ours = med.get("uploader")
    print(f"### {names[s]}\n")
    print("| tool | wall s | x ours | CPU s | x ours | peak RSS MiB | x ours |" + (" files/s |" if s == "b" else ""))
    print("|---|---|---|---|---|---|---|" + ("---|" if s == "b" else ""))
    for t in ["uploader", "aws-cli", "rclone", "boto3"]:
        if t not in med:
            continue
        w, c, r = med[t]
        ratio = lambda a, b: f"{a / b:.2f}" if b else "-"
        extra = f" {2000 / w:.0f} |" if s == "b" else ""
        print(f"| {t} | {w:.2f} | {ratio(w, ours[0])} | {c:.2f} | {ratio(c, ours[1])} | {r:.0f} | {ratio(r, ours[2])} |{extra}")
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
    print()
whole, sending = bw_rate.split()
print(f"Bandwidth limit 50 MiB/s: {sending} MiB/s while sending (median of the progress lines), {whole} MiB/s over the whole run of 1 GiB"
      f" ({1024 / float(whole):.1f} s with JVM start, listing and the server assembling the object).")
