# SPDX-License-Identifier: GPL-3.0-or-later
"""Attribute a part file (from --dump-before/--dump-after) with a fixed default stage; stage markers
still apply inside the part (e.g. output inside the central+output part)."""
import sys, pickle, subprocess, collections, json, re
sys.path.insert(0, '/tmp/prof/tools')
import cg, attr
from q import P

def load(path):
    base = path
    d = cg.parse(path)
    ids = list(d['names'].keys())
    out = subprocess.run(['swift', 'demangle', '--simplified'], input='\n'.join(d['names'][i] for i in ids) + '\n',
                         capture_output=True, text=True).stdout.split('\n')
    pickle.dump(d, open(base + '.pkl', 'wb'))
    pickle.dump({i: out[k] for k, i in enumerate(ids)}, open(base + '.dm.pkl', 'wb'))
    return base

def attribute_part(base, default_stage, stage_markers):
    saved = attr.STAGE
    attr.STAGE = stage_markers
    # roots default: patch the ('load', None) default by post-processing
    p, cells, D, act = attr.attribute(base)
    attr.STAGE = saved
    fixed = collections.Counter()
    for (s, a), v in cells.items():
        fixed[(default_stage if s == 'load' else s, a)] += v
    return p, fixed
