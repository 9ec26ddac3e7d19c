"""Side by side with Arelle: the same summations checked by XBRL Calculations 1.1 and by iij-audit.

    python benchmarks/arelle_compare.py [--entities 200,1000] [--years 2] [--seed 1] [--error-rate 0.03]
                                        [--facts-per-file 600] [--keep DIR] [--rounds 3] [--before DIR]

Generates synthetic lines-of-business tables (benchmarks/generate.py's figures: network_services +
systems_integration + equipment_sales + atm_operation = total, for revenue, cost_of_revenue and
gross_margin, per entity and quarter) and writes them twice:

- as an XBRL 2.1 instance with a small taxonomy schema and a calculation linkbase (summation-item arcs of
  weight 1), each fact with the ``decimals`` of its display rounding: ``-6`` for JPY million integers,
  ``-8`` for JPY billion with one decimal. A quarter of the entities print in JPY billion, a quarter print
  the total in JPY billion and the parts in JPY million ("mixed");
- as an iij-audit fixture, its deck and a rules directory (the project's rules plus the entities).

Planted per summation (``--error-rate`` each): ``shift`` (a part or the total off by 8-20 %), ``subtle``
(the total one display unit beyond the rounding slack of its parts) and, not errors, ``edge`` (the total
at the farthest value that is still consistent; in mixed tables its interval only touches the parts'
sum). Then runs, each in its own subprocess (wall time; CPU time, user + system, and peak RSS from
``os.wait4``'s rusage):

- Arelle (``arelle-release``, a benchmark-only extra: ``pip install arelle-release``):
  ``python -m arelle.CntlrCmdLine --file instance.xml --validate --calc c11r`` (Calculations 1.1,
  round-to-nearest), offline, JSON log; a summation is flagged by ``calc11e:inconsistentCalculationUsingRounding``;
- iij-audit in a process of its own (``benchmarks/arelle_worker.py``, which imports nothing of this benchmark:
  ``load_rules``, ``load_dataset``, ``pipeline.run_loaded`` without diagnosis, with the ``lines-of-business`` rule,
  which checks these summations), three times: without the fact cache (every file parsed and validated),
  with an empty cache (parsed, validated and written to the cache: the first run after an edit of every
  file), and with the cache filled (the run of a pre-commit hook or CI job on unchanged files); then with
  all the project's rules, from the cache, for reference.

The fixtures are split into files of ``--facts-per-file`` facts (default 600, a large deck: the project's
own fixtures hold 150 to 400 facts each), each with its own deck text.

The runs are interleaved: ``--rounds`` rounds (default 3), each running every configuration once in the
same order, and each figure printed is the median over the rounds. This machine is shared, so a wall-clock
ratio of one sequential run varies from 1.6x to 4x; CPU time is what the process itself spent and varies
far less. ``--before DIR`` adds the runs of another version of iij-audit, interleaved with this one's: DIR
holds its ``auditor`` package (``git archive COMMIT auditor | tar -x -C DIR``), put first on PYTHONPATH.
Both packages are byte-compiled first, as ``pip install`` compiles Arelle's: a checkout run with
PYTHONDONTWRITEBYTECODE set would otherwise compile every module in every measured process.

Prints, per size, every configuration's wall and CPU time and peak memory, the goal ratios against Arelle
(issue 16: throughput at least 4x, Arelle's time over iij-audit's, cold, without the cache; memory at most
0.3 of Arelle's) and the verdict per summation: agreement must be 100 %, and both must flag exactly the
planted inconsistencies. If Arelle is missing or fails, says so and still runs the iij-audit side.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from generate import SEGMENTS, Writer, entity_truth, fmt_int, fmt_tenths, quarter_name, round_div, \
    write_rules  # noqa: E402

NS = "http://example.com/iij-bench"
SCHEME = "http://example.com/iij-bench/entity"
CONCEPTS = {"revenue": "Revenue", "cost_of_revenue": "CostOfRevenue", "gross_margin": "GrossMargin"}
SEG_NAMES = {"network_services": "NetworkServices", "systems_integration": "SystemsIntegration",
             "equipment_sales": "EquipmentSales", "atm_operation": "AtmOperation"}
STYLES = ("million", "million", "billion", "mixed")  # by entity number modulo 4
ULP = {"million": 1, "billion": 100}  # display unit, in JPY million
RULE = "lines-of-business"


# ----------------------------------------------------------------------------- dataset
def element(concept: str, segment: str | None) -> str:
    return CONCEPTS[concept] + (SEG_NAMES[segment] if segment else "")


def month_dates(first: int, last: int) -> tuple[str, str]:
    start = datetime.date(first // 12, first % 12 + 1, 1)
    year, month = divmod(last + 1, 12)
    end = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return start.isoformat(), end.isoformat()


def build(entities: int, years: int, seed: int, rate: float) -> tuple[list[dict], dict]:
    """The summations: each with its printed parts and total (JPY million, exact) and what was planted."""
    rng = random.Random(seed)
    summations = []
    kinds = {"shift": 0, "subtle": 0, "edge": 0}
    for number in range(1, entities + 1):
        entity = f"E{number:05d}"
        style = STYLES[number % 4]
        part_unit = ULP["billion" if style == "billion" else "million"]
        total_unit = ULP["million" if style == "million" else "billion"]
        truth = entity_truth(rng, years)
        for offset, year in enumerate(truth):
            fiscal = 2001 + number % 80 + offset
            for q_index, figures in enumerate(year["quarters"]):
                pname, _ = quarter_name(q_index + 1, fiscal)
                first = fiscal * 12 + 3 + 3 * q_index
                for concept in CONCEPTS:
                    parts = {seg: round_div(figures[(seg, concept)], part_unit * 1000) * part_unit
                             for seg, *_ in SEGMENTS}
                    total = round_div(figures[(None, concept)], total_unit * 1000) * total_unit
                    entry = {"entity": entity, "period": pname, "months": (first, first + 2), "concept": concept,
                             "style": style, "part_unit": part_unit, "total_unit": total_unit, "parts": parts,
                             "total": total, "planted": None, "wrong": None}
                    roll = rng.random()
                    if roll < rate:
                        plant_shift(rng, entry)
                    elif roll < 2 * rate:
                        plant_edge(rng, entry, inconsistent=True)
                    elif roll < 3 * rate:
                        plant_edge(rng, entry, inconsistent=False)
                    if entry["planted"]:
                        kinds[entry["planted"]] += 1
                    summations.append(entry)
    return summations, kinds


def plant_shift(rng: random.Random, entry: dict) -> None:
    target = rng.choice([None, *entry["parts"]])
    unit = entry["total_unit"] if target is None else entry["part_unit"]
    value = entry["total"] if target is None else entry["parts"][target]
    slack2 = len(entry["parts"]) * entry["part_unit"] + entry["total_unit"]  # twice the rounding slack
    delta = max(slack2 + unit, abs(value) * rng.uniform(0.08, 0.20))  # beyond any natural rounding gap
    wrong = round_div(int(value + rng.choice((-1, 1)) * delta), unit) * unit
    if target is None:
        entry["total"] = wrong
    else:
        entry["parts"][target] = wrong
    entry["planted"], entry["wrong"] = "shift", target or "total"


def plant_edge(rng: random.Random, entry: dict, inconsistent: bool) -> None:
    """Move the total to the farthest consistent value (edge) or one display unit beyond it (subtle)."""
    parts_sum = sum(entry["parts"].values())
    slack2 = len(entry["parts"]) * entry["part_unit"] + entry["total_unit"]  # twice the rounding slack
    unit, side = entry["total_unit"], rng.choice((-1, 1))
    if entry["style"] == "mixed" and not inconsistent:
        # make the intervals touch: total's interval ends exactly where the parts' sum interval begins
        total = round_div(parts_sum, unit) * unit
        entry["parts"]["network_services"] += total + side * slack2 // 2 - parts_sum
        entry["total"] = total
    else:
        steps = 0
        while 2 * abs((round_div(parts_sum, unit) + side * (steps + 1)) * unit - parts_sum) <= slack2:
            steps += 1
        total = (round_div(parts_sum, unit) + side * (steps + (1 if inconsistent else 0))) * unit
        entry["total"] = total
    entry["planted"] = "subtle" if inconsistent else "edge"
    entry["wrong"] = "total"


def consistent(entry: dict) -> bool:
    slack2 = len(entry["parts"]) * entry["part_unit"] + entry["total_unit"]
    return 2 * abs(entry["total"] - sum(entry["parts"].values())) <= slack2


# ----------------------------------------------------------------------------- XBRL writer
def write_xbrl(out: str, summations: list[dict]) -> str:
    os.makedirs(out, exist_ok=True)
    names = [element(c, s) for c in CONCEPTS for s in (None, *SEG_NAMES)]
    with open(os.path.join(out, "bench.xsd"), "w", encoding="utf-8") as handle:
        handle.write(f'''<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xbrli="http://www.xbrl.org/2003/instance"
  xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink"
  xmlns:bench="{NS}" targetNamespace="{NS}" elementFormDefault="qualified">
  <xs:annotation><xs:appinfo>
    <link:linkbaseRef xlink:type="simple" xlink:href="bench-cal.xml"
      xlink:role="http://www.xbrl.org/2003/role/calculationLinkbaseRef"
      xlink:arcrole="http://www.w3.org/1999/xlink/properties/linkbase"/>
  </xs:appinfo></xs:annotation>
  <xs:import namespace="http://www.xbrl.org/2003/instance" schemaLocation="http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"/>
''')
        for name in names:
            handle.write(f'  <xs:element id="bench_{name}" name="{name}" type="xbrli:monetaryItemType" '
                         f'substitutionGroup="xbrli:item" xbrli:periodType="duration" nillable="true"/>\n')
        handle.write("</xs:schema>\n")
    with open(os.path.join(out, "bench-cal.xml"), "w", encoding="utf-8") as handle:
        handle.write('''<?xml version="1.0" encoding="UTF-8"?>
<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">
  <link:calculationLink xlink:type="extended" xlink:role="http://www.xbrl.org/2003/role/link">
''')
        for name in names:
            handle.write(f'    <link:loc xlink:type="locator" xlink:href="bench.xsd#bench_{name}" xlink:label="{name}"/>\n')
        for concept in CONCEPTS:
            for order, segment in enumerate(SEG_NAMES, 1):
                handle.write(f'    <link:calculationArc xlink:type="arc" '
                             f'xlink:arcrole="http://www.xbrl.org/2003/arcrole/summation-item" '
                             f'xlink:from="{element(concept, None)}" xlink:to="{element(concept, segment)}" '
                             f'order="{order}" weight="1"/>\n')
        handle.write("  </link:calculationLink>\n</link:linkbase>\n")
    instance = os.path.join(out, "instance.xml")
    with open(instance, "w", encoding="utf-8") as handle:
        handle.write(f'''<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase"
  xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:iso4217="http://www.xbrl.org/2003/iso4217" xmlns:bench="{NS}">
  <link:schemaRef xlink:type="simple" xlink:href="bench.xsd"/>
  <xbrli:unit id="JPY"><xbrli:measure>iso4217:JPY</xbrli:measure></xbrli:unit>
''')
        contexts = set()
        for entry in summations:
            context = f"c_{entry['entity']}_{entry['period']}"
            if context not in contexts:
                contexts.add(context)
                start, end = month_dates(*entry["months"])
                handle.write(f'  <xbrli:context id="{context}"><xbrli:entity><xbrli:identifier scheme="{SCHEME}">'
                             f'{entry["entity"]}</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:startDate>'
                             f'{start}</xbrli:startDate><xbrli:endDate>{end}</xbrli:endDate></xbrli:period>'
                             f'</xbrli:context>\n')
            items = [(None, entry["total"], entry["total_unit"])] + \
                [(seg, value, entry["part_unit"]) for seg, value in entry["parts"].items()]
            for segment, value, unit in items:
                decimals = -6 if unit == 1 else -8
                handle.write(f'  <bench:{element(entry["concept"], segment)} contextRef="{context}" unitRef="JPY" '
                             f'decimals="{decimals}">{value * 1_000_000}</bench:{element(entry["concept"], segment)}>\n')
        handle.write("</xbrli:xbrl>\n")
    return instance


# ----------------------------------------------------------------------------- iij-audit writer
def write_fixtures(out: str, summations: list[dict], per_file: int) -> dict:
    writer = Writer(out, per_file)
    places: dict[tuple, list[dict]] = {}
    for entry in summations:
        places.setdefault((entry["entity"], entry["period"]), []).append(entry)
    labels = {seg: label for seg, _, label, *_ in SEGMENTS}
    shorts = {seg: short for seg, short, *_ in SEGMENTS}
    for (entity, pname), entries in places.items():
        writer.prepare()
        header = writer.add_line(f"{entity} Synthetic Holdings {pname} lines of business")
        facts = []
        for entry in entries:
            concept = entry["concept"]
            items = [(None, entry["total"], entry["total_unit"])] + \
                [(seg, value, entry["part_unit"]) for seg, value in entry["parts"].items()]
            for segment, value, unit in items:
                label = f"{labels[segment] if segment else 'Total'} {concept.replace('_', ' ')}"
                if unit == 1:
                    text, printed, unit_name = fmt_int(value), fmt_int(value), "JPY million"
                else:
                    printed = fmt_tenths(value // 100)
                    text, unit_name = f"JPY{printed} billion", "JPY billion"
                line = writer.add_line(f"{label} | {text}")
                fact = {"id": f"{entity}.{pname}.{shorts.get(segment, 'tot')}.{concept}"}
                if segment:
                    fact["segment"] = segment
                fact.update(concept=concept, value=printed, unit=unit_name, line=line, label=label)
                if text != printed:
                    fact["text"] = text
                facts.append(fact)
        writer.add_line("")
        writer.add_block({"entity": entity, "period": pname, "header": header}, facts)
    writer.flush()
    rules = write_rules(out, sorted({entry["entity"] for entry in summations}))
    return {"fixtures": writer.fixtures, "rules": rules, "facts": writer.total}


# ----------------------------------------------------------------------------- subprocess runners
def run_measured(command: list[str], env: dict | None = None) -> tuple[dict, int, str]:
    """Run a command; return ({wall, cpu seconds, peak_rss_kb}, exit status, captured stdout+stderr).
    CPU time is the child's user + system time from ``os.wait4``: what it spent, however busy the machine."""
    with tempfile.TemporaryFile(mode="w+") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        cost = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_rss_kb": usage.ru_maxrss}
        return cost, process.returncode, output.read()


