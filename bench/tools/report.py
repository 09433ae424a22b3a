#!/usr/bin/env python3
"""Markdown report of bench/run's measurements (standard library only).

Reads the TSV named by $TSV and the context bench/run exports; prints the
table of medians, terrimap/peer ratios against the issue's targets, peak
memory against input size, and the SVG/PDF quality checks."""
import csv
import os
import statistics
import datetime

TARGETS = {  # (scenario, format, peer): max terrimap/peer wall ratio (issue 5)
    ("S1", "png", "map2img"): 0.5,
    ("S1", "svg", "mapshaper"): 0.2,
    ("S2", "png", "map2img"): 0.5,
}
SCEN_NAMES = {
    "S1": "1 national TI map, EPCI detail (569k vertices)",
    "S2": "2 communes (35,357 features, 2.2M vertices)",
    "S3": "3 atlas, 101 départements",
}


def env(name, default=""):
    return os.environ.get(name, default)


def main():
    rows = list(csv.DictReader(open(env("TSV")), delimiter="\t"))
    groups = {}
    order = []
    for r in rows:
        k = (r["scenario"], r["format"], r["program"])
        if k not in groups:
            groups[k] = []
            order.append(k)
        groups[k].append(r)
    med = {}
    for k, rs in groups.items():
        f = lambda col: statistics.median(float(r[col]) for r in rs)
        med[k] = {
            "n": len(rs),
            "wall": f("wall_s"),
            "wmin": min(float(r["wall_s"]) for r in rs),
            "cpu": f("cpu_s"),
            "peak": max(int(r["peak_kb"]) for r in rs),
            "oth": f("others_cores"),
            "load": f("load1"),
            "bytes": f("bytes"),
        }
    inputs = {"S1": int(env("S1_IN", "0")), "S2": int(env("S2_IN", "0")), "S3": int(env("S3_IN", "0"))}
    now = env("MEASURED_AT") or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    runs = max((m["n"] for m in med.values()), default=0)
    dirty = env("GITDIRTY", "0")
    out = []
    p = out.append
    p("# terrimap vs peers — bench/run")
    p("")
    p(f"{now}, git {env('GITREV')}" + (f" (+{dirty} uncommitted changes in src/ include/)" if dirty != "0" else "")
      + f", {env('NCPU')} cores ({env('CPUMODEL')}), {runs} runs per program and scenario, programs alternated.")
    p("")
    p(f"Versions: {env('VERSIONS')}.")
    p("")
    p("Prepared before timing (peers cannot join a CSV):")
    for line in env("PREP_NOTES").splitlines():
        p(f"- {line}")
    p("- Peers draw the mainland frame only (EPSG:2154, no DROM insets, no title/legend/scale bar); terrimap draws the"
      " full page (title, legend, 5 DROM insets, scale bar, credits). Same page (2480×3508 px, A4 at 300 dpi), same"
      " classes and colours (member #293173, other #dcdcdc, white 0.3 pt borders).")
    p("")
    p("Wall = median wall-clock seconds; CPU = median user+sys seconds (less sensitive to other load);"
      " peak = max RSS over the runs; others = median CPU cores used by other processes during the runs"
      " (a run is repeated when it is above BENCH_BUSY); load = median 1-min load average at start.")
    p("")
    p("| scenario | format | program | runs | wall s (median) | wall s (min) | CPU s | peak MB | peak / input | output | others (cores) | load1 |")
    p("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k in order:
        m = med[k]
        inp = inputs.get(k[0], 0)
        ratio = f"{m['peak'] * 1024 / inp:.2f}×" if inp else "?"
        outb = m["bytes"]
        outs = f"{outb / 1e6:.2f} MB" if outb else "?"
        p(f"| {SCEN_NAMES.get(k[0], k[0])} | {k[1]} | {k[2]} | {m['n']} | {m['wall']:.2f} | {m['wmin']:.2f} |"
          f" {m['cpu']:.2f} | {m['peak'] / 1024:.0f} | {ratio} | {outs} | {m['oth']:.2f} | {m['load']:.2f} |")
    p("")
    p("Input sizes (.shp+.shx+.dbf+.csv terrimap reads): " + ", ".join(
        f"{s}: {v / 1e6:.1f} MB" for s, v in inputs.items() if v))
    p("")
    p("## terrimap / peer ratios (lower is better for terrimap)")
    p("")
    p("| scenario | format | terrimap | peer | wall ratio | CPU ratio | target (wall) | verdict |")
    p("|---|---|---|---|---:|---:|---:|---|")
    for k in order:
        if k[2].startswith("terrimap"):
            continue
        for tk in order:
            if tk[:2] != k[:2] or not tk[2].startswith("terrimap"):
                continue
            wr = med[tk]["wall"] / med[k]["wall"]
            cr = med[tk]["cpu"] / med[k]["cpu"] if med[k]["cpu"] > 0 else float("nan")
            tgt = TARGETS.get(k) if tk[2] == "terrimap" else None
            verdict = "—" if tgt is None else ("meets" if wr <= tgt else "MISSES")
            p(f"| {k[0]} | {k[1]} | {tk[2]} | {k[2]} | {wr:.2f} | {cr:.2f} | {'≤ %.1f' % tgt if tgt else '—'} | {verdict} |")
    p("")
    p("Memory target: terrimap peak RSS under 4× its input files: " + ", ".join(
        f"{k[0]} {k[1]} {k[2]} {med[k]['peak'] * 1024 / inputs[k[0]]:.2f}× ({'meets' if med[k]['peak'] * 1024 < 4 * inputs[k[0]] else 'MISSES'})"
        for k in order if k[2].startswith("terrimap") and inputs.get(k[0])))
    checks = dict(line.split("=", 1) for line in env("CHECKS").splitlines() if "=" in line)
    if checks:
        p("")
        p("## Quality checks (scenario 1, terrimap)")
        p("")
        svgb = int(checks.get("svg_bytes", "0"))
        p(f"- SVG size: {svgb / 1e6:.2f} MB (target < 3 MB: {'meets' if svgb < 3e6 else 'MISSES'})")

        def pct(s):
            for part in s.split():
                if part.startswith("pct="):
                    return float(part[4:])
            return None

        for name, key in (("rsvg-convert of the SVG", "svg_diff"),
                          ("pdftocairo -r 300 of the PDF (cairo, the PNG's rasteriser)", "pdf_cairo_diff"),
                          ("pdftoppm -r 300 of the PDF (poppler's Splash rasteriser)", "pdf_diff")):
            v = pct(checks.get(key, ""))
            verdict = "?" if v is None else ("meets" if v < 1.0 else "MISSES")
            p(f"- {name} vs the PNG: {checks.get(key, '?')} (pixels with a channel off by > threshold;"
              f" target < 1 %: {verdict})")
    print("\n".join(out))


if __name__ == "__main__":
    main()
