from __future__ import annotations

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tracker.models import AssessmentCategory, AssessmentScale


class Command(BaseCommand):
    help = (
        "Load a council's assessment scale from a YAML file (see fixtures/assessment_scales/). "
        "Loading the same file again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    @transaction.atomic
    def handle(self, *args, path: Path, **options) -> None:
        try:
            spec = yaml.safe_load(path.read_text(encoding="utf-8"))
            scale, _ = AssessmentScale.objects.update_or_create(
                slug=spec["slug"],
                defaults={"name": spec["name"], "description": spec.get("description", "")},
            )
            for category in spec["categories"]:
                obj = AssessmentCategory.objects.filter(
                    scale=scale, label=category["label"]
                ).first()
                obj = obj or AssessmentCategory(scale=scale, label=category["label"])
                obj.order = category["order"]
                obj.ends_tracking = category["ends_tracking"]
                obj.counts_as_achieved = category["counts_as_achieved"]
                obj.description = category.get("description", "")
                obj.full_clean()
                obj.save()
        except (OSError, KeyError, TypeError, yaml.YAMLError) as error:
            raise CommandError(f"{path} is not a readable scale file: {error}") from error
        except ValidationError as error:
            raise CommandError(f"{path}: {'; '.join(error.messages)}") from error
        self.stdout.write(
            f"Loaded the scale '{scale.name}' with {len(spec['categories'])} categories."
        )
