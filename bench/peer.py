#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The numpy peer of policysim's benchmarks: the same projection, the standard way.

    peer.py systems DIR   reads DIR/systems.json and DIR/systems.f64 (written by
                          `policysim export`), rebuilds I - B for every year of every path from
                          its components and solves it with numpy.linalg.solve (a fresh LU
                          factorisation each time), then checks its solutions against
                          policysim's (relative 1e-9 of the largest entry of each solution).
    peer.py lu DIR        times numpy.linalg.solve on DIR/matrix.f64 and DIR/rhs.f64 (written by
                          `policysim kernels --write DIR`), median of --repeat runs, and checks its
                          solution against policysim's DIR/solution.f64 (relative 1e-9).

Prints one JSON object: peer_s (the computation, file reading excluded), outputs_match,
max_rel_error, systems, and peer_blas: the BLAS numpy runs on, its version, the CPU kernels it
chose and its threads (threadpoolctl), so the ratio says what it is measured against.
"""
import json
import sys
import time

import numpy as np


def systems(folder):
    meta = json.load(open(f"{folder}/systems.json"))
    data = np.fromfile(f"{folder}/systems.f64", dtype="<f8")
    n, p = meta["n"], meta["provinces"]
    size = n * p
    base = meta["base"]
    a_base = data[base["a"]:base["a"] + n * n].reshape(n, n)
    t_base = data[base["t"]:base["t"] + n * p * p].reshape(n, p, p)
    eye = np.eye(size)

    def leontief(s):
        a = np.broadcast_to(a_base, (p, n, n)).copy()
        for province, off in s["a"]:
            a[province] = data[off:off + n * n].reshape(n, n)
        t = t_base.copy()
        for sector, off in s["t"]:
            t[sector] = data[off:off + p * p].reshape(p, p)
        keep = data[s["keep"]:s["keep"] + size].reshape(p, n)
        # B[(s,i),(r,j)] = t[i,s,r] keep[r,i] A_r[i,j]
        b = np.einsum("isr,ri,rij->sirj", t, keep, a).reshape(size, size)
        return eye - b

    worst = 0.0
    start = time.perf_counter()
    solutions = []
    for path, year, structure, y_off, x_off in meta["systems"]:
        m = leontief(meta["structures"][structure])
        x = np.linalg.solve(m, data[y_off:y_off + size])
        solutions.append((x, x_off))
    elapsed = time.perf_counter() - start
    for x, x_off in solutions:
        ref = data[x_off:x_off + size]
        worst = max(worst, float(np.max(np.abs(x - ref)) / np.max(np.abs(ref))))
    return {"peer_s": elapsed, "outputs_match": worst <= 1e-9, "max_rel_error": worst, "systems": len(meta["systems"]),
            "structures": len(meta["structures"]), "size": size}


def peer_blas():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return {"note": "threadpoolctl not installed"}
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return {k: blas[0].get(k) for k in ("internal_api", "version", "architecture", "num_threads", "filepath")} if blas else {}


def lu(folder, repeat=5):
    y = np.fromfile(f"{folder}/rhs.f64", dtype="<f8")
    m = np.fromfile(f"{folder}/matrix.f64", dtype="<f8").reshape(y.size, y.size)
    theirs = np.fromfile(f"{folder}/solution.f64", dtype="<f8")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        x = np.linalg.solve(m, y)
        times.append(time.perf_counter() - start)
    residual = float(np.max(np.abs(m @ x - y)))
    worst = float(np.max(np.abs(x - theirs)) / np.max(np.abs(x)))
    times.sort()
    return {"peer_s": times[len(times) // 2], "peer_spread": (times[-1] - times[0]) / times[len(times) // 2],
            "residual": residual, "max_rel_error": worst,
            "outputs_match": residual <= 1e-9 * float(np.max(np.abs(y))) and worst <= 1e-9, "size": int(y.size)}


if __name__ == "__main__":
    mode, folder = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 5
    result = systems(folder) if mode == "systems" else lu(folder, repeat)
    result["peer_blas"] = peer_blas()
    print(json.dumps(result))
