# SPDX-License-Identifier: GPL-3.0-or-later
"""iamc.csv and iamc-regions.yaml, checked with pyam itself.

Run by the Swift test IAMCPyamTests (so `swift test` and `make test` run it), or by hand:
python3 Tests/python/test_iamc_pyam.py .build/debug/policysim

A run of Scenarios/miit-2023.yaml with 20 draws is read by pyam.IamDataFrame, and:
1. its scenarios are the central run and its p5, p50 and p95 (`miit-2023|p5` ...), which
   IamDataFrame.filter() picks one at a time;
2. its units are the three that pint parses in the registry pyam converts with
   (iam_units.registry, once CNY_2022 is defined there), and convert_unit() scales them;
3. check_aggregate() finds nothing for Output, Value Added and Employment (the sum of their
   sectors) in every region, nor for China's Fiscal Cost (its tasks) and each
   Fiscal Cost|<task> (its rules), and aggregate() gives back the totals;
4. check_aggregate_region() finds nothing for every area that iamc-regions.yaml gives a
   `partition` (China = East + Central + West + Northeast; each region = its provinces), for
   every variable the area and its parts report;
5. the values are output.csv's converted (100m yuan / 10 = billion, 10k persons / 100 =
   million), the central run and the quantiles;
6. iamc-regions.yaml names every region of iamc.csv, and marks Central-West (the union of
   Central and West) and the clusters as overlapping.

pyam-iamc must be installed at the version pinned below (.ci/install-deps installs it); a
missing or different pyam fails the test.
"""
import math
import pathlib
import subprocess
import sys
import tempfile
import warnings

PYAM_VERSION = "3.3.0"

warnings.filterwarnings("ignore")
try:
    import iam_units
    import pandas as pd
    import pyam
    import yaml
except ImportError as error:  # the test must not pass without its reference
    print(f"pyam, iam_units, pandas or PyYAML is missing ({error}); run bash .ci/install-deps", file=sys.stderr)
    sys.exit(1)
if pyam.__version__ != PYAM_VERSION:
    print(f"this test is pinned to pyam-iamc {PYAM_VERSION}, found {pyam.__version__}; run bash .ci/install-deps", file=sys.stderr)
    sys.exit(1)

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIO = "miit-2023"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def close(a, b, rtol=1e-12):
    return math.isclose(a, b, rel_tol=rtol, abs_tol=1e-9)


