#!/usr/bin/env python3
"""Extraction accuracy on a corpus with ground truth, checked against floors.

    python benchmarks/corpus.py ../shared/corpus            # print the figures
    python benchmarks/corpus.py ../shared/corpus --check    # exit 1 under a floor

Runs ``newsarchive extract --manifest CORPUS/cases.jsonl`` and scores it with
the corpus's scorer (``CORPUS/../eval/score.py``, or ``--scorer``).  The
floors in ``benchmarks/floors.json`` sit a little under what the project
reaches, so that a regression shows; raise them when extraction improves.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "floors.json"


def score(corpus: Path, scorer: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        preds, figures = Path(tmp) / "preds.jsonl", Path(tmp) / "figures.json"
        with preds.open("w", encoding="utf-8") as out:
            subprocess.run([sys.executable, "-m", "newsarchive.cli", "extract",
                            "--manifest", str(corpus / "cases.jsonl")], stdout=out, check=True)
        subprocess.run([sys.executable, str(scorer), str(corpus / "cases.jsonl"), str(preds),
                        "--json", str(figures)], check=True)
        return json.loads(figures.read_text(encoding="utf-8"))


def below_floors(figures: dict, floors: dict) -> list[str]:
    """The figures under their floor, as readable lines; floors are
    ``{source: {metric: minimum}}``."""
    problems = []
    for source, metrics in floors.items():
        for metric, floor in metrics.items():
            value = figures.get(source, {}).get(metric)
            if value is None or value < floor:
                shown = "missing" if value is None else f"{value:.3f}"
                problems.append(f"{source} {metric}: {shown} < floor {floor:.3f}")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="folder with cases.jsonl and pages/")
    ap.add_argument("--scorer", type=Path, help="score.py (default: CORPUS/../eval/score.py)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is under its floor")
    args = ap.parse_args(argv)
    scorer = args.scorer or args.corpus / ".." / "eval" / "score.py"
    for path in (args.corpus / "cases.jsonl", scorer):
        if not path.is_file():
            ap.error(f"{path} not found")
    figures = score(args.corpus, scorer)
    if not args.check:
        return 0
    problems = below_floors(figures, json.loads(FLOORS.read_text(encoding="utf-8")))
    for line in problems:
        print(f"REGRESSION {line}", file=sys.stderr)
    print("corpus floors: " + ("FAILED" if problems else "all met"), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
