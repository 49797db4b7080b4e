"""Measure the corpus of real minutes: what a careful reader finds in each file against
what the notes importer's reader gets from it today.

    .venv/bin/python scripts/measure_minutes_corpus.py           # the table and totals
    .venv/bin/python scripts/measure_minutes_corpus.py --write   # and raise the floors

With --write, each entry's `extracted` floor in tests/data/minutes/corpus.yaml becomes what
the reader gets now, never more than `present` (a count above what is present is an
over-read, shown with "!", and is not a floor). A floor is only ever raised: a reader that
got worse is for tests/imports/test_minutes_corpus.py to catch, not for this script to hide.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from tests.support.minutes_corpus import (  # noqa: E402
    CORPUS,
    KEYS,
    corpus_problems,
    load_corpus,
    measure_file,
    raised_floors,
    write_floors,
)

SHORT = {
    "items": "items",
    "members_present": "present",
    "apologies": "apol",
    "substitutes": "subs",
    "declarations": "decl",
    "resolutions": "resol",
    "actions": "actions",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="raise the floors in corpus.yaml")
    args = parser.parse_args(argv)

    entries = load_corpus()
    problems = corpus_problems(entries)
    if problems:
        print("corpus.yaml has mistakes:", *problems, sep="\n  ")
        return 1

    width = max(len(Path(entry.file).name) for entry in entries)
    header = " ".join(f"{SHORT[key]:>13}" for key in KEYS)
    print(f"{'file':<{width}} {header}")
    print(f"{'':<{width}} {'(read/present)':>13}")
    totals = {key: [0, 0] for key in KEYS}
    floors = {}
    refusals = []
    for entry in entries:
        measure = measure_file(entry.path)
        cells = []
        for key in KEYS:
            read, present = measure.counts[key], entry.present[key]
            totals[key][0] += min(read, present)
            totals[key][1] += present
            mark = "!" if read > present else " "
            cells.append(f"{read:>5}/{present:<6}{mark}")
        print(f"{Path(entry.file).name:<{width}} {' '.join(cells)}")
        if measure.refusal:
            refusals.append(f"{Path(entry.file).name}: {measure.refusal}")
        floors[entry.file] = raised_floors(entry, measure)
    cells = [f"{totals[key][0]:>5}/{totals[key][1]:<6} " for key in KEYS]
    print(f"{'total (read, at most present)':<{width}} {' '.join(cells)}")
    print('"!": the reader gets more than is present (an over-read; not a floor).')
    if refusals:
        print(f"\nRefused by the reader ({len(refusals)} of {len(entries)}):")
        for line in refusals:
            print(f"  {line}")
    if args.write:
        changed = write_floors(CORPUS, floors)
        print(f"\n{changed} floor(s) raised in {CORPUS.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
