# SPDX-License-Identifier: GPL-3.0-or-later
import pickle, re, sys, collections
class P:
    def __init__(self, base):
        d = pickle.load(open(base + '.pkl', 'rb'))
        self.__dict__.update(d)
        self.dm = pickle.load(open(base + '.dm.pkl', 'rb'))
        self.out = collections.defaultdict(dict); self.inc = collections.defaultdict(dict)
        for (a, b), (n, c) in self.edges.items():
            self.out[a][b] = (n, c); self.inc[b][a] = (n, c)
        self.total = self.summary
    def incl(self, f):
        return self.self[f] + sum(c for g, (n, c) in self.out[f].items() if g != f)
    def calls(self, f):
        return sum(n for g, (n, c) in self.inc[f].items() if g != f)
    def find(self, pat):
        r = re.compile(pat)
        return [i for i in self.names if r.search(self.dm[i]) or r.search(self.names[i])]
    def nm(self, f, w=150):
        s = self.dm[f]
        ob = self.obnames.get(self.fobj.get(f), '')
        ob = ob.split('/')[-1]
        return (s[:w] + ' [' + ob + ']')
    def pct(self, x): return 100.0 * x / self.total

def tree(p, f, depth=3, thr=0.005, indent=0, seen=None, w=130):
    seen = seen or set()
    for g, (n, c) in sorted(p.out[f].items(), key=lambda kv: -kv[1][1]):
        if g == f or c < thr * p.total: continue
        print(f"{'  '*indent}{c:>14,} {p.pct(c):6.2f}% {n:>8}x {p.nm(g, w)}")
        if depth > 1 and g not in seen:
            tree(p, g, depth - 1, thr, indent + 1, seen | {g}, w)
def callers(p, f, w=130):
    for g, (n, c) in sorted(p.inc[f].items(), key=lambda kv: -kv[1][1]):
        print(f"{c:>14,} {p.pct(c):6.2f}% {n:>8}x {p.nm(g, w)}")