def arelle_available() -> str | None:
    try:
        from importlib.metadata import version

        return version("arelle-release")
    except Exception:  # noqa: BLE001 - any failure means "not installed"
        return None


def run_arelle(instance: str, log_path: str) -> dict:
    command = [sys.executable, "-m", "arelle.CntlrCmdLine", "--file", instance, "--validate", "--calc", "c11r",
               "--internetConnectivity", "offline", "--logFile", log_path, "--logLevel", "info"]
    if os.path.exists(log_path):
        os.remove(log_path)  # Arelle appends to its log: each round reads its own
    cost, code, output = run_measured(command)
    result = {**cost, "exit": code, "command": " ".join(command[1:]), "output": output}
    if not os.path.exists(log_path):
        result["error"] = f"no log written (exit {code}): {output.strip()[-800:]}"
        return result
    with open(log_path, encoding="utf-8") as handle:
        log = json.load(handle)
    messages = log.get("log", log) if isinstance(log, dict) else log
    flagged, codes, phases = set(), {}, {}
    for message in messages:
        code_name = message.get("code", "")
        codes[code_name] = codes.get(code_name, 0) + 1
        text = message.get("message", {}).get("text", "") if isinstance(message.get("message"), dict) \
            else str(message.get("message", ""))
        if code_name == "calc11e:inconsistentCalculationUsingRounding":
            context = re.search(r"context (c_\S+)", text)
            concept = re.search(r"from bench:(\w+)", text)
            if context and concept:
                _, entity, pname = context[1].split("_")
                name = next(c for c, n in CONCEPTS.items() if n == concept[1])
                flagged.add(f"{entity}|{pname}|{name}")
        timing = re.search(r"\b(loaded|validated) in ([\d.]+) secs", text)
        if timing:
            phases[timing[1]] = phases.get(timing[1], 0.0) + float(timing[2])
    result.update(flagged=sorted(flagged), codes=codes, phases=phases)
    return result


