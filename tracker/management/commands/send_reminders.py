from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from committees.dates import long_date
from tracker.reminders.sweep import sweep
from tracker.reminders.working_days import is_working_day


class Command(BaseCommand):
    help = (
        "Run the reminder sweep once: plan what today calls for, then send one digest per "
        "recipient. Safe to run any number of times: nothing is sent twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--as-of", help="Run as if on this date (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="List, send nothing.")
        parser.add_argument(
            "--loop", action="store_true", help="Keep going: one sweep every --interval seconds."
        )
        parser.add_argument("--interval", type=int, default=300)

    def handle(self, *args, as_of=None, dry_run=False, loop=False, interval=300, **options):
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError as error:
            raise CommandError(f"--as-of must be a date like 2019-02-13, not {as_of!r}") from error
        while True:
            if day is None and not dry_run and not is_working_day():
                self.stdout.write("Not a working day: no reminders today.")
            else:
                self._sweep(day, dry_run)
            if not loop:
                return
            time.sleep(interval)

    def _sweep(self, day, dry_run) -> None:
        report = sweep(as_of=day, dry_run=dry_run)
        if dry_run:
            for planned in report.planned_reminders:
                self.stdout.write(
                    f"{planned.kind:16} {planned.email:40} {planned.item}"
                    + (f" (chasing {planned.on_behalf_of})" if planned.on_behalf_of else "")
                )
            self.stdout.write(
                f"Would consider {report.planned} reminders for {len(report.emails)} "
                f"recipients as of {long_date(report.as_of)} (those already sent are skipped)."
            )
            return
        self.stdout.write(
            f"As of {long_date(report.as_of)}: {report.created} new reminders recorded, "
            f"{report.digests_sent} emails sent, {report.digests_failed} failed (will retry), "
            f"{report.flagged_uncertain} flagged for checking."
        )
