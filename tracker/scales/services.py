"""Loading a council's assessment scale (fixtures/assessment_scales/ describes the file).

A scale is loaded again when the council changes it: labels, order, definitions and
timing change in place, matched by each category's `key` (or, in a file without keys, by
its label, then by its position), so every assessment already made keeps its category.
A category the file no longer lists is removed only when nothing uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q

from committees.services import delete_with_history, save_with_history
from tracker.models import (
    AssessmentCategory,
    AssessmentScale,
    OwnerUpdate,
    Recommendation,
    Timing,
    TrackingRound,
)

# Positions are moved out of the way by this much while a reload reorders categories, so
# two categories never hold one position at once (the database's unique constraint).
_REORDER_OFFSET = 10000


@dataclass(frozen=True)
class ScaleLoaded:
    scale: AssessmentScale
    added: int
    changed: int
    removed: int


def category_uses(category: AssessmentCategory) -> int:
    """How many assessments use the category: recommendations' current assessments, the
    committee's and the executive's assessments of tracking rounds, and owners' proposals."""
    return (
        Recommendation.objects.filter(current_assessment=category).count()
        + TrackingRound.objects.filter(
            Q(committee_assessment=category) | Q(executive_assessment=category)
        ).count()
        + OwnerUpdate.objects.filter(proposed_assessment=category).count()
    )


def _spec_categories(spec: dict[str, Any]) -> list[dict[str, Any]]:
    categories = spec["categories"]
    if not isinstance(categories, list) or not categories:
        raise ValidationError("The file lists no categories.")
    timings = set(Timing.values)
    for category in categories:
        timing = category.get("timing", Timing.NEITHER)
        if timing not in timings:
            raise ValidationError(
                f"'{category['label']}' has the timing '{timing}': use on_time, late or neither."
            )
    return categories


def _match(
    existing: list[AssessmentCategory], categories: list[dict[str, Any]]
) -> list[AssessmentCategory | None]:
    """Each file category's existing row: by key, else by label, else by position."""
    free = list(existing)
    matched: list[AssessmentCategory | None] = [None] * len(categories)
    rules = (
        lambda row, spec: bool(spec.get("key")) and row.key == spec["key"],
        lambda row, spec: row.label == spec["label"],
        lambda row, spec: not spec.get("key") or not row.key,
    )
    for index_rule, rule in enumerate(rules):
        for index, spec in enumerate(categories):
            if matched[index] is not None:
                continue
            if index_rule == 2:
                # By position: the row at the same place in the scale's order.
                row = next((r for r in free if r.order == spec["order"] and rule(r, spec)), None)
            else:
                row = next((r for r in free if rule(r, spec)), None)
            if row is not None:
                matched[index] = row
                free.remove(row)
    return matched


@transaction.atomic
def assessment_scale_load(
    *, spec: dict[str, Any], by_user: AbstractBaseUser | None, source: str
) -> ScaleLoaded:
    """Create or update the scale `spec` describes (a scale file, read); refuses
    (ValidationError, nothing changed) a file that is wrong or that would remove a
    category in use."""
    reason = f"Assessment scale loaded from {source}"
    scale = AssessmentScale.objects.filter(slug=spec["slug"]).first() or AssessmentScale(
        slug=spec["slug"]
    )
    described = (spec["name"], spec.get("description", "") or "")
    if scale.pk is None or (scale.name, scale.description) != described:
        scale.name, scale.description = described
        save_with_history(scale, by_user=by_user, reason=reason)
    categories = _spec_categories(spec)
    existing = list(scale.categories.all())
    matched = _match(existing, categories)
    gone = [row for row in existing if row not in matched]
    for row in gone:
        uses = category_uses(row)
        if uses:
            raise ValidationError(
                f"'{row.label}' is used by {uses} assessment{'s' if uses != 1 else ''}: it "
                "cannot be removed. Keep it in the file (its label may change)."
            )
    for row in gone:
        delete_with_history(row, by_user=by_user, reason=f"{reason}: no longer in the scale")
    kept = [row.pk for row in matched if row is not None]
    # Bookkeeping only, no history: labels and positions step aside so that categories
    # may swap them; each category's save below records its real change in history.
    AssessmentCategory.objects.filter(pk__in=kept).update(order=F("order") + _REORDER_OFFSET)
    # The labels step aside too (no history: each save below records the real change).
    for row in matched:
        if row is not None:
            AssessmentCategory.objects.filter(pk=row.pk).update(label=f"{row.pk} (renaming)")
    added = changed = 0
    for spec_category, row in zip(categories, matched, strict=True):
        new = row is None
        row = row or AssessmentCategory(scale=scale)
        before = (
            None
            if new
            else (row.key, row.label, row.order, row.ends_tracking, row.counts_as_achieved,
                  row.timing, row.description)
        )  # fmt: skip
        row.key = spec_category.get("key", "") or row.key
        row.label = spec_category["label"]
        row.order = spec_category["order"]
        row.ends_tracking = spec_category["ends_tracking"]
        row.counts_as_achieved = spec_category["counts_as_achieved"]
        row.timing = spec_category.get("timing", Timing.NEITHER)
        row.description = spec_category.get("description", "") or ""
        after = (row.key, row.label, row.order, row.ends_tracking, row.counts_as_achieved,
                 row.timing, row.description)  # fmt: skip
        if new or after != before:
            save_with_history(row, by_user=by_user, reason=reason)
            added, changed = added + new, changed + (not new)
        else:
            # Unchanged: put back what stepped aside, with no history row for a non-change.
            AssessmentCategory.objects.filter(pk=row.pk).update(label=row.label, order=row.order)
    return ScaleLoaded(scale=scale, added=added, changed=changed, removed=len(gone))
