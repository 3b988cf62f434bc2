# SPDX-License-Identifier: GPL-3.0-or-later
import pickle, subprocess, sys
sys.path.insert(0, '/tmp/prof/tools')
import cg
base = sys.argv[1]
d = cg.parse(base + '.out'); pickle.dump(d, open(base + '.pkl', 'wb'))
ids = list(d['names'].keys())
out = subprocess.run(['swift','demangle','--simplified'], input='\n'.join(d['names'][i] for i in ids) + '\n', capture_output=True, text=True).stdout.split('\n')
pickle.dump({i: out[k] for k, i in enumerate(ids)}, open(base + '.dm.pkl', 'wb'))
print(base, d['summary'], sum(d['self'].values()))
