"""The corpus of real minutes in tests/data/minutes: what a careful reader finds in each
file (`present`), and what the notes importer's reader gets from it (`extracted`).

The reader is run as the import page runs it: `extract_text` on the file's bytes, then
`parse_notes` on the text. A file the reader refuses counts as zero everywhere, and the
refusal's message is kept so that the measure can show it.

Counts the draft does not expose yet (substitutes, declarations) are taken from the draft
when it has them, so the floors can be raised as the reader learns them, without changing
this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tracker.imports.notes.reader import (
    APOLOGIES,
    PRESENT,
    NotesImportError,
    extract_text,
    parse_notes,
)

ROOT = Path(__file__).resolve().parents[2]
MINUTES = ROOT / "tests" / "data" / "minutes"
CORPUS = MINUTES / "corpus.yaml"

KEYS = (
    "items",
    "members_present",
    "apologies",
    "substitutes",
    "declarations",
    "resolutions",
    "actions",
)
ENTRY_FIELDS = ("file", "council", "committee", "meeting_date", "source", "system", "notes")


@dataclass
class Measure:
    counts: dict[str, int]
    refusal: str = ""  # the reader's message, if it refused the file


@dataclass
class Entry:
    file: str
    council: str
    committee: str
    meeting_date: str
    source: str
    system: str
    notes: str
    present: dict[str, int]
    extracted: dict[str, int] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return ROOT / self.file


def load_corpus(path: Path = CORPUS) -> list[Entry]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = []
    for raw in data["entries"]:
        entries.append(
            Entry(
                **{name: str(raw[name]) for name in ENTRY_FIELDS},
                present={key: int(raw["present"][key]) for key in KEYS},
                extracted={key: int(raw.get("extracted", {}).get(key, 0)) for key in KEYS},
            )
        )
    return entries


def measure_file(path: Path) -> Measure:
    """What the reader gets from one file, counted as the corpus counts it."""
    try:
        text = extract_text(path.name, path.read_bytes())
        draft = parse_notes(text)
    except NotesImportError as error:
        return Measure(counts=dict.fromkeys(KEYS, 0), refusal=str(error))
    return Measure(counts=count_draft(draft))


def count_draft(draft) -> dict[str, int]:
    attendance = list(getattr(draft, "attendance", []) or [])
    items = list(getattr(draft, "items", []) or [])
    return {
        "items": len(items),
        "members_present": sum(1 for person in attendance if _kind(person) == PRESENT),
        "apologies": sum(1 for person in attendance if _kind(person) == APOLOGIES),
        "substitutes": _substitutes(draft, attendance),
        "declarations": _listed(draft, items, "declarations"),
        "resolutions": sum(len(getattr(item, "resolutions", []) or []) for item in items),
        "actions": sum(len(getattr(item, "requests", []) or []) for item in items)
        + len(getattr(draft, "actions", []) or []),
    }


def _kind(person) -> str:
    return str(getattr(person, "kind", ""))


def _substitutes(draft, attendance) -> int:
    """A draft-level list of substitutes if the draft has one; else the attendees marked
    as substituting (a `substitute_for` name, or a "substitute" kind)."""
    listed = getattr(draft, "substitutes", None)
    if listed is not None:
        return len(listed)
    return sum(
        1
        for person in attendance
        if getattr(person, "substitute_for", "") or _kind(person) == "substitute"
    )


def _listed(draft, items, name: str) -> int:
    """The length of a draft-level list, or else the sum of the items' lists, by name."""
    listed = getattr(draft, name, None)
    if listed is not None:
        return len(listed)
    return sum(len(getattr(item, name, []) or []) for item in items)


def corpus_problems(entries: list[Entry]) -> list[str]:
    """Mistakes in the YAML itself: a missing file, or a floor above what is present."""
    problems = []
    seen = set()
    for entry in entries:
        if entry.file in seen:
            problems.append(f"{entry.file}: listed twice")
        seen.add(entry.file)
        if not entry.path.is_file():
            problems.append(f"{entry.file}: no such file")
        for key in KEYS:
            if entry.extracted[key] > entry.present[key]:
                problems.append(
                    f"{entry.file}: extracted {key} {entry.extracted[key]} is more than the "
                    f"{entry.present[key]} present"
                )
            if entry.present[key] < 0 or entry.extracted[key] < 0:
                problems.append(f"{entry.file}: {key} is negative")
    return problems


def shortfalls(entry: Entry, measure: Measure) -> list[str]:
    """The counts the reader now gets below the recorded floor."""
    found = []
    for key in KEYS:
        if measure.counts[key] < entry.extracted[key]:
            found.append(f"{key}: {measure.counts[key]} read, floor {entry.extracted[key]}")
    if found and measure.refusal:
        found.append(f"the reader refused the file: {measure.refusal}")
    return found


def raised_floors(entry: Entry, measure: Measure) -> dict[str, int]:
    """The floors after a measure: what the reader gets now, never above what is present
    (an over-read is no floor) and never below the floor already recorded."""
    return {
        key: max(entry.extracted[key], min(measure.counts[key], entry.present[key])) for key in KEYS
    }


def write_floors(path: Path, floors: dict[str, dict[str, int]]) -> int:
    """Rewrite each entry's one-line `extracted:` mapping, keeping the rest of the file
    (comments, order, wording) as it is."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    current = None
    changed = 0
    for index, line in enumerate(lines):
        match = re.match(r"\s*- file: (\S+)", line)
        if match:
            current = match.group(1)
            continue
        match = re.match(r"(\s*)extracted: \{", line)
        if match and current in floors:
            values = ", ".join(f"{key}: {floors[current][key]}" for key in KEYS)
            new = f"{match.group(1)}extracted: {{{values}}}\n"
            if new != line:
                lines[index] = new
                changed += 1
            current = None
    path.write_text("".join(lines), encoding="utf-8")
    return changed
