"""Generate a synthetic, internally consistent dataset in the fixture format, with known planted errors.

    python benchmarks/generate.py OUT_DIR [--facts 100000] [--facts-per-file 20000] [--seed 1]
                                          [--error-rate 0.0005] [--years 3]

Writes into OUT_DIR:

- ``fixtures/bench_NNNN.yaml``: fixture files of about ``--facts-per-file`` facts each;
- ``fixtures/decks/bench_NNNN.txt``: the synthetic "deck" each fixture cites, with every fact's printed
  text, label and period text on its cited line or header line (so the provenance rule passes);
- ``rules/``: a copy of the project's ``rules/*.yaml`` plus ``zz_bench_entities.yaml``, the vocabulary
  entry of every synthetic entity (``E00001`` ...);
- ``planted.json``: the planted errors (fact id, kind, printed value, correct value) and the fact count.

Each entity prints, for every quarter and fiscal year of ``--years`` fiscal years, a full P&L table in
JPY million (revenue, cost_of_revenue, gross_margin, sga_rd, operating_income), the lines of business
network_services + systems_integration + equipment_sales + atm_operation (revenue, cost, gross margin;
they sum to the total), "% of Revenues" shares, YoY pct_change figures (from the second year on) and a
summary sentence repeating revenue and operating income in JPY billion with one decimal. The underlying
values are exact integers in JPY thousand; every printed figure is their display rounding, so every
relation the rules check holds within rounding unless a planted error breaks it.

Planted error kinds: ``segment_level`` (a segment figure off by 8-20 %), ``total_level`` (a total figure
off by 8-20 %), ``subtle_total`` (a total just beyond the rounding slack of its parts: printed sum of the
parts +/- 3), ``pct_change`` (a YoY off by 2-6 points), ``direction_flip`` (up printed as down),
``share`` (a "% of Revenues" off by 1.5-4 points), ``repeat`` (the JPY billion repeat off by 0.3-1.0).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import shutil
import sys
import time
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROJECT_RULES = os.path.join(ROOT, "rules")

SEGMENTS = [  # (segment, short id, label, quarterly revenue range in JPY thousand, cost ratio range)
    ("network_services", "ns", "Network services", (3_000_000, 20_000_000), (0.62, 0.80)),
    ("systems_integration", "si", "Systems integration", (1_000_000, 10_000_000), (0.78, 0.90)),
    ("equipment_sales", "es", "Equipment sales", (300_000, 3_000_000), (0.85, 0.95)),
    ("atm_operation", "atm", "ATM operation business", (200_000, 1_000_000), (0.80, 1.15)),
]
TOTAL_ROWS = [  # (concept, label, share printed)
    ("revenue", "Total Revenues", False),
    ("cost_of_revenue", "Total Costs", True),
    ("gross_margin", "Gross Margin", True),
    ("sga_rd", "SG&A/R&D", True),
    ("operating_income", "Operating Income", True),
]
SEGMENT_CONCEPTS = [("revenue", "revenues"), ("cost_of_revenue", "costs"), ("gross_margin", "gross margin")]
PLANT_KINDS = ["segment_level", "total_level", "subtle_total", "pct_change", "direction_flip", "share", "repeat"]
YOY_CONCEPTS = {"revenue", "operating_income"}  # totals; every segment's revenue also gets a YoY


# ----------------------------------------------------------------------------- display rounding
def round_div(value: int, unit: int) -> int:
    """``value / unit`` rounded half away from zero (integers only)."""
    magnitude = (2 * abs(value) + unit) // (2 * unit)
    return -magnitude if value < 0 else magnitude


def million(thousands: int) -> int:
    return round_div(thousands, 1000)


def fmt_int(value: int) -> str:
    return f"({-value:,})" if value < 0 else f"{value:,}"


def fmt_tenths(tenths: int) -> str:
    """A number of tenths as printed with one decimal: 123 -> '12.3'."""
    sign = "-" if tenths < 0 else ""
    whole, part = divmod(abs(tenths), 10)
    return f"{sign}{whole:,}.{part}"


def tenths_of_percent(ratio: Fraction) -> int:
    """A ratio as tenths of a percent, rounded half away from zero."""
    scaled = ratio * 1000
    magnitude = (2 * abs(scaled.numerator) + scaled.denominator) // (2 * scaled.denominator)
    return -magnitude if scaled < 0 else magnitude


# ----------------------------------------------------------------------------- periods
def quarter_name(q: int, year: int) -> tuple[str, str]:
    """('1Q11', '1Q11 (11/4~11/6)') for fiscal year 2011 (April to March)."""
    start = year * 12 + 3 + 3 * (q - 1)
    end = start + 2
    yy = year % 100
    months = f"{(start // 12) % 100:02d}/{start % 12 + 1}~{(end // 12) % 100:02d}/{end % 12 + 1}"
    return f"{q}Q{yy:02d}", f"{q}Q{yy:02d} ({months})"


def fy_name(year: int) -> tuple[str, str]:
    yy = year % 100
    return f"FY{yy:02d}", f"FY{yy:02d} ({yy:02d}/4~{(yy + 1) % 100:02d}/3)"


# ----------------------------------------------------------------------------- truth
def entity_truth(rng: random.Random, years: int) -> list[dict]:
    """Exact figures in JPY thousand, per fiscal year: four quarters then the year (their sums)."""
    base = {seg: rng.randint(*rev) for seg, _, _, rev, _ in SEGMENTS}
    sga_ratio = rng.uniform(0.08, 0.14)
    out = []
    for _ in range(years):
        quarters = []
        for _ in range(4):
            figures: dict = {}
            for seg, _, _, _, (lo, hi) in SEGMENTS:
                base[seg] = max(150_000, int(base[seg] * rng.uniform(0.93, 1.12)))
                revenue = base[seg] + rng.randint(0, 999)
                cost = int(revenue * rng.uniform(lo, hi)) + rng.randint(0, 999)
                figures[(seg, "revenue")] = revenue
                figures[(seg, "cost_of_revenue")] = cost
                figures[(seg, "gross_margin")] = revenue - cost
            for concept in ("revenue", "cost_of_revenue", "gross_margin"):
                figures[(None, concept)] = sum(figures[(seg[0], concept)] for seg in SEGMENTS)
            revenue, margin = figures[(None, "revenue")], figures[(None, "gross_margin")]
            sga = int(revenue * sga_ratio * rng.uniform(0.95, 1.05)) + rng.randint(0, 999)
            if margin - sga < revenue * 0.03:  # keep operating income clearly positive
                sga = int(margin - revenue * 0.03 * rng.uniform(1.0, 2.0))
            figures[(None, "sga_rd")] = sga
            figures[(None, "operating_income")] = margin - sga
            quarters.append(figures)
        year = {key: sum(q[key] for q in quarters) for key in quarters[0]}
        out.append({"quarters": quarters, "year": year})
    return out


# ----------------------------------------------------------------------------- fixture writer
def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class Writer:
    """Writes fixture files and their decks, starting a new file every ``per_file`` facts."""

    def __init__(self, out: str, per_file: int) -> None:
        self.out, self.per_file = out, per_file
        self.fixtures = os.path.join(out, "fixtures")
        os.makedirs(os.path.join(self.fixtures, "decks"), exist_ok=True)
        self.index = -1
        self.total = 0
        self.files: list[str] = []
        self.yaml: list[str] = []
        self.deck: list[str] = []
        self.in_file = 0

    def start(self) -> None:
        self.flush()
        self.index += 1
        name = f"bench_{self.index:04d}"
        self.name = name
        self.yaml = [f"document: decks/{name}.txt", f"title: {q('Synthetic deck ' + name)}",
                     "rounding: half", "facts:"]
        self.deck = [f"Synthetic investor-relations deck {name} (generated by benchmarks/generate.py)"]
        self.in_file = 0

    def flush(self) -> None:
        if self.index < 0 or not self.in_file:
            return
        path = os.path.join(self.fixtures, f"{self.name}.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(self.yaml) + "\n")
        with open(os.path.join(self.fixtures, "decks", f"{self.name}.txt"), "w", encoding="utf-8") as handle:
            handle.write("\n".join(self.deck) + "\n")
        self.files.append(path)

    def add_line(self, text: str) -> int:
        self.deck.append(text)
        return len(self.deck)

    def prepare(self) -> None:
        """Start a new file when the current one is full (call before writing a block's lines)."""
        if self.index < 0 or self.in_file >= self.per_file:
            self.start()

    def add_block(self, group: dict, facts: list[dict]) -> None:
        head = ", ".join(f"{k}: {v if isinstance(v, int) else q(v)}" for k, v in group.items())
        self.yaml.append(f"  - {{{head}, facts: [")
        for fact in facts:
            body = ", ".join(f"{k}: {v if isinstance(v, int) else q(v)}" for k, v in fact.items())
            self.yaml.append(f"      {{{body}}},")
        self.yaml.append("    ]}")
        self.in_file += len(facts)
        self.total += len(facts)


# ----------------------------------------------------------------------------- one table
def block(writer: Writer, rng: random.Random, entity: str, pname: str, ptext: str,
          cur: dict, base: dict | None, plant: str | None, planted: list[dict]) -> None:
    """One P&L table of one entity and period (plus its summary sentence), possibly with a planted error."""
    printed = {key: million(value) for key, value in cur.items()}
    facts: list[dict] = []  # each: fact fields + "_row" (row index) + "_cell" (index of its cell in the row)
    rows: list[list[str]] = []

    def fid(seg: str | None, concept: str, suffix: str = "") -> str:
        short = next((s for name, s, *_ in SEGMENTS if name == seg), "tot")
        return f"{entity}.{pname}.{short}.{concept}{suffix}"

    def yoy(seg, concept):
        if base is None:
            return None
        ratio = Fraction(cur[(seg, concept)] - base[(seg, concept)], abs(base[(seg, concept)]))
        tenths = tenths_of_percent(ratio)
        return tenths

    def add(row: int, cells: list[str], fact: dict) -> None:
        fact["_row"] = row
        fact["_cell"] = len(cells)
        cells.append(fact.get("text", fact["value"]))
        facts.append(fact)

    revenue_total = cur[(None, "revenue")]
    for concept, label, has_share in TOTAL_ROWS:
        cells = [label]
        row = len(rows)
        add(row, cells, {"id": fid(None, concept), "concept": concept, "value": fmt_int(printed[(None, concept)]),
                         "label": label})
        if has_share:
            tenths = tenths_of_percent(Fraction(cur[(None, concept)], revenue_total))
            add(row, cells, {"id": fid(None, concept, ".share"), "concept": concept, "measure": "share",
                             "value": fmt_tenths(tenths), "unit": "%", "text": fmt_tenths(tenths) + "%",
                             "label": "% of Revenues", "_tenths": tenths})
        if concept in YOY_CONCEPTS and base is not None:
            add(row, cells, yoy_fact(fid(None, concept, ".yoy"), None, concept, yoy(None, concept)))
        rows.append(cells)
    for seg, short, seg_label, _, _ in SEGMENTS:
        for concept, word in SEGMENT_CONCEPTS:
            cells = [f"{seg_label} {word}"]
            row = len(rows)
            add(row, cells, {"id": fid(seg, concept), "segment": seg, "concept": concept,
                             "value": fmt_int(printed[(seg, concept)]), "label": f"{seg_label} {word}"})
            if concept == "revenue":
                tenths = tenths_of_percent(Fraction(cur[(seg, concept)], revenue_total))
                add(row, cells, {"id": fid(seg, concept, ".share"), "segment": seg, "concept": concept,
                                 "measure": "share", "of_segment": "total", "value": fmt_tenths(tenths),
                                 "unit": "%", "text": fmt_tenths(tenths) + "%", "label": "% of Revenues",
                                 "_tenths": tenths})
                if base is not None:
                    add(row, cells, yoy_fact(fid(seg, concept, ".yoy"), seg, concept, yoy(seg, concept)))
            rows.append(cells)
    # the summary sentence repeats revenue and operating income in JPY billion, one decimal
    summary_row = len(rows)
    bn = {c: round_div(cur[(None, c)], 100_000) for c in ("revenue", "operating_income")}
    summary = []
    for concept, label in (("revenue", "revenues"), ("operating_income", "operating income")):
        fact = {"id": fid(None, concept, ".bn"), "concept": concept, "value": fmt_tenths(bn[concept]),
                "unit": "JPY billion", "text": f"JPY{fmt_tenths(bn[concept])} billion", "label": label,
                "_row": summary_row, "_tenths": bn[concept]}
        summary.append(fact)
        facts.append(fact)

    if plant:
        apply_plant(rng, plant, facts, printed, entity, pname, planted)

    # render the deck lines and give each fact its line
    writer.prepare()
    header = writer.add_line(f"{entity} Synthetic Holdings {ptext} | JPY million | % of Revenues | YoY")
    for index, cells in enumerate(rows):
        for fact in facts:
            if fact.get("_row") == index and "_cell" in fact:
                cells[fact["_cell"]] = fact.get("text", fact["value"])
        line = writer.add_line(" | ".join(cells))
        for fact in facts:
            if fact.get("_row") == index:
                fact["line"] = line
    rev, oi = summary
    line = writer.add_line(f"In {pname} {entity} posted {rev['label']} of {rev['text']} and "
                           f"{oi['label']} of {oi['text']}.")
    rev["line"] = oi["line"] = line
    writer.add_line("")
    for fact in facts:
        for key in [k for k in fact if k.startswith("_")]:
            del fact[key]
        if fact.get("text") == fact["value"]:
            del fact["text"]
    group = {"entity": entity, "period": pname, "period_text": ptext, "header": header, "unit": "JPY million"}
    writer.add_block(group, facts)


def yoy_fact(fact_id: str, seg: str | None, concept: str, tenths: int) -> dict:
    word = "up" if tenths >= 0 else "down"
    fact = {"id": fact_id, "concept": concept, "measure": "pct_change", "compare": "YoY",
            "value": fmt_tenths(abs(tenths)), "direction": word, "unit": "%",
            "text": f"{word} {fmt_tenths(abs(tenths))}%", "label": "YoY", "_tenths": tenths}
    if seg:
        fact = {"id": fact_id, "segment": seg, **{k: v for k, v in fact.items() if k != "id"}}
    return fact


def apply_plant(rng, kind, facts, printed, entity, pname, planted) -> None:
    by_id = {fact["id"]: fact for fact in facts}

    def record(fact, correct):
        planted.append({"id": fact["id"], "kind": kind, "printed": fact.get("text", fact["value"]),
                        "correct": correct})

    def shift_level(fact):
        value = printed[(fact.get("segment"), fact["concept"])]
        factor = rng.uniform(0.08, 0.20) * rng.choice((-1, 1))
        wrong = value + max(5, abs(int(value * factor))) * (1 if factor > 0 else -1)
        correct = fact["value"]
        fact["value"] = fmt_int(wrong)
        record(fact, correct)

    levels = [f for f in facts if "measure" not in f and f.get("unit") != "JPY billion"]
    if kind == "segment_level":
        shift_level(rng.choice([f for f in levels if "segment" in f]))
    elif kind == "total_level":
        shift_level(rng.choice([f for f in levels if "segment" not in f]))
    elif kind == "subtle_total":
        concept = rng.choice(["revenue", "cost_of_revenue", "gross_margin"])
        fact = by_id[f"{entity}.{pname}.tot.{concept}"]
        parts = sum(printed[(seg[0], concept)] for seg in SEGMENTS)
        correct = fact["value"]
        fact["value"] = fmt_int(parts + 3 * rng.choice((-1, 1)))
        record(fact, correct)
    elif kind in ("pct_change", "direction_flip"):
        yoys = [f for f in facts if f.get("measure") == "pct_change"]
        if kind == "direction_flip":
            yoys = [f for f in yoys if abs(f["_tenths"]) >= 10]
        if not yoys:
            return apply_plant(rng, "share", facts, printed, entity, pname, planted)
        fact = rng.choice(yoys)
        correct = fact["text"]
        tenths = -fact["_tenths"] if kind == "direction_flip" else \
            fact["_tenths"] + rng.randint(20, 60) * rng.choice((-1, 1))
        word = "up" if tenths >= 0 else "down"
        fact.update(value=fmt_tenths(abs(tenths)), direction=word, text=f"{word} {fmt_tenths(abs(tenths))}%")
        record(fact, correct)
    elif kind == "share":
        fact = rng.choice([f for f in facts if f.get("measure") == "share"])
        correct = fact["text"]
        tenths = fact["_tenths"] + rng.randint(15, 40) * rng.choice((-1, 1))
        tenths = abs(tenths)
        fact.update(value=fmt_tenths(tenths), text=fmt_tenths(tenths) + "%")
        record(fact, correct)
    elif kind == "repeat":
        fact = rng.choice([f for f in facts if f.get("unit") == "JPY billion"])
        correct = fact["text"]
        tenths = fact["_tenths"] + rng.randint(3, 10) * rng.choice((-1, 1))
        if tenths <= 0:
            tenths = fact["_tenths"] + rng.randint(3, 10)
        fact.update(value=fmt_tenths(tenths), text=f"JPY{fmt_tenths(tenths)} billion")
        record(fact, correct)


# ----------------------------------------------------------------------------- rules directory
def write_rules(out: str, entities: list[str]) -> str:
    rules = os.path.join(out, "rules")
    os.makedirs(rules, exist_ok=True)
    for path in sorted(glob.glob(os.path.join(PROJECT_RULES, "*.yaml"))):
        shutil.copy(path, rules)
    with open(os.path.join(rules, "zz_bench_entities.yaml"), "w", encoding="utf-8") as handle:
        handle.write("# synthetic entities of the benchmark dataset (benchmarks/generate.py)\nentities:\n")
        for entity in entities:
            handle.write(f"  {entity}: {{name: {q('Synthetic entity ' + entity)}}}\n")
    return rules


# ----------------------------------------------------------------------------- driver
def generate(out: str, facts: int, per_file: int = 20_000, seed: int = 1, error_rate: float = 0.0005,
             years: int = 3) -> dict:
    """Write the dataset; return the manifest (also written to ``planted.json``)."""
    start = time.perf_counter()
    rng = random.Random(seed)
    writer = Writer(out, per_file)
    planted: list[dict] = []
    entities: list[str] = []
    number = 0
    while writer.total < facts:
        number += 1
        entity = f"E{number:05d}"
        entities.append(entity)
        truth = entity_truth(rng, years)
        first_year = 2001 + number % 80
        for offset, year_truth in enumerate(truth):
            year = first_year + offset
            previous = truth[offset - 1] if offset else None
            periods = [(quarter_name(i + 1, year), year_truth["quarters"][i],
                        previous["quarters"][i] if previous else None) for i in range(4)]
            periods.append((fy_name(year), year_truth["year"], previous["year"] if previous else None))
            for (pname, ptext), cur, base in periods:
                if writer.total >= facts:
                    break
                expected = 27 + (6 if base is not None else 0)
                plant = rng.choice(PLANT_KINDS) if rng.random() < error_rate * expected else None
                block(writer, rng, entity, pname, ptext, cur, base, plant, planted)
    writer.flush()
    rules = write_rules(out, entities)
    manifest = {
        "facts": writer.total, "files": len(writer.files), "entities": len(entities), "seed": seed,
        "error_rate": error_rate, "fixtures": writer.fixtures, "rules": rules, "planted": planted,
        "seconds": round(time.perf_counter() - start, 3),
    }
    with open(os.path.join(out, "planted.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=1)
    return manifest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="output directory (created)")
    parser.add_argument("--facts", type=int, default=100_000, help="number of facts (default 100000)")
    parser.add_argument("--facts-per-file", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--error-rate", type=float, default=0.0005, help="planted errors per fact")
    parser.add_argument("--years", type=int, default=3, help="fiscal years per entity")
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.facts, args.facts_per_file, args.seed, args.error_rate, args.years)
    print(f"{manifest['facts']} facts, {manifest['entities']} entities, {manifest['files']} fixture file(s), "
          f"{len(manifest['planted'])} planted error(s) in {manifest['seconds']} s -> {args.out}", file=sys.stderr)
    print(f"audit it: iij-audit check --rules {manifest['rules']} {manifest['fixtures']}", file=sys.stderr)


if __name__ == "__main__":
    main()
