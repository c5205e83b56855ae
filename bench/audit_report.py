#!/usr/bin/env python3
"""Render the Markdown table of a bench/audit.sh results file.

Usage: audit_report.py RESULTS.tsv [CLK_TCK]
RESULTS.tsv lines: cell <TAB> target (off|on|meta...) <TAB> rep <TAB> metric <TAB> value
"""
import statistics
import sys
from collections import defaultdict

TARGET_OVERHEAD = 0.05
CELLS = [
    ("S-simple-c1", "`-S -M simple -c 1`"),
    ("S-simple-c8", "`-S -M simple -c 8 -j 2`"),
    ("S-simple-c32", "`-S -M simple -c 32 -j 2`"),
    ("S-prepared-c1", "`-S -M prepared -c 1`"),
    ("S-prepared-c8", "`-S -M prepared -c 8 -j 2`"),
    ("S-prepared-c32", "`-S -M prepared -c 32 -j 2`"),
]


def load(path):
    data = defaultdict(lambda: defaultdict(dict))  # data[cell][target][metric][rep] = value
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 5:
            continue
        cell, target, rep, metric, value = parts
        try:
            v = float(value)
        except ValueError:
            continue
        data[cell][target].setdefault(metric, {})[rep] = v
    return data


def fmt(v, digits=0):
    if v is None:
        return "n/m"
    return f"{v:,.0f}".replace(",", " ") if digits == 0 else f"{v:.{digits}f}"


def spread(values, digits=0):
    values = [v for v in values if v is not None]
    if not values:
        return "n/m"
    m = statistics.median(values)
    if len(values) == 1:
        return fmt(m, digits)
    return f"{fmt(m, digits)} ({fmt(min(values), digits)}–{fmt(max(values), digits)})"


def per_rep(d, fn):
    """fn(rep) for each rep that has tps; None entries dropped."""
    out = []
    for rep in d.get("tps", {}):
        try:
            v = fn(rep)
        except (KeyError, ZeroDivisionError):
            v = None
        if v is not None:
            out.append(v)
    return out


def main():
    data = load(sys.argv[1])
    rows, verdicts = [], []
    for cell, label in CELLS:
        off, on = data[cell]["off"], data[cell]["on"]
        if not off.get("tps") or not on.get("tps"):
            continue
        t_off, t_on = off["tps"], on["tps"]
        ratio = statistics.median(t_on.values()) / statistics.median(t_off.values())
        paired = [t_on[r] / t_off[r] for r in t_on if r in t_off and t_off[r]]
        ratio_s = f"{ratio:.3f} ({min(paired):.3f}–{max(paired):.3f})" if len(paired) > 1 else f"{ratio:.3f}"
        overhead = (1 - ratio) * 100
        ok = overhead <= TARGET_OVERHEAD * 100
        verdicts.append((label, overhead, ok))
        cpu_off = per_rep(off, lambda r: off["cpu_s"][r] / off["txns"][r] * 1e6)
        cpu_on = per_rep(on, lambda r: on["cpu_s"][r] / on["txns"][r] * 1e6)
        aud = per_rep(on, lambda r: (on["auditor_cpu_s"][r] + on.get("auditor_drain_cpu_s", {}).get(r, 0))
                      / on["txns"][r] * 1e6)
        aud_off = per_rep(off, lambda r: off["auditor_cpu_s"][r])
        ev = per_rep(on, lambda r: on["events"][r] / on["txns"][r])
        backlog = per_rep(on, lambda r: on["backlog_end"][r])
        drain = per_rep(on, lambda r: on["drain_s"][r])
        left = per_rep(on, lambda r: on["drain_left"][r])
        foreign = per_rep(off, lambda r: off["foreign_pct"][r]) + per_rep(on, lambda r: on["foreign_pct"][r])
        errors = sum(len(d.get("error", {})) for d in (off, on))
        fl = f"{statistics.median(foreign):.0f} (max {max(foreign):.0f})" if foreign else "n/m"
        rows.append("| " + " | ".join([
            label, spread(list(t_off.values())), spread(list(t_on.values())), ratio_s,
            f"{overhead:+.1f} %", "yes" if ok else "**no**",
            spread(cpu_off, 1), spread(cpu_on, 1), spread(aud, 1), spread(aud_off, 2),
            spread(ev, 2), spread(backlog), spread(drain, 1) + ("" if not left or max(left) == 0 else f" (left {max(left):.0f})"),
            fl + (f", {errors} failed runs" if errors else "")]) + " |")
    print("## Throughput, audit off vs audit on (pgbench select-only, TPS; median (min–max) over reps)")
    print()
    print("| cell | audit off TPS | audit on TPS | on / off | overhead | ≤ 5 % | off proxy CPU µs/txn | on proxy CPU µs/txn"
          " | auditor CPU µs/txn | auditor CPU s in off runs | events/txn | spool backlog at end of run (records)"
          " | drain s | other load % |")
    print("|" + "---|" * 14)
    for row in rows:
        print(row)
    print()
    print("on / off = median TPS with audit on / median TPS with audit off, (min–max) of the per-rep paired ratios;"
          " overhead = 1 − on / off. Proxy CPU = utime+stime of the proxy JVM (all threads) during the run /"
          " transactions. Auditor CPU µs/txn = the auditor JVM's CPU during the audit-on run plus during the wait"
          " for the backlog to drain after it, / transactions of the run. Spool backlog = the audit-on proxy's"
          " jitgate_audit_spool_backlog_records right after pgbench ended; drain s = time until it was 0."
          " Other load = CPU of processes outside the benchmark, % of all cores, median (max) over the runs.")
    print()
    met = sum(1 for _, _, ok in verdicts if ok)
    print(f"**Target (overhead ≤ 5 % in every cell): {'met' if verdicts and met == len(verdicts) else 'not met'}** —"
          f" {met} of {len(verdicts)} cells within 5 %"
          + ("" if met == len(verdicts) else ": " + ", ".join(f"{l} {o:+.1f} %" for l, o, ok in verdicts if not ok)))
    meta = data.get("meta", {})
    for target in ("off", "on", "auditor"):
        rss = meta.get(target, {}).get("final_rss_kb", {}).get("0")
        if rss:
            print(f"\n- {target}: RSS at the end {rss / 1024:.1f} MiB", end="")
    print()


if __name__ == "__main__":
    main()
