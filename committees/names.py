"""Reading a person's name or a post's title as someone wrote it, defined once.

The recording page reads the names typed into it, the notes import the names the notes
write; both find who is meant with `NameIndex`. It needs no database and no Django: it is
given the people and posts (`committees.services.names_on_record` reads them), so the
notes reader can use the same rules for the names it finds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HONORIFIC = re.compile(
    r"^(?:the\s+)?(?:councillors?|cllrs?\.?|professor|prof\.?|dr\.?|mr\.?|mrs\.?|ms\.?|"
    r"miss|sir|dame)\s+",
    re.I,
)
# A role written after a name: "Cllr Charlotte Hodivala (Chair)".
PARENTHESIS = re.compile(r"\s*\(([^)]*)\)\s*$")
# Curly quotes and dashes as word processors write them, as typed.
TYPED = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


def strip_honorific(name: str) -> str:
    """The name without the titles in front of it: "Cllr Dr Jane Wood" is "Jane Wood"."""
    name = re.sub(r"^Cllrs?\.?(?=[A-Z][a-z])", "", name)  # "CllrGary Harding", as pasted
    previous = None
    while previous != name:
        previous, name = name, HONORIFIC.sub("", name).strip()
    return name


def title_key(text: str) -> str:
    """A post's title or a name for comparing: case, spacing, quotes and dashes aside."""
    return re.sub(r"\s+", " ", (text or "").translate(TYPED)).strip().casefold()


def bare_name(name: str) -> str:
    """A name as written, without the titles before it, a role in brackets after it or
    extra spaces: "Cllr  Jane Wood (Chair)" is "Jane Wood"."""
    return " ".join(strip_honorific(PARENTHESIS.sub("", name or "").strip()).split())


def name_key(name: str) -> str:
    """A person's name for comparing: `title_key` without titles ("Cllr", "Dr"), a role in
    brackets after it, or full stops and commas ("J. D. Stanley" is "j d stanley")."""
    name = bare_name((name or "").translate(TYPED))
    return title_key(re.sub(r"[.,]", " ", name))


class NameIndex:
    """Finds the person or post on record that a name as written means, or None when
    nobody is, or when more than one could be.

    A person is found by their full name or one of their recorded spellings ("Charlotte
    Hodiola" is Charlotte Hodivala), with or without titles, in any case; failing that, by a
    surname only one person on record has ("Councillor Wood"), or by a surname and first
    initial ("J Stanley", "J. D. Stanley"). A post is found by its title.
    """

    def __init__(
        self,
        people: Iterable[tuple[int, str, str]],
        posts: Iterable[tuple[int, str]] = (),
    ) -> None:
        """`people` as (pk, name, other spellings separated by commas); `posts` as
        (pk, title)."""
        self.initials: dict[int, str] = {}
        self.by_name: dict[str, set[int]] = {}
        self.by_surname: dict[str, set[int]] = {}
        for pk, name, spellings in people:
            key = name_key(name)
            self.initials[pk] = key[:1]
            for full, surname in self._variants(key, spellings):
                self.by_name.setdefault(full, set()).add(pk)
                self.by_surname.setdefault(surname, set()).add(pk)
        self.by_title: dict[str, set[int]] = {}
        for pk, title in posts:
            self.by_title.setdefault(title_key(title), set()).add(pk)

    @staticmethod
    def _variants(name: str, spellings: str) -> list[tuple[str, str]]:
        words = name.split()
        variants = [(name, words[-1] if words else name)]
        for spelling in (spellings or "").split(","):
            spelling = name_key(spelling)
            if not spelling:
                continue
            if " " in spelling:
                variants.append((spelling, spelling.split()[-1]))
            else:  # a surname spelt another way
                variants.append((" ".join([*words[:-1], spelling]), spelling))
        return variants

    def people(self, written: str) -> set[int]:
        """The ids of everyone `written` could name: those of that full name or spelling;
        failing that, those of that surname (and first initial, when one is given). Empty
        when it names nobody; more than one when it does not tell them apart."""
        name = name_key(written)
        if not name:
            return set()
        found = self.by_name.get(name, set())
        words = name.split()
        if not found:
            by_surname = self.by_surname.get(words[-1], set())
            if len(words) == 1:
                found = by_surname
            else:
                found = {pk for pk in by_surname if self.initials[pk] == words[0][:1]}
        return set(found)

    def person(self, written: str) -> int | None:
        """The id of the person `written` names."""
        found = self.people(written)
        return next(iter(found)) if len(found) == 1 else None

    def posts(self, written: str) -> set[int]:
        """The ids of the posts whose title `written` is: more than one when titles differ
        only in case or spacing."""
        return set(self.by_title.get(title_key(written), set()))

    def post(self, written: str) -> int | None:
        """The id of the post whose title `written` is."""
        found = self.posts(written)
        return next(iter(found)) if len(found) == 1 else None

    def owner(self, written: str) -> str | None:
        """ "post:<pk>" or "person:<pk>" for a post's title or a person's name; a post's
        title first, as posts outlast their holders."""
        post = self.post(written)
        if post is not None:
            return f"post:{post}"
        person = self.person(written)
        return f"person:{person}" if person is not None else None
