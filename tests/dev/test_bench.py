"""The benchmark runs on the configured database and reports every figure.

Timings are for the benchmark itself (docs/performance.md); here only its shape and its
counts are checked.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tracker.models import Recommendation

KEYS = {
    "list_page_ms", "list_page_sql_ms", "list_page_queries", "admin_changelist_ms",
    "deep_page_ms", "my_items_ms", "my_items_sql_ms", "my_items_queries", "my_items_unlinked_ms",
    "my_items_reads_ms",
    "sweep_s", "sweep_due_items", "sweep_ms_per_item", "sweep_reminders", "sweep_emails",
    "sweep_queries", "sweep_peak_mb",
    "export_rows", "export_rows_per_s", "export_cursor_rows_per_s", "export_rate_ratio",
    "export_peak_mb", "export_xlsx_rows", "export_xlsx_rows_per_s", "export_xlsx_peak_mb",
    "history_overhead_ratio", "dashboard_officer_ms", "dashboard_officer_queries",
    "dashboard_admin_ms", "dashboard_admin_queries", "load_average", "items", "database",
    "kpi_report_ms", "kpi_report_sql_ms", "kpi_report_budget_ms", "kpi_report_queries",
    "kpi_values",
    "statistics_page_ms", "statistics_sql_ms", "statistics_queries",
    "recording_page_ms", "recording_page_sql_ms", "recording_page_budget_ms",
    "recording_page_queries", "recording_item_page_ms", "recording_item_page_sql_ms",
    "recording_item_page_budget_ms", "recording_item_page_queries",
    "api_outstanding_page_ms", "api_outstanding_page_sql_ms", "api_outstanding_page_budget_ms",
    "api_outstanding_page_queries", "api_outstanding_next_page_ms",
    "search_common_word_ms", "search_common_word_sql_ms", "search_common_word_budget_ms",
    "search_rare_word_ms", "search_rare_word_sql_ms", "search_rare_word_budget_ms",
}  # fmt: skip


@pytest.mark.django_db
def test_bench_json_has_every_key_and_leaves_the_database_as_it_was(capsys):
    explain = ["--explain"] if connection.vendor == "postgresql" else []
    call_command(
        "bench", "--items", "500", "--repeat", "1", "--json", "--kpi-indicators", "20",
        "--kpi-years", "2", *explain,
    )  # fmt: skip
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) >= KEYS
    assert figures["items"] == 500
    # savepoint, committees (are there several?), count, committee and assessment choices,
    # page, the council's name (the header), release: with several committees no other list
    # is offered until one is chosen.
    assert figures["list_page_queries"] == 8
    # session, user with person, posts held, the count of their items, the page of rows,
    # the latest updates of its rows, the council's name; a read, so no transaction.
    assert figures["my_items_queries"] == 7
    # The committees of the filter form, the two kinds' figures, the median time to achieve,
    # five breakdowns; a read, so no transaction to begin or end. (No request in the
    # benchmark is answered late, so there is no median lateness to read.) And the
    # council's name, in the page's header.
    assert figures["statistics_queries"] == 10
    # The recording pages of a 20-item meeting: the same fixed queries as
    # tests/meetings/test_recording_page.py pins (there with a session; here an administrator).
    assert figures["recording_page_items"] == 20
    assert figures["recording_page_queries"] == 20
    assert figures["recording_item_page_queries"] == 17
    assert figures["recording_page_ms"] > 0 and figures["recording_item_page_ms"] > 0
    # An API page of the list: a fixed number of queries whatever the page size (the rows
    # are one query, with no count: a cursor), the rate limit's cache reads included.
    assert figures["api_outstanding_page_queries"] == 10
    assert figures["search_common_word_queries"] == figures["search_rare_word_queries"]
    # Every item due has one owner with an email and the benchmark has no scrutiny
    # officers to escalate to: one reminder each, and one digest per person reminded.
    assert figures["sweep_reminders"] == figures["sweep_due_items"] > 0
    assert 0 < figures["sweep_emails"] <= figures["sweep_reminders"]
    assert figures["export_rows"] > 0
    assert 0 < figures["export_xlsx_rows"] < figures["export_rows"]  # one committee's
    # The KPI report page: the same fixed queries as tests/kpis/test_kpis_pages.py pins, from
    # the cache and not.
    assert figures["kpi_values"] == 20 * 24
    assert figures["kpi_report_queries"] == 7
    assert figures["kpi_report_uncached_queries"] == 8
    if explain:  # the plan of each main query and of each floor
        assert set(figures["explain"]) == {
            "list_count", "list_page_1", "list_page_100", "my_items_page_1", "export",
            "floor_list_count", "floor_list_page_1", "floor_my_items_count",
            "floor_my_items_page_1", "floor_export",
        }  # fmt: skip
        assert all("Execution Time" in plan for plan in figures["explain"].values())
    assert not Recommendation.objects.exists()  # generated inside a rolled-back transaction


@pytest.mark.django_db
def test_bench_only_measures_the_groups_named(capsys):
    """`--only` re-measures some figures after building the data, without the others:
    the keys of the groups named are those of a full run; no other group's are there."""
    call_command("bench", "--items", "500", "--repeat", "1", "--json", "--only", "export,search")
    figures = json.loads(capsys.readouterr().out)
    measured = {key for key in KEYS if key.startswith(("export_", "search_"))}
    assert set(figures) >= measured
    always = {"items", "database", "load_average", "generation_s"}
    assert all(key.startswith(("export_", "search_")) for key in set(figures) - always)
    assert figures["export_rows"] > 0
    assert figures["search_common_word_queries"] == figures["search_rare_word_queries"]
    assert not Recommendation.objects.exists()


def test_bench_only_refuses_a_group_it_does_not_have():
    with pytest.raises(CommandError, match="--only takes groups of figures from: list,"):
        call_command("bench", "--items", "500", "--only", "export,pages")
