#!/usr/bin/env python3
"""Extraction accuracy on corpora with ground truth, checked against floors.

    python benchmarks/corpus.py ../shared/corpus ../shared/corpus-web               # the figures
    python benchmarks/corpus.py ../shared/corpus ../shared/corpus-web --collapses   # and collapses
    python benchmarks/corpus.py ../shared/corpus ../shared/corpus-web --check       # exit 1 under a floor

For each corpus, runs ``newsarchive extract --manifest CORPUS/cases.jsonl``,
scores it with the corpus's scorer (``CORPUS/../eval/score.py``, or
``--scorer``) and counts the pages given no article ("refused": every page
of these corpora is an article).  ``--collapses`` also runs trafilatura on
the same pages (``bare_extraction``, as ``benchmarks/extract.py`` does) and
lists the collapses: pages where newsarchive's body F1 is under 0.5 and
trafilatura's at least 0.9.

``benchmarks/floors.json`` holds, for each corpus (by folder name), the
floors of its figures by source (``{source: {metric: minimum}}``, the
scorer's groups: "all" or a source) and the most pages it may refuse
(``max_refused``) or let collapse (``max_collapses``, checked with
``--collapses``).  The floors sit a little under what the project reaches,
so that a regression shows and a principled change that trades a little on
one corpus for much on the other can land; raise them when extraction
improves.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from extract import load_pages, trafilatura_extractor

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "floors.json"
#: A collapse: newsarchive's body F1 under this where trafilatura's is at least ``MAINSTREAM_SUCCEEDS``.
COLLAPSED = 0.5
MAINSTREAM_SUCCEEDS = 0.9


def extract(corpus: Path, out: Path) -> list[dict]:
    """newsarchive's output for every case of ``corpus``, also written to ``out``."""
    with out.open("w", encoding="utf-8") as stream:
        subprocess.run([sys.executable, "-m", "newsarchive.cli", "extract",
                        "--manifest", str(corpus / "cases.jsonl")], stdout=stream, check=True)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(corpus: Path, scorer: Path, preds: Path) -> dict:
    """The scorer's figures (it prints its table too)."""
    figures = preds.with_suffix(".figures.json")
    subprocess.run([sys.executable, str(scorer), str(corpus / "cases.jsonl"), str(preds),
                    "--json", str(figures)], check=True)
    return json.loads(figures.read_text(encoding="utf-8"))


def refused(outputs: list[dict]) -> list[str]:
    """``id: reason`` of the cases given no article."""
    return [f"{record['id']}: {record['error']}" for record in outputs if "error" in record]


def load_scorer(scorer: Path):
    spec = importlib.util.spec_from_file_location("corpus_scorer", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def collapses(corpus: Path, scorer: Path, outputs: list[dict]) -> list[str]:
    """The pages where newsarchive's body collapses and trafilatura's does
    not, as ``id: F1 newsarchive / trafilatura``."""
    body_prf = load_scorer(scorer).body_prf
    gold = {}
    with (corpus / "cases.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                case = json.loads(line)
                if "body" in case["gold"]:
                    gold[case["id"]] = case["gold"]
    ours = {record["id"]: record.get("body") or "" for record in outputs}
    theirs = trafilatura_extractor()

    def f1(case_gold: dict, text: str) -> float:
        precision, recall = body_prf(case_gold["body"], text, case_gold.get("summary", ""))
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    found = []
    for case_id, data, url in load_pages(corpus, None):
        if case_id not in gold:
            continue
        mine = f1(gold[case_id], ours.get(case_id, ""))
        if mine >= COLLAPSED:
            continue
        result = theirs(data, url)
        other = f1(gold[case_id], (result.text or "") if result is not None else "")
        if other >= MAINSTREAM_SUCCEEDS:
            found.append(f"{case_id}: body F1 {mine:.3f} / trafilatura {other:.3f}")
    return found


def below_floors(figures: dict, floors: dict) -> list[str]:
    """What misses its floor, as readable lines.  ``figures`` are the
    scorer's plus ``refused`` and ``collapses`` (counts; ``collapses`` only
    when measured); ``floors`` are ``{source: {metric: minimum}}`` with
    ``max_refused`` and ``max_collapses``."""
    problems = []
    for key, bound in floors.items():
        if key in ("max_refused", "max_collapses"):
            count = figures.get(key.removeprefix("max_"))
            if count is not None and count > bound:
                problems.append(f"{key.removeprefix('max_')}: {count} > at most {bound}")
            continue
        for metric, floor in bound.items():
            value = figures.get(key, {}).get(metric)
            if value is None or value < floor:
                shown = "missing" if value is None else f"{value:.3f}"
                problems.append(f"{key} {metric}: {shown} < floor {floor:.3f}")
    return problems


def measure(corpus: Path, scorer: Path, with_collapses: bool, tmp: Path) -> dict:
    """The figures of one corpus, printed as they come."""
    print(f"== {corpus.name}", flush=True)
    preds = tmp / f"{corpus.name}.jsonl"
    outputs = extract(corpus, preds)
    figures = score(corpus, scorer, preds)
    pages = refused(outputs)
    figures["refused"] = len(pages)
    print(f"refused: {len(pages)} of {len(outputs)}", *pages, sep="\n  ")
    if with_collapses:
        pages = collapses(corpus, scorer, outputs)
        figures["collapses"] = len(pages)
        print(f"collapses (body F1 < {COLLAPSED} where trafilatura's >= {MAINSTREAM_SUCCEEDS}): {len(pages)}",
              *pages, sep="\n  ")
    return figures


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", type=Path, nargs="+", help="folders with cases.jsonl and pages/")
    ap.add_argument("--scorer", type=Path, help="score.py (default: CORPUS/../eval/score.py)")
    ap.add_argument("--collapses", action="store_true",
                    help="run trafilatura on the same pages and list where newsarchive collapses and it does not")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure misses its floor")
    args = ap.parse_args(argv)
    scorers = {corpus: args.scorer or corpus / ".." / "eval" / "score.py" for corpus in args.corpora}
    for corpus, scorer in scorers.items():
        for path in (corpus / "cases.jsonl", scorer):
            if not path.is_file():
                ap.error(f"{path} not found")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for corpus, scorer in scorers.items():
            figures = measure(corpus, scorer, args.collapses, Path(tmp))
            name = corpus.resolve().name
            if name not in floors:
                problems.append(f"{name}: no floors in {FLOORS.name}")
                continue
            problems += [f"{name} {line}" for line in below_floors(figures, floors[name])]
    if not args.check:
        return 0
    for line in problems:
        print(f"REGRESSION {line}", file=sys.stderr)
    print("corpus floors: " + ("FAILED" if problems else "all met"), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
