"""Finding who a name as written means: one matcher for the recording page and the notes
import (`committees.names.NameIndex`)."""

from __future__ import annotations

import pytest

from committees.names import NameIndex, bare_name

PEOPLE = [
    (1, "Jane Wood", ""),
    (2, "Charlotte Hodivala", "Hodiola, Charlotte Hodivalla"),
    (3, "Kath Scott", ""),
    (4, "Gareth Scott", ""),
    (5, "Sean O'Reilly", ""),
    (6, "Amir Khan", ""),
    (7, "Anne Khan", ""),
]
POSTS = [(10, "Cabinet Member for Children's Wellbeing"), (11, "Amir Khan")]


@pytest.fixture
def names() -> NameIndex:
    return NameIndex(PEOPLE, POSTS)


@pytest.mark.parametrize(
    "written, person",
    [
        ("Jane Wood", 1),
        ("  jane   WOOD ", 1),  # case and spacing
        ("Cllr Jane Wood", 1),  # titles
        ("Councillor Dr Jane Wood", 1),
        ("Cllr. Jane Wood.", 1),  # punctuation
        ("CllrJane Wood", 1),  # as pasted from a document
        ("Jane Wood (Chair)", 1),  # a role after the name
        ("Wood", 1),  # a surname only one person has
        ("Councillor Wood", 1),
        ("J Wood", 1),  # initials
        ("J. D. Wood", 1),
        ("Charlotte Hodiola", 2),  # a recorded spelling
        ("Charlotte Hodivalla", 2),
        ("Sean O’Reilly", 5),  # a curly apostrophe, as word processors write it
        ("Kath Scott", 3),
        ("K Scott", 3),
        ("Scott", None),  # two people are called Scott
        ("A Khan", None),  # and two Khans have the initial A
        ("Someone Unknown", None),
        ("", None),
    ],
)
def test_a_person_is_found_by_the_name_as_written(names, written, person):
    assert names.person(written) == person


def test_an_owner_is_a_post_by_its_title_before_a_person_by_their_name(names):
    assert names.owner("cabinet member for children’s wellbeing") == "post:10"
    assert names.owner("Amir Khan") == "post:11"  # a post's title comes first
    assert names.owner("Cllr Anne Khan") == "person:7"
    assert names.owner("Director of Nowhere") is None


def test_a_name_that_does_not_tell_people_apart_gives_all_it_could_mean(names):
    """So a page can say that a name names several people, not that it names nobody."""
    assert names.people("Scott") == {3, 4}
    assert names.people("A Khan") == {6, 7}
    assert names.people("Cllr Jane Wood (Chair)") == {1}
    assert names.people("Someone Unknown") == set()


@pytest.mark.parametrize(
    "written, bare",
    [
        ("Cllr  Jane Wood (Chair)", "Jane Wood"),
        ("Councillor Dr J. D. Stanley", "J. D. Stanley"),
        ("Jane Wood", "Jane Wood"),
    ],
)
def test_a_bare_name_drops_titles_and_a_role_and_keeps_the_rest(written, bare):
    assert bare_name(written) == bare