def main(exe):
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "run"
        run = subprocess.run([exe, "run", "Scenarios/miit-2023.yaml", "--draws", "20", "--out", str(out), "--quiet"],
                             cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"policysim run failed ({run.returncode}):\n{run.stdout}{run.stderr}")
        df = pyam.IamDataFrame(str(out / "iamc.csv"))
        output = pd.read_csv(out / "output.csv")
        with open(out / "iamc-regions.yaml", encoding="utf-8") as f:
            hierarchy = yaml.safe_load(f)
    print(f"pyam {pyam.__version__}: {len(df.region)} regions, {len(df.variable)} variables, scenarios {', '.join(df.scenario)}")

    # 1. Scenarios: the central run and the quantiles, picked by filter().
    quantiles = [f"{SCENARIO}|{q}" for q in ("p5", "p50", "p95")]
    check(sorted(df.scenario) == sorted([SCENARIO] + quantiles), f"scenarios {df.scenario}")
    central = df.filter(scenario=SCENARIO)
    check(central.scenario == [SCENARIO], f"filter(scenario={SCENARIO!r}) gave {central.scenario}")
    for q in quantiles:
        check(df.filter(scenario=q).scenario == [q], f"filter(scenario={q!r}) gave {df.filter(scenario=q).scenario}")
    check(len(df.filter(scenario=quantiles[0]).variable) == len(central.variable) - len(central.filter(variable="Fiscal Cost|*").variable),
          "the quantile scenarios hold every variable of the central run but the rules' fiscal costs")

    # 2. Units: pint parses each in pyam's registry and convert_unit() scales it.
    units = {"billion CNY_2022/yr", "billion CNY_2022", "million"}
    check(set(df.unit) == units, f"units {df.unit}")
    check(set(df.filter(variable="Capital Stock").unit) == {"billion CNY_2022"}, "Capital Stock is a stock")
    check(set(df.filter(variable="Employment*").unit) == {"million"}, "Employment is in million")
    if "CNY_2022" not in iam_units.registry:
        iam_units.registry.define("CNY_2022 = [currency_CNY_2022] = CNY")
    for unit, to, factor in [("billion CNY_2022/yr", "trillion CNY_2022/yr", 1e-3), ("billion CNY_2022", "trillion CNY_2022", 1e-3),
                             ("million", "billion", 1e-3)]:
        iam_units.registry.Quantity(1.0, unit)  # raises if pint cannot parse it
        converted = central.filter(unit=unit).convert_unit(unit, to=to)
        a = central.filter(unit=unit).timeseries().sort_index()
        b = converted.timeseries().rename(index={to: unit}, level="unit").sort_index()
        check(set(converted.unit) == {to} and ((b - a * factor).abs() <= 1e-9 * a.abs().clip(lower=1)).all().all(),
              f"convert_unit({unit!r}, to={to!r}) does not scale by {factor}")

    # 3. Sums over a variable's components.
    for variable in ["Output", "Value Added", "Employment"]:
        result = central.check_aggregate(variable)
        check(result is None, f"check_aggregate({variable!r}) found inconsistencies:\n{result}")
    # The rules' fiscal costs are national: China's Fiscal Cost is the sum of its tasks', each
    # task's the sum of its rules'.
    china = central.filter(region="China")
    tasks = [v for v in china.variable if v.startswith("Fiscal Cost|") and v.count("|") == 1]
    check(len(tasks) == 4, f"tasks {tasks}")
    check(len([v for v in china.variable if v.startswith("Fiscal Cost|") and v.count("|") == 2]) == 19, "19 rules")
    for variable in ["Fiscal Cost"] + tasks:
        result = china.check_aggregate(variable)
        check(result is None, f"check_aggregate({variable!r}) of China found inconsistencies:\n{result}")
    aggregated = central.aggregate("Output")
    totals = central.filter(variable="Output").timeseries()
    again = aggregated.timeseries().reindex(totals.index)
    check(((again - totals).abs() <= 1e-9 * totals.abs()).all().all(), "aggregate('Output') differs from Output")

    # 4. Sums over regions, as iamc-regions.yaml partitions them.
    areas = {}
    for level in hierarchy:
        for _, entries in level.items():
            for entry in entries:
                for name, attributes in entry.items():
                    areas[name] = attributes or {}
    check(set(areas) == set(df.region), f"iamc-regions.yaml and iamc.csv name different regions: {set(areas) ^ set(df.region)}")
    partitioned = {name: a["partition"] for name, a in areas.items() if "partition" in a}
    check(partitioned.get("China") == ["East", "Central", "West", "Northeast"], f"China's partition: {partitioned.get('China')}")
    checks = 0
    for region, parts in partitioned.items():
        common = set(central.filter(region=region).variable)
        for part in parts:
            common &= set(central.filter(region=part).variable)
        for variable in sorted(common):
            result = central.check_aggregate_region(variable, region=region, subregions=parts)
            check(result is None, f"check_aggregate_region({variable!r}, region={region!r}) found inconsistencies:\n{result}")
            checks += 1
    check(checks >= 5 * 60, f"only {checks} region checks")
    print(f"check_aggregate_region: {checks} checks over {len(partitioned)} partitioned areas, none inconsistent")

    # 5. The values are output.csv's, converted.
    def iamc(scenario, region, variable, year):
        return df.filter(scenario=scenario, region=region, variable=variable, year=year).timeseries().iloc[0, 0]

    def source(statistic, area, sector, variable, year):
        rows = output.query("statistic == @statistic and area == @area and sector == @sector and variable == @variable and year == @year")
        check(len(rows) == 1, f"output.csv has {len(rows)} rows of {statistic} {area} {sector} {variable} {year}")
        return float(rows.value.iloc[0])

    automobiles = next(v for v in df.variable if v.startswith("Output|Automobiles"))
    for statistic, scenario in [("central", SCENARIO), ("p5", quantiles[0]), ("p50", quantiles[1]), ("p95", quantiles[2])]:
        for region, variable, sector, name, divisor in [
                ("China", "gdp", "all", "GDP", 10), ("East", "employment", "all", "Employment", 100),
                ("Central-West", "capital_stock", "all", "Capital Stock", 10), ("Jilin", "output", "automobiles", automobiles, 10),
                ("Hong Kong", "gdp", "all", "GDP", 10)]:
            a, b = iamc(scenario, region, name, 2030), source(statistic, region, sector, variable, 2030) / divisor
            check(close(a, b), f"{scenario} {region} {name} 2030: iamc.csv {a}, output.csv / {divisor} {b}")

    # 6. Overlapping groups are marked, and summing the partition counts each province once.
    check(areas["Central-West"].get("overlapping") is True and areas["Central-West"].get("union_of") == ["Central", "West"],
          f"Central-West: {areas['Central-West']}")
    for cluster in ["Beijing-Tianjin-Hebei", "Yangtze River Delta", "Greater Bay Area"]:
        check(areas[cluster].get("overlapping") is True and areas[cluster].get("area_kind") == "cluster", f"{cluster}: {areas[cluster]}")
    gdp = central.filter(variable="GDP", year=2030).as_pandas().set_index("region").value
    partition_sum = sum(gdp[r] for r in partitioned["China"])
    check(close(partition_sum, gdp["China"], 1e-9), f"GDP 2030: the partition's regions add to {partition_sum}, China {gdp['China']}")
    regions = [name for name, a in areas.items() if a.get("area_kind") == "region"]
    check(not close(sum(gdp[r] for r in regions), gdp["China"], 1e-3), "adding every region, Central-West too, should not give China")

    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)
    print("all pyam checks passed")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: test_iamc_pyam.py PATH_TO_POLICYSIM")
    main(str(pathlib.Path(sys.argv[1]).resolve()))
