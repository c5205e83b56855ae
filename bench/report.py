#!/usr/bin/env python3
"""Render the Markdown tables of a bench/run.sh results file.

Usage: report.py RESULTS.tsv [CLK_TCK]
RESULTS.tsv lines: cell <TAB> target <TAB> rep <TAB> metric <TAB> value
"""
import statistics
import sys
from collections import defaultdict

TARGETS = ["direct", "pgbouncer", "jitgate"]
# pgbouncer session mode, ratio to direct, from shared/TESTING.md ("Benchmarks")
REFERENCE = {
    "S-simple-c1": 0.72, "S-simple-c8": 0.85, "S-simple-c32": 0.76,
    "S-prepared-c1": 0.65, "S-prepared-c8": 0.77, "S-prepared-c32": 0.70,
    "S-simple-C-c8": 0.79, "fetch-select": 1.0, "fetch-copy": 1.0,
}
TPS_CELLS = [
    ("S-simple-c1", "`-S -M simple -c 1`"),
    ("S-simple-c8", "`-S -M simple -c 8 -j 2`"),
    ("S-simple-c32", "`-S -M simple -c 32 -j 2`"),
    ("S-prepared-c1", "`-S -M prepared -c 1`"),
    ("S-prepared-c8", "`-S -M prepared -c 8 -j 2`"),
    ("S-prepared-c32", "`-S -M prepared -c 32 -j 2`"),
    ("S-simple-C-c8", "`-S -C -c 8 -j 2` (conn/s)"),
]
TLS_CELLS = [
    ("tls-S-simple-c8", "TLS `-S -M simple -c 8 -j 2`"),
    ("tls-S-prepared-c8", "TLS `-S -M prepared -c 8 -j 2`"),
    ("tls-S-simple-C-c8", "TLS `-S -C -c 8 -j 2` (conn/s)"),
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


def med(values):
    return statistics.median(values) if values else None


def fmt(v, digits=0):
    if v is None:
        return "n/m"
    return f"{v:,.{digits}f}".replace(",", " ") if digits == 0 else f"{v:.{digits}f}"


def spread(values, digits=0):
    if not values:
        return "n/m"
    m = med(values)
    if len(values) == 1:
        return fmt(m, digits)
    return f"{fmt(m, digits)} ({fmt(min(values), digits)}–{fmt(max(values), digits)})"


def ratio_cell(data, cell, target, metric, base="direct"):
    """median(target)/median(base), and min-max of the per-rep paired ratios."""
    t = data[cell][target].get(metric, {})
    b = data[cell][base].get(metric, {})
    if not t or not b:
        return None, "n/m"
    r = med(list(t.values())) / med(list(b.values()))
    paired = [t[k] / b[k] for k in t if k in b and b[k]]
    if len(paired) > 1:
        return r, f"{r:.2f} ({min(paired):.2f}–{max(paired):.2f})"
    return r, f"{r:.2f}"


def cpu_per_unit(data, cell, target, unit_metric="txns", scale=1e6):
    cpu = data[cell][target].get("cpu_s", {})
    units = data[cell][target].get(unit_metric, {})
    vals = [cpu[k] / units[k] * scale for k in cpu if k in units and units[k]]
    return vals


def foreign(data, cell):
    vals = [v for t in data[cell].values() for v in t.get("foreign_pct", {}).values()]
    if not vals:
        return "n/m"
    return f"{med(vals):.0f} (max {max(vals):.0f})"


def errors(data):
    out = []
    for cell, targets in data.items():
        for target, metrics in targets.items():
            n = sum(metrics.get("error", {}).values())
            if n:
                out.append(f"{cell}/{target}: {int(n)} failed run(s)")
            f = sum(metrics.get("failed", {}).values())
            if f:
                out.append(f"{cell}/{target}: {int(f)} failed transactions")
    return out


def tps_table(data, cells, jit, title):
    print(title)
    print()
    head = ["cell", "direct", "pgbouncer", "pgb / direct", "ref pgb"]
    if jit:
        head += ["jitgate", "jitgate / direct", "jitgate / pgb", "jitgate ≥ pgb"]
    head += ["pgb CPU µs/txn"]
    if jit:
        head += ["jitgate CPU µs/txn"]
    head += ["other load %"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for cell, label in cells:
        if cell not in data:
            continue
        d = data[cell]
        row = [label, spread(list(d["direct"].get("tps", {}).values()))]
        row.append(spread(list(d["pgbouncer"].get("tps", {}).values())))
        rp, rps = ratio_cell(data, cell, "pgbouncer", "tps")
        ref = REFERENCE.get(cell)
        row += [rps, "–" if ref is None else f"{ref:.2f}"]
        if jit:
            row.append(spread(list(d["jitgate"].get("tps", {}).values())))
            rj, rjs = ratio_cell(data, cell, "jitgate", "tps")
            row.append(rjs)
            row.append(ratio_cell(data, cell, "jitgate", "tps", base="pgbouncer")[1])
            row.append("n/m" if rj is None or rp is None else ("yes" if rj >= rp else "**no**"))
        row.append(spread(cpu_per_unit(data, cell, "pgbouncer"), 1))
        if jit:
            row.append(spread(cpu_per_unit(data, cell, "jitgate"), 1))
        row.append(foreign(data, cell))
        print("| " + " | ".join(row) + " |")
    print()


def main():
    data = load(sys.argv[1])
    have = [t for t in TARGETS if any(t in data[c] for c in data)]
    jit = "jitgate" in have
    tps_table(data, TPS_CELLS, jit, "## Throughput (pgbench select-only, TPS; median (min–max); ratio = median / "
              "median of direct, (min–max) of the per-rep paired ratios)")
    print("other load % = CPU used on the machine by processes other than the benchmark's during the runs "
          "of the cell, in % of all cores: median over runs (max).")
    print()
    print("CPU µs/txn = utime+stime of the proxy process (all threads, /proc/<pid>/stat) during the run, "
          "divided by the transactions pgbench processed; in the `-C` row every transaction is also a "
          "new connection with a SCRAM login, so it is the CPU per login + one query.")
    print()
    if any(c in data for c, _ in TLS_CELLS):
        tps_table(data, TLS_CELLS, jit, "## Throughput with client TLS (sslmode=require; proxies plaintext upstream)")

    if "rate1000" in data:
        print("## Latency at a fixed rate (`-S -M simple -c 8 -j 2 -R 1000`, per-transaction log; "
              "latency includes schedule lag; ms, median of reps (min–max))")
        print()
        head = ["target", "p50 ms", "p90 ms", "p99 ms", "max ms", "transactions", "p99 / direct", "proxy CPU µs/txn",
                "other load %"]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for t in have:
            d = data["rate1000"][t]
            if not d:
                continue
            _, r99 = ratio_cell(data, "rate1000", t, "p99_ms")
            row = [t, spread(list(d.get("p50_ms", {}).values()), 3), spread(list(d.get("p90_ms", {}).values()), 3),
                   spread(list(d.get("p99_ms", {}).values()), 3), spread(list(d.get("max_ms", {}).values()), 1),
                   spread(list(d.get("txns", {}).values())), r99 if t != "direct" else "1.00",
                   spread(cpu_per_unit(data, "rate1000", t), 1) if t != "direct" else "–",
                   foreign({"x": {t: d}}, "x")]
            print("| " + " | ".join(row) + " |")
        print()

    meta = data.get("meta", {}).get("all", {})
    if "fetch-select" in data or "fetch-copy" in data:
        rows = meta.get("fetch_rows", {}).get("0")
        sb = meta.get("select_bytes", {}).get("0")
        cb = meta.get("copy_bytes", {}).get("0")
        print(f"## Large results (psql to /dev/null; {fmt(rows)} rows; SELECT output {fmt((sb or 0) / 1e6, 1)} MB, "
              f"COPY output {fmt((cb or 0) / 1e6, 1)} MB; MB/s of psql output, median (min–max))")
        print()
        head = ["query", "direct MB/s", "pgbouncer MB/s", "pgb / direct"]
        if jit:
            head += ["jitgate MB/s", "jitgate / direct"]
        head += ["pgb CPU s/fetch"]
        if jit:
            head += ["jitgate CPU s/fetch"]
        head += ["other load %"]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for cell, label in (("fetch-select", "`SELECT * FROM pgbench_accounts`"),
                            ("fetch-copy", "`COPY pgbench_accounts TO STDOUT`"),
                            ("tls-fetch-copy", "TLS `COPY pgbench_accounts TO STDOUT`")):
            if cell not in data:
                continue
            d = data[cell]
            row = [label, spread(list(d["direct"].get("mbps", {}).values()), 1),
                   spread(list(d["pgbouncer"].get("mbps", {}).values()), 1),
                   ratio_cell(data, cell, "pgbouncer", "mbps")[1]]
            if jit:
                row += [spread(list(d["jitgate"].get("mbps", {}).values()), 1),
                        ratio_cell(data, cell, "jitgate", "mbps")[1]]
            row.append(spread(list(d["pgbouncer"].get("cpu_s", {}).values()), 2))
            if jit:
                row.append(spread(list(d["jitgate"].get("cpu_s", {}).values()), 2))
            row.append(foreign(data, cell))
            print("| " + " | ".join(row) + " |")
        print()

    idle = sorted((c for c in data if c.startswith("idle")), key=lambda c: int(c[4:]))
    if idle:
        print("## Idle sessions (held open by pgbench `\\sleep` after one `SELECT 1`; memory of the proxy process)")
        print()
        head = ["target", "sessions asked", "established", "PG backends", "RSS before MiB", "RSS after MiB",
                "ΔRSS KiB/session", "heap used before MiB", "heap used after MiB", "Δheap KiB/session"]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for c in idle:
            n = int(c[4:])
            for t in have:
                d = data[c].get(t)
                if not d:
                    continue
                g = lambda m: d.get(m, {}).get("1")
                est = g("sessions") or 0
                r0, r1, h0, h1 = g("rss0_kb"), g("rss1_kb"), g("heap0_kb"), g("heap1_kb")
                per = lambda a, b: "n/m" if a is None or b is None or not est else f"{(b - a) / est:.1f}"
                mib = lambda v: "n/m" if v is None else f"{v / 1024:.1f}"
                row = [t, str(n), fmt(est), fmt(g("pg_backends")), mib(r0), mib(r1), per(r0, r1),
                       mib(h0), mib(h1), per(h0, h1)]
                print("| " + " | ".join(row) + " |")
        print()
        print("Heap used is read with `jcmd <pid> GC.heap_info` right after `jcmd <pid> GC.run` (live data); "
              "RSS from /proc/<pid>/status VmRSS; pgbouncer has no heap figure.")
        print()

    jm = data.get("meta", {}).get("jitgate", {})
    if jm:
        reuse = jm.get('upstream_reuse', {}).get('0')
        if reuse is not None:
            print("jitgate upstream connection reuse (proxy.upstream-reuse): " + ("on" if reuse else "off (default)") + ".")
            print()
        print(f"jitgate at the end: RSS {fmt(jm.get('final_rss_kb', {}).get('0', 0) / 1024, 1)} MiB, "
              f"{fmt(jm.get('log_error_lines', {}).get('0'))} WARN/ERROR lines in its log besides the configuration warnings.")
        print()
    repeated = sum(v for c in data.values() for t in c.values() for v in t.get("repeated", {}).values())
    if repeated:
        print(f"{int(repeated)} measured run(s) were repeated once because other processes used more than the "
              "threshold of CPU during them; the attempt with less other load is reported.")
        print()
    errs = errors(data)
    print("## Errors")
    print()
    print("\n".join(f"- {e}" for e in errs) if errs else "- none")


if __name__ == "__main__":
    main()
