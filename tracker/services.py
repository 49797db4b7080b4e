"""Writes to tracked items. Each one saves through the model so history records who and why."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from committees.models import Meeting, Person
from committees.services import save_with_history

from .models import (
    PENDING_UPDATE_EXISTS,
    AssessmentCategory,
    CalendarLink,
    DueDateRevision,
    InformationRequest,
    OwnerUpdate,
    Recommendation,
    TrackingRound,
)
from .versions import lock_for_edit, refresh_locked


@transaction.atomic
def recommendation_assess(
    *,
    recommendation: Recommendation,
    assessment: AssessmentCategory,
    decided_on: dt.date,
    by_user: AbstractBaseUser | None,
    reason: str,
) -> Recommendation:
    """Record the committee's assessment; one that ends tracking takes it off the list."""
    if assessment.scale_id != recommendation.inquiry.assessment_scale_id:
        raise ValidationError("Choose an assessment from this inquiry's own scale.")
    recommendation.current_assessment = assessment
    recommendation.tracking_ended_on = decided_on if assessment.ends_tracking else None
    save_with_history(recommendation, by_user=by_user, reason=reason)
    return recommendation


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
) -> TrackingRound:
    """Record a progress report and, when the committee has decided, its assessment."""
    if committee_assessment and decided_on is None:
        decided_on = decided_at.date if decided_at else update_received_on
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
    )
    save_with_history(tracking_round, by_user=by_user, reason=reason)
    if committee_assessment:
        recommendation.next_tracking_date = next_tracking_date
        recommendation_assess(
            recommendation=recommendation,
            assessment=committee_assessment,
            decided_on=decided_on,
            by_user=by_user,
            reason=reason,
        )
    elif next_tracking_date and next_tracking_date != recommendation.next_tracking_date:
        recommendation.next_tracking_date = next_tracking_date
        save_with_history(recommendation, by_user=by_user, reason=reason)
    return tracking_round


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
    if not reason.strip():
        raise ValidationError("Say why the due date changed.")
    lock_for_edit(recommendation, seen_version=seen_version)
    revision = DueDateRevision(
        recommendation=recommendation,
        previous_date=recommendation.due_date,
        new_date=new_date,
        reason=reason,
        decided_on=decided_on,
    )
    save_with_history(revision, by_user=by_user, reason=reason)
    recommendation.due_date = new_date
    recommendation.due_month_only = False
    save_with_history(recommendation, by_user=by_user, reason=f"Due date revised: {reason}")
    return revision


@transaction.atomic
def information_request_provide(
    *,
    request: InformationRequest,
    provided_on: dt.date,
    how: str,
    by_user: AbstractBaseUser | None,
    reason: str = "Information provided",
) -> InformationRequest:
    if request.status == InformationRequest.Status.WITHDRAWN:
        raise ValidationError("This request was withdrawn, so it cannot be marked provided.")
    if provided_on < request.meeting.date:
        raise ValidationError("Information cannot be provided before the meeting asked for it.")
    request.status = InformationRequest.Status.PROVIDED
    request.provided_on = provided_on
    request.provided_how = how
    save_with_history(request, by_user=by_user, reason=reason)
    return request


@transaction.atomic
def information_request_withdraw(
    *, request: InformationRequest, reason: str, by_user: AbstractBaseUser | None
) -> InformationRequest:
    if request.status == InformationRequest.Status.PROVIDED:
        raise ValidationError("This information was provided, so it cannot be withdrawn.")
    request.status = InformationRequest.Status.WITHDRAWN
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
    if item.updates.filter(status=OwnerUpdate.Status.PENDING).exists():
        raise ValidationError(PENDING_UPDATE_EXISTS)
    if proposed_assessment and (
        not isinstance(item, Recommendation)
        or proposed_assessment.scale_id != item.inquiry.assessment_scale_id
    ):
        raise ValidationError("Choose an assessment from this inquiry's own scale.")
    if provided_on and not isinstance(item, InformationRequest):
        raise ValidationError("Only requested information can be marked provided.")
    if provided_on and provided_on > timezone.localdate():
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


@transaction.atomic
def owner_update_accept(
    *,
    update: OwnerUpdate,
    by_user: AbstractBaseUser,
    note: str = "",
    seen_version: str | None = None,
) -> None:
    """Accept the owner's report: it becomes a tracking round, or the information provided."""
    lock_for_edit(update, seen_version=seen_version)
    refresh_locked(update.item)  # the update is applied to the item as it now is
    _claim_review(update, OwnerUpdate.Status.ACCEPTED, by_user, note)
    reason = f"Owner's update of {update.submitted_at:%-d %B %Y} accepted"
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
    seen_version: str | None = None,
) -> TrackingRound:
    """Record what the committee decided at `meeting`, on the latest undecided round.

    Refused if the recommendation changed since `seen_version`, the version the officer saw.
    """
    lock_for_edit(recommendation, seen_version=seen_version)
    if meeting.committee_id != recommendation.inquiry.committee_id:
        raise ValidationError("Choose a meeting of the committee that tracks this inquiry.")
    if assessment.ends_tracking and next_tracking_date:
        raise ValidationError("An assessment that ends tracking has no next tracking date.")
    reason = f"Committee's assessment at its meeting of {meeting.date:%-d %B %Y}"
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
            by_user=by_user,
            reason=reason,
        )
    open_round.committee_assessment = assessment
    open_round.decided_at = meeting
    open_round.decided_on = meeting.date
    open_round.next_tracking_date = next_tracking_date
    open_round.note = note or open_round.note
    save_with_history(open_round, by_user=by_user, reason=reason)
    recommendation.next_tracking_date = next_tracking_date
    recommendation_assess(
        recommendation=recommendation,
        assessment=assessment,
        decided_on=meeting.date,
        by_user=by_user,
        reason=reason,
    )
    return open_round


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
