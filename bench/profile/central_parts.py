# SPDX-License-Identifier: GPL-3.0-or-later
import sys, json, collections
sys.path.insert(0, '/tmp/prof/tools')
import parts, attr
OUT = [('output', r'^static RunOutput\.write|OutputTable|orderedParallel|IAMC\.|ResultWriter|FileSink|ResultFile')]
spec = [('parts-central/central-parts.out.1', 'load', []), ('parts-central/central-parts.out.2', 'calibration', []),
        ('parts-central/central-parts.out.3', 'central', OUT), ('parts-central/central-parts.out', 'load', [])]
cells = collections.Counter(); tot = 0
for path, st, mk in spec:
    parts.load(path)
    p, c = parts.attribute_part(path, st, mk)
    tot += p.total
    cells.update(c)
    print(path, p.total, {k: round(v) for k, v in collections.Counter({s: 0 for s in []}).items()})
json.dump({'total': tot, 'cells': {f'{s}|{a}': v for (s, a), v in cells.items()}}, open('central-parts.attr.json', 'w'), indent=1)
st = collections.Counter()
for (s, a), v in cells.items(): st[s] += v
print('total', tot, dict(st))
