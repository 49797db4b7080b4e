"""Changing a committee's rules: the committee's own (committees.services) and its default
assessment scale, which lives with the scales in tracker."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from committees.models import Committee
from committees.services import committee_rules_update, save_with_history
from tracker.models import AssessmentScale, CommitteeScale, default_scale_of


@transaction.atomic
def committee_settings_update(
    *,
    committee: Committee,
    report_deadline_days_before: int,
    standing_items: list[tuple[str, str, str]],
    assessment_scale: AssessmentScale,
    by_user: AbstractBaseUser | None,
    reason: str,
) -> list[str]:
    """Set the committee's deadline rule, standing items and default scale, each with its
    history (who and why); return what changed. Nothing changes if any part is refused."""
    changed = committee_rules_update(
        committee=committee,
        report_deadline_days_before=report_deadline_days_before,
        standing_items=standing_items,
        by_user=by_user,
        reason=reason,
    )
    if assessment_scale != default_scale_of(committee.pk):
        own = CommitteeScale.objects.select_for_update().filter(committee=committee).first()
        own = own or CommitteeScale(committee=committee)
        own.scale = assessment_scale
        save_with_history(own, by_user=by_user, reason=f"Default assessment scale: {reason}")
        changed.append("default assessment scale")
    if not changed:
        raise ValidationError("The settings are as they were: nothing to change.")
    return changed
