"""Scrutiny officers' meeting pages: schedule meetings, record one (who attended and the
declarations on the meeting's page, each item on a page of its own), and confirm the action
notes of earlier meetings."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from committees import clock
from committees.dates import long_date
from committees.models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Person,
)
from committees.services import (
    agenda_item_add,
    meeting_cancel,
    meeting_kind_change,
    meeting_move,
    meeting_status_set,
    meetings_schedule,
    substitute_record,
)
from tracker.access import access_for
from tracker.models import InformationRequest
from tracker.publishing.services import notes_confirm
from tracker.web.forms import values_of

from .forms import (
    AddItemForm,
    ConfirmNotesForm,
    DeclarationForm,
    ItemForm,
    MeetingCancelForm,
    MeetingKindForm,
    MeetingMoveForm,
    MeetingStatusForm,
    MemberAttendanceForm,
    Names,
    NewRequestForm,
    OtherAttendanceForm,
    ScheduleForm,
    SubstituteForm,
)
from .recording import matters_arising
from .selectors import items_to_record
from .services import (
    AttendanceWrite,
    DeclarationWrite,
    ItemWrite,
    Policy,
    RequestWrite,
    default_owner,
    meeting_write,
    single_posts_held,
)

REASON = "Recorded from the meeting"

# The recording pages draw one blank row of each kind (others attending and declarations on
# the meeting's page, new requests on an item's). Their "Add another" buttons post this,
# with the kind as the value: the page is drawn again with what was typed and one more
# blank row of that kind, and nothing is checked or saved, so they work without JavaScript.
ADD_ROW = "add_row"
MAX_ROWS = 50  # of one kind, blank or not: more than any meeting records


def _rows(data, prefix: str, box: str, *, at_least: int, adding: bool) -> int:
    """How many rows of a kind to draw: as many as were posted (every row posts its `box`,
    empty or not), at least `at_least`, and one more when adding one."""
    posted = 0
    while data is not None and posted < MAX_ROWS and f"{prefix}{posted}-{box}" in data:
        posted += 1
    rows = max(posted, at_least)
    return rows + 1 if adding and rows < MAX_ROWS else rows


def _drawn(form_class, data, redraw: bool, **kwargs):
    """One form of the page, bound to what was posted; drawn again for "Add another",
    unbound and showing what was typed, so nothing in it is checked. A row just added was
    not posted, and shows what a blank row does."""
    form = form_class(data, **kwargs)
    if redraw and data is not None:
        typed = values_of(form)
        form = form_class(**(kwargs | {"initial": kwargs.get("initial", {}) | typed}))
    return form


def _keeper_only(request: HttpRequest, committee: Committee) -> None:
    if not access_for(request.user).keeps_record_of(committee.pk):
        raise PermissionDenied


def _error_links(forms: list[tuple[str, Form]]) -> list[tuple[str, str]]:
    """(anchor, message) for every error on the page, for the error summary."""
    links = []
    for context, form in forms:
        for error in form.non_field_errors():
            links.append(("", f"{context}: {error}"))
        for bound in form:
            for error in bound.errors:
                anchor = bound.id_for_label or f"{bound.auto_id}_0"
                links.append((f"#{anchor}", f"{context}: {error}"))
    return links


# -- scheduling ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meetings_schedule_view(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=slug)
    _keeper_only(request, committee)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meetings = meetings_schedule(
                committee=committee,
                dates=form.cleaned_data["dates"],
                start_time=form.cleaned_data["start_time"],
                kind=form.cleaned_data["kind"],
                room=form.cleaned_data["room"],
                by_user=request.user,
            )
        except ValidationError as error:
            form.add_error("dates", error)
        else:
            listed = ", ".join(long_date(m.date) for m in meetings)
            messages.success(request, f"Scheduled {len(meetings)} meeting(s): {listed}.")
            return redirect(committee.get_absolute_url() + "#work-programme")
    return render(
        request, "tracker/meetings/meeting_schedule.html", {"committee": committee, "form": form}
    )


# -- recording a meeting: the meeting's page, then a page for each item --------------------


@dataclass
class ItemSection:
    item: AgendaItem
    form: ItemForm
    requests: list[InformationRequest]
    new_requests: list[NewRequestForm]

    @property
    def requests_open(self) -> bool:
        """Open the new requests when one has been added, typed or has an error."""
        return len(self.new_requests) > 1 or any(
            form["text"].value() or (form.is_bound and form.errors) for form in self.new_requests
        )

    @property
    def details_open(self) -> bool:
        """Open the item's further details when one of their fields has an error."""
        return any(self.form[name].errors for name in ("title", "presenters_text"))


