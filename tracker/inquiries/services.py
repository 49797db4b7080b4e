"""Adding an inquiry and its recommendations: all of it is saved, or none of it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from committees import clock
from committees.dates import check_due_date, long_date
from committees.models import Committee, Post
from committees.services import save_with_history
from tracker.items.versions import lock_for_edit
from tracker.models import (
    AssessmentScale,
    ExecutiveResponse,
    Inquiry,
    Recommendation,
    ReviewCadence,
    add_months,
    recommendation_code_key,
    response_period_of,
)


@dataclass(frozen=True)
class NewRecommendation:
    """One recommendation as the report gives it. No text means it is not yet known."""

    code: str
    text: str = ""
    responsibility: str = ""
    owner_post: Post | None = None
    due_date: dt.date | None = None


def _clashing_codes(codes: Sequence[str]) -> list[str]:
    """A problem for each code given to more than one row, as written or written another
    way (SC18 and sc18, R2 and R02: `recommendation_code_key`)."""
    given: dict[str, list[str]] = defaultdict(list)
    for code in filter(None, codes):
        given[recommendation_code_key(code)].append(code)
    problems = []
    for rows in given.values():
        if len(rows) < 2:
            continue
        ways = list(dict.fromkeys(rows))  # each way it was written, once
        clash = (
            f"{ways[0]} is given more than once"
            if len(ways) == 1
            else f"{', '.join(ways[:-1])} and {ways[-1]} are the same code"
        )
        problems.append(f"Each recommendation's code must differ within the inquiry: {clash}.")
    return problems


def _messages(error: ValidationError, prefix: str) -> list[str]:
    return [f"{prefix}{message}" for message in error.messages]


@transaction.atomic
def inquiry_create(
    *,
    committee: Committee,
    title: str,
    assessment_scale: AssessmentScale,
    recommendations: Sequence[NewRecommendation],
    by_user: AbstractBaseUser | None,
    summary: str = "",
    reported_to_council_on: dt.date | None = None,
    reason: str = "Inquiry added with its recommendations",
) -> Inquiry:
    """Add the inquiry and every recommendation. Any problem refuses the lot, saying which."""
    problems: list[str] = []
    codes = [(row.code or "").strip() for row in recommendations]
    if not recommendations:
        problems.append("Give at least one recommendation.")
    problems += _clashing_codes(codes)
    inquiry = Inquiry(
        committee=committee,
        title=(title or "").strip(),
        summary=summary,
        reported_to_council_on=reported_to_council_on,
        assessment_scale=assessment_scale,
    )
    try:
        inquiry.full_clean()
    except ValidationError as error:
        problems += _messages(error, "")
    start = reported_to_council_on or clock.today()
    label = "the report" if reported_to_council_on else "today"
    made = []
    for number, (row, code) in enumerate(zip(recommendations, codes, strict=True), start=1):
        prefix = f"Recommendation {code or number}: "
        recommendation = Recommendation(
            inquiry=inquiry,
            code=code,
            text=(row.text or "").strip(),
            text_known=bool((row.text or "").strip()),
            responsibility=(row.responsibility or "").strip(),
            owner_post=row.owner_post,
            original_due_date=row.due_date,
            due_date=row.due_date,
        )
        try:
            if row.due_date:
                check_due_date(row.due_date, anchor=start, anchor_text=label)
            # The inquiry is not saved yet: its own checks ran above, and the code's
            # uniqueness within it was checked across the rows.
            recommendation.full_clean(exclude=["inquiry"], validate_unique=False)
        except ValidationError as error:
            problems += _messages(error, prefix)
        made.append(recommendation)
    if problems:
        raise ValidationError(problems)
    save_with_history(inquiry, by_user=by_user, reason=reason)
    for recommendation in made:
        recommendation.inquiry = inquiry
        save_with_history(recommendation, by_user=by_user, reason=reason)
    return inquiry


# -- the executive's response ---------------------------------------------------------------


def response_due_on(*, committee_id: int, sent_on: dt.date) -> dt.date:
    """The day the executive's response falls due: the committee's response period (or
    the council's) after the report was sent."""
    months, days = response_period_of(committee_id)
    if months:
        return add_months(sent_on, months)
    return sent_on + dt.timedelta(days=days)


@transaction.atomic
def inquiry_send_to_executive(
    *, inquiry: Inquiry, sent_on: dt.date, by_user: AbstractBaseUser | None, reason: str = ""
) -> Inquiry:
    """Record when the report's recommendations went to the executive; its response then
    falls due after the committee's response period."""
    if sent_on > clock.today():
        raise ValidationError("The date sent cannot be in the future.")
    if inquiry.reported_to_council_on and sent_on < inquiry.reported_to_council_on - dt.timedelta(
        days=366
    ):
        raise ValidationError("The date sent is more than a year before the report.")
    if inquiry.recommendations.exclude(response="").exists() and (
        inquiry.sent_to_executive_on and inquiry.sent_to_executive_on != sent_on
    ):
        raise ValidationError(
            "The executive has already responded to some recommendations, so the date sent "
            "no longer changes."
        )
    inquiry.sent_to_executive_on = sent_on
    inquiry.executive_response_due_on = response_due_on(
        committee_id=inquiry.committee_id, sent_on=sent_on
    )
    why = (reason or "").strip() or "Report sent to the executive for its response"
    save_with_history(inquiry, by_user=by_user, reason=why)
    return inquiry


@transaction.atomic
def inquiry_set_review_cadence(
    *, inquiry: Inquiry, cadence: str, by_user: AbstractBaseUser | None
) -> Inquiry:
    if cadence not in ReviewCadence.values and cadence != "":
        raise ValidationError("Choose how often progress is reviewed.")
    inquiry.review_cadence = cadence
    label = ReviewCadence(cadence).label.lower() if cadence else "not set"
    save_with_history(inquiry, by_user=by_user, reason=f"Review cadence: {label}")
    return inquiry


@transaction.atomic
def recommendation_record_response(
    *,
    recommendation: Recommendation,
    response: str,
    responded_on: dt.date,
    by_user: AbstractBaseUser | None,
    reason: str = "",
    action_plan: str = "",
    target_date: dt.date | None = None,
    seen_version: str | None = None,
) -> Recommendation:
    """Record the executive's answer to one recommendation.

    Accepted, accepted in part or rejected; a reason for anything but "accepted"; what is
    accepted (in whole or in part) gets an action plan and a target date. When the report
    gave no due date, the target date becomes the date the recommendation is tracked
    against (its original due date).
    """
    lock_for_edit(recommendation, seen_version=seen_version)
    inquiry = recommendation.inquiry
    reason, action_plan = (reason or "").strip(), (action_plan or "").strip()
    problems = []
    if response not in ExecutiveResponse.values:
        problems.append("Choose the executive's response: accepted, accepted in part or rejected.")
    if inquiry.sent_to_executive_on is None:
        problems.append(
            "Record when the report was sent to the executive first (on the inquiry's page)."
        )
    elif responded_on < inquiry.sent_to_executive_on:
        problems.append("The response cannot be dated before the report was sent.")
    if responded_on > clock.today():
        problems.append("The date of the response cannot be in the future.")
    if response != ExecutiveResponse.ACCEPTED and not reason:
        problems.append("Give the executive's reason: it is required unless it accepted.")
    accepts = response in {ExecutiveResponse.ACCEPTED, ExecutiveResponse.ACCEPTED_IN_PART}
    if accepts and not action_plan:
        problems.append("Give the executive's action plan for what it accepted.")
    if accepts and target_date is None:
        problems.append("Give the target date of the action plan.")
    if not accepts and (action_plan or target_date):
        problems.append("A rejected recommendation has no action plan or target date.")
    if target_date:
        anchor, anchor_text = recommendation.due_date_anchor()
        try:
            check_due_date(target_date, anchor=anchor, anchor_text=anchor_text)
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise ValidationError(problems)
    recommendation.response = response
    recommendation.response_on = responded_on
    recommendation.response_reason = reason
    recommendation.action_plan = action_plan
    recommendation.target_date = target_date
    if target_date and recommendation.due_date is None:
        recommendation.original_due_date = recommendation.due_date = target_date
    label = ExecutiveResponse(response).label
    save_with_history(
        recommendation,
        by_user=by_user,
        reason=f"Executive's response of {long_date(responded_on)}: {label}"
        + (f" ({reason})" if reason else ""),
    )
    return recommendation
