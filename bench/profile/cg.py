# SPDX-License-Identifier: GPL-3.0-or-later
"""Minimal callgrind (Ir only, positions: line) parser: self cost per function, call edges
(caller, callee) -> [calls, inclusive Ir]."""
import re, sys, collections, pickle

def parse(path):
    names = {}          # fn id -> name
    obnames = {}
    fobj = {}           # fn id -> object
    self_cost = collections.Counter()
    edges = {}          # (caller, callee) -> [calls, incl]
    cur_fn = None; cur_ob = None; cfn = None; cob = None
    pending_call = None
    summary = None
    def cname(s, table):
        m = re.match(r'\((\d+)\)(?: (.*))?$', s)
        if m:
            i = int(m.group(1))
            if m.group(2) is not None: table[i] = m.group(2)
            return i
        # uncompressed
        key = s
        table[key] = s
        return key
    with open(path) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line: continue
            c = line[0]
            if c.isdigit() or c in '+-*':
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                if pending_call is not None:
                    key = (cur_fn, pending_call[0])
                    e = edges.setdefault(key, [0, 0])
                    e[0] += pending_call[1]; e[1] += cost
                    pending_call = None
                else:
                    self_cost[cur_fn] += cost
                continue
            if line.startswith('fn='):
                cur_fn = cname(line[3:], names); fobj[cur_fn] = cur_ob; cob = None
            elif line.startswith('ob='):
                cur_ob = cname(line[3:], obnames)
            elif line.startswith('cob='):
                cob = cname(line[4:], obnames)
            elif line.startswith('cfn='):
                cfn = cname(line[4:], names)
                if cfn not in fobj: fobj[cfn] = cob if cob is not None else cur_ob
            elif line.startswith('calls='):
                n = int(line[6:].split()[0])
                pending_call = (cfn, n)
            elif line.startswith('summary:'):
                summary = int(line.split()[1])
            elif line.startswith('totals:'):
                pass
    return dict(names=names, obnames=obnames, fobj=fobj, self=self_cost, edges=edges, summary=summary)

if __name__ == '__main__':
    d = parse(sys.argv[1])
    pickle.dump(d, open(sys.argv[2], 'wb'))
    print('summary', d['summary'], 'selfsum', sum(d['self'].values()), 'fns', len(d['names']), 'edges', len(d['edges']))