# ----------------------------------------------------------------------------- main
def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


GOAL_SPEED, GOAL_MEMORY = 4.0, 0.3  # issue 16, cold (no cache): 4x Arelle's throughput, 0.3 of its memory
# (name, worker arguments; the cache argument is filled in per version). "no cache" is the cold run.
CONFIGURATIONS = (("no cache", ()), ("writing the cache", ("--cache",)), ("from the cache", ("--cache",)),
                  ("all rules, cache", ("--all-rules", "--cache")))
BEFORE_CONFIGURATIONS = ("no cache", "writing the cache", "from the cache")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", default="200,1000", help="comma-separated sizes, in entities")
    parser.add_argument("--years", type=int, default=2, help="fiscal years (4 quarters each) per entity")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--error-rate", type=float, default=0.03,
                        help="probability of each planted kind (shift, subtle, edge) per summation")
    parser.add_argument("--facts-per-file", type=int, default=600)
    parser.add_argument("--keep", help="write into this directory and keep it (default: a temporary one)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; figures are their medians")
    parser.add_argument("--before", help="a directory holding another version's auditor package, run "
                        "interleaved with this one")
    args = parser.parse_args(argv)
    if args.before and not os.path.isfile(os.path.join(args.before, "auditor", "__init__.py")):
        parser.error(f"--before {args.before}: no auditor package there")

    byte_compile([args.before] if args.before else [])
    print(f"arelle_compare: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{datetime.date.today().isoformat()}, {args.rounds} interleaved round(s), medians")
    ok, sizes = True, []
    for entities in [int(size) for size in args.entities.split(",")]:
        base = os.path.join(args.keep, f"e{entities}") if args.keep else tempfile.mkdtemp(prefix="iij-arelle-")
        os.makedirs(base, exist_ok=True)
        try:
            ok = compare(args, entities, base, sizes) and ok
        finally:
            if not args.keep:
                shutil.rmtree(base, ignore_errors=True)
    print_marginal_memory(sizes)
    print("RESULT: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


def byte_compile(before: list[str]) -> None:
    """Byte-compile the auditor packages measured, as ``pip install`` does for Arelle's (and for
    iij-audit's, when it is installed rather than run from a checkout). Without it a checkout run where
    PYTHONDONTWRITEBYTECODE is set compiles every module of the package anew in each measured process:
    about 0.1 s of CPU a run that no installed copy pays. Writes only ``__pycache__`` beside the sources."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("auditor")
    packages = [os.path.dirname(spec.origin)] if spec and spec.origin else []
    packages += [os.path.join(directory, "auditor") for directory in before]
    for package in packages:
        compileall.compile_dir(package, quiet=1)


def print_marginal_memory(sizes: list) -> None:
    """Memory per fact between the smallest and the largest size: what the facts cost above the fixed
    cost of each process (the interpreter and its libraries)."""
    if len(sizes) < 2:
        return
    by_facts = sorted(sizes, key=lambda size: size[0])
    (small, small_runs, small_arelle), (large, large_runs, large_arelle) = by_facts[0], by_facts[-1]
    if large == small:
        return
    arelle = (large_arelle - small_arelle) * 1024 / (large - small)
    print(f"\nmemory per fact from {small:,} to {large:,} facts (peak RSS difference / fact difference): "
          f"Arelle {arelle:,.0f} bytes")
    for name, peak in large_runs.items():
        per_fact = (peak - small_runs[name]) * 1024 / (large - small)
        print(f"  iij-audit, {name:28} {per_fact:7,.0f} bytes ({per_fact / arelle:.2f} of Arelle's)")


def run_iij(manifest_path: str, extra: list[str], before: str | None = None) -> tuple[dict, dict] | None:
    env = None
    if before:  # the other version's package comes first on the path, before this checkout's install
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [before, os.environ.get("PYTHONPATH")]))}
    cost, code, output = run_measured([sys.executable, os.path.join(HERE, "arelle_worker.py"), manifest_path,
                                       *extra], env)
    line = next((l for l in output.splitlines() if l.startswith("RESULT ")), None)
    if code != 0 or line is None:
        print(f"iij-audit side FAILED (exit {code}):\n{output[-2000:]}")
        return None
    return cost, json.loads(line[len("RESULT "):])


def plan(args, base: str) -> list[tuple[str, list[str], str | None]]:
    """The runs of one round: (row name, worker arguments, other version's directory or None)."""
    runs = []
    versions = [("", None, CONFIGURATIONS)]
    if args.before:
        versions.append(("before, ", args.before, [c for c in CONFIGURATIONS if c[0] in BEFORE_CONFIGURATIONS]))
    for prefix, before, configurations in versions:
        cache = os.path.join(base, "iij", "cache-before" if before else "cache")
        for name, flags in configurations:
            arguments = [part for flag in flags for part in ((flag, cache) if flag == "--cache" else (flag,))]
            runs.append((prefix + name, arguments, before))
    return runs


def median_cost(costs: list[dict]) -> dict:
    return {field: statistics.median(cost[field] for cost in costs) for field in ("wall", "cpu", "peak_rss_kb")}


def run_rounds(args, base: str, manifest_path: str, instance: str) -> tuple[dict, dict | None, str | None] | None:
    """Every configuration once per round, in the same order each round (interleaved, so that a busy
    spell of the machine falls on all of them); the medians of each configuration's costs."""
    version = arelle_available()
    if version is None:
        print("Arelle: NOT INSTALLED (pip install arelle-release into the venv, benchmark-only); "
              "only the iij-audit side was run")
    runs: dict[str, list] = {}
    arelle_runs: list[dict] = []
    cache_dirs = {os.path.join(base, "iij", name) for name in ("cache", "cache-before")}
    for _ in range(max(1, args.rounds)):
        for directory in cache_dirs:  # each round starts cold: "writing the cache" writes it afresh
            shutil.rmtree(directory, ignore_errors=True)
        if version is not None:
            arelle = run_arelle(instance, os.path.join(base, "arelle-log.json"))
            if "error" in arelle or arelle["exit"] != 0:
                print(f"Arelle {version}: FAILED to run ({arelle.get('error') or 'exit ' + str(arelle['exit'])})\n"
                      f"  command: python {arelle['command']}\n  output: {arelle['output'].strip()[-1500:]}")
                version = None
            else:
                arelle_runs.append(arelle)
        for name, extra, before in plan(args, base):
            result = run_iij(manifest_path, extra, before)
            if result is None:
                return None
            runs.setdefault(name, []).append(result)
    medians = {name: (median_cost([cost for cost, _ in results]), results[-1][1])
               for name, results in runs.items()}
    arelle = None
    if version is not None and arelle_runs:
        arelle = {**arelle_runs[-1], **median_cost(arelle_runs)}
    if any(run["verdicts"] != results[0][1]["verdicts"] for results in runs.values() for _, run in results
           if not run["all_rules"]):
        print("iij-audit: the runs (with and without the cache, or of the two versions) disagree")
        return None
    return medians, arelle, version


def compare(args, entities: int, base: str, sizes: list) -> bool:
    summations, kinds = build(entities, args.years, args.seed, args.error_rate)
    instance = write_xbrl(os.path.join(base, "xbrl"), summations)
    manifest = write_fixtures(os.path.join(base, "iij"), summations, args.facts_per_file)
    manifest_path = os.path.join(base, "iij", "manifest.json")
    with open(manifest_path, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle)
    keys = [f"{e['entity']}|{e['period']}|{e['concept']}" for e in summations]
    expected = {key for key, entry in zip(keys, summations) if not consistent(entry)}
    planted_bad = {key for key, e in zip(keys, summations) if e["planted"] in ("shift", "subtle")}
    assert expected == planted_bad, "a natural summation is inconsistent: the generator is wrong"
    touching = sum(1 for e in summations if e["planted"] == "edge" and e["style"] == "mixed")
    styles = {style: sum(1 for e in summations if e["style"] == style) for style in ("million", "billion", "mixed")}
    print(f"\n{entities} entities x {args.years * 4} quarters x 3 concepts = {len(summations):,} summations "
          f"({manifest['facts']:,} facts in files of {args.facts_per_file}; tables in JPY million "
          f"{styles['million']}, JPY billion {styles['billion']}, mixed {styles['mixed']}); planted: "
          f"{kinds['shift']} shift + {kinds['subtle']} subtle inconsistencies, {kinds['edge']} edge-consistent "
          f"({touching} of them touching: mixed units)")

    measured = run_rounds(args, base, manifest_path, instance)
    if measured is None:
        return False
    runs, arelle, version = measured
    iij = runs["from the cache"][1]
    iij_flagged = {key for key, passed in iij["verdicts"].items() if not passed}
    print_times(runs, arelle, version, manifest["facts"])
    if arelle:
        sizes.append((manifest["facts"], {name: cost["peak_rss_kb"] for name, (cost, run) in runs.items()
                                          if not run["all_rules"]}, arelle["peak_rss_kb"]))
    return print_verdicts(keys, summations, kinds, expected, iij, iij_flagged, arelle)


def print_times(runs: dict, arelle: dict | None, version: str | None, facts: int) -> None:
    print(f"iij-audit runs the {RULE} rule (these summations) in-process; Arelle its command line")
    header = f"{'':36}{'wall s':>8}{'CPU s':>8}{'facts/s':>9}  {'phases (in-process)':<28}{'peak RSS':>9}"
    if arelle:
        header += f"{'vs Arelle: wall':>16}{'CPU':>7}{'memory':>8}"
    print(header)
    for name, (cost, run) in runs.items():
        phases = "load %.2f s, check %.2f s" % (run["load"], run["check"])
        row = (f"{'iij-audit, ' + name:36}{cost['wall']:8.2f}{cost['cpu']:8.2f}{facts / cost['cpu']:9,.0f}  "
               f"{phases:<28}{mb(cost['peak_rss_kb']):>9}")
        if arelle and not run["all_rules"]:
            wall, cpu = arelle["wall"] / cost["wall"], arelle["cpu"] / cost["cpu"]
            memory = cost["peak_rss_kb"] / arelle["peak_rss_kb"]
            cold = name.endswith("no cache")  # the goals are the cold run's
            miss = lambda met: "" if met or not cold else "!"  # noqa: E731
            row += (f"{wall:15.1f}x{cpu:6.1f}x{miss(cpu >= GOAL_SPEED):1}"
                    f"{memory:7.2f}{miss(memory <= GOAL_MEMORY):1}")
        print(row)
    if arelle:
        phases = ", ".join(f"{k} {v:.2f} s" for k, v in arelle["phases"].items()) or "-"
        print(f"{'Arelle ' + version + ' (c11r)':36}{arelle['wall']:8.2f}{arelle['cpu']:8.2f}"
              f"{facts / arelle['cpu']:9,.0f}  {phases:<28}{mb(arelle['peak_rss_kb']):>9}")
        other = {c: n for c, n in arelle["codes"].items()
                 if c not in ("calc11e:inconsistentCalculationUsingRounding", "info", "", "info:profileActivity")}
        if other:
            print(f"  other Arelle messages: {other}")
    print("wall s: subprocess wall time including interpreter start and imports; CPU s: its user + system time "
          "(os.wait4); facts/s: per CPU second; peak RSS: ru_maxrss. vs Arelle: Arelle's time over iij-audit's, "
          f"iij-audit's memory over Arelle's. Goals (the cold run, 'no cache'): CPU >= {GOAL_SPEED:g}x, memory "
          f"<= {GOAL_MEMORY:g} ('!' marks a miss)")


def print_verdicts(keys, summations, kinds, expected, iij, iij_flagged, arelle) -> bool:
    checked = set(iij["verdicts"])
    missing = set(keys) - checked
    print(f"iij-audit: {len(checked):,} summations checked, {len(iij_flagged)} flagged, {iij['skips']} skipped"
          + (f", {len(missing)} NOT checked" if missing else ""))
    ok = not missing and iij_flagged == expected
    if arelle:
        arelle_flagged = set(arelle["flagged"])
        agree = sum(1 for key in keys if (key in arelle_flagged) == (key in iij_flagged))
        print(f"Arelle:    {len(keys):,} summations, {len(arelle_flagged)} flagged")
        print(f"verdict agreement per summation: {agree:,}/{len(keys):,} = {100 * agree / len(keys):.2f} %")
        for name, flagged in (("iij-audit", iij_flagged), ("Arelle", arelle_flagged)):
            missed, extra = expected - flagged, flagged - expected
            by_kind = {}
            for key, entry in zip(keys, summations):
                if entry["planted"] and (key in flagged) == (entry["planted"] != "edge"):
                    by_kind[entry["planted"]] = by_kind.get(entry["planted"], 0) + 1
            print(f"  {name:9} planted inconsistencies flagged {len(expected - missed)}/{len(expected)}, consistent "
                  f"flagged {len(extra)}; as planted: " + ", ".join(f"{k} {by_kind.get(k, 0)}/{kinds[k]}" for k in kinds))
        disagreements = [key for key in keys if (key in arelle_flagged) != (key in iij_flagged)]
        for key in disagreements[:10]:
            print(f"  disagreement: {key} iij-audit {'flags' if key in iij_flagged else 'passes'}, Arelle "
                  f"{'flags' if key in arelle_flagged else 'passes'}")
        ok = ok and not disagreements and arelle_flagged == expected
    else:
        print(f"iij-audit alone: planted inconsistencies flagged {len(expected & iij_flagged)}/{len(expected)}, "
              f"consistent flagged {len(iij_flagged - expected)}")
    return ok


if __name__ == "__main__":
    sys.exit(main())
