"""Writes to tracked items. Each one saves through the model so history records who and why."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from committees import clock
from committees.dates import check_due_date, long_date
from committees.models import Meeting, Person, Post
from committees.services import save_with_history
from tracker.models import (
    PENDING_UPDATE_EXISTS,
    AssessmentCategory,
    CalendarLink,
    DueDateRevision,
    InformationRequest,
    OwnerUpdate,
    Recommendation,
    TrackingRound,
)
from tracker.notifications.services import owner_update_reviewed_notify

from .versions import NOT_STATED, lock_for_edit, refresh_locked


@transaction.atomic
def recommendation_assess(
    *,
    recommendation: Recommendation,
    assessment: AssessmentCategory,
    decided_on: dt.date | None,
    by_user: AbstractBaseUser | None,
    reason: str,
    meeting: Meeting | None = None,
    evidence: str = "",
    recorded_in: str = "",
) -> Recommendation:
    """Record the committee's assessment; one that ends tracking takes it off the list.

    The status rules (`Recommendation.check_decision`) refuse a decision dated before the
    last one, at a meeting not yet held, reopening without the committee's reasoned
    decision, or closing without evidence and a meeting. `recorded_in` names the document
    of a decision already taken (an imported tracker).
    """
    if assessment.scale_id != recommendation.inquiry.assessment_scale_id:
        raise ValidationError("Choose an assessment from this inquiry's own scale.")
    recommendation.check_decision(
        ends_tracking=assessment.ends_tracking,
        label=assessment.label,
        decided_on=decided_on,
        meeting=meeting,
        reason=reason,
        evidence=evidence,
        recorded_in=recorded_in,
    )
    _apply_assessment(recommendation, assessment, decided_on, by_user=by_user, reason=reason)
    return recommendation


def _apply_assessment(
    recommendation: Recommendation,
    assessment: AssessmentCategory,
    decided_on: dt.date | None,
    *,
    by_user: AbstractBaseUser | None,
    reason: str,
    reported_on: dt.date | None = None,
) -> None:
    """`reported_on`: the day the update the committee assessed was received, which is
    when an achieved recommendation was achieved (`Recommendation.achieved_on_for`)."""
    recommendation.achieved_on = recommendation.achieved_on_for(
        assessment, reported_on=reported_on, decided_on=decided_on
    )
    recommendation.current_assessment = assessment
    recommendation.tracking_ended_on = decided_on if assessment.ends_tracking else None
    if not assessment.ends_tracking and recommendation.next_tracking_date is None:
        # The inquiry's review cadence sets the next tracking date after each round.
        recommendation.next_tracking_date = recommendation.inquiry.next_review_after(
            decided_on or clock.today()
        )
    if (
        recommendation.next_tracking_meeting is not None
        and recommendation.next_tracking_meeting.date != recommendation.next_tracking_date
    ):
        # The meeting follows the date: the committee's meeting that day, if it has one.
        recommendation.next_tracking_meeting = (
            recommendation.inquiry.committee.meetings.exclude(status=Meeting.Status.CANCELLED)
            .filter(date=recommendation.next_tracking_date)
            .first()
        )
    save_with_history(recommendation, by_user=by_user, reason=reason)


@transaction.atomic
def tracking_round_record(
    *,
    recommendation: Recommendation,
    update_received_on: dt.date | None,
    by_user: AbstractBaseUser | None,
    reason: str,
    executive_assessment: AssessmentCategory | None = None,
    executive_evidence: str = "",
    committee_assessment: AssessmentCategory | None = None,
    decided_at: Meeting | None = None,
    decided_on: dt.date | None = None,
    next_tracking_date: dt.date | None = None,
    note: str = "",
    decision_reason: str = "",
    evidence_link: str = "",
    evidence_text: str = "",
    delivered: bool = False,
) -> TrackingRound:
    """Record a progress report and, when the committee has decided, its assessment.

    `delivered`: the report says what was due is delivered (on the day it was received),
    so the recommendation is no longer overdue while the committee has to assess it.
    """
    if delivered and update_received_on is None:
        raise ValidationError("Give the date of the update that delivered what was due.")
    if committee_assessment and decided_on is None:
        decided_on = decided_at.date if decided_at else update_received_on
    if committee_assessment:
        _check_committee_decision(
            recommendation,
            committee_assessment,
            meeting=decided_at,
            decided_on=decided_on,
            reason=decision_reason,
            evidence="\n".join(
                part for part in (evidence_link, evidence_text, executive_evidence) if part
            ),
        )
    tracking_round = TrackingRound(
        recommendation=recommendation,
        update_received_on=update_received_on,
        executive_assessment=executive_assessment,
        executive_evidence=executive_evidence,
        committee_assessment=committee_assessment,
        decided_at=decided_at,
        decided_on=decided_on,
        next_tracking_date=next_tracking_date,
        note=note,
        decision_reason=decision_reason,
        evidence_link=evidence_link,
        evidence_text=evidence_text,
    )
    save_with_history(tracking_round, by_user=by_user, reason=reason)
    if delivered and recommendation.delivered_on != update_received_on:
        recommendation.delivered_on = update_received_on
        save_with_history(recommendation, by_user=by_user, reason=reason)
    if committee_assessment:
        recommendation.next_tracking_date = next_tracking_date
        _apply_assessment(
            recommendation,
            committee_assessment,
            decided_on,
            by_user=by_user,
            reason=reason,
            reported_on=update_received_on,
        )
    elif next_tracking_date and next_tracking_date != recommendation.next_tracking_date:
        recommendation.next_tracking_date = next_tracking_date
        save_with_history(recommendation, by_user=by_user, reason=reason)
    return tracking_round


def _check_committee_decision(
    recommendation: Recommendation,
    assessment: AssessmentCategory,
    *,
    meeting: Meeting | None,
    decided_on: dt.date | None,
    reason: str,
    evidence: str,
) -> None:
    if assessment.scale_id != recommendation.inquiry.assessment_scale_id:
        raise ValidationError("Choose an assessment from this inquiry's own scale.")
    recommendation.check_decision(
        ends_tracking=assessment.ends_tracking,
        label=assessment.label,
        decided_on=decided_on,
        meeting=meeting,
        reason=reason,
        evidence=evidence,
    )


def _revise_due_date(
    *,
    item: Recommendation | InformationRequest,
    new_date: dt.date,
    decided_on: dt.date,
    by_user: AbstractBaseUser | None,
    reason: str,
    seen_version: str | None,
) -> DueDateRevision:
    """The one rule for a new due date: the item keeps its original, the revision keeps the
    date it replaced and why, and history records who recorded it and when."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the due date changed.")
    lock_for_edit(item, seen_version=seen_version)
    if new_date == item.due_date:
        raise ValidationError("The new due date is the same as the current one.")
    if item.original_due_date is None:
        item.original_due_date = item.due_date
    revision = DueDateRevision(
        recommendation=item if isinstance(item, Recommendation) else None,
        request=item if isinstance(item, InformationRequest) else None,
        previous_date=item.due_date,
        new_date=new_date,
        reason=reason,
        decided_on=decided_on,
    )
    save_with_history(revision, by_user=by_user, reason=reason)
    item.due_date = new_date
    if isinstance(item, Recommendation):
        item.due_month_only = False
    save_with_history(item, by_user=by_user, reason=f"Due date revised: {reason}")
    return revision


