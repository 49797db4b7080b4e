from __future__ import annotations

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracker.scales.services import assessment_scale_load


class Command(BaseCommand):
    help = (
        "Load a council's assessment scale from a YAML file (see fixtures/assessment_scales/). "
        "Loading it again updates labels, order and definitions in place; loading the same "
        "file again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            spec = yaml.safe_load(path.read_text(encoding="utf-8"))
            loaded = assessment_scale_load(spec=spec, by_user=None, source=path.name)
        except (OSError, KeyError, TypeError, AttributeError, yaml.YAMLError) as error:
            raise CommandError(f"{path} is not a readable scale file: {error}") from error
        except ValidationError as error:
            raise CommandError(
                f"{path}: {'; '.join(error.messages)} Nothing was changed."
            ) from error
        self.stdout.write(
            f"Loaded the scale '{loaded.scale.name}' with {len(spec['categories'])} categories "
            f"({loaded.added} added, {loaded.changed} changed, {loaded.removed} removed)."
        )
