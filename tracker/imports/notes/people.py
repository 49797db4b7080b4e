"""Matching the names the notes write to the people on record."""

from __future__ import annotations

import re
from collections.abc import Iterable

from committees.models import Person

from .reader import PARENTHESIS, strip_honorific


def normalise_name(name: str) -> str:
    name = strip_honorific(PARENTHESIS.sub("", name or ""))
    name = name.replace("’", "'").replace("‘", "'").replace("–", "-")
    return re.sub(r"\s+", " ", name).strip().casefold()


class PersonIndex:
    """Finds the person on record that a name as written means.

    A full name or one of its recorded spellings ("Charlotte Hodiola" is Charlotte
    Hodivala) is a match; so is a surname that only one person on record has ("Councillor
    Wood"), or a surname and first initial.
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self.people: dict[int, Person] = {}
        self.by_name: dict[str, set[int]] = {}
        self.by_surname: dict[str, set[int]] = {}
        for person in people:
            self.people[person.pk] = person
            for full, surname in self._variants(person):
                self.by_name.setdefault(full, set()).add(person.pk)
                self.by_surname.setdefault(surname, set()).add(person.pk)

    @classmethod
    def load(cls) -> PersonIndex:
        return cls(Person.objects.only("pk", "name", "other_spellings", "is_councillor"))

    @staticmethod
    def _variants(person: Person) -> list[tuple[str, str]]:
        name = normalise_name(person.name)
        words = name.split()
        variants = [(name, words[-1] if words else name)]
        for spelling in (person.other_spellings or "").split(","):
            spelling = normalise_name(spelling)
            if not spelling:
                continue
            if " " in spelling:
                variants.append((spelling, spelling.split()[-1]))
            else:  # a surname spelt another way
                variants.append((" ".join([*words[:-1], spelling]), spelling))
        return variants

    def match(self, written: str) -> Person | None:
        name = normalise_name(written)
        if not name:
            return None
        found = self.by_name.get(name, set())
        words = name.split()
        if not found and words:
            by_surname = self.by_surname.get(words[-1], set())
            if len(words) == 1:
                found = by_surname
            else:
                found = {
                    pk
                    for pk in by_surname
                    if normalise_name(self.people[pk].name)[:1] == words[0][:1]
                }
        return self.people[next(iter(found))] if len(found) == 1 else None
