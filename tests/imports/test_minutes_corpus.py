"""The corpus of real minutes (tests/data/minutes): the notes importer's reader must keep
reading at least what it reads today from every council's minutes, and the corpus must
never claim a floor above what the minutes hold.

Each file goes through the reader as the import page sends it (`extract_text`, then
`parse_notes`); a refused file counts as zero everywhere. To raise the floors after the
reader improves: `.venv/bin/python scripts/measure_minutes_corpus.py --write`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support.minutes_corpus import (
    KEYS,
    Measure,
    corpus_problems,
    count_draft,
    load_corpus,
    measure_file,
    raised_floors,
    shortfalls,
    write_floors,
)
from tracker.imports.notes.reader import APOLOGIES, PRESENT, Attendee, DraftItem, NotesDraft

ENTRIES = load_corpus()


def test_the_corpus_covers_at_least_twelve_councils_besides_the_seeds():
    councils = {entry.council for entry in ENTRIES}
    assert "Birmingham City Council" in councils
    assert len(councils - {"Birmingham City Council"}) >= 12
    seeds = [entry for entry in ENTRIES if entry.file.startswith("tests/data/action_notes/")]
    assert len(seeds) == 3


def test_every_entry_names_its_source_and_every_floor_is_within_what_is_present():
    assert corpus_problems(ENTRIES) == []
    for entry in ENTRIES:
        assert entry.source.strip(), entry.file
        assert entry.system.strip(), entry.file


def test_every_minutes_file_in_the_folder_is_in_the_corpus():
    listed = {Path(entry.file).name for entry in ENTRIES}
    folder = Path(__file__).parents[1] / "data" / "minutes"
    assert {path.name for path in folder.glob("*.txt")} <= listed


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: Path(entry.file).stem)
def test_the_reader_reads_at_least_the_recorded_floor(entry):
    measure = measure_file(entry.path)
    assert shortfalls(entry, measure) == [], measure.refusal


# -- the counting itself ------------------------------------------------------------------


def test_a_floor_above_what_is_present_is_a_mistake(tmp_path):
    source = tmp_path / "minutes.txt"
    source.write_text("1. APOLOGIES\n\nNone.\n", encoding="utf-8")
    entry = {
        "file": str(source),  # absolute: it stays so under the repository's root
        "council": "A council",
        "committee": "A committee",
        "meeting_date": "2024-01-01",
        "source": "https://example.org/minutes",
        "system": "committee system",
        "notes": "",
        "present": {**dict.fromkeys(KEYS, 0), "items": 1},
        "extracted": {**dict.fromkeys(KEYS, 0), "items": 2},
    }
    corpus = tmp_path / "corpus.yaml"
    corpus.write_text(yaml.safe_dump({"entries": [entry]}), encoding="utf-8")
    problems = corpus_problems(load_corpus(corpus))
    assert problems == [f"{source}: extracted items 2 is more than the 1 present"]


def test_a_reading_below_the_floor_fails_and_names_the_refusal():
    entry = ENTRIES[0]
    refused = Measure(counts=dict.fromkeys(KEYS, 0), refusal="No numbered items were found.")
    found = shortfalls(entry, refused)
    assert f"items: 0 read, floor {entry.extracted['items']}" in found
    assert found[-1] == "the reader refused the file: No numbered items were found."


def test_the_counts_come_from_the_draft_and_pick_up_fields_it_does_not_have_yet():
    items = [
        DraftItem(number=1, title="Apologies"),
        DraftItem(number=2, title="Minutes", resolutions=["That the minutes be approved."]),
    ]
    attendance = [
        Attendee(kind=PRESENT, name="A Member"),
        Attendee(kind=PRESENT, name="B Member"),
        Attendee(kind=APOLOGIES, name="C Member"),
    ]
    draft = NotesDraft(meeting_date=None, attendance=attendance, items=items)
    assert count_draft(draft) == {
        "items": 2,
        "members_present": 2,
        "apologies": 1,
        "substitutes": 0,
        "declarations": 0,
        "resolutions": 1,
        "actions": 0,
    }
    # A reader that learns declarations and substitutes is counted without a change here.
    draft.declarations = ["B Member, item 2, a personal interest"]
    draft.substitutes = ["B Member for D Member"]
    counts = count_draft(draft)
    assert (counts["declarations"], counts["substitutes"]) == (1, 1)


def test_raising_the_floors_keeps_the_file_and_never_goes_above_present_or_down(tmp_path):
    source = tmp_path / "minutes.txt"
    source.write_text("1. APOLOGIES\n\nNone.\n", encoding="utf-8")
    corpus = tmp_path / "corpus.yaml"

    def counts(**given):
        return "{" + ", ".join(f"{key}: {given.get(key, 0)}" for key in KEYS) + "}"

    corpus.write_text(
        "# how the counts were made\n"
        "entries:\n"
        f"  - file: {source}\n"
        "    council: A council\n    committee: A committee\n    meeting_date: 2024-01-01\n"
        "    source: https://example.org/minutes\n    system: committee system\n"
        "    notes: >-\n      counted by hand\n"
        f"    present: {counts(items=3, actions=2)}\n"
        f"    extracted: {counts(actions=2)}\n",
        encoding="utf-8",
    )
    (entry,) = load_corpus(corpus)
    read = Measure(counts={**dict.fromkeys(KEYS, 0), "items": 5, "resolutions": 1})
    floors = raised_floors(entry, read)
    # Five items read where three are present: an over-read, so the floor is three. The
    # resolution read is not present at all: no floor. Actions read 0: the floor stays 2.
    assert (floors["items"], floors["resolutions"], floors["actions"]) == (3, 0, 2)

    assert write_floors(corpus, {entry.file: floors}) == 1
    text = corpus.read_text(encoding="utf-8")
    assert text.startswith("# how the counts were made\n")
    assert "counted by hand" in text
    (rewritten,) = load_corpus(corpus)
    assert rewritten.extracted == floors
    assert rewritten.present == entry.present