@transaction.atomic
def recommendation_revise_due_date(
    *,
    recommendation: Recommendation,
    new_date: dt.date,
    decided_on: dt.date,
    by_user: AbstractBaseUser | None,
    reason: str,
    seen_version: str | None = None,
) -> DueDateRevision:
    """Revise the due date; refused if the recommendation changed since `seen_version`."""
    return _revise_due_date(
        item=recommendation,
        new_date=new_date,
        decided_on=decided_on,
        by_user=by_user,
        reason=reason,
        seen_version=seen_version,
    )


def _require_open(request: InformationRequest, doing: str) -> None:
    if not request.is_outstanding:
        raise ValidationError(
            f"This request is {request.get_status_display().lower()}, so {doing}."
        )


@transaction.atomic
def information_request_revise_due_date(
    *,
    request: InformationRequest,
    new_date: dt.date,
    decided_on: dt.date,
    by_user: AbstractBaseUser | None,
    reason: str,
    seen_version: str | None = None,
) -> DueDateRevision:
    """Revise an open request's due date, keeping the original and recording why."""
    lock_for_edit(request, seen_version=seen_version)
    _require_open(request, "its due date no longer changes")
    anchor, anchor_text = request.due_date_anchor()
    check_due_date(new_date, anchor=anchor, anchor_text=anchor_text)
    return _revise_due_date(
        item=request,
        new_date=new_date,
        decided_on=decided_on,
        by_user=by_user,
        reason=reason,
        seen_version=NOT_STATED,  # checked above, under the same lock
    )


