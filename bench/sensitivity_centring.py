# SPDX-License-Identifier: GPL-3.0-or-later
# Why `policysim sensitivity` centres f(B) in Saltelli's (2010) first-order estimator: the
# estimate and its bootstrap 95 % half-width (1.96 sd over 1,000 resamples of the rows), with
# and without centring, recomputed here from a sensitivity folder's evaluations.csv.
#
#   python3 bench/sensitivity_centring.py Results/miit-2023-sensitivity/evaluations.csv gdp:China:2023-2030
import csv, sys, random, statistics as st
path, label = sys.argv[1], sys.argv[2]
rows = {}
with open(path) as f:
    for r in csv.DictReader(f):
        rows.setdefault(int(r["row"]), []).append(float(r[label]))
R = [rows[j] for j in sorted(rows)]
with open(path) as f:
    header = next(csv.reader(f))
names = header[2:2 + len(R[0]) - 2]
k = len(R[0]) - 2
def s1(sel, i, centred):
    n = len(sel); m = sum(R[j][0] + R[j][1] for j in sel) / (2 * n)
    v = sum((R[j][0] - m) ** 2 + (R[j][1] - m) ** 2 for j in sel) / (2 * n)
    c = m if centred else 0.0
    return sum((R[j][1] - c) * (R[j][2 + i] - R[j][0]) for j in sel) / n / v
rng = random.Random(1)
n = len(R)
boots = [[rng.randrange(n) for _ in range(n)] for _ in range(1000)]
for i in range(k):
    for centred in (False, True):
        est = s1(range(n), i, centred)
        hw = 1.96 * st.stdev([s1(b, i, centred) for b in boots])
        print(f"{names[i]:24} {'centred  ' if centred else 'uncentred'} S1 {est:.3f} +- {hw:.3f}")
