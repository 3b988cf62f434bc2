# SPDX-License-Identifier: GPL-3.0-or-later
"""pymrio interchange, checked against pymrio itself.

Run by the Swift test PymrioInterchangeTests (so `swift test` and `make test` run it), or by
hand: python3 Tests/python/test_pymrio_interchange.py .build/debug/policysim

1. pymrio's bundled test system (pymrio.load_test(), 6 regions x 8 sectors) saved by pymrio
   itself (IOSystem.save(), text format), imported with `policysim data import-pymrio`:
   policysim's L, x and output multipliers, and its forward linkages (row sums of the Ghosh
   inverse), equal pymrio's calc_all() of the same folder to 1e-10 relative.
2. china-2022 exported with `policysim data export-pymrio`: pymrio.load() reads it and
   calc_all() runs; load_all() with the extensions gives pymrio multipliers (column sums of L,
   M of value added, compensation and employment) equal to policysim's to 1e-10 relative for
   every column with output.

pymrio must be installed (.ci/install-deps installs it); a missing pymrio fails the test.
"""
import pathlib
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import pandas as pd
    import pymrio
except ImportError as error:  # the test must not pass without its reference
    print(f"pymrio, pandas or numpy is missing ({error}); run bash .ci/install-deps", file=sys.stderr)
    sys.exit(1)

TOLERANCE = 1e-10
ROOT = pathlib.Path(__file__).resolve().parents[2]
failures = []


def policysim(exe, *args):
    result = subprocess.run([exe, *map(str, args)], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"policysim {' '.join(map(str, args))} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


def check(name, ours, reference, mask=None):
    ours, reference = np.asarray(ours, dtype=float), np.asarray(reference, dtype=float)
    if ours.shape != reference.shape:
        failures.append(f"{name}: shape {ours.shape} != pymrio's {reference.shape}")
        return
    if mask is not None:
        ours, reference = ours[mask], reference[mask]
    nonzero = reference != 0
    if np.any(ours[~nonzero] != 0):
        failures.append(f"{name}: nonzero where pymrio has 0")
    worst = float(np.max(np.abs(ours[nonzero] - reference[nonzero]) / np.abs(reference[nonzero]))) if nonzero.any() else 0.0
    status = "ok" if worst <= TOLERANCE else "FAILED"
    print(f"{name}: max relative difference {worst:.2e} over {nonzero.sum()} values ({status})")
    if worst > TOLERANCE:
        failures.append(f"{name}: {worst:.3e} > {TOLERANCE}")


def multipliers(folder, name, index, mtype="I"):
    m = pd.read_csv(folder / "multipliers.csv")
    rows = m[(m.multiplier == name) & (m.type == mtype) & (m.sector != "all")]
    return rows.set_index(["area", "sector"]).value.reindex(index).to_numpy()


def test_system(exe, tmp):
    source = tmp / "test_mrio"
    pymrio.load_test().save(source)  # pymrio's own export, IOSystem.save() text format
    policysim(exe, "data", "import-pymrio", source, "--name", "pymrio-test", "--out", tmp / "pymrio-test")
    policysim(exe, "multipliers", tmp / "pymrio-test", "--by", "province", "--leontief", "--out", tmp / "m-test")
    ref = pymrio.load(source)
    ref.calc_all(include_ghosh=True)
    out = tmp / "m-test"
    leontief = pd.read_csv(out / "leontief.csv").pivot_table(
        index=["area", "sector"], columns=["demand_area", "demand_sector"], values="value", fill_value=0.0)
    leontief = leontief.reindex(index=ref.L.index, columns=ref.L.columns, fill_value=0.0)
    check("test system: L", leontief.to_numpy(), ref.L.to_numpy())
    system = pd.read_csv(out / "system.csv").set_index(["area", "sector"]).reindex(ref.x.index)
    x = ref.x.to_numpy().ravel()
    check("test system: x", system.output, x)
    check("test system: x = L y", system.solved_output, x)
    check("test system: output multipliers", multipliers(out, "output", ref.L.columns), ref.L.sum(axis=0))
    check("test system: forward linkages (Ghosh row sums)", system.forward_linkage, ref.G.sum(axis=1))
    # The in-memory system, before IOSystem.save() rounded it to 12 significant digits.
    memory = pymrio.load_test()
    memory.calc_all()
    check("test system: L against the unsaved system", leontief.to_numpy(), memory.L.to_numpy())
    # Back to pymrio from the imported data set's full table: the same L.
    policysim(exe, "data", "export-pymrio", tmp / "pymrio-test", tmp / "test-back")
    back = pymrio.load(tmp / "test-back")
    back.calc_all()
    check("test system: L after import and export", back.L.to_numpy(), ref.L.to_numpy())


def test_round_trip(exe, tmp):
    folder = tmp / "china-2022"
    policysim(exe, "data", "export-pymrio", "Scenarios/data/china-2022", folder)
    core = pymrio.load(folder)
    core.calc_all()
    assert core.L.shape == (31 * 18, 31 * 18), core.L.shape
    io = pymrio.load_all(folder)
    io.calc_all()
    x = io.x.to_numpy().ravel()
    check("china-2022: x = Z 1 + Y 1", io.Z.to_numpy().sum(axis=1) + io.Y.to_numpy().sum(axis=1), x)
    check("china-2022: Z columns + value added + imports = x", io.Z.to_numpy().sum(axis=0) + io.factor_inputs.F.to_numpy().sum(axis=0), x)
    policysim(exe, "multipliers", "Scenarios/data/china-2022", "--by", "province", "--out", tmp / "m-china")
    out = tmp / "m-china"
    # A column without output (Tibet makes no vehicles) has Z = 0 in pymrio, so pymrio's A has a
    # zero column there, while policysim keeps the national technology: compare the others.
    produced = x > 0
    print(f"china-2022: {int((~produced).sum())} of {x.size} columns have no output and are not compared")
    index = io.L.columns
    check("china-2022: output multipliers", multipliers(out, "output", index), io.L.sum(axis=0), produced)
    check("china-2022: value-added multipliers", multipliers(out, "value_added", index), io.factor_inputs.M.loc["Value Added"], produced)
    check("china-2022: income multipliers", multipliers(out, "income", index), io.income.M.loc["Compensation of employees"], produced)
    check("china-2022: employment multipliers", multipliers(out, "employment", index), io.employment.M.loc["Employment"], produced)


def main():
    exe = str(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / ".build/debug/policysim").resolve())
    print(f"pymrio {pymrio.__version__}, pandas {pd.__version__}, numpy {np.__version__}")
    with tempfile.TemporaryDirectory(prefix="policysim-pymrio-") as tmp:
        tmp = pathlib.Path(tmp)
        test_system(exe, tmp)
        test_round_trip(exe, tmp)
    if failures:
        print("\n".join(["FAILED:"] + failures), file=sys.stderr)
        sys.exit(1)
    print("all pymrio checks passed")


if __name__ == "__main__":
    main()
