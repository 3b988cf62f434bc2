# SPDX-License-Identifier: GPL-3.0-or-later
import json, collections, sys
sys.path.insert(0, '/tmp/prof/tools')
from attr import SOLVES
def load(n):
    d = json.load(open(f'/tmp/prof/{n}.attr.json'))
    return d['total'], collections.Counter({tuple(k.split('|')): v for k, v in d['cells'].items()})
PH = ['loading', 'calibration', 'rules', 'structures', 'solves', 'statistics', 'formatting']
NAMES = {'loading': 'start-up and loading', 'calibration': 'calibration / baseline', 'rules': 'per-draw setup and rules (central run + draws, excl. solves)',
         'structures': 'building structures', 'solves': 'solves and refinement', 'statistics': 'statistics', 'formatting': 'formatting and writing'}
def phase(s, a):
    if a in SOLVES: return 'solves'
    if a == 'struct': return 'structures'
    if a == 'stats': return 'statistics'
    return {'load': 'loading', 'calibration': 'calibration', 'central': 'rules', 'draws': 'rules', 'output': 'formatting'}[s]
def by_phase(cells):
    out = collections.Counter()
    for (s, a), v in cells.items(): out[phase(s, a)] += v
    return out
def act_totals(cells, output):
    out = collections.Counter()
    for (s, a), v in cells.items():
        if (s == 'output') == output: out[a] += v
    return out
tc, cc = load('central'); td, cd = load('draws100'); tp, cp = load('central-parts')
# whole-profile tables
central_tab = by_phase(cp)
# draws100: load/calibration/central from the central parts run, output from draws100 itself, draws = rest
draws_cells = collections.Counter()
for (s, a), v in cp.items():
    if s != 'output': draws_cells[(s, a)] += v
for (s, a), v in cd.items():
    if s == 'output': draws_cells[(s, a)] += v
rest = act_totals(cd, False); rest.subtract(act_totals(cp, False))
for a, v in rest.items(): draws_cells[('draws', a)] += v
d100_tab = by_phase(draws_cells)
# per draw: official profiles, by activity (non-output: all a draw-stage difference), output by activity
pd = collections.Counter()
nd = act_totals(cd, False); nd.subtract(act_totals(cc, False))
for a, v in nd.items(): pd[phase('draws', a)] += v / 100
od = act_totals(cd, True); od.subtract(act_totals(cc, True))
for a, v in od.items(): pd[phase('output', a)] += v / 100
perdraw_total = (td - tc) / 100
def table(title, tab, total):
    print(f'\n{title} (total {total:,.0f} Ir)\n')
    print('| phase | Ir | share |'); print('|---|---:|---:|')
    for k in PH: print(f'| {NAMES[k]} | {tab[k]:,.0f} | {100*tab[k]/total:.2f}% |')
    print(f'| **total** | {sum(tab.values()):,.0f} | {100*sum(tab.values())/total:.2f}% |')
table('central (stage split from the dump-part rerun)', central_tab, tp)
table('draws100', d100_tab, td)
table('per draw = (draws100 - central)/100', pd, perdraw_total)
# detailed activity per draw
print('\nper-draw activities:')
rows = collections.Counter()
for a, v in nd.items(): rows[('compute', a)] += v / 100
for a, v in od.items(): rows[('output', a)] += v / 100
for k, v in sorted(rows.items(), key=lambda kv: -kv[1]): print(f'| {k[0]} | {k[1]} | {v:,.0f} | {100*v/perdraw_total:.2f}% |')
print('\ncentral parts stage x activity:')
for k, v in sorted(cp.items(), key=lambda kv: -kv[1]):
    if v > 1e6: print(f'| {k[0]} | {k[1]} | {v:,.0f} | {100*v/tp:.2f}% |')
print('\ndraws100 stage x activity (draws = remainder):')
for k, v in sorted(draws_cells.items(), key=lambda kv: -kv[1]):
    if v > 5e6: print(f'| {k[0]} | {k[1]} | {v:,.0f} | {100*v/td:.2f}% |')
json.dump({'central': central_tab, 'draws100': d100_tab, 'perdraw': pd, 'perdraw_total': perdraw_total}, open('/tmp/prof/report.json', 'w'), indent=1)
