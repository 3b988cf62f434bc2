# SPDX-License-Identifier: GPL-3.0-or-later
import sys, json, collections
sys.path.insert(0, '/tmp/prof/tools')
import parts, attr
from report import phase, PH
cells = collections.Counter(); tot = 0; per = []
for i in range(4, 24):
    path = f'parts-d20/d20-parts.out.{i}'
    parts.load(path)
    p, c = parts.attribute_part(path, 'draws', [])
    tot += p.total; per.append(p.total); cells.update(c)
print('sum draws parts', tot, 'mean', tot / 20, 'min', min(per), 'max', max(per))
ph = collections.Counter()
for (s, a), v in cells.items(): ph[phase(s, a)] += v
for k in PH: print(f'| {k} | {ph[k]/20:,.0f} | {100*ph[k]/tot:.2f}% |')
acts = collections.Counter()
for (s, a), v in cells.items(): acts[a] += v
for a, v in acts.most_common(): print(f'  {a} {v/20:,.0f} {100*v/tot:.2f}%')
json.dump({'total': tot, 'per': per, 'cells': {f'{s}|{a}': v for (s, a), v in cells.items()}}, open('d20-drawparts.attr.json', 'w'), indent=1)