@dataclass
class RecordPage:
    """The meeting's recording page: who attended, declarations and a new item, bound
    together so one Save keeps all or nothing. It lists the items, each recorded on a page
    of its own (`ItemPage`): a meeting of any length is drawn in a fixed number of fields."""

    meeting: Meeting
    members: list[MemberAttendanceForm] = field(default_factory=list)
    others: list[OtherAttendanceForm] = field(default_factory=list)
    declarations: list[tuple[Declaration | None, DeclarationForm]] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)  # with their counts, for the list
    add_item: AddItemForm | None = None
    names: Names | None = None

    @classmethod
    def build(cls, meeting: Meeting, data=None, *, adding: str = "") -> RecordPage:
        """The page of `meeting`, bound to `data` when posted. `adding` (the value of an
        "Add another" button) draws the page again with one more blank row of its kind:
        "others" or "declarations"."""
        page = cls(meeting)
        redraw = bool(adding)
        day = meeting.date
        attendance = {
            (a.person_id, a.kind): a
            for a in meeting.attendances.select_related("person", "substitute_for")
        }
        memberships = list(meeting.committee.members_on(day).order_by("role", "person__name"))
        member_ids = {m.person_id for m in memberships}
        for membership in memberships:
            person = membership.person
            present = attendance.get((person.pk, Attendance.Kind.PRESENT))
            apologies = attendance.get((person.pk, Attendance.Kind.APOLOGIES))
            initial = {
                "attended": "present" if present else "apologies" if apologies else "",
                # What was recorded; before anything is, the chair's and deputy's roles.
                "capacity": present.capacity
                if present
                else membership.get_role_display()
                if membership.role in {"chair", "deputy_chair"}
                else "",
            }
            page.members.append(
                _drawn(
                    MemberAttendanceForm,
                    data,
                    redraw,
                    prefix=f"m{person.pk}",
                    person=person,
                    initial=initial,
                )
            )
        names = page.names = Names(meeting.committee, day)
        others = [a for (pid, _), a in attendance.items() if pid not in member_ids]
        others.sort(key=lambda a: (a.kind, a.person.name))
        # A substitute stands in for a member that day (or for whom the record says).
        members = {m.person_id: m.person for m in memberships}
        members |= {a.substitute_for_id: a.substitute_for for a in others if a.substitute_for}
        in_place_of = sorted(members.values(), key=lambda person: person.name)
        rows = _rows(data, "o", "person", at_least=len(others) + 1, adding=adding == "others")
        for index in range(rows):
            existing = others[index] if index < len(others) else None
            initial = (
                {
                    "person": existing.person.name,
                    "kind": existing.kind,
                    "capacity": existing.capacity,
                    "substitute_for": existing.substitute_for_id,
                }
                if existing
                else {}
            )
            form = _drawn(
                OtherAttendanceForm,
                data,
                redraw,
                prefix=f"o{index}",
                initial=initial,
                names=names,
                current=existing.person_id if existing else None,
            )
            substitute_for = form.fields["substitute_for"]
            substitute_for.queryset = Person.objects.filter(pk__in=list(members))
            substitute_for.choices = Names.choices(
                {person.pk: str(person) for person in in_place_of}, "Nobody"
            )
            page.others.append(form)
        declarations = list(meeting.declarations.select_related("person"))
        rows = _rows(
            data, "d", "person", at_least=len(declarations) + 1, adding=adding == "declarations"
        )
        for index in range(rows):
            existing = declarations[index] if index < len(declarations) else None
            initial = {"person": existing.person.name, "text": existing.text} if existing else {}
            form = _drawn(
                DeclarationForm,
                data,
                redraw,
                prefix=f"d{index}",
                initial=initial,
                names=names,
                current=existing.person_id if existing else None,
            )
            page.declarations.append((existing, form))
        page.items = items_to_record(meeting)
        page.add_item = _drawn(
            AddItemForm,
            data,
            redraw,
            prefix="new",
            empty_permitted=True,
            use_required_attribute=False,
        )
        if data is not None and not redraw:
            names.look_up(page.typed_names())  # anyone on record, offered or not
        return page

    def typed_names(self) -> list[str]:
        """Every name typed in a box for a person."""
        typed = [form["person"].value() or "" for form in self.others]
        typed += [form["person"].value() or "" for _, form in self.declarations]
        return typed

    def all_forms(self) -> list[tuple[str, Form]]:
        forms: list[tuple[str, Form]] = [
            (f"Attendance of {f.person.name}", f) for f in self.members
        ]
        forms += [(f"Others attending, row {n}", f) for n, f in enumerate(self.others, 1)]
        forms += [(f"Declaration {n}", f) for n, (_, f) in enumerate(self.declarations, 1)]
        forms.append(("New item", self.add_item))
        return forms

    def is_valid(self) -> bool:
        return all(
            [form.is_valid() for _, form in self.all_forms()]
        )  # every problem, not the first

    def errors(self) -> list[tuple[str, str]]:
        return _error_links(self.all_forms())

    @transaction.atomic
    def save(self, by_user) -> AgendaItem | None:
        """Write who attended and the declarations as the page shows them (they replace
        what is recorded), and add the new item if one was given: the item added."""
        meeting = self.meeting
        # The people typed by name, read in one query.
        typed = [form.cleaned_data.get("person") for form in self.others]
        typed += [form.cleaned_data.get("person") for _, form in self.declarations]
        named = Person.objects.in_bulk([pk for pk in typed if pk])
        attendance = [
            AttendanceWrite(
                person=form.person,
                kind=form.cleaned_data["attended"],
                capacity=form.cleaned_data["capacity"],
                keep=("note", "substitute_for"),
            )
            for form in self.members
            if form.cleaned_data["attended"]
        ]
        attendance += [
            AttendanceWrite(
                person=named[form.cleaned_data["person"]],
                kind=form.cleaned_data["kind"],
                capacity=form.cleaned_data["capacity"],
                substitute_for=form.cleaned_data.get("substitute_for"),
                keep=("note",),
            )
            for form in self.others
            if form.cleaned_data.get("person")
        ]
        declarations = [
            DeclarationWrite(
                person=named[form.cleaned_data["person"]],
                text=form.cleaned_data.get("text", ""),
                instance=existing,
            )
            for existing, form in self.declarations
            if form.cleaned_data.get("person")
        ]
        meeting_write(
            meeting=meeting,
            policy=Policy.REPLACE,
            by_user=by_user,
            reason=REASON,
            items=[],
            attendance=attendance,
            declarations=declarations,
        )
        if self.add_item.has_changed() and self.add_item.cleaned_data.get("title"):
            return agenda_item_add(
                meeting=meeting,
                title=self.add_item.cleaned_data["title"],
                description=self.add_item.cleaned_data["description"],
                by_user=by_user,
            )
        return None


