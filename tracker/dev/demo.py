"""Loads the committee record shipped in fixtures/demo/ and creates the demo users.

Loading is idempotent: every row is found by its natural key and saved only when a value
differs, so a second run writes nothing (and no history).
"""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from committees.models import (
    ActionNotes,
    AgendaItem,
    Attendance,
    CallIn,
    Committee,
    CouncilSettings,
    Declaration,
    ForwardPlanDecision,
    Meeting,
    Membership,
    Person,
    Post,
    PostHolding,
    ProgrammeMatter,
    ProgrammePublication,
    Resolution,
    SourceConflict,
    StandingItem,
    SupportOfficer,
    WorkProgrammeEntry,
)
from tracker.access import Access
from tracker.models import (
    AssessmentCategory,
    AssessmentScale,
    CommitteeScale,
    HeadlineRate,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    InformationRequest,
    Inquiry,
    KpiReport,
    KpiSet,
    Recommendation,
    TrackingRound,
)
from tracker.publishing.documents import notes_snapshot
from tracker.roles import ROLE_ADMINISTRATORS, ROLE_MEMBERS, ROLE_OFFICERS, ROLE_OWNERS

DEMO_FILE = "fixtures/demo/childrens_social_care_2018_19.yaml"
# libyaml's safe loader where PyYAML was built with it (its wheels are): the same documents,
# read about ten times faster than the pure-Python loader.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The KPI reports the committee received, beside the demo file (loaded after it: they name
# its meetings, posts and requests).
KPI_FILE = "kpis_december_2018.yaml"
REASON = "Loaded from the committee's 2018/19 published record"
PUBLISHED_AT = dt.time(17, 0)
# The record's last work programme is February 2019's, presented on 13 February.
AS_PUBLISHED_UNTIL = dt.date(2019, 2, 13)

