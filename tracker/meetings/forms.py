"""Forms of the meeting pages: scheduling, the one-page record, and confirming notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Lower, Replace

from committees.dates import check_due_date, in_window, long_date, parse_date, window_text
from committees.models import (
    SCHEDULE_12A_PARAGRAPHS,
    ActionNotes,
    Attendance,
    Committee,
    Meeting,
    Person,
    Post,
)
from committees.names import TYPED, NameIndex, bare_name, name_key, title_key
from tracker.exported_text import validate_exported_text
from tracker.items.forms import GovukDateField
from tracker.models import InformationRequest

from .selectors import likely_named

# The one list (a datalist) of names that every box for a person or post on the recording
# page offers.
NAMES_LIST = "record-names"


def _name_box() -> forms.TextInput:
    return forms.TextInput(attrs={"list": NAMES_LIST, "autocomplete": "off"})


class ScheduleForm(forms.Form):
    dates = forms.CharField(
        label="Dates",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One date per line, for example 13 February 2019 or 13/02/2019. Each "
        "meeting gets its report deadline and the committee's standing items.",
        error_messages={"required": "Enter at least one date"},
    )
    start_time = forms.TimeField(
        label="Start time",
        initial=dt.time(10, 0),
        input_formats=["%H:%M", "%H.%M", "%H%M", "%I:%M%p", "%I%p", "%I.%M%p"],
        help_text="For example 10:00 or 2pm.",
        error_messages={"invalid": "Enter a time such as 10:00 or 2pm"},
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
    )
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=Meeting.Kind.choices,
        initial=Meeting.Kind.FORMAL,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
    )
    room = forms.CharField(label="Room", required=False, max_length=200)

    def clean_dates(self) -> list[dt.date]:
        days, wrong = [], []
        for line in self.cleaned_data["dates"].splitlines():
            if not line.strip():
                continue
            try:
                days.append(parse_date(line))
            except ValueError:
                wrong.append(line.strip())
        if wrong:
            raise ValidationError(
                "Enter each date as a real date, for example 13 February 2019. Not understood: "
                + "; ".join(wrong[:5])
            )
        if not days:
            raise ValidationError("Enter at least one date")
        outside = [day for day in days if not in_window(day)]
        if outside:
            raise ValidationError(
                f"Meetings are scheduled {window_text()}. Outside it: "
                + "; ".join(long_date(day) for day in outside[:5])
            )
        return days


class AddItemForm(forms.Form):
    title = forms.CharField(
        label="Title of the new item",
        max_length=300,
        error_messages={"required": "Enter the title of the item"},
    )
    description = forms.CharField(
        label="What the agenda says (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


ATTENDED = [("present", "Present"), ("apologies", "Apologies"), ("", "Not recorded")]


class MemberAttendanceForm(forms.Form):
    """One member of the committee: present, apologies or not recorded."""

    attended = forms.ChoiceField(
        choices=ATTENDED,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small govuk-radios--inline"}),
    )
    capacity = forms.CharField(label="Capacity", required=False, max_length=300)

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["attended"].label = person.name


class _TypedPersonForm(forms.Form):
    """A row that names one person by typing their name (`Names.one_person`)."""

    PERSON_LABEL = "Person"
    person = forms.CharField(
        required=False,
        max_length=200,
        help_text="Their name as the record holds it.",
        widget=_name_box(),
    )

    def __init__(self, *args, names: Names, current: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.names, self.current = names, current
        self.fields["person"].label = self.PERSON_LABEL

    def clean_person(self) -> int | None:
        return self.names.one_person(self.cleaned_data["person"], current=self.current)


class OtherAttendanceForm(_TypedPersonForm):
    """Someone who is not a member today: a substitute, or someone also present."""

    KINDS = [
        (Attendance.Kind.PRESENT, "Substitute member"),
        (Attendance.Kind.ALSO_PRESENT, "Also present"),
        (Attendance.Kind.APOLOGIES, "Apologies"),
    ]
    kind = forms.ChoiceField(label="As", choices=KINDS, initial=Attendance.Kind.ALSO_PRESENT)
    capacity = forms.CharField(label="Capacity", required=False, max_length=300)
    # The page offers the committee's members (and whoever the row already names).
    substitute_for = forms.ModelChoiceField(
        Person.objects.none(), label="In place of", required=False, empty_label="Nobody"
    )

    def clean(self):
        data = super().clean()
        if data.get("substitute_for") and data.get("kind") != Attendance.Kind.PRESENT:
            self.add_error("substitute_for", "Only a substitute member attends in place of someone")
        return data


class DeclarationForm(_TypedPersonForm):
    PERSON_LABEL = "Who declared"
    text = forms.CharField(
        label="Declaration",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("person") and not (data.get("text") or "").strip():
            self.add_error("text", "Enter what was declared")
        # A name typed that names nobody on record has said so already.
        named = data.get("person") or "person" in self.errors
        if (data.get("text") or "").strip() and not named:
            self.add_error("person", "Enter who made the declaration")
        return data


PARAGRAPH_CHOICES = [("", "Choose a paragraph")] + [
    (str(n), f"Paragraph {n} of Schedule 12A") for n in SCHEDULE_12A_PARAGRAPHS
]


def _squashed(name: str) -> str:
    """A name as the register's look-up compares it: lower case, no full stops or spaces."""
    return name.lower().replace(".", "").replace(" ", "")