@dataclass
class ItemPage:
    """One item's recording page: what was said and resolved, who presented it, whether it
    was taken in private, and the requests and actions it raised. Saved on its own."""

    meeting: Meeting
    section: ItemSection
    names: Names
    following: AgendaItem | None = None  # the meeting's next item, if any

    @classmethod
    def build(cls, meeting: Meeting, item_pk: int, data=None, *, adding: str = "") -> ItemPage:
        """The page of the meeting's item `item_pk` (404 if the meeting has none), bound to
        `data` when posted; `adding` "requests" draws it again with one more blank request."""
        redraw = bool(adding)
        day = meeting.date
        # Read into lists (to_attr): the page only reads them.
        item = get_object_or_404(
            meeting.agenda_items.prefetch_related(
                Prefetch("resolutions", to_attr="resolution_list"),
                Prefetch("presenters", to_attr="presenter_list"),
                Prefetch(
                    "requests",
                    queryset=InformationRequest.objects.select_related(
                        "owner_post", "owner_person"
                    ),
                    to_attr="request_list",
                ),
            ),
            pk=item_pk,
        )
        names = Names(meeting.committee, day)
        presenters = item.presenter_list
        # The posts the presenters hold, for the default owner of a new request.
        posts = single_posts_held(day, [person.pk for person in presenters])
        form = _drawn(
            ItemForm,
            data,
            redraw,
            prefix=f"i{item.pk}",
            initial={
                "title": item.title,
                "presented_by": "; ".join(person.name for person in presenters),
                "presenters_text": item.presenters_text,
                "notes": item.notes,
                "resolutions": "\n".join(r.text for r in item.resolution_list),
                # An item made public later keeps its paragraph: it is public now.
                "exempt": item.is_exempt,
                "paragraph": str(item.exempt_paragraph) if item.is_exempt else "",
                "exemption_justification": (item.exemption_justification if item.is_exempt else ""),
            },
            is_exempt=item.is_exempt,
            names=names,
            presenters=[person.pk for person in presenters],
        )
        owner = default_owner([person.pk for person in presenters], posts)
        rows = _rows(data, f"r{item.pk}-", "text", at_least=1, adding=adding == "requests")
        new_requests = [
            _drawn(
                NewRequestForm,
                data,
                redraw,
                prefix=f"r{item.pk}-{n}",
                names=names,
                default_owner=owner,
                meeting=meeting,
            )
            for n in range(rows)
        ]
        page = cls(
            meeting,
            ItemSection(item, form, item.request_list, new_requests),
            names,
            following=meeting.agenda_items.filter(number__gt=item.number).first(),
        )
        if data is not None and not redraw:
            names.look_up(page.typed_names())  # anyone on record, offered or not
        return page

    @property
    def item(self) -> AgendaItem:
        return self.section.item

    def typed_names(self) -> list[str]:
        """Every name typed in a box for a person or a post."""
        typed = (self.section.form["presented_by"].value() or "").split(";")
        return typed + [form["owner"].value() or "" for form in self.section.new_requests]

    def all_forms(self) -> list[tuple[str, Form]]:
        label = f"Item {self.item.number}"
        forms: list[tuple[str, Form]] = [(label, self.section.form)]
        return forms + [(f"{label}, new request", f) for f in self.section.new_requests]

    def is_valid(self) -> bool:
        valid = [form.is_valid() for _, form in self.all_forms()]  # every problem, not the first
        section = self.section
        # In the order the record keeps presenters (by name), as when the page is read.
        presenters = sorted(
            section.form.cleaned_data.get("presented_by") or [],
            key=lambda pk: self.names.people[pk],
        )
        owner = default_owner(presenters, single_posts_held(self.meeting.date, presenters))
        for form in section.new_requests:
            if form.is_valid() and form.has_text() and not form.cleaned_data["owner"]:
                if owner:
                    form.cleaned_data["owner"] = owner
                else:
                    form.add_error(
                        "owner",
                        "Choose who is responsible for this request, or say who presented the item",
                    )
                    valid.append(False)
        return all(valid)

    def errors(self) -> list[tuple[str, str]]:
        return _error_links(self.all_forms())

    def save(self, by_user) -> None:
        """Write the item as the page shows it: it replaces the item's record, and adds the
        new requests."""
        section = self.section
        data = section.form.cleaned_data
        requests = [
            RequestWrite(
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                due_date=form.cleaned_data["due_date"],
                **form.owner_fields(),
            )
            for form in section.new_requests
            if form.has_text()
        ]
        write = ItemWrite(
            item=section.item,
            title=data["title"],
            notes=data["notes"],
            presenters_text=data["presenters_text"],
            exempt_paragraph=section.form.exempt_paragraph,
            exemption_justification=data["exemption_justification"],
            declassification_reason=section.form.declassification_reason_given,
            presenter_ids=data["presented_by"],
            resolutions=section.form.resolution_texts,
            requests=requests,
        )
        meeting_write(
            meeting=self.meeting, policy=Policy.REPLACE, by_user=by_user, reason=REASON,
            items=[write],
        )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_keeper(request, pk)
    posted = request.method == "POST"
    adding = request.POST.get(ADD_ROW, "") if posted else ""
    page = RecordPage.build(meeting, request.POST if posted else None, adding=adding)
    checked = posted and not adding
    if checked and page.is_valid():
        try:
            added = page.save(request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if added is None:
                messages.success(request, "Who attended and the declarations are saved.")
                return redirect(reverse("meeting_record", kwargs={"pk": meeting.pk}))
            messages.success(
                request,
                f"Who attended and the declarations are saved, and item {added.number} is added.",
            )
            return redirect(_item_url(added))
    arising = matters_arising(
        meeting.committee, access=access_for(request.user), today=clock.today(), at=meeting
    ).get(meeting.pk, [])
    return render(
        request,
        "tracker/meetings/meeting_record.html",
        {
            "meeting": meeting,
            "page": page,
            "errors": page.errors() if checked else [],
            "add_row": ADD_ROW,
            "arising": arising,
            "drafts": _drafts_to_confirm(meeting).exists(),
        },
    )


def _item_url(item: AgendaItem) -> str:
    return reverse("meeting_record_item", kwargs={"pk": item.meeting_id, "item": item.pk})


# The item page's second button: save, then record the next item.
THEN_NEXT = "then_next"


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record_item_view(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = _meeting_for_keeper(request, pk)
    posted = request.method == "POST"
    adding = request.POST.get(ADD_ROW, "") if posted else ""
    page = ItemPage.build(meeting, item, request.POST if posted else None, adding=adding)
    checked = posted and not adding
    if checked and page.is_valid():
        try:
            page.save(request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Item {page.item.number} is saved.")
            if THEN_NEXT in request.POST and page.following is not None:
                return redirect(_item_url(page.following))
            record = reverse("meeting_record", kwargs={"pk": meeting.pk})
            return redirect(f"{record}#item-{page.item.number}")
    return render(
        request,
        "tracker/meetings/meeting_record_item.html",
        {
            "meeting": meeting,
            "page": page,
            "section": page.section,
            "item": page.item,
            "errors": page.errors() if checked else [],
            "add_row": ADD_ROW,
            "then_next": THEN_NEXT,
        },
    )


# -- confirming notes ----------------------------------------------------------------------


def _drafts_to_confirm(meeting: Meeting):
    """Draft notes of the committee's earlier meetings that no later version replaces."""
    return (
        ActionNotes.objects.filter(
            meeting__committee=meeting.committee,
            meeting__date__lt=meeting.date,
            status=ActionNotes.Status.DRAFT,
        )
        .exclude(
            Exists(
                ActionNotes.objects.filter(
                    meeting=OuterRef("meeting"),
                    part=OuterRef("part"),
                    version__gt=OuterRef("version"),
                )
            )
        )
        .select_related("meeting")
        .order_by("meeting__date", "-part")
    )


@login_required
@require_http_methods(["GET", "POST"])
def notes_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    _keeper_only(request, meeting.committee)
    drafts = _drafts_to_confirm(meeting)
    form = ConfirmNotesForm(request.POST or None, drafts=drafts)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = notes_confirm(
                notes=form.cleaned_data["notes"],
                at_meeting=meeting,
                amendments=form.cleaned_data["amendments"],
                by_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The {confirmed.get_part_display().lower()} notes of "
                f"{long_date(confirmed.meeting.date)} are "
                f"{confirmed.get_status_display().lower()}.",
            )
            return redirect(reverse("notes_confirm", kwargs={"pk": meeting.pk}))
    return render(
        request,
        "tracker/meetings/notes_confirm.html",
        {
            "meeting": meeting,
            "form": form,
            "confirmed_here": meeting.confirmed_notes.select_related("meeting", "confirmed_by"),
        },
    )


# -- moving, cancelling, kind, status and substitutes ---------------------------------------


def _meeting_for_keeper(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    _keeper_only(request, meeting.committee)
    return meeting


def _meeting_change(
    request: HttpRequest,
    meeting: Meeting,
    form: Form,
    save,
    *,
    heading: str,
    button: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    """One page that changes a meeting: the form, the service call, and back to the meeting.

    A refusal from the service is shown against its field and nothing is changed.
    """
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "tracker/meetings/meeting_change.html",
        {"meeting": meeting, "form": form, "heading": heading, "button": button, "intro": intro},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_keeper(request, pk)
    form = MeetingMoveForm(
        request.POST or None,
        initial={"date": meeting.date, "start_time": meeting.start_time, "room": meeting.room},
    )

    def save(data):
        moved = meeting_move(meeting=meeting, by_user=request.user, **data)
        if moved.report_deadline:
            messages.info(
                request, f"The report deadline is now {long_date(moved.report_deadline)}."
            )

    return _meeting_change(
        request,
        meeting,
        form,
        save,
        heading="Move the meeting",
        button="Move the meeting",
        done="The meeting has moved.",
        intro="Calendar subscriptions show the new date, time and venue.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_keeper(request, pk)
    form = MeetingCancelForm(request.POST or None)
    return _meeting_change(
        request,
        meeting,
        form,
        lambda data: meeting_cancel(meeting=meeting, by_user=request.user, **data),
        heading="Cancel the meeting",
        button="Cancel the meeting",
        done="The meeting is cancelled. What was due at it comes to the next meeting.",
        intro="What was due at this meeting comes to the next committee meeting. Calendar "
        "subscriptions show it cancelled, and no report deadline reminders are sent for it.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_kind_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_keeper(request, pk)
    form = MeetingKindForm(request.POST or None, initial={"kind": meeting.kind})
    return _meeting_change(
        request,
        meeting,
        form,
        lambda data: meeting_kind_change(meeting=meeting, by_user=request.user, **data),
        heading="Change the kind of meeting",
        button="Change the kind",
        done="The kind of meeting is changed.",
        intro="Only a committee meeting has a report deadline.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_keeper(request, pk)
    form = MeetingStatusForm(request.POST or None, initial={"status": meeting.status})
    return _meeting_change(
        request,
        meeting,
        form,
        lambda data: meeting_status_set(meeting=meeting, by_user=request.user, **data),
        heading="Set the status of the meeting",
        button="Set the status",
        done="The status of the meeting is set.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def substitute_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_keeper(request, pk)
    members = Person.objects.filter(
        pk__in=meeting.committee.members_on(meeting.date).values("person_id")
    ).order_by("name")
    form = SubstituteForm(request.POST or None, members=members)
    return _meeting_change(
        request,
        meeting,
        form,
        lambda data: substitute_record(meeting=meeting, by_user=request.user, **data),
        heading="Add a substitute for this meeting",
        button="Add the substitute",
        done="The substitute is recorded for this meeting.",
        intro="A substitute sits on the committee for this meeting only, in place of a member.",
    )
