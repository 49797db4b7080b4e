"""Writes to tracked items. Each one saves through the model so history records who and why."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction

from committees.models import Meeting

from .models import (
    AssessmentCategory,
    DueDateRevision,
    InformationRequest,
    Recommendation,
    TrackingRound,
)


def save_with_history(obj: models.Model, *, by_user: AbstractBaseUser | None, reason: str) -> None:
    """Validate and save `obj`, recording the acting user and the reason in its history."""
    obj.full_clean()
    obj._history_user = by_user  # read by simple_history when it writes the history row
    obj._change_reason = reason
    obj.save()


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
) -> DueDateRevision:
    if not reason.strip():
        raise ValidationError("Say why the due date changed.")
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