# username -> (role group, person key in the demo file, staff: the admin is for administrators)
DEMO_USERS: dict[str, tuple[str, str | None, bool]] = {
    "officer": (ROLE_OFFICERS, "simcox", False),
    "owner": (ROLE_OWNERS, "booth", False),
    "councillor": (ROLE_MEMBERS, "donaldson", False),
    "admin": (ROLE_ADMINISTRATORS, None, True),
}


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _time(value: Any, default: dt.time | None) -> dt.time | None:
    if value is None:
        return default
    if isinstance(value, int):  # YAML reads 13:00 as sexagesimal minutes
        return dt.time(value // 60, value % 60)
    return dt.time.fromisoformat(str(value))


def _note(spec: dict[str, Any]) -> str:
    """A record's note, with any inference the record keeps marked as one, and why."""
    parts = [spec.get("note", "").strip()]
    if spec.get("inferred"):
        parts.append(f"Inferred, not stated in the documents: {spec['inferred'].strip()}")
    return " ".join(part for part in parts if part)


def _month_end(value: str) -> dt.date:
    """'2018-05' (a report's "by May 2018") is due by the last day of that month."""
    year, month = (int(part) for part in str(value).split("-")[:2])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class _Loader:
    def __init__(self, data: dict[str, Any], report: LoadReport) -> None:
        self.data = data
        self.report = report
        self.people: dict[str, Person] = {}
        self.meetings: dict[dt.date, Meeting] = {}

    def upsert(self, model: type[models.Model], lookup: dict[str, Any], **values: Any) -> Any:
        obj = model.objects.filter(**lookup).first()
        label = model._meta.verbose_name_plural
        if obj is None:
            obj = model(**lookup, **values)
            self._save(obj)
            self.report.created[label] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            self._save(obj)
            self.report.updated[label] += 1
        return obj

    def set_m2m(self, obj: models.Model, name: str, targets: list[models.Model]) -> None:
        manager = getattr(obj, name)
        if {t.pk for t in manager.all()} != {t.pk for t in targets}:
            manager.set(targets)
            self.report.updated[f"{obj._meta.verbose_name} {name}"] += 1

    @staticmethod
    def _save(obj: models.Model) -> None:
        obj.full_clean(validate_unique=False)
        obj._change_reason = REASON
        obj.save()

    def person(self, ref: str | dict[str, Any]) -> Person:
        return self.people[ref["person"] if isinstance(ref, dict) else ref]

    def run(self) -> None:
        self.load_council()
        self.committee = self.load_committee()
        self.load_people_and_posts()
        self.load_forward_plan()
        self.load_standing_agenda()
        self.scale = AssessmentScale.objects.get(slug=self.data["committee"]["assessment_scale"])
        self.upsert(CommitteeScale, {"committee": self.committee}, scale=self.scale)
        for spec in self.data["meetings"]:
            self.load_meeting(spec)
        # Second pass: notes are confirmed at later meetings, and a request's default due
        # date is the report deadline of a later meeting, so every meeting must exist first.
        for spec in self.data["meetings"]:
            meeting = self.meetings[_date(spec["date"])]
            self.load_notes(meeting, spec.get("notes", []))
            for item_spec in spec.get("items", []):
                self.load_requests(meeting, item_spec)
            # Requests the documents record against the meeting, with no agenda item known.
            self.load_requests(meeting, {"requests": spec.get("requests", [])})
        # The council published each month's programme with the agenda of the meeting it
        # went to, a week before.
        for meeting in self.committee.meetings.ordinary().filter(date__lte=AS_PUBLISHED_UNTIL):
            self.upsert(
                ProgrammePublication,
                {"committee": self.committee, "month": meeting.date.replace(day=1)},
                published_at=timezone.make_aware(
                    dt.datetime.combine(meeting.date - dt.timedelta(days=7), PUBLISHED_AT)
                ),
            )
        for order, spec in enumerate(self.data.get("unscheduled_sessions", []), start=1):
            self.upsert(
                WorkProgrammeEntry,
                {"committee": self.committee, "meeting": None, "topic": spec["topic"]},
                order=order,
                detail=spec.get("detail", ""),
                attendees=spec.get("attendees", ""),
            )
        for spec in self.data["inquiries"]:
            self.load_inquiry(spec)
        orders: dict[str, int] = {}
        for spec in self.data.get("programme_matters", []):
            orders[spec["kind"]] = orders.get(spec["kind"], 0) + 1
            self.upsert(
                ProgrammeMatter,
                {"committee": self.committee, "kind": spec["kind"], "source": spec["source"]},
                text=" ".join(spec["text"].split()),
                order=orders[spec["kind"]],
                listed_from=_date(spec["listed_from"]),
                listed_until=_date(spec.get("listed_until")),
            )
        for spec in self.data.get("conflicts", []):
            self.upsert(
                SourceConflict,
                {"committee": self.committee, "subject": spec["subject"]},
                kept=spec["kept"],
                kept_source=spec["kept_source"],
                set_aside=spec["set_aside"],
                set_aside_source=spec["set_aside_source"],
            )

    def load_council(self) -> None:
        """Birmingham's name and wording: the demo's, never a default of the app."""
        spec = self.data["council"]
        self.upsert(
            CouncilSettings,
            {"pk": 1},
            name=spec["name"],
            full_council=spec["full_council"],
            executive=spec["executive"],
        )

    def load_committee(self) -> Committee:
        spec = self.data["committee"]
        return self.upsert(
            Committee,
            {"slug": spec["slug"]},
            name=spec["name"],
            terms_of_reference=spec["terms_of_reference"],
            report_deadline_days_before=spec["report_deadline_days_before"],
        )

    def load_people_and_posts(self) -> None:
        for spec in self.data["people"]:
            self.people[spec["key"]] = self.upsert(
                Person,
                {"name": spec["name"]},
                is_councillor=spec.get("councillor", False),
                job_title=spec.get("job_title", ""),
                organisation=spec.get("organisation", ""),
                other_spellings=spec.get("other_spellings", ""),
            )
        for spec in self.data["posts"]:
            post = self.upsert(
                Post,
                {"title": spec["title"]},
                former_titles="\n".join(spec.get("former_titles", [])),
                is_group=spec.get("group", False),
                organisation=spec.get("organisation", ""),
            )
            for key in spec.get("holders", []):
                self.upsert(PostHolding, {"post": post, "person": self.people[key]})
        for spec in self.data["memberships"]:
            self.upsert(
                Membership,
                {"committee": self.committee, "person": self.person(spec)},
                role=spec["role"],
                party=spec.get("party", ""),
                start=_date(spec.get("start")),
                end=_date(spec.get("end")),
                note=_note(spec),
            )
        for spec in self.data["support_officers"]:
            self.upsert(
                SupportOfficer,
                {"committee": self.committee, "person": self.person(spec)},
                role=spec["role"],
                phone=spec.get("phone", ""),
            )

    def load_forward_plan(self) -> None:
        for spec in self.data["forward_plan"]:
            decision = self.upsert(
                ForwardPlanDecision,
                {"reference": spec["reference"]},
                title=spec["title"],
                portfolio=spec.get("portfolio", ""),
                lead_officer=spec.get("lead_officer", ""),
                is_joint_decision=spec.get("joint", False),
                proposed_date=_date(spec.get("proposed_date")),
                decision_date=_date(spec.get("decision_date")),
                note=_note(spec),
            )
            self.set_m2m(decision, "committees", [self.committee])

    def load_meeting(self, spec: dict[str, Any]) -> None:
        date = _date(spec["date"])
        meeting = self.upsert(
            Meeting,
            {
                "committee": self.committee,
                "date": date,
                # Only a time the documents state: none is given for a meeting they do not.
                "start_time": _time(spec.get("start_time"), None),
            },
            kind=spec["kind"],
            note=_note(spec),
            status=spec["status"],
            room=spec.get("room", ""),
            report_deadline=_date(spec.get("report_deadline")),
            end_time=_time(spec.get("end_time"), None),
        )
        self.meetings[date] = meeting
        for order, session in enumerate(spec.get("sessions", []), start=1):
            self.upsert(
                WorkProgrammeEntry,
                {"committee": self.committee, "meeting": meeting, "topic": session["topic"]},
                order=order,
                detail=session.get("detail", ""),
                attendees=session.get("attendees", ""),
            )
        for kind, people in spec.get("attendance", {}).items():
            for ref in people:
                extra = ref if isinstance(ref, dict) else {}
                self.upsert(
                    Attendance,
                    {"meeting": meeting, "person": self.person(ref), "kind": kind},
                    capacity=extra.get("capacity", ""),
                    note=extra.get("note", ""),
                )
        for declaration in spec.get("declarations", []):
            self.upsert(
                Declaration,
                {"meeting": meeting, "person": self.person(declaration)},
                text=declaration["text"],
            )
        for item_spec in spec.get("items", []):
            self.load_item(meeting, item_spec)
        if "call_in" in spec:
            call_in_spec = spec["call_in"]
            call_in = self.upsert(
                CallIn,
                {"meeting": meeting},
                outcome=call_in_spec["outcome"],
                outcome_text=call_in_spec.get("outcome_text", "").strip(),
            )
            self.set_m2m(
                call_in,
                "decisions",
                list(ForwardPlanDecision.objects.filter(reference__in=call_in_spec["decisions"])),
            )
            self.set_m2m(
                call_in,
                "requested_by",
                [self.people[key] for key in call_in_spec.get("requested_by", [])],
            )

    def load_standing_agenda(self) -> None:
        self.standing_titles = {}
        for position in StandingItem.Position.values:
            for order, spec in enumerate(self.data["standing_agenda"][position], start=1):
                self.upsert(
                    StandingItem,
                    {"committee": self.committee, "position": position, "order": order},
                    title=spec["title"],
                    description=spec.get("description", ""),
                )
                self.standing_titles[spec["title"]] = position

    def load_item(self, meeting: Meeting, spec: dict[str, Any]) -> AgendaItem:
        paragraph = spec.get("exempt_paragraph")
        item = self.upsert(
            AgendaItem,
            {"meeting": meeting, "number": spec["number"]},
            title=spec["title"],
            standing=self.standing_titles.get(spec["title"], ""),
            description=spec.get("description", ""),
            presenters_text=spec.get("presenters_text", ""),
            notes=spec.get("notes", "").strip(),
            is_exempt=paragraph is not None,
            exempt_paragraph=paragraph,
        )
        self.set_m2m(item, "presenters", [self.people[key] for key in spec.get("presenters", [])])
        for order, text in enumerate(spec.get("resolutions", []), start=1):
            self.upsert(Resolution, {"agenda_item": item, "order": order}, text=text.strip())
        return item

    def load_notes(self, meeting: Meeting, specs: list[dict[str, Any]]) -> None:
        for spec in specs:
            confirmed_at = self.meetings.get(_date(spec.get("confirmed_at")))
            # The council published each set of notes: drafts after their meeting, confirmed
            # notes at the meeting that confirmed them.
            published_on = confirmed_at.date if confirmed_at else meeting.date
            self.upsert(
                ActionNotes,
                {"meeting": meeting, "part": spec["part"], "version": spec["version"]},
                status=spec["status"],
                amendments=spec.get("amendments", "").strip(),
                confirmed_at=confirmed_at,
                confirmed_on=confirmed_at.date if confirmed_at else None,
                published_at=timezone.make_aware(dt.datetime.combine(published_on, PUBLISHED_AT)),
            )

    def freeze_confirmed_notes(self, reader: Access) -> None:
        """Keep each confirmed version's document as confirmed, as confirming does."""
        for notes in ActionNotes.objects.filter(
            meeting__committee=self.committee, snapshot__isnull=True
        ).exclude(status=ActionNotes.Status.DRAFT):
            notes.snapshot = notes_snapshot(notes.meeting, part=notes.part, access=reader)
            self._save(notes)
            self.report.updated["action notes"] += 1

    def load_requests(self, meeting: Meeting, item_spec: dict[str, Any]) -> None:
        item = (
            AgendaItem.objects.get(meeting=meeting, number=item_spec["number"])
            if "number" in item_spec
            else None
        )
        resolution = item.resolutions.first() if item else None
        for spec in item_spec.get("requests", []):
            provided_on = _date(spec.get("provided_on"))
            self.upsert(
                InformationRequest,
                {"meeting": meeting, "agenda_item": item, "text": spec["text"]},
                kind=spec.get("kind", InformationRequest.Kind.INFORMATION),
                resolution=resolution if spec.get("in_resolution", True) else None,
                responsibility=spec.get("responsibility", ""),
                owner_post=Post.objects.get(title=spec["owner_post"])
                if "owner_post" in spec
                else None,
                owner_person=self.people[spec["owner_person"]] if "owner_person" in spec else None,
                # The documents give no due dates: none is stored, never a guessed one.
                due_date=_date(spec.get("due_date")),
                status=InformationRequest.Status.PROVIDED
                if provided_on
                else InformationRequest.Status.OPEN,
                provided_on=provided_on,
                provided_how=spec.get("provided_how", ""),
                source=spec.get("source", ""),
            )

    def load_kpis(self, data: dict[str, Any]) -> None:
        for spec in data.get("kpi_sets", []):
            requested_by = InformationRequest.objects.filter(
                meeting__committee=self.committee, text=spec["requested_by"]
            ).first()
            kpi_set = self.upsert(
                KpiSet,
                {"slug": spec["slug"]},
                name=spec["name"],
                provider=spec["provider"],
                committee=self.committee,
                is_contract=spec.get("is_contract", True),
                requested_by=requested_by,
                description=_note({"note": spec.get("description", ""), **spec}),
            )
            owner = Post.objects.get(title=spec["owner_post"])
            indicators = {}
            for ind in spec["indicators"]:
                indicator = self.upsert(
                    Indicator,
                    {"kpi_set": kpi_set, "code": ind["code"]},
                    order=ind["order"],
                    name=ind["name"],
                    index_name=ind.get("index_name", ""),
                    definition=ind.get("definition", ""),
                    unit=ind["unit"],
                    direction=ind["direction"],
                    frequency=ind.get("frequency", "monthly"),
                    owner_post=owner,
                    numerator_label=ind.get("numerator_label", ""),
                    denominator_label=ind.get("denominator_label", ""),
                    comparison_note=ind.get("comparison_note", ""),
                    source=ind.get("source", ""),
                    note=ind.get("note", ""),
                )
                indicators[ind["code"]] = indicator
                target = ind["target"]
                self.upsert(
                    IndicatorTarget,
                    {"indicator": indicator, "starts_on": _date(target["starts_on"])},
                    label=target.get("label", ""),
                    target=Decimal(target["target"]),
                    tolerance_low=_decimal(target.get("low")),
                    tolerance_high=_decimal(target.get("high")),
                )
            for report_spec in spec.get("reports", []):
                self.load_kpi_report(kpi_set, indicators, report_spec)

    def load_kpi_report(self, kpi_set: KpiSet, indicators: dict, spec: dict[str, Any]) -> None:
        meeting = self.meetings.get(_date(spec.get("meeting")))
        headline = spec.get("headline", {})
        report = self.upsert(
            KpiReport,
            {"kpi_set": kpi_set, "period": _date(f"{spec['period']}-01")},
            title=spec.get("title", ""),
            meeting=meeting,
            agenda_item=AgendaItem.objects.get(meeting=meeting, number=spec["agenda_item"])
            if meeting and "agenda_item" in spec
            else None,
            headline_area=headline.get("area", ""),
            headline_published=headline.get("published", ""),
            headline_regional=headline.get("regional", ""),
            source=spec.get("source", ""),
            note=spec.get("note", ""),
        )
        numbers = (
            "actual", "numerator", "denominator", "comparison", "comparison_numerator",
            "comparison_denominator", "national", "statistical_neighbours", "regional",
            "other_benchmark",
        )  # fmt: skip
        texts = (
            "no_data_reason", "period_label", "comparison_basis", "comparison_label",
            "regional_label", "other_benchmark_label", "benchmark_note", "commentary", "source",
            "note",
        )  # fmt: skip
        for code, values in spec.get("values", {}).items():
            self.upsert(
                IndicatorValue,
                {"report": report, "indicator": indicators[code]},
                **{name: _decimal(values.get(name)) for name in numbers},
                **{name: values.get(name, "") for name in texts},
                extra_rows=values.get("extra_rows", []),
            )
        for order, row in enumerate(headline.get("rows", []), start=1):
            self.upsert(
                HeadlineRate,
                {"report": report, "measure": row["measure"]},
                order=order,
                current=_decimal(row.get("current")),
                current_note=row.get("current_note", ""),
                area_published=_decimal(row.get("area_published")),
                statistical_neighbours=_decimal(row.get("statistical_neighbours")),
                national=_decimal(row.get("national")),
                regional=_decimal(row.get("regional")),
            )

    def load_inquiry(self, spec: dict[str, Any]) -> None:
        inquiry = self.upsert(
            Inquiry,
            {"committee": self.committee, "title": spec["title"]},
            reported_to_council_on=_date(spec.get("reported_to_council_on")),
            summary=spec.get("summary", ""),
            tracking_as_printed=spec.get("tracking_as_printed", ""),
            assessment_scale=self.scale,
        )
        for rec_spec in spec["recommendations"]:
            self.load_recommendation(inquiry, rec_spec)

    def load_recommendation(self, inquiry: Inquiry, spec: dict[str, Any]) -> None:
        due = _month_end(spec["due"]) if spec.get("due") else None
        rounds = spec.get("rounds", [])
        decided = [r for r in rounds if r.get("committee_assessment")]
        assessment = (
            AssessmentCategory.objects.get(
                scale=self.scale, label=decided[-1]["committee_assessment"]
            )
            if decided
            else None
        )
        decided_on = _date(decided[-1]["update_received_on"]) if decided else None
        delivered_on = next(
            (_date(r["update_received_on"]) for r in rounds if r.get("delivered")), None
        )
        text_known = spec.get("text_known", True)
        recommendation = self.upsert(
            Recommendation,
            # Codes stay as the council wrote them: "R2" in one inquiry, "R01" in another.
            {"inquiry": inquiry, "code": spec["code"]},
            text=" ".join(spec.get("text", "").split()) if text_known else "",
            text_known=text_known,
            responsibility=spec.get("responsibility", ""),
            owner_post=Post.objects.get(title=spec["owner_post"]) if "owner_post" in spec else None,
            original_due_date=due,
            due_date=due,
            due_month_only=due is not None,
            current_assessment=assessment,
            tracking_ended_on=decided_on if assessment and assessment.ends_tracking else None,
            next_tracking_date=_date(spec.get("next_tracking_date")),
            next_tracking_meeting=self.meetings.get(_date(spec.get("next_tracking_date"))),
            # An update that delivered what was due (R06's annual report, received).
            delivered_on=delivered_on,
            # Achieved on the day of the update the committee accepted as achievement.
            achieved_on=(delivered_on or decided_on)
            if assessment and assessment.counts_as_achieved
            else None,
        )
        for round_spec in rounds:
            received = _date(round_spec["update_received_on"])
            category = round_spec.get("committee_assessment")
            self.upsert(
                TrackingRound,
                {"recommendation": recommendation, "update_received_on": received},
                committee_assessment=AssessmentCategory.objects.get(
                    scale=self.scale, label=category
                )
                if category
                else None,
                # The documents give the assessment "at the last update", not the date of
                # the decision: the update's date is the best record of when it was made.
                decided_on=received if category else None,
                status_as_printed=round_spec.get("status_as_printed", ""),
                note=_note(round_spec),
            )


def load_demo(*, path: Path | None = None, password: str | None = None) -> LoadReport:
    """Load the demo record and its users (the command refuses this when DEBUG is off)."""
    report = LoadReport()
    path = path or Path(settings.BASE_DIR) / DEMO_FILE
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    with transaction.atomic():
        loader = _Loader(data, report)
        loader.run()
        kpi_path = path.parent / KPI_FILE
        if kpi_path.exists():
            loader.load_kpis(yaml.load(kpi_path.read_text(encoding="utf-8"), Loader=SafeLoader))
        admin = _create_demo_users(loader, report, password)
        loader.freeze_confirmed_notes(Access(admin))
    return report


def _create_demo_users(loader: _Loader, report: LoadReport, password: str | None):
    """Create or update the demo users; returns the administrator."""
    user_model = get_user_model()
    admin = None
    for username, (role, person_key, is_staff) in DEMO_USERS.items():
        user = user_model.objects.filter(username=username).first()
        if user is None:
            # example.org is reserved for examples: demo reminders can never reach anyone.
            user = user_model(username=username, is_staff=is_staff, email=f"{username}@example.org")
            user.is_superuser = role == ROLE_ADMINISTRATORS
            new_password = password or secrets.token_urlsafe(12)
            user.set_password(new_password)
            user.save()
            report.created["users"] += 1
            report.passwords[username] = new_password
        elif password and not user.check_password(password):
            user.set_password(password)
            user.save()
            report.updated["users"] += 1
            report.passwords[username] = password
        user.groups.add(Group.objects.get(name=role))
        if person_key:
            person = loader.people[person_key]
            if person.user_id != user.pk:
                person.user = user
                loader._save(person)
                report.updated["people"] += 1
        if role == ROLE_ADMINISTRATORS:
            admin = user
    return admin