@transaction.atomic
def information_request_change_owner(
    *,
    request: InformationRequest,
    by_user: AbstractBaseUser | None,
    reason: str,
    owner_post: Post | None = None,
    owner_person: Person | None = None,
    seen_version: str | None = None,
) -> InformationRequest:
    """Give the request to a post (followed as it changes hands) or to a named person."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the owner changed.")
    if (owner_post is None) == (owner_person is None):
        raise ValidationError("Choose one owner: a post or a person.")
    lock_for_edit(request, seen_version=seen_version)
    if (request.owner_post_id, request.owner_person_id) == (
        owner_post.pk if owner_post else None,
        owner_person.pk if owner_person else None,
    ):
        raise ValidationError("That is already the request's owner.")
    request.owner_post, request.owner_person = owner_post, owner_person
    save_with_history(request, by_user=by_user, reason=f"Owner changed: {reason}")
    return request


# Why the history says a request changed when a scrutiny officer marks it provided.
PROVIDED_BY_OFFICER = "Marked provided by the scrutiny officer"


@transaction.atomic
def information_request_provide(
    *,
    request: InformationRequest,
    provided_on: dt.date | None,
    how: str,
    by_user: AbstractBaseUser | None,
    reason: str = "Information provided",
    seen_version: str | None = None,
) -> InformationRequest:
    if provided_on is None:
        raise ValidationError("Give the date the information was provided.")
    lock_for_edit(request, seen_version=seen_version)
    if request.status == InformationRequest.Status.WITHDRAWN:
        raise ValidationError("This request was withdrawn, so it cannot be marked provided.")
    if provided_on < request.meeting.date:
        raise ValidationError("Information cannot be provided before the meeting asked for it.")
    if provided_on > clock.today():
        raise ValidationError("The date provided cannot be in the future.")
    request.status = InformationRequest.Status.PROVIDED
    request.provided_on = provided_on
    request.provided_how = how
    save_with_history(request, by_user=by_user, reason=reason)
    return request


@transaction.atomic
def information_request_withdraw(
    *,
    request: InformationRequest,
    reason: str,
    by_user: AbstractBaseUser | None,
    seen_version: str | None = None,
) -> InformationRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the request is withdrawn.")
    lock_for_edit(request, seen_version=seen_version)
    if request.status == InformationRequest.Status.PROVIDED:
        raise ValidationError("This information was provided, so it cannot be withdrawn.")
    if request.status == InformationRequest.Status.WITHDRAWN:
        raise ValidationError("This request has already been withdrawn.")
    request.status = InformationRequest.Status.WITHDRAWN
    request.withdrawn_on = clock.today()
    request.withdrawn_reason = reason
    save_with_history(request, by_user=by_user, reason=f"Withdrawn: {reason}")
    return request


@transaction.atomic
def owner_update_submit(
    *,
    item: Recommendation | InformationRequest,
    by_user: AbstractBaseUser,
    progress_note: str,
    evidence_link: str = "",
    evidence_text: str = "",
    proposed_assessment: AssessmentCategory | None = None,
    provided_on: dt.date | None = None,
    provided_how: str = "",
) -> OwnerUpdate:
    """A responsible officer reports progress. Nothing about the item changes until review."""
    if not item.is_outstanding:
        raise ValidationError("This item is no longer outstanding, so it takes no more updates.")
    if item.pending_update() is not None:
        raise ValidationError(PENDING_UPDATE_EXISTS)
    if proposed_assessment and (
        not isinstance(item, Recommendation)
        or proposed_assessment.scale_id != item.inquiry.assessment_scale_id
    ):
        raise ValidationError("Choose an assessment from this inquiry's own scale.")
    if provided_on and not isinstance(item, InformationRequest):
        raise ValidationError("Only requested information can be marked provided.")
    if provided_on and provided_on > clock.today():
        raise ValidationError("The date provided cannot be in the future.")
    update = OwnerUpdate(
        recommendation=item if isinstance(item, Recommendation) else None,
        request=item if isinstance(item, InformationRequest) else None,
        submitted_by=by_user,
        progress_note=progress_note,
        evidence_link=evidence_link,
        evidence_text=evidence_text,
        proposed_assessment=proposed_assessment,
        provided_on=provided_on,
        provided_how=provided_how,
    )
    try:
        with transaction.atomic():
            save_with_history(update, by_user=by_user, reason="Update submitted by the owner")
    except IntegrityError:  # another owner's update won the race for the one pending place
        raise ValidationError(PENDING_UPDATE_EXISTS) from None
    return update


def _claim_review(update: OwnerUpdate, status: str, by_user: AbstractBaseUser, note: str) -> None:
    """Move a pending update on, once: two officers reviewing at once get one success.

    The conditional update is the claim; the history row is written by the save after it.
    """
    now = timezone.now()
    claimed = OwnerUpdate.objects.filter(pk=update.pk, status=OwnerUpdate.Status.PENDING).update(
        status=status, reviewed_by=by_user, reviewed_at=now, review_note=note
    )  # bookkeeping claim only; the save below records the change in history
    if claimed != 1:
        raise ValidationError("Someone else has already reviewed this update.")
    update.status, update.reviewed_by, update.reviewed_at, update.review_note = (
        status,
        by_user,
        now,
        note,
    )
    if status == OwnerUpdate.Status.ACCEPTED:
        reason = f"Update accepted: {note}" if note else "Update accepted"
    else:
        reason = f"Sent back: {note}"
    save_with_history(update, by_user=by_user, reason=reason)
    owner_update_reviewed_notify(update=update)


@transaction.atomic
def owner_update_accept(
    *,
    update: OwnerUpdate,
    by_user: AbstractBaseUser,
    note: str = "",
    seen_version: str | None = None,
    delivered: bool = False,
) -> None:
    """Accept the owner's report: it becomes a tracking round (`delivered`: one that
    delivers what was due), or the information provided."""
    lock_for_edit(update, seen_version=seen_version)
    refresh_locked(update.item)  # the update is applied to the item as it now is
    _claim_review(update, OwnerUpdate.Status.ACCEPTED, by_user, note)
    reason = f"Owner's update of {long_date(update.submitted_at)} accepted"
    if update.recommendation_id:
        parts = (update.progress_note, update.evidence_text, update.evidence_link)
        evidence = "\n\n".join(part for part in parts if part)
        tracking_round_record(
            recommendation=update.recommendation,
            update_received_on=timezone.localtime(update.submitted_at).date(),
            executive_assessment=update.proposed_assessment,
            executive_evidence=evidence,
            by_user=by_user,
            reason=reason,
            delivered=delivered,
        )
    elif update.provided_on:
        information_request_provide(
            request=update.request,
            provided_on=update.provided_on,
            how=update.provided_how or update.progress_note,
            by_user=by_user,
            reason=reason,
        )


@transaction.atomic
def owner_update_return(
    *,
    update: OwnerUpdate,
    by_user: AbstractBaseUser,
    reason: str,
    seen_version: str | None = None,
) -> None:
    if not reason.strip():
        raise ValidationError("Say why the update is sent back, so the owner can put it right.")
    lock_for_edit(update, seen_version=seen_version)
    _claim_review(update, OwnerUpdate.Status.RETURNED, by_user, reason.strip())


@transaction.atomic
def committee_assessment_record(
    *,
    recommendation: Recommendation,
    assessment: AssessmentCategory,
    meeting: Meeting,
    by_user: AbstractBaseUser,
    next_tracking_date: dt.date | None = None,
    note: str = "",
    reason: str = "",
    evidence_link: str = "",
    evidence_text: str = "",
    seen_version: str | None = None,
) -> TrackingRound:
    """Record what the committee decided at `meeting`, on the latest undecided round.

    Refused if the recommendation changed since `seen_version`, the version the officer saw,
    or if the decision breaks a status rule (`Recommendation.check_decision`): the evidence
    may be given here or be the owner's, on the round awaiting the committee.
    """
    lock_for_edit(recommendation, seen_version=seen_version)
    if meeting.committee_id != recommendation.inquiry.committee_id:
        raise ValidationError("Choose a meeting of the committee that tracks this inquiry.")
    if assessment.ends_tracking and next_tracking_date:
        raise ValidationError("An assessment that ends tracking has no next tracking date.")
    reason = (reason or "").strip()
    why = f"Committee's assessment at its meeting of {long_date(meeting.date)}"
    if reason:
        why = f"{why}: {reason}"
    open_round = recommendation.tracking_rounds.filter(committee_assessment__isnull=True).last()
    if open_round is None:
        return tracking_round_record(
            recommendation=recommendation,
            update_received_on=None,
            committee_assessment=assessment,
            decided_at=meeting,
            decided_on=meeting.date,
            next_tracking_date=next_tracking_date,
            note=note,
            decision_reason=reason,
            evidence_link=evidence_link,
            evidence_text=evidence_text,
            by_user=by_user,
            reason=why,
        )
    _check_committee_decision(
        recommendation,
        assessment,
        meeting=meeting,
        decided_on=meeting.date,
        reason=reason,
        evidence="\n".join(
            part for part in (evidence_link, evidence_text, open_round.executive_evidence) if part
        ),
    )
    open_round.committee_assessment = assessment
    open_round.decided_at = meeting
    open_round.decided_on = meeting.date
    open_round.next_tracking_date = next_tracking_date
    open_round.note = note or open_round.note
    open_round.decision_reason = reason
    open_round.evidence_link = evidence_link
    open_round.evidence_text = evidence_text
    save_with_history(open_round, by_user=by_user, reason=why)
    recommendation.next_tracking_date = next_tracking_date
    _apply_assessment(
        recommendation,
        assessment,
        meeting.date,
        by_user=by_user,
        reason=why,
        reported_on=open_round.update_received_on,
    )
    return open_round


@transaction.atomic
def recommendation_withdraw(
    *,
    recommendation: Recommendation,
    meeting: Meeting,
    reason: str,
    by_user: AbstractBaseUser,
    seen_version: str | None = None,
) -> Recommendation:
    """The committee withdraws the recommendation at a meeting, with its reason: tracking
    ends, and it counts as withdrawn (not as not achieved)."""
    lock_for_edit(recommendation, seen_version=seen_version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the committee withdrew the recommendation.")
    if meeting.committee_id != recommendation.inquiry.committee_id:
        raise ValidationError("Choose a meeting of the committee that tracks this inquiry.")
    if recommendation.tracking_ended_on is not None:
        raise ValidationError("This recommendation is no longer tracked, so it is not withdrawn.")
    recommendation.check_decision(
        ends_tracking=True,
        label="Withdrawn",
        decided_on=meeting.date,
        meeting=meeting,
        reason=reason,
        evidence=reason,
    )
    recommendation.withdrawn_on = meeting.date
    recommendation.withdrawn_reason = reason
    recommendation.tracking_ended_on = meeting.date
    recommendation.next_tracking_date = None
    save_with_history(
        recommendation,
        by_user=by_user,
        reason=f"Withdrawn by the committee at its meeting of {long_date(meeting.date)}: {reason}",
    )
    return recommendation


# -- calendar links ------------------------------------------------------------------------
# A person's private calendar address. Links have no history table: a link row is never
# deleted (it keeps when it was made and when it was stopped), and each change is logged
# with who made it. The token itself is a credential and is never logged.

calendar_log = logging.getLogger("tracker.calendar_links")


def calendar_link_create(*, person: Person, by_user: AbstractBaseUser) -> CalendarLink:
    """Give the person a private calendar address, or return the one they already have.

    The database holds one live link per person; if two requests race, the loser's
    insert fails and it returns the winner's link instead of an error.
    """
    live = CalendarLink.objects.filter(person=person, revoked_at__isnull=True).first()
    if live is not None:
        return live
    try:
        with transaction.atomic():
            link = CalendarLink.objects.create(person=person)
    except IntegrityError:
        return CalendarLink.objects.get(person=person, revoked_at__isnull=True)
    calendar_log.info(
        "Calendar link %s created for %s (person %s) by %s",
        link.pk,
        person,
        person.pk,
        by_user.get_username(),
    )
    return link


def calendar_link_revoke(*, link: CalendarLink, by_user: AbstractBaseUser) -> bool:
    """Stop the link at once: its address reads nothing from now on.

    A conditional update, so of two requests stopping the same link exactly one does it;
    False when it had already been stopped.
    """
    now = timezone.now()
    # CalendarLink keeps no history table: the row is never deleted and the change is logged.
    stopped = CalendarLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=now
    )
    if not stopped:
        return False
    link.revoked_at = now
    calendar_log.info(
        "Calendar link %s of %s (person %s) stopped by %s",
        link.pk,
        link.person,
        link.person_id,
        by_user.get_username(),
    )
    return True


@transaction.atomic
def calendar_link_replace(*, link: CalendarLink, by_user: AbstractBaseUser) -> CalendarLink:
    """Stop the link and give its person a new address, with a new token, together."""
    if not calendar_link_revoke(link=link, by_user=by_user):
        raise ValidationError("This calendar link had already been stopped.")
    return calendar_link_create(person=link.person, by_user=by_user)


@transaction.atomic
def information_request_create(
    *,
    meeting: Meeting,
    text: str,
    by_user: AbstractBaseUser | None,
    reason: str,
    agenda_item=None,
    owner_post: Post | None = None,
    owner_person: Person | None = None,
    due_date: dt.date | None = None,
    source: str = "",
    responsibility: str = "",
    kind: str = InformationRequest.Kind.INFORMATION,
) -> InformationRequest:
    """Record what the committee asked for; history keeps who recorded it and why."""
    request = InformationRequest(
        meeting=meeting,
        agenda_item=agenda_item,
        kind=kind,
        text=(text or "").strip(),
        owner_post=owner_post,
        owner_person=owner_person,
        responsibility=responsibility,
        due_date=due_date,
        source=source,
    )
    save_with_history(request, by_user=by_user, reason=reason)
    return request