class Names:
    """The posts and people the recording page offers, read once for the whole page, and
    how every name typed on it is read.

    The page writes them once, in one shared list (a datalist) that every box for a person
    or post offers, instead of a select on every row. It offers the names a committee's
    record is likely to use (`likely_named`), not the whole
    register.

    What was typed is read as `committees.names.NameIndex` reads a name (the notes import
    reads names the same way), over the names offered and those `look_up` found: by a post's
    title; by a person's full name or recorded spelling, titles ("Cllr"), a role in brackets,
    full stops, case and spacing aside; or by a surname only one of them has, or a surname
    and first initial. A name the page does not offer is looked for in the whole record by
    its full name or title, or by a recorded spelling; a surname alone, or a surname and
    initial, finds only someone the page offers.
    """

    # What one save may look up beyond the names offered: more than any page names.
    LOOK_UP_AT_MOST = 200

    def __init__(self, committee: Committee, day: dt.date) -> None:
        offered = likely_named(committee, day)
        self.posts = dict(offered.posts)
        self.people: dict[int, str] = {}
        self.spellings: dict[int, str] = {}
        self._add_people(offered.people)

    def _add_people(self, people: Iterable[tuple[int, str, str]]) -> None:
        for pk, name, spellings in people:
            self.people[pk], self.spellings[pk] = name, spellings
        self.index = NameIndex(
            [(pk, name, self.spellings[pk]) for pk, name in self.people.items()],
            self.posts.items(),
        )

    @staticmethod
    def choices(names: dict[int, str], empty: str) -> list[tuple[object, str]]:
        """A select's choices from these names, read already: a ModelChoiceField given
        them offers them without a query of its own, and still checks what is posted."""
        return [("", empty), *names.items()]

    def look_up(self, texts: Iterable[str]) -> None:
        """Read from the whole record the people and posts named by any of `texts` that the
        page does not offer: one query for each, and none when every name is offered.

        A person is looked for by their name without titles or a role in brackets, in any
        case, or by a recorded spelling of their surname; a post by its title in any case.
        Only those the typed names name are kept."""
        wanted: dict[str, str] = {}
        for text in texts:
            text = " ".join((text or "").split())
            offered = self.index.people(text) or self.index.posts(text)
            # A name with a null character is on no record (the form refuses it), and
            # PostgreSQL refuses to compare text with one.
            if 0 < len(text) <= 200 and "\x00" not in text and not offered:
                wanted.setdefault(title_key(text), text)
        if not wanted:
            return
        chosen = list(wanted.values())[: self.LOOK_UP_AT_MOST]
        # As typed on every database, and whatever the case where it can tell.
        titles = set(chosen) | {text.translate(TYPED) for text in chosen}
        names = {bare_name(text) for text in titles} - {""}
        surnames = {name_key(text).split()[-1] for text in chosen if name_key(text)}
        spelt = Q()
        for surname in surnames:
            spelt |= Q(other_spellings__icontains=surname)
        # Whatever the case, full stops or spaces ("J D Stanley" for "J. D. Stanley"): the
        # index then keeps only those a typed name names.
        squashed = Lower("name")
        for mark in (".", " "):
            squashed = Replace(squashed, Value(mark), Value(""))
        found = Person.objects.alias(key=squashed).filter(
            Q(name__in=names) | Q(key__in={_squashed(name) for name in names}) | spelt
        )
        found = list(found.values_list("pk", "name", "other_spellings"))
        # Kept only when a name typed names them, so no one else makes a name ambiguous.
        named = NameIndex([(pk, name, spellings) for pk, name, spellings in found])
        kept = set().union(*(named.people(text) for text in chosen))
        posts = Post.objects.alias(key=Lower("title")).filter(
            Q(title__in=titles) | Q(key__in={title.lower() for title in titles})
        )
        self.posts.update(posts.values_list("pk", "title"))
        self._add_people(row for row in found if row[0] in kept)

    def _narrowed(self, found: set[int], names: dict[int, str], text: str, current) -> list[int]:
        """`found` (those `text` could name), told apart when it holds several: by the one
        whose name is exactly as typed, then by the one the box named already (`current`)."""
        if len(found) > 1:
            typed = " ".join(text.split())
            found = {pk for pk in found if names[pk] == typed} or found
            kept = found & set(current)
            found = kept if len(kept) == 1 else found
        return sorted(found)

    def people_called(self, text: str, *, current: Iterable[int] = ()) -> list[int]:
        """The ids of those `text` names: one; none; or several it does not tell apart."""
        return self._narrowed(self.index.people(text), self.people, text, current)

    def one_person(self, text: str, *, current: int | None = None) -> int | None:
        """The one person `text` names; None for an empty box. Raises ValidationError,
        saying what was typed, when it names nobody on record or several people."""
        if not text.strip():
            return None
        found = self.people_called(text, current=[current] if current else [])
        if not found:
            raise ValidationError(
                f"Enter the name of a person on record: no one is called “{text.strip()}”"
            )
        if len(found) > 1:
            raise ValidationError(
                f"More than one person on record is called “{text.strip()}”: enter the "
                "name exactly as the record holds it"
            )
        return found[0]

    def owner(self, text: str) -> str | None:
        """ "post:<pk>" or "person:<pk>" for a post's title or a person's name; posts first,
        as `NameIndex.owner`. None when it names nothing on record; ValidationError when it
        names several."""
        posts = self._narrowed(self.index.posts(text), self.posts, text, ())
        found = [f"post:{pk}" for pk in posts] or [
            f"person:{pk}" for pk in self.people_called(text)
        ]
        if len(found) > 1:
            raise ValidationError(
                f"Responsible: more than one post or person on record is called "
                f"“{text.strip()}”: enter it exactly as the record holds it"
            )
        return found[0] if found else None

    def label(self, owner: str) -> str:
        kind, _, pk = owner.partition(":")
        names = self.posts if kind == "post" else self.people
        return names.get(int(pk), "") if pk.isdigit() else ""


class ItemForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300)
    presented_by = forms.CharField(
        label="Presented by",
        required=False,
        max_length=2000,
        help_text="Names as the record holds them; several separated by semicolons.",
        widget=_name_box(),
    )
    presenters_text = forms.CharField(
        label="Who attended for the item, as the notes put it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label="Notes of the discussion", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    resolutions = forms.CharField(
        label="Resolved",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One resolution per line.",
    )
    # The template draws "exempt" as a GOV.UK checkbox that reveals the paragraph and the
    # reason; an exempt item is made public by unticking it, with a reason and confirmation.
    exempt = forms.BooleanField(label="Exempt: taken in private (Schedule 12A)", required=False)
    paragraph = forms.ChoiceField(
        label="Paragraph of Schedule 12A", choices=PARAGRAPH_CHOICES, required=False
    )
    exemption_justification = forms.CharField(
        label="Why the public interest favours taking it in private",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Only for an exempt item: making it public is a decision with its own reason.
    declassification_reason = forms.CharField(
        label="Why it can now be published",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    confirm_declassify = forms.BooleanField(
        label="I confirm this item can now be published", required=False
    )

    def __init__(
        self, *args, is_exempt: bool = False, names: Names, presenters: Iterable[int] = (), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.is_exempt = is_exempt
        self.names = names
        self.presenters = list(presenters)  # as recorded: they tell apart names alike
        if not is_exempt:
            del self.fields["declassification_reason"], self.fields["confirm_declassify"]

    def clean_presented_by(self) -> list[int]:
        """The presenters' ids, in the order given; every name must be on record."""
        ids, unknown, several = [], [], []
        for name in self.cleaned_data["presented_by"].split(";"):
            if not name.strip():
                continue
            found = self.names.people_called(name, current=self.presenters)
            if not found:
                unknown.append(name.strip())
            elif len(found) > 1:
                several.append(name.strip())
            elif found[0] not in ids:
                ids.append(found[0])
        if unknown:
            raise ValidationError(
                "Presented by must name people on record: no one is called "
                + "; ".join(f"“{name}”" for name in unknown[:5])
            )
        if several:
            raise ValidationError(
                "Presented by: more than one person on record is called "
                + "; ".join(f"“{name}”" for name in several[:5])
                + ". Enter each name exactly as the record holds it"
            )
        return ids

    def clean(self):
        data = super().clean()
        exempt = bool(data.get("exempt"))
        if exempt and not data.get("paragraph"):
            self.add_error(
                "paragraph", "Choose the paragraph of Schedule 12A the item is exempt under"
            )
        decided_now = {"exempt", "paragraph", "exemption_justification"} & set(self.changed_data)
        justification = (data.get("exemption_justification") or "").strip()
        if exempt and decided_now and not justification:
            self.add_error(
                "exemption_justification",
                "Say why the public interest favours taking this item in private",
            )
        if self.is_exempt and "exempt" in data and not exempt:
            if not (data.get("declassification_reason") or "").strip():
                self.add_error(
                    "declassification_reason",
                    "Say why this exempt item can now be published, or keep it exempt",
                )
            if not data.get("confirm_declassify"):
                self.add_error(
                    "confirm_declassify",
                    "Confirm this item can now be published, or keep it exempt",
                )
        return data

    @property
    def exempt_paragraph(self) -> int | None:
        """The paragraph the item is exempt under, or None for a public item."""
        if not self.cleaned_data.get("exempt"):
            return None
        return int(self.cleaned_data["paragraph"])

    @property
    def declassification_reason_given(self) -> str:
        return (self.cleaned_data.get("declassification_reason") or "").strip()

    @property
    def resolution_texts(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["resolutions"].splitlines() if line.strip()
        ]


class NewRequestForm(forms.Form):
    """A request or action arising from an item; left empty, it is ignored."""

    text = forms.CharField(
        label="Information requested or action",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_exported_text],
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=InformationRequest.Kind.choices,
        initial=InformationRequest.Kind.INFORMATION,
    )
    owner = forms.CharField(
        label="Responsible",
        required=False,
        max_length=300,
        widget=_name_box(),
    )
    due_date = GovukDateField(
        label="Due date",
        required=False,
        help_text="Left empty: the next meeting's report deadline.",
    )

    def __init__(self, *args, names: Names, default_owner: str = "", meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names
        self.meeting = meeting
        label = names.label(default_owner) if default_owner else ""
        if not label:
            hint = "A post or a person."
        elif default_owner.startswith("post:"):
            hint = f"A post or a person. Left empty: {label}, the presenter's post."
        else:
            hint = f"A post or a person. Left empty: {label}, who presented the item."
        self.fields["owner"].help_text = hint

    def clean_owner(self) -> str:
        """ "post:<pk>", "person:<pk>", or "" when left to the item's presenter."""
        text = self.cleaned_data["owner"].strip()
        if not text:
            return ""
        owner = self.names.owner(text)
        if owner is None:
            raise ValidationError(
                f"Responsible must be a post or person on record: “{text}” is not"
            )
        return owner

    def clean_due_date(self):
        due_date = self.cleaned_data.get("due_date")
        if self.meeting is not None:
            check_due_date(due_date, anchor=self.meeting.date, anchor_text="the meeting")
        return due_date

    def has_text(self) -> bool:
        return bool((self.cleaned_data.get("text") or "").strip())

    @property
    def due_date_parts(self) -> list:
        """The due date's day, month and year as typed, or as stored, for the page."""
        field = self["due_date"]
        value = field.value()
        if isinstance(value, list):
            return value
        return field.field.widget.decompress(value)

    def owner_fields(self) -> dict:
        kind, _, pk = self.cleaned_data["owner"].partition(":")
        if kind == "post":
            return {"owner_post": Post.objects.get(pk=pk), "owner_person": None}
        return {"owner_post": None, "owner_person": Person.objects.get(pk=pk)}


class ConfirmNotesForm(forms.Form):
    notes = forms.ModelChoiceField(
        ActionNotes.objects.none(),
        label="Notes to confirm",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the notes the committee confirmed"},
    )
    amendments = forms.CharField(
        label="Amendments (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave empty if the notes were confirmed as they stand.",
    )

    def __init__(self, *args, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].queryset = drafts
        self.fields["notes"].label_from_instance = lambda n: (
            f"{n.get_part_display()} notes of {long_date(n.meeting.date)}"
        )


# -- changing a meeting -----------------------------------------------------------------------

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%I:%M%p", "%I%p", "%I.%M%p"]


def reason_field(label: str = "Reason") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=300,
        help_text="Kept in the meeting's history with your name.",
        error_messages={"required": "Say why, for the record"},
    )


class MeetingMoveForm(forms.Form):
    date = GovukDateField(
        label="New date",
        help_text="For example 13 2 2019. The report deadline is worked out again from it.",
        error_messages={"required": "Enter the new date of the meeting"},
    )
    start_time = forms.TimeField(
        label="Start time",
        input_formats=TIME_FORMATS,
        help_text="For example 10:00 or 2pm.",
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter a time such as 10:00 or 2pm",
        },
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
    )
    room = forms.CharField(label="Venue", required=False, max_length=200)
    reason = reason_field("Why it moves")


class MeetingCancelForm(forms.Form):
    reason = reason_field("Why it is cancelled")


class MeetingKindForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )
    reason = reason_field()


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Meeting.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status of the meeting"},
    )
    reason = reason_field()


class SubstituteForm(forms.Form):
    person = forms.ModelChoiceField(
        Person.objects.filter(is_councillor=True),
        label="Substitute",
        empty_label="Choose a councillor",
        error_messages={"required": "Choose the councillor who substitutes"},
    )
    substitute_for = forms.ModelChoiceField(
        Person.objects.none(),
        label="In place of",
        empty_label="Choose a member",
        error_messages={"required": "Choose the member they stand in for"},
    )
    reason = reason_field()

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute_for"].queryset = members
