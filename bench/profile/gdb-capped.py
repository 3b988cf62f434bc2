# SPDX-License-Identifier: GPL-3.0-or-later
import gdb, struct, json
STATE = '$s11PolicyModel10YearSolverV5state_9structure6demand7exports8capacity19employmentPerOutput10households8previousAA0C5StateVAA12SolveRequestV_AA9StructureVAA17DemandByComponentVSaySdGA2tA13HouseholdLoopVSg0A8Numerics15LUFactorizationCSgztKF'
LSMAT = '$s11PolicyModel11LinearSolveO5solvey0A8Numerics6MatrixVAGKF'
RUN = '$s11PolicyModel10PathRunnerV3run8baseline6values11recordTrace7centralSayAA9YearStateVG6states_SayAA0I5EntryVG5tracetAA8BaselineV_SDySSSdGS2btKF'
log = {'paths': 0, 'states': []}
class BP(gdb.Breakpoint):
    def __init__(self, spec, kind):
        super().__init__(spec, internal=False); self.kind = kind; self.silent = True
    def stop(self):
        inf = gdb.selected_inferior()
        if self.kind == 'run':
            log['paths'] += 1
        elif self.kind == 'state':
            log['states'].append({'path': log['paths'], 'calls': []})
        else:
            rows = int(gdb.parse_and_eval('$rdi')); cols = int(gdb.parse_and_eval('$rsi')); buf = int(gdb.parse_and_eval('$rdx'))
            mem = inf.read_memory(buf + 32, rows * cols * 8).tobytes()
            vals = struct.unpack(f'{rows*cols}d', mem)
            ks = sorted(i // cols for i, v in enumerate(vals) if v == 1.0)
            log['states'][-1]['calls'].append({'rows': rows, 'cols': cols, 'k': ks})
        return False
BP("'" + RUN + "'", 'run'); BP("'" + STATE + "'", 'state'); BP("'" + LSMAT + "'", 'lsmat')
def done(ev):
    json.dump(log, open('/tmp/prof/gdb/capped.json', 'w'))
gdb.events.exited.connect(done)
