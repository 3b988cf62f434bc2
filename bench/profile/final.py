# SPDX-License-Identifier: GPL-3.0-or-later
import json, collections, sys
sys.path.insert(0, '/tmp/prof/tools')
import io, contextlib
with contextlib.redirect_stdout(io.StringIO()):
    import report as R
from q import P
SUB = ['lu_solve', 'apply', 'solve_other', 'trsm_multi', 'lu_decomp', 'cond_est']
def subtab(cells, total, label):
    acts = collections.Counter()
    for (s, a), v in cells.items(): acts[a] += v
    print(f'\n{label}: solves by part')
    for a in SUB: print(f'| {a} | {acts[a]:,.0f} | {100*acts[a]/total:.2f}% |')
    st = collections.Counter()
    for (s, a), v in cells.items(): st[s] += v
    print(f'{label}: stages', {k: f'{v:,.0f} ({100*v/total:.2f}%)' for k, v in st.items()})
subtab(R.cp, R.tp, 'central-parts'); subtab(R.draws_cells, R.td, 'draws100')
pd = collections.Counter()
for (s, a), v in R.cd.items(): pd[a] += v / 100
for (s, a), v in R.cc.items(): pd[a] -= v / 100
print('\nper draw solves by part')
for a in SUB: print(f'| {a} | {pd[a]:,.0f} | {100*pd[a]/R.perdraw_total:.2f}% |')
od = R.act_totals(R.cd, True); od.subtract(R.act_totals(R.cc, True))
print('per draw output total', sum(od.values()) / 100, 'compute', R.perdraw_total - sum(od.values()) / 100)
print('output stage central', sum(R.act_totals(R.cc, True).values()), 'draws100', sum(R.act_totals(R.cd, True).values()))
