#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make bench`: policysim's workloads against the numpy peer in the same run.

Writes Results/bench/bench.json and prints a table. Timings are wall seconds, median of
--runs runs (default 5) including start-up; spread = (max - min) / median; peak_rss_mib is the
largest resident set of those runs. The peer solves exactly the systems policysim solved
(exported with `policysim export`) the standard way, one numpy.linalg.solve per system; a
workload whose outputs disagree (relative 1e-9) fails the benchmark.
"""
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "policysim")
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
ONLY = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else None


def timed(cmd):
    """Wall seconds and peak RSS (MiB) of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed: {proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def repeated(cmd):
    results = [timed(cmd) for _ in range(RUNS)]
    walls = sorted(w for w, _ in results)
    median = walls[len(walls) // 2]
    return median, (walls[-1] - walls[0]) / median, max(r for _, r in results)


def peer(mode, folder):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "peer.py"), mode, folder],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def policysim_json(cmd):
    return json.loads(subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout)


def manifest(folder):
    return json.load(open(os.path.join(folder, "manifest.json")))


def main():
    os.makedirs(os.path.join(ROOT, "Results", "bench"), exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="policysim-bench-")
    kernel = policysim_json([BIN, "kernels", "--repeat", "5"])
    rate = kernel["dgemm_gflops"] * 1e9
    workloads = []
    peer_blas = {}

    def scenario_workload(name, scenario, draws):
        out = os.path.join(tmp, name)
        cmd = [BIN, "run", scenario, "--force", "--quiet", "--out", out] + (["--draws", str(draws)] if draws is not None else [])
        median, spread, rss = repeated(cmd)
        m = manifest(out)
        export = os.path.join(tmp, name + "-systems")
        subprocess.run([BIN, "export", scenario, "--out", export, "--force"] + (["--draws", str(draws)] if draws is not None else []),
                       cwd=ROOT, check=True, capture_output=True)
        p = peer("systems", export)
        peer_blas.update(p["peer_blas"])
        n = p["size"]
        bound = (m["factorisations"] * 2 / 3 * n ** 3 + p["systems"] * 2 * n ** 2) / rate
        workloads.append({"name": name, "policysim_s": median, "policysim_spread": spread, "peer_s": p["peer_s"],
                          "ratio": median / p["peer_s"], "flop_bound_s": bound, "peak_rss_mib": rss,
                          "outputs_match": p["outputs_match"], "max_rel_error": p["max_rel_error"], "systems": p["systems"],
                          "factorisations": m["factorisations"], "size": n})

    def lu_workload(name, data):
        folder = os.path.join(tmp, name)
        k = policysim_json([BIN, "kernels", "--data", data, "--repeat", str(RUNS), "--write", folder])
        p = peer("lu", folder)
        peer_blas.update(p["peer_blas"])
        n = k["n"]
        workloads.append({"name": name, "policysim_s": k["lu_solve_s"], "policysim_spread": k["lu_spread"], "peer_s": p["peer_s"],
                          "ratio": k["lu_solve_s"] / p["peer_s"], "flop_bound_s": (2 / 3 * n ** 3 + 2 * n ** 2) / rate,
                          "peak_rss_mib": None, "outputs_match": p["outputs_match"], "max_rel_error": p["max_rel_error"],
                          "size": n})

    memory = []

    def memory_workload():
        """Peak resident memory of one run each at 200, 1,000 and 5,000 draws (kept draws
        stream to disk, so the target is 5,000 draws under 2x the memory of 200)."""
        for draws in (200, 1000, 5000):
            out = os.path.join(tmp, f"memory-{draws}")
            wall, rss = timed([BIN, "run", "Scenarios/miit-2023.yaml", "--force", "--quiet", "--out", out, "--draws", str(draws)])
            memory.append({"draws": draws, "wall_s": wall, "peak_rss_mib": rss})
            subprocess.run(["rm", "-rf", out], check=True)

    crossover = {}

    def crossover_workload():
        """Where a second BLAS thread starts to pay for an LU (`policysim kernels --crossover`),
        against the size from which policysim uses two."""
        k = policysim_json([BIN, "kernels", "--repeat", "1", "--dgemm", "10", "--crossover"])
        crossover.update({"rows": k["crossover"], "two_threads_pay_from": k.get("two_threads_pay_from"),
                          "smallest_threaded_system": k["smallest_threaded_system"]})

    busy = []

    def busy_workload():
        """The central run and the full-detail run on an idle machine and again beside a
        competing process that keeps one core busy (a Python spin loop), in the same run."""
        for name, scenario in (("central", "Scenarios/miit-2023.yaml"), ("full-detail", "bench/full-detail.yaml")):
            cmd = [BIN, "run", scenario, "--force", "--quiet", "--out", os.path.join(tmp, "busy-" + name), "--draws", "0"]
            idle, _, _ = repeated(cmd)
            spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
            try:
                time.sleep(0.5)
                loaded, _, _ = repeated(cmd)
            finally:
                spinner.kill()
                spinner.wait()
            busy.append({"name": name, "idle_s": idle, "busy_s": loaded, "ratio": loaded / idle})

    full = os.path.join(ROOT, "Scenarios", "data", "china-2022-153")
    if not os.path.isdir(full):
        subprocess.run([BIN, "data", "build", "--sectors", "Scenarios/data/build/sectors-153.csv", "--concordance",
                        "Scenarios/data/build/concordance-153.csv", "--name", "china-2022-153"], cwd=ROOT, check=True)
    plan = [("central", lambda: scenario_workload("central", "Scenarios/miit-2023.yaml", 0)),
            ("draws-1000", lambda: scenario_workload("draws-1000", "Scenarios/miit-2023.yaml", 1000)),
            ("full-detail", lambda: scenario_workload("full-detail", "bench/full-detail.yaml", 0)),
            ("lu-default", lambda: lu_workload("lu-default", "Scenarios/data/china-2022")),
            ("lu-4743", lambda: lu_workload("lu-4743", full)),
            ("crossover", crossover_workload),
            ("busy", busy_workload),
            ("memory", memory_workload)]
    for name, job in plan:
        if ONLY is None or name in ONLY:
            print(f"bench: {name} ...", file=sys.stderr)
            job()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    report = {"machine": f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores",
              "cblas": kernel["cblas"], "blas": kernel["blas"], "blas_core": kernel["core"], "threads": os.cpu_count(),
              "peer_blas": peer_blas,
              "dgemm_gflops": kernel["dgemm_gflops"], "runs": RUNS, "workloads": workloads, "memory": memory, "busy": busy,
              "crossover": crossover}
    with open(os.path.join(ROOT, "Results", "bench", "bench.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(f"{'workload':<12} {'policysim s':>11} {'spread':>7} {'peer s':>9} {'ratio':>7} {'bound s':>8} {'RSS MiB':>8}  match")
    for w in workloads:
        rss = f"{w['peak_rss_mib']:.0f}" if w["peak_rss_mib"] else "-"
        print(f"{w['name']:<12} {w['policysim_s']:>11.3f} {w['policysim_spread']:>7.2f} {w['peer_s']:>9.3f} {w['ratio']:>7.3f} "
              f"{w['flop_bound_s']:>8.3f} {rss:>8}  {w['outputs_match']}")
    for b in busy:
        print(f"busy: {b['name']} {b['idle_s']:.3f} s idle, {b['busy_s']:.3f} s beside a process busy on one core ({b['ratio']:.2f}x)")
    if crossover:
        print("crossover: LU time on two BLAS threads over one: " +
              ", ".join(f"{r['n']} {r['ratio']:.2f}" for r in crossover["rows"]))
        print(f"crossover: two threads pay from n = {crossover['two_threads_pay_from']}; policysim uses two from "
              f"{crossover['smallest_threaded_system']}")
    for m in memory:
        print(f"memory: {m['draws']:>5} draws {m['peak_rss_mib']:.0f} MiB peak resident ({m['wall_s']:.1f} s, one run)")
    if len(memory) == 3:
        ratio = memory[2]["peak_rss_mib"] / memory[0]["peak_rss_mib"]
        print(f"memory: 5,000 draws take {ratio:.2f}x the memory of 200 (target under 2x: {'met' if ratio < 2 else 'not met'})")
    print(f"dgemm {kernel['dgemm_gflops']:.1f} GFLOP/s ({kernel['blas']}, {kernel['core']} kernels); "
          f"peer: {peer_blas.get('internal_api')} {peer_blas.get('version')} ({peer_blas.get('architecture')} kernels, "
          f"{peer_blas.get('num_threads')} threads); wrote Results/bench/bench.json")
    if not all(w["outputs_match"] for w in workloads):
        sys.exit("bench: a peer's outputs disagree with policysim's")


if __name__ == "__main__":
    main()
