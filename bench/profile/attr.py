# SPDX-License-Identifier: GPL-3.0-or-later
"""Phase attribution of self Ir: each function's self cost goes to the (stage, activity) of its
nearest marked ancestor. A function called from several contexts inherits the mix of its callers
weighted by the inclusive Ir of each call edge (exact one level up; deeper it assumes the
callee's cost per unit does not depend on the context, as gprof does)."""
import re, sys, collections, json
sys.path.insert(0, '/tmp/prof/tools')
from q import P

ACT = [  # (activity, regex on demangled name, or 'M:' + regex on mangled name); first match wins
    ('lu_decomp',  r'^gsl_linalg_LU_decomp$'),
    ('cond_est',   r'^LUFactorization\.estimateInverseNorm1\(\)'),
    ('lu_solve',   r'^gsl_linalg_LU_solve$'),
    ('trsm_multi', r'M:LUFactorizationC5solveyAA6MatrixVAFKF$'),
    ('apply',      r'^StructuredOperator\.apply\('),
    ('solve_other',r'^(specialized )?(static )?(LUFactorization\.(init|solve|solveTransposed)|LinearSolve\.|YearSolver\.solve\(|YearSolver\.residual\()'),
    ('struct',     r'^(specialized )?(static )?(StructuredOperator\.init|Structure\.(leontief|applying|domesticShares)\(|StructureIdentity\.(init|== infix))'),
    ('stats',      r'^(specialized )?(static )?(Statistics\.|OutputTable\.areaDraws|DrawSet\.(group|block)\()|^gsl_stats_'),
    ('rhs',        r'^specialized Structure\.rightHandSide'),
    ('accounts',   r'^specialized YearSolver\.accounts'),
    ('measures',   r'^protocol witness for static Measure\.apply|^(specialized )?(static )?Measures\.effect|^PhaseEffects\.|^(specialized )?RuleApplication\.'),
    ('household',  r'HouseholdLoop'),
    ('capital_ode',r'^ODEIntegrator\.|^gsl_odeiv2_'),
    ('draw_setup', r'^(specialized )?(static )?(Projection\.drawValues|DrawSet\.store|PathSummary\.init)'),
    ('num_fmt',    r'^(specialized )?static CSV\.number\('),
    ('csv_line',   r'^(specialized )?static CSV\.(line|escape)\('),
    ('sha256',     r'^SHA256\.update|^(specialized )?(static )?SHA256Hex\.'),
    ('row_count',  r'^RecordCounter\.feed'),
    ('file_write', r'^(__libc_write|write|__GI___libc_write|fsync|__write_nocancel)$|^FileSink\.flush'),
    ('dataset',    r'^(specialized )?(static )?DataSetReader\.'),
    ('yaml',       r'^Parser\.'),
    ('scenario',   r'^(specialized )?ScenarioLoader\.|^loadScenario'),
]
STAGE = [
    ('calibration', r'^PathRunner\.calibrateBaseline\(\)$'),
    ('draws',       r'^closure #2 in static Projection\.run'),
    ('output',      r'^static RunOutput\.write|OutputTable|orderedParallel|IAMC\.|ResultWriter|FileSink|ResultFile'),
]
EDGE_STAGE = [(r'^static Projection\.run', r'^PathRunner\.run\(baseline', 'central')]
SOLVES = {'lu_decomp', 'cond_est', 'lu_solve', 'trsm_multi', 'apply', 'solve_other'}

def phase(stage, act):
    if act in SOLVES: return 'solves'
    if act == 'struct': return 'structures'
    if act == 'stats': return 'statistics'
    return {'load': 'loading', 'calibration': 'calibration', 'central': 'rules', 'draws': 'rules', 'output': 'formatting'}[stage]

def attribute(base):
    p = P(base)
    def match(rx, f):
        if rx.startswith('M:'): return re.search(rx[2:], p.names[f]) is not None
        return re.search(rx, p.dm[f]) is not None
    act = {}; stg = {}
    for f in p.names:
        for a, rx in ACT:
            if match(rx, f): act[f] = a; break
        for s, rx in STAGE:
            if match(rx, f): stg[f] = s; break
    edge_stage = {}
    for rg, rf, s in EDGE_STAGE:
        for (g, f) in p.edges:
            if re.search(rg, p.dm[g]) and re.search(rf, p.dm[f]): edge_stage[(g, f)] = s
    D = {}
    order = sorted(p.names, key=lambda f: -p.incl(f))
    for it in range(60):
        changed = 0.0
        for f in order:
            acc = collections.Counter(); wsum = 0
            for g, (n, c) in p.inc[f].items():
                if g == f or c == 0: continue
                dg = D.get(g)
                if dg is None: continue
                es = edge_stage.get((g, f))
                for (s, a), v in dg.items():
                    acc[(es or s, a)] += c * v
                wsum += c
            if wsum == 0:
                acc = collections.Counter({('load', None): 1.0}); wsum = 1.0
            d = collections.Counter()
            for (s, a), v in acc.items():
                d[(stg.get(f, s), act.get(f, a))] += v / wsum
            old = D.get(f, {})
            changed += sum(abs(d[k] - old.get(k, 0)) for k in set(d) | set(old)) * p.self[f]
            D[f] = d
        if it > 3 and changed < 1: break
    cells = collections.Counter()
    for f in p.names:
        for k, v in D[f].items(): cells[k] += v * p.self[f]
    return p, cells, D, act

if __name__ == '__main__':
    base = sys.argv[1]
    p, cells, D, act = attribute(base)
    tot = sum(cells.values())
    print(base, 'total', p.total, 'attributed', round(tot))
    ph = collections.Counter()
    for (s, a), v in cells.items(): ph[phase(s, a)] += v
    for k, v in ph.most_common(): print(f"{k:12} {v:>16,.0f} {100*v/p.total:6.2f}%")
    out = {'total': p.total, 'cells': {f"{s}|{a}": v for (s, a), v in cells.items()}}
    json.dump(out, open(f'/tmp/prof/{base}.attr.json', 'w'), indent=1)
    for (s, a), v in sorted(cells.items(), key=lambda kv: -kv[1]):
        print(f"  {s:12} {str(a):12} {v:>16,.0f} {100*v/p.total:6.2f}%")
