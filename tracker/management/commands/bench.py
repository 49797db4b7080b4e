from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tracker.dev.bench import GROUPS, run

ROWS = [
    ("list_page_ms", "Outstanding list, page 1 (overdue, by due date)", "ms"),
    ("list_page_sql_ms", "  floor: hand-written count + page query", "ms"),
    ("list_page_queries", "  queries", ""),
    ("deep_page_ms", "Outstanding list, page 100", "ms"),
    ("admin_changelist_ms", "Django admin changelist, same filter", "ms"),
    ("my_items_ms", "My items", "ms"),
    ("my_items_sql_ms", "  floor: hand-written count + page query", "ms"),
    ("my_items_queries", "  queries", ""),
    ("my_items_reads_ms", "  its read of the page and count alone", "ms"),
    ("my_items_unlinked_ms", "  the same page with no items to read", "ms"),
    ("statistics_page_ms", "Impact statistics, all committees, ever", "ms"),
    ("statistics_sql_ms", "  floor: hand-written figures, breakdowns, medians", "ms"),
    ("statistics_queries", "  queries", ""),
    ("api_outstanding_page_ms", "API page of outstanding items, page 1", "ms"),
    ("api_outstanding_next_page_ms", "  its next page", "ms"),
    ("api_outstanding_page_sql_ms", "  floor: hand-written page query", "ms"),
    ("api_outstanding_page_queries", "  queries", ""),
    ("search_common_word_ms", "Search for a common word", "ms"),
    ("search_common_word_sql_ms", "  floor: each kind's first matches and count", "ms"),
    ("search_rare_word_ms", "Search for a rare word", "ms"),
    ("search_rare_word_sql_ms", "  floor: each kind's first matches and count", "ms"),
    ("recording_page_ms", "Recording page of a 20-item meeting", "ms"),
    ("recording_page_sql_ms", "  floor: hand-written members, items, names, arising", "ms"),
    ("recording_page_budget_ms", "  budget: 2 x floor or 20 ms, whichever larger", "ms"),
    ("recording_page_queries", "  queries", ""),
    ("recording_item_page_ms", "  an item's recording page", "ms"),
    ("recording_item_page_sql_ms", "  floor: hand-written item, presenters, requests, names", "ms"),
    ("recording_item_page_budget_ms", "  budget: 2 x floor or 20 ms, whichever larger", "ms"),
    ("recording_item_page_queries", "  queries", ""),
    ("sweep_s", "Reminder sweep", "s"),
    ("sweep_due_items", "  items due or overdue", ""),
    ("sweep_ms_per_item", "  per item", "ms"),
    ("sweep_reminders", "  reminders recorded", ""),
    ("sweep_emails", "  digests composed and sent", ""),
    ("sweep_queries", "  queries", ""),
    ("sweep_peak_mb", "  peak memory", "MB"),
    ("dashboard_officer_ms", "Dashboard of an officer of one committee", "ms"),
    ("dashboard_officer_queries", "  queries", ""),
    ("dashboard_admin_ms", "Dashboard of an administrator (every committee)", "ms"),
    ("dashboard_admin_queries", "  queries", ""),
    ("export_rows", "CSV export of the filtered list: rows", ""),
    ("export_rows_per_s", "  rows per second", "/s"),
    ("export_cursor_rows_per_s", "  plain cursor, same rows", "/s"),
    ("export_rate_ratio", "  export rate / cursor rate", "x"),
    ("export_peak_mb", "  peak memory", "MB"),
    ("export_xlsx_rows", "Excel download of one committee's overdue items: rows", ""),
    ("export_xlsx_rows_per_s", "  rows per second", "/s"),
    ("export_xlsx_peak_mb", "  peak memory", "MB"),
    ("history_overhead_ratio", "Saving with history / without", "x"),
    ("kpi_report_ms", "KPI report for a month", "ms"),
    ("kpi_report_sql_ms", "  floor: hand-written report and rows query", "ms"),
    ("kpi_report_budget_ms", "  budget: 2 x floor or 50 ms, whichever larger", "ms"),
    ("kpi_report_queries", "  queries", ""),
    ("kpi_report_uncached_ms", "  the first after a change: not yet cached", "ms"),
    ("kpi_report_uncached_queries", "  its queries", ""),
    ("kpi_values", "  values in the set", ""),
    ("load_average", "Load average (1 minute) before, after", ""),
]


class Command(BaseCommand):
    help = (
        "Build synthetic data of the chosen size on the configured database (inside a "
        "transaction that is rolled back), then measure the pages, the reminder sweep, the "
        "export and history against floors written here. Medians of repeated runs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--items", type=int, default=1000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--json", action="store_true", help="One JSON object, stable keys.")
        parser.add_argument("--kpi-indicators", type=int, default=200)
        parser.add_argument("--kpi-years", type=int, default=10)
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Also EXPLAIN ANALYZE the main queries (PostgreSQL), after the figures.",
        )
        parser.add_argument(
            "--only",
            type=_groups,
            default=GROUPS,
            metavar="KEY_PREFIX[,KEY_PREFIX...]",
            help=(
                "Measure only these groups of figures, after building the data: "
                + ", ".join(GROUPS)
                + ". Every group by default."
            ),
        )

    def handle(self, *args, items: int, repeat: int, **options) -> None:
        if options["explain"] and connection.vendor != "postgresql":
            raise CommandError("--explain reads PostgreSQL's EXPLAIN ANALYZE output.")
        result = run(
            items=items,
            repeat=repeat,
            explain=options["explain"],
            kpi_indicators=options["kpi_indicators"],
            kpi_years=options["kpi_years"],
            only=options["only"],
        )
        if options["json"]:
            self.stdout.write(_dumps(result.as_json()))
            return
        self.stdout.write(
            f"{result.items} items on {result.database}; generated in {result.generation_s:.1f} s"
        )
        for key, label, unit in ROWS:
            if key not in result.figures:  # a group not measured (--only)
                continue
            value = result.figures[key]
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            self.stdout.write(f"{label:52} {value:>12} {unit}")
        for name, plan in result.figures.get("explain", {}).items():
            self.stdout.write(f"\nEXPLAIN ANALYZE: {name}\n{plan}")


def _groups(value: str) -> tuple[str, ...]:
    """The groups of figures named, each once, in the benchmark's order."""
    named = {name.strip() for name in value.split(",") if name.strip()}
    unknown = named - set(GROUPS)
    if unknown or not named:
        raise CommandError(
            f"--only takes groups of figures from: {', '.join(GROUPS)}"
            + (f" (not {', '.join(sorted(unknown))})" if unknown else "")
        )
    return tuple(group for group in GROUPS if group in named)


def _dumps(value) -> str:
    return json.dumps(value, sort_keys=True)
