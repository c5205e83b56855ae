#!/usr/bin/env python3
"""Summarise `jfr print --events jdk.ExecutionSample` output (stdin) for one code path.

Usage: jfr print --events jdk.ExecutionSample --stack-depth 64 rec.jfr | jfr_stacks.py PACKAGE_PREFIX

Prints: how many samples have a frame of PACKAGE_PREFIX on their stack, the top leaf methods of all
samples and of those samples, and the top PACKAGE_PREFIX frames nearest the leaf (where the path's own
code spends, or calls into what it spends).
"""
import re
import sys
from collections import Counter

FRAME = re.compile(r"^\s+(\S.*?)(\s+line:\s*\d+)?(\s+bci:\s*\d+)?\s*$")


def samples(lines):
    frames, inside = [], False
    for line in lines:
        if "stackTrace = [" in line:
            frames, inside = [], True
            continue
        if inside:
            if line.strip() in ("]", "],"):
                inside = False
                yield frames
                continue
            if line.strip() == "...":
                continue
            m = FRAME.match(line)
            if m:
                frames.append(m.group(1))


def top(counter, total, n=15):
    out = []
    for name, count in counter.most_common(n):
        out.append(f"  {count:7d}  {100.0 * count / total:5.1f}%  {name}")
    return "\n".join(out)


def main():
    prefix = sys.argv[1]
    leaf_all, leaf_path, nearest, inclusive = Counter(), Counter(), Counter(), Counter()
    total = path = 0
    for frames in samples(sys.stdin):
        if not frames:
            continue
        total += 1
        leaf_all[frames[0]] += 1
        ours = [f for f in frames if f.startswith(prefix)]
        if ours:
            path += 1
            leaf_path[frames[0]] += 1
            nearest[ours[0]] += 1
            for f in set(ours):
                inclusive[f] += 1
    if total == 0:
        print("no execution samples")
        return
    print(f"execution samples: {total}; with a {prefix} frame on the stack: {path} ({100.0 * path / total:.1f}%)")
    print("\ntop leaf methods, all samples:")
    print(top(leaf_all, total))
    if path:
        print(f"\ntop leaf methods of the samples with a {prefix} frame (% of all samples):")
        print(top(leaf_path, total))
        print(f"\n{prefix} frame nearest the leaf (% of all samples):")
        print(top(nearest, total))
        print(f"\n{prefix} frames, inclusive (% of all samples):")
        print(top(inclusive, total, 20))


if __name__ == "__main__":
    main()
