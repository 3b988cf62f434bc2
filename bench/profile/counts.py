# SPDX-License-Identifier: GPL-3.0-or-later
import sys, json
sys.path.insert(0, '/tmp/prof/tools')
from q import P
def M(p, rx):
    import re
    r = [f for f in p.names if re.search(rx, p.names[f])]
    assert len(r) <= 1, (rx, [p.dm[f] for f in r]); return r[0] if r else None
def counts(base):
    p = P(base)
    F = {
     'LU_decomp': M(p, r'^gsl_linalg_LU_decomp$'), 'LU_solve': M(p, r'^gsl_linalg_LU_solve$'),
     'dtrsv': M(p, r'^gsl_blas_dtrsv$'), 'dtrsm': M(p, r'^gsl_blas_dtrsm$'),
     'LUinit': M(p, r'LUFactorizationC_5label14conditionLimitAcA'), 'LUsolveVec': M(p, r'LUFactorizationC5solveyAA6VectorVAFKF$'),
     'LUsolveMat': M(p, r'LUFactorizationC5solveyAA6MatrixVAFKF$'), 'LSvec': M(p, r'11LinearSolveO5solvey0A8Numerics6VectorVAGKF$'),
     'LSmat': M(p, r'11LinearSolveO5solvey0A8Numerics6MatrixVAGKF$'), 'apply': M(p, r'StructuredOperatorV5applyy'),
     'YSsolve': M(p, r'YearSolverV5solve__8capacity5label5exact'), 'YSstate': M(p, r'YearSolverV5state_9structure6demand7exports8capacity19employmentPerOutput10households8previous'),
     'factor': M(p, r'FactorisationCacheC6factor'), 'est': M(p, r'estimateInverseNorm1.*LLSdyF$'), 'step': M(p, r'^\$s11PolicyModel10PathRunnerV4step4year.*KF$'),
     'contraction': M(p, r'LinearSolveO11contraction.*'),
    }
    def e(a, b): return p.out[F[a]].get(F[b], (0, 0)) if F[a] is not None and F[b] is not None else (0, 0)
    out = {k: ({'calls': p.calls(f), 'incl': p.incl(f), 'self': p.self[f]} if f is not None else {'calls': 0, 'incl': 0, 'self': 0}) for k, f in F.items()}
    out['edges'] = {f'{a}->{b}': e(a, b) for a, b in [('factor','LUinit'),('YSsolve','LUinit'),('YSstate','LUinit'),
        ('LSvec','LUsolveVec'),('est','LUsolveVec'),('YSstate','LUsolveVec'),('YSsolve','LUsolveVec'),('contraction','LUsolveVec'),
        ('YSsolve','LSvec'),('LSmat','LSvec'),('YSsolve','LSmat'),('LSvec','apply'),('LSmat','LUsolveMat'),('YSstate','LUsolveMat'),
        ('YSstate','YSsolve'),('YSstate','factor'),('LSvec','LUsolveVec')]}
    out['total'] = p.total
    return out
if __name__ == '__main__':
    for b in sys.argv[1:]:
        c = counts(b); json.dump(c, open(f'/tmp/prof/{b}.counts.json','w'), indent=1)
        print('==', b, c['total'])
        for k, v in c.items():
            if k not in ('edges','total'): print(f"  {k:12} calls {v['calls']:>8} incl {v['incl']:>16,} self {v['self']:>14,}")
        for k, v in c['edges'].items(): print(f"  {k:24} {v[0]:>8} {v[1]:>16,}")
