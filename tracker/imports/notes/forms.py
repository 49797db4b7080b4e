"""Forms for importing action notes: the upload or paste, and the review of the draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from committees.dates import check_due_date
from committees.models import SCHEDULE_12A_PARAGRAPHS, Attendance, Person, Post
from tracker.exported_text import validate_exported_text
from tracker.items.forms import GovukDateField
from tracker.models import InformationRequest
from tracker.uploads import UploadLimits, size_text

from .reader import INTEREST_LABELS, NotesImportError, extract_text, parse_notes
from .services import (
    ReviewAttendee,
    ReviewDeclaration,
    ReviewDraft,
    ReviewItem,
    ReviewRequest,
    ReviewResolution,
)


class GovukFileInput(forms.FileInput):
    template_name = "tracker/imports/notes/notes_import_file_input.html"


class NotesUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the action notes",
        required=False,
        widget=GovukFileInput(attrs={"accept": ".docx,.pdf,.txt"}),
    )
    text = forms.CharField(
        label="Or paste the text of the action notes",
        help_text="Copy the notes from the document, from the heading to the last item.",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def __init__(self, *args, limits: UploadLimits | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits or UploadLimits.from_settings()
        size = size_text(self.limits.document_bytes)
        self.fields[
            "file"
        ].help_text = f"A Word document (.docx), a PDF or a text file (.txt), up to {size}."
        characters = self.limits.characters
        text = self.fields["text"]
        text.help_text += f" At most {characters:,} characters."
        text.max_length = characters
        text.validators.append(MaxLengthValidator(characters))
        # No maxlength on the box: a browser would cut a longer paste without a word, and
        # the notes read would lose their end. The limit is checked here, saying so.
        text.error_messages["max_length"] = (
            f"The text has more than {characters:,} characters: the limit is {characters:,}. "
            "Paste the notes of one meeting at a time"
        )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = cleaned.get("text") or ""
        if self.errors:
            return cleaned
        if upload and text.strip():
            raise ValidationError("Upload a file or paste the text, not both")
        if not upload and not text.strip():
            self.add_error("file", "Choose a file to upload, or paste the text of the notes")
            return cleaned
        source_field = "file" if upload else "text"
        try:
            if upload:
                if upload.size > self.limits.document_bytes:  # refused before it is read
                    size = size_text(self.limits.document_bytes)
                    raise NotesImportError(
                        f"The file is larger than {size}: the limit is {size}. Upload only "
                        "the action notes, or paste their text"
                    )
                text = extract_text(upload.name, upload.read(), limits=self.limits)
            cleaned["draft"] = parse_notes(text, limits=self.limits)
        except NotesImportError as error:
            self.add_error(source_field, str(error))
            return cleaned
        cleaned["source"] = upload.name if upload else "pasted text"
        return cleaned


# -- the review ---------------------------------------------------------------------------

PARAGRAPH_CHOICES = [("", "Choose a paragraph")] + [
    (str(number), f"Paragraph {number}: {text}") for number, text in SCHEDULE_12A_PARAGRAPHS.items()
]


class ItemForm(forms.Form):
    number = forms.IntegerField(
        label="Item number",
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the item number as a whole number, like 6"},
    )
    title = forms.CharField(label="Title", required=False, max_length=300)
    presenters_text = forms.CharField(
        label="Who attended for the item (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label="Notes of the discussion", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    is_exempt = forms.BooleanField(label="Taken in private (exempt item)", required=False)
    exempt_paragraph = forms.TypedChoiceField(
        label="Paragraph of Schedule 12A",
        choices=PARAGRAPH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    exemption_justification = forms.CharField(
        label="Why it was taken in private",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    leave_out = forms.BooleanField(label="Leave this item out", required=False)
    merge_into_standing = forms.BooleanField(
        label="Merge it into the meeting's standing item with this number",
        help_text="Otherwise it is added as a new item after the meeting's items.",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("leave_out") or self.errors:
            return cleaned
        blank = not (cleaned.get("title") or "").strip() and not (cleaned.get("notes") or "")
        if blank:
            return cleaned
        if cleaned.get("number") is None:
            self.add_error("number", "Enter the item number")
        if not (cleaned.get("title") or "").strip():
            self.add_error("title", "Enter the item's title, or leave the item out")
        if cleaned.get("is_exempt") and not self.fields["is_exempt"].disabled:
            if not cleaned.get("exempt_paragraph"):
                self.add_error(
                    "exempt_paragraph",
                    "Choose the paragraph of Schedule 12A the item is exempt under",
                )
            if not (cleaned.get("exemption_justification") or "").strip():
                self.add_error(
                    "exemption_justification",
                    "Say why the public interest favours taking this item in private",
                )
        return cleaned


class ResolutionForm(forms.Form):
    text = forms.CharField(
        label="Resolution", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    leave_out = forms.BooleanField(label="Leave this resolution out", required=False)


class RequestForm(forms.Form):
    text = forms.CharField(
        label="What was requested",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_exported_text],
    )
    kind = forms.ChoiceField(label="Kind", choices=InformationRequest.Kind.choices)
    owner = forms.ChoiceField(label="Owner", required=False)
    responsibility = forms.CharField(
        label="Owner as the notes name them (optional)", required=False, max_length=300
    )
    due_date = GovukDateField(label="Due date", required=False)
    resolution_index = forms.IntegerField(required=False, widget=forms.HiddenInput)
    leave_out = forms.BooleanField(label="Leave this request out", required=False)

    def __init__(
        self,
        *args,
        owner_choices: list,
        needs_due_date: bool,
        meeting_date: dt.date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owner_choices
        self.needs_due_date = needs_due_date
        self.meeting_date = meeting_date
        if needs_due_date:
            self.fields[
                "due_date"
            ].help_text = "No later meeting is scheduled yet, so give the date it is due."
        else:
            self.fields[
                "due_date"
            ].help_text = (
                "The report deadline of the committee's next meeting unless you change it."
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("leave_out") or not (cleaned.get("text") or "").strip():
            return cleaned
        if self.needs_due_date and not cleaned.get("due_date") and "due_date" not in self.errors:
            self.add_error("due_date", "Enter the date the request is due")
        if self.meeting_date and cleaned.get("due_date"):
            try:
                check_due_date(
                    cleaned["due_date"], anchor=self.meeting_date, anchor_text="the meeting"
                )
            except ValidationError as error:
                self.add_error("due_date", error)
        return cleaned


class AttendeeForm(forms.Form):
    name_as_written = forms.CharField(required=False, widget=forms.HiddenInput)
    person = forms.ChoiceField(label="Person", required=False)
    kind = forms.ChoiceField(label="Recorded as", choices=Attendance.Kind.choices)
    capacity = forms.CharField(label="Capacity (optional)", required=False, max_length=300)
    note = forms.CharField(label="Note (optional)", required=False, max_length=300)
    substitute_for = forms.ChoiceField(label="Substitute for", required=False)
    leave_out = forms.BooleanField(label="Leave out", required=False)

    def __init__(self, *args, person_choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = person_choices
        self.fields["substitute_for"].choices = [("", "Not a substitute"), *person_choices[1:]]

    def clean(self):
        cleaned = super().clean()
        added_blank = not cleaned.get("name_as_written") and not cleaned.get("person")
        if not cleaned.get("leave_out") and not cleaned.get("person") and not added_blank:
            self.add_error("person", "Choose who this is, or leave them out")
        return cleaned


class DeclarationForm(forms.Form):
    person = forms.ChoiceField(label="Person", required=False)
    item_number = forms.IntegerField(
        label="Item",
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the item number as a whole number, like 6"},
    )
    interest = forms.ChoiceField(label="Interest", choices=list(INTEREST_LABELS.items()))
    text = forms.CharField(label="Declaration", required=False, widget=forms.Textarea({"rows": 2}))
    leave_out = forms.BooleanField(label="Leave out", required=False)

    def __init__(self, *args, person_choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = person_choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("leave_out") or self.errors:
            return cleaned
        if not cleaned.get("person"):
            self.add_error("person", "Choose who made this declaration, or leave it out")
        if not (cleaned.get("text") or "").strip():
            self.add_error("text", "Enter the declaration, or leave it out")
        return cleaned


class ConfirmForm(forms.Form):
    other_date = forms.BooleanField(
        label="I have checked: these are the notes of this meeting", required=False
    )

    def __init__(self, *args, dates_differ: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.dates_differ = dates_differ
        if not dates_differ:
            del self.fields["other_date"]


ItemFormSet = forms.formset_factory(ItemForm, extra=0)
ResolutionFormSet = forms.formset_factory(ResolutionForm, extra=0)
RequestFormSet = forms.formset_factory(RequestForm, extra=0)
AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=0)
DeclarationFormSet = forms.formset_factory(DeclarationForm, extra=0)


@dataclass
class ItemSection:
    """What the review page shows of one item: its form, its parts and the warnings."""

    index: int
    draft: ReviewItem
    form: ItemForm
    resolutions: list[tuple[ResolutionForm, ReviewResolution]]
    requests: list[tuple[RequestForm, ReviewRequest]]
    warnings: list[str] = field(default_factory=list)


class DraftReview:
    """Every formset of the review page, built from the draft and, on a POST, the data.

    The draft in the session fixes how many items, resolutions and requests there are;
    the posted values correct them. `cleaned_draft` is the corrected draft.
    """

    def __init__(
        self,
        draft: ReviewDraft,
        *,
        default_due: dt.date | None,
        dates_differ: bool,
        data=None,
        meeting_date: dt.date | None = None,
    ) -> None:
        self.draft = draft
        self._meeting_date = meeting_date
        self._choices = _choices()
        self._needs_due_date = default_due is None
        self._dates_differ = dates_differ
        self._extra_errors: list[str] = []
        self.stale = False
        self._build(data)
        if data is not None and not self._shape_matches():
            # The posted forms are not this draft's (it changed in another tab since the
            # page was shown): show the draft as it now is rather than guess.
            self.stale = True
            self._build(None)
            self._extra_errors.append(
                "The draft changed in another window or tab. Check it again below."
            )

    def _build(self, data) -> None:
        draft = self.draft
        owner_choices, person_choices = self._choices
        self.data = data
        self.attendance = AttendeeFormSet(
            data,
            prefix="attendance",
            initial=[_attendee_initial(a) for a in draft.attendance],
            form_kwargs={"person_choices": person_choices},
        )
        self.declarations = DeclarationFormSet(
            data,
            prefix="declarations",
            initial=[_declaration_initial(d) for d in draft.declarations],
            form_kwargs={"person_choices": person_choices},
        )
        self.items = ItemFormSet(
            data, prefix="items", initial=[_item_initial(i) for i in draft.items]
        )
        # Posted data may hold other forms than the draft's; _shape_matches says so.
        for form, item in zip(self.items.forms, draft.items, strict=False):
            if not item.standing_title:
                del form.fields["merge_into_standing"]
            if item.exemption_recorded:  # decided already; the recording page changes it
                for name in ("is_exempt", "exempt_paragraph", "exemption_justification"):
                    form.fields[name].disabled = True
        self.resolutions = [
            ResolutionFormSet(
                data,
                prefix=f"item-{index}-resolutions",
                initial=[{"text": r.text, "leave_out": r.leave_out} for r in item.resolutions],
            )
            for index, item in enumerate(draft.items)
        ]
        for formset, item in zip(self.resolutions, draft.items, strict=True):
            for form, resolution in zip(formset.forms, item.resolutions, strict=False):
                if resolution.recorded:  # the meeting has it: shown, not edited
                    for bound_field in form.fields.values():
                        bound_field.disabled = True
        self.requests = [
            RequestFormSet(
                data,
                prefix=f"item-{index}-requests",
                initial=[_request_initial(r) for r in item.requests],
                form_kwargs={
                    "owner_choices": owner_choices,
                    "needs_due_date": self._needs_due_date,
                    "meeting_date": self._meeting_date,
                },
            )
            for index, item in enumerate(draft.items)
        ]
        self.confirm = ConfirmForm(data, dates_differ=self._dates_differ)

    def formsets(self) -> list:
        return [self.attendance, self.declarations, self.items, *self.resolutions, *self.requests]

    def _shape_matches(self) -> bool:
        """The posted forms are the draft's: as many items, resolutions and requests."""
        if not all(fs.management_form.is_valid() for fs in self.formsets()):
            return False
        draft = self.draft
        expected = [
            (self.attendance, len(draft.attendance)),
            (self.declarations, len(draft.declarations)),
            (self.items, len(draft.items)),
        ]
        for index, item in enumerate(draft.items):
            expected.append((self.resolutions[index], len(item.resolutions)))
            expected.append((self.requests[index], len(item.requests)))
        return all(fs.total_form_count() == count for fs, count in expected)

    def is_valid(self, *, confirming: bool = False) -> bool:
        if self.data is None or self.stale:
            return False
        valid = all(fs.is_valid() for fs in self.formsets()) and self.confirm.is_valid()
        numbers = [
            form.cleaned_data.get("number")
            for form in self.items.forms
            if form.is_valid()
            and not form.cleaned_data.get("leave_out")
            and form.cleaned_data.get("number") is not None
        ]
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        for number in repeated:
            self._extra_errors.append(f"Two items have the number {number}: give each its own")
            valid = False
        if (
            confirming
            and self.confirm.dates_differ
            and not self.confirm.cleaned_data.get("other_date")
        ):
            self.confirm.add_error(
                "other_date", "Check that these are the notes of this meeting before confirming"
            )
            valid = False
        return valid

    def add_error(self, message: str) -> None:
        self._extra_errors.append(message)

    def cleaned_draft(self) -> ReviewDraft:
        """The draft with the officer's corrections. Call only once `is_valid()`."""
        draft = self.draft
        attendance = []
        for form, original in zip(self.attendance.forms, draft.attendance, strict=True):
            data = form.cleaned_data
            person = data.get("person")
            attendance.append(
                ReviewAttendee(
                    kind=data["kind"],
                    name_as_written=original.name_as_written,
                    person=int(person) if person else None,
                    capacity=data.get("capacity", ""),
                    note=data.get("note", ""),
                    leave_out=data.get("leave_out", False),
                    substitute_for=int(data["substitute_for"])
                    if data.get("substitute_for")
                    else None,
                    substitute_for_as_written=original.substitute_for_as_written,
                )
            )
        declarations = []
        for form, original in zip(self.declarations.forms, draft.declarations, strict=True):
            data = form.cleaned_data
            declarations.append(
                ReviewDeclaration(
                    name_as_written=original.name_as_written,
                    text=data.get("text", ""),
                    interest=data.get("interest", original.interest),
                    person=int(data["person"]) if data.get("person") else None,
                    item_number=data.get("item_number"),
                    leave_out=data.get("leave_out", False),
                )
            )
        items = []
        for index, (form, original) in enumerate(zip(self.items.forms, draft.items, strict=True)):
            data = form.cleaned_data
            resolutions = [
                ReviewResolution(
                    text=f.cleaned_data.get("text", ""),
                    leave_out=f.cleaned_data.get("leave_out", False),
                    recorded=resolution.recorded,
                )
                for f, resolution in zip(
                    self.resolutions[index].forms, original.resolutions, strict=True
                )
            ]
            requests = [
                _request_from(f.cleaned_data, request)
                for f, request in zip(self.requests[index].forms, original.requests, strict=True)
            ]
            items.append(
                ReviewItem(
                    number=data.get("number"),
                    title=data.get("title", ""),
                    notes=data.get("notes", ""),
                    presenters_text=data.get("presenters_text", ""),
                    is_exempt=data.get("is_exempt", False),
                    exempt_paragraph=data.get("exempt_paragraph"),
                    exemption_justification=data.get("exemption_justification", ""),
                    resolutions=resolutions,
                    requests=requests,
                    leave_out=data.get("leave_out", False),
                    title_in_notes=original.title_in_notes,
                    notes_in_notes=original.notes_in_notes,
                    requests_recorded=original.requests_recorded,
                    exemption_recorded=original.exemption_recorded,
                    standing_title=original.standing_title,
                    merge_into_standing=data.get("merge_into_standing", False),
                )
            )
        return ReviewDraft(
            source=draft.source,
            meeting_date_in_notes=draft.meeting_date_in_notes,
            attendance=attendance,
            items=items,
            attendance_already_recorded=draft.attendance_already_recorded,
            declarations=declarations,
            problems=draft.problems,
        )

    def sections(self, warnings: dict[int, list[str]]) -> list[ItemSection]:
        return [
            ItemSection(
                index=index,
                draft=item,
                form=self.items.forms[index],
                resolutions=list(zip(self.resolutions[index].forms, item.resolutions, strict=True)),
                requests=list(zip(self.requests[index].forms, item.requests, strict=True)),
                warnings=warnings.get(index, []),
            )
            for index, item in enumerate(self.draft.items)
        ]

    def attendees(self) -> list[tuple[AttendeeForm, ReviewAttendee]]:
        return list(zip(self.attendance.forms, self.draft.attendance, strict=True))

    def declared(self) -> list[tuple[DeclarationForm, ReviewDeclaration]]:
        return list(zip(self.declarations.forms, self.draft.declarations, strict=True))

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary, in the order of the page."""
        links = [("#review-errors", message) for message in self._extra_errors]
        if self.data is None:
            return links
        for formset in self.formsets():
            links += [("#review-errors", message) for message in formset.non_form_errors()]
        for form, attendee in self.attendees():
            links += _form_errors(form, f"{attendee.name_as_written}: ")
        for form, declaration in self.declared():
            links += _form_errors(form, f"Declaration of {declaration.name_as_written}: ")
        for section in self.sections({}):
            label = f"Item {section.draft.number or section.index + 1}: "
            links += _form_errors(section.form, label)
            for form, _ in section.resolutions:
                links += _form_errors(form, label)
            for form, _ in section.requests:
                links += _form_errors(form, label)
        if self.confirm.is_bound:
            links += _form_errors(self.confirm, "")
        return links


def _form_errors(form: forms.Form, label: str) -> list[tuple[str, str]]:
    if not form.is_bound:
        return []
    links = []
    first = next(iter(form.visible_fields()), None)
    for message in form.non_field_errors():
        anchor = f"#{first.id_for_label}" if first is not None else "#review-errors"
        links.append((anchor, f"{label}{message}"))
    for bound in form.visible_fields():
        for message in bound.errors:
            anchor = bound.id_for_label or f"{bound.auto_id}_0"
            links.append((f"#{anchor}", f"{label}{message}"))
    return links


def _choices() -> tuple[list, list]:
    """Owner choices (posts, then people) and person choices, read once per page."""
    people = [(f"{p.pk}", str(p)) for p in Person.objects.order_by("name")]
    posts = [(f"post:{p.pk}", p.title) for p in Post.objects.order_by("title")]
    owner_choices = [
        ("", "Not known yet"),
        ("Posts (ownership follows the post)", posts),
        ("People", [(f"person:{pk}", label) for pk, label in people]),
    ]
    person_choices = [("", "Choose a person"), *people]
    return owner_choices, person_choices


def _attendee_initial(attendee: ReviewAttendee) -> dict:
    return {
        "name_as_written": attendee.name_as_written,
        "person": str(attendee.person) if attendee.person else "",
        "kind": attendee.kind,
        "capacity": attendee.capacity,
        "note": attendee.note,
        "leave_out": attendee.leave_out,
        "substitute_for": str(attendee.substitute_for) if attendee.substitute_for else "",
    }


def _declaration_initial(declaration: ReviewDeclaration) -> dict:
    return {
        "person": str(declaration.person) if declaration.person else "",
        "item_number": declaration.item_number,
        "interest": declaration.interest,
        "text": declaration.text,
        "leave_out": declaration.leave_out,
    }


def _item_initial(item: ReviewItem) -> dict:
    return {
        "number": item.number,
        "title": item.title,
        "presenters_text": item.presenters_text,
        "notes": item.notes,
        "is_exempt": item.is_exempt,
        "exempt_paragraph": str(item.exempt_paragraph) if item.exempt_paragraph else "",
        "exemption_justification": item.exemption_justification,
        "leave_out": item.leave_out,
        "merge_into_standing": item.merge_into_standing,
    }


def _request_initial(request: ReviewRequest) -> dict:
    return {
        "text": request.text,
        "kind": request.kind,
        "owner": request.owner,
        "responsibility": request.responsibility,
        "due_date": dt.date.fromisoformat(request.due_date) if request.due_date else None,
        "resolution_index": request.resolution_index,
        "leave_out": request.leave_out,
    }


def _request_from(data: dict, original: ReviewRequest) -> ReviewRequest:
    due = data.get("due_date")
    return ReviewRequest(
        text=data.get("text", ""),
        kind=data["kind"],
        owner=data.get("owner", ""),
        responsibility=data.get("responsibility", ""),
        owner_as_written=original.owner_as_written,
        due_date=due.isoformat() if due else None,
        resolution_index=data.get("resolution_index"),
        leave_out=data.get("leave_out", False),
    )
