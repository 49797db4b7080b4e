"""The KPI pages: the month's report, an indicator's page, asking about an indicator
outside tolerance, and exempt reports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from tests.support.kpis import build_kpi_world
from tracker.models import InformationRequest, KpiQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def kpis():
    return build_kpi_world()


def _report_url(world, report="december"):
    period = world[report].period
    return reverse("kpi_report", args=[world["set"].slug, period.year, period.month])


def test_the_months_report_lists_indicators_outside_tolerance_first(client, kpis):
    page = client.get(_report_url(kpis)).content.decode()
    a, b, c = (page.index(f"Indicator KPI {x}") for x in "ABC")
    assert a < b < c  # worse than the band, better than the band, then not rated
    assert "Red: outside tolerance" in page and "Outside tolerance: worse than the band" in page
    assert "Outside tolerance: better than the band" in page
    assert "No data" in page and "The system was being replaced." in page
    assert "Worsening against the month before" in page  # A: 80 then 70, high is good
    assert "Procurement Act 2023" in page and "Requires improvement" in page
    assert "National: 77%" in page and "Commentary on KPI A." in page
    assert "2 outside their tolerance band" in page


def test_the_report_page_reads_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings
):
    small = build_kpi_world(indicators=3)
    client.get(_report_url(small))  # warm: content types, and the table into the cache
    # The request's savepoint and its release, the report, the KPI record's version, and
    # the cached counts and table, the council's settings (the header): no indicator,
    # target or value is read.
    with django_assert_num_queries(7):
        client.get(_report_url(small))
    from tracker.models import Indicator, IndicatorTarget, IndicatorValue

    post = small["post"]
    for n in range(30):
        indicator = Indicator.objects.create(
            kpi_set=small["set"], code=f"KPI X{n}", name="More", direction="low", owner_post=post
        )
        IndicatorTarget.objects.create(indicator=indicator, starts_on=dt.date(2018, 4, 1), target=5)
        IndicatorValue.objects.create(report=small["december"], indicator=indicator, actual=4)
    client.get(_report_url(small))  # the first after the change renders the table anew
    with django_assert_num_queries(7):
        page = client.get(_report_url(small)).content.decode()
    assert page.count("KPI X") >= 30 and "33 indicators" in page

    # Not cached, as the first request after a change: the savepoint and its release, the
    # report, the indicators and their targets, the month's values, the month before's
    # values, read together with whether that report may be seen; the council's settings.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with django_assert_num_queries(8):
        page = client.get(_report_url(small)).content.decode()
    assert page.count("KPI X") >= 30


def test_the_cached_table_is_renewed_by_every_change_it_shows(client, kpis):
    """The table is rendered once for each version of the KPI record: a changed figure,
    target, name or exemption of the month before shows at once, from any write path."""
    from tracker.kpis.services import kpi_report_set_exemption, value_save
    from tracker.models import IndicatorTarget

    url = _report_url(kpis)
    assert "70%" in client.get(url).content.decode()  # KPI A, now in the cache
    a = kpis["indicators"]["KPI A"]
    value_save(
        value=a.values.get(report=kpis["december"]),
        fields={"actual": 91},
        by_user=kpis["officer"],
        reason="Corrected by the Trust",
    )
    page = client.get(url).content.decode()
    assert "91%" in page and "70%" not in page
    a.name = "Renamed indicator"
    a.save()
    assert "Renamed indicator" in client.get(url).content.decode()
    IndicatorTarget.objects.filter(indicator=a).delete()
    assert "None set" in client.get(url).content.decode()

    # The month before made exempt: the public's trend no longer compares with it, while
    # the committee's officer, whose table is cached apart, still sees that comparison.
    client.force_login(kpis["officer"])
    assert "against the month before" in client.get(url).content.decode()
    kpi_report_set_exemption(
        report=kpis["november"], paragraph=3, reason="Commercially sensitive", by_user=None
    )
    assert "against the month before" in client.get(url).content.decode()
    client.logout()
    assert "against the month before" not in client.get(url).content.decode()


def test_an_officer_asks_about_an_indicator_outside_tolerance(client, kpis):
    value = kpis["indicators"]["KPI A"].values.get(report=kpis["december"])
    client.force_login(kpis["officer"])
    response = client.post(reverse("kpi_ask", args=[value.pk]), {"question": "Why the fall?"})
    request = InformationRequest.objects.get(kpi_question__value=value)
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert request.owner_post == kpis["post"]
    assert request.due_date == kpis["upcoming"].report_deadline  # the next report deadline
    assert request.meeting == kpis["past"] and request.is_outstanding
    assert "KPI A" in request.text and "70%" in request.text and "Why the fall?" in request.text
    assert request.history.first().history_user == kpis["officer"]
    # Linked both ways.
    assert "Indicator KPI A" in client.get(request.get_absolute_url()).content.decode()
    indicator_page = client.get(reverse("kpi_indicator", args=[value.indicator_id]))
    assert request.text in indicator_page.content.decode()


def test_asking_is_for_the_committees_officers_and_outside_tolerance_only(client, kpis):
    outside = kpis["indicators"]["KPI A"].values.get(report=kpis["december"])
    client.force_login(kpis["member"])
    assert (
        client.post(reverse("kpi_ask", args=[outside.pk]), {"question": "Why?"}).status_code == 403
    )
    client.force_login(kpis["officer"])
    no_data = kpis["indicators"]["KPI C"].values.get(report=kpis["december"])
    response = client.post(reverse("kpi_ask", args=[no_data.pk]), {"question": "Why?"})
    assert response.status_code == 200
    assert "Only an indicator outside its tolerance band" in response.content.decode()
    response = client.post(reverse("kpi_ask", args=[outside.pk]), {"question": ""})
    assert "Enter what the committee asks" in response.content.decode()
    assert not KpiQuestion.objects.exists()
    assert client.get(reverse("kpi_ask", args=[outside.pk])).status_code == 405


def test_an_exempt_report_is_seen_only_by_the_committee(client, kpis):
    november = kpis["november"]
    november.is_exempt, november.exempt_paragraph = True, 3
    november.save()
    value = kpis["indicators"]["KPI A"].values.get(report=november)
    value.commentary = "Exempt canary: the provider's finances."
    value.save()
    urls = [
        _report_url(kpis, "november"),
        _report_url(kpis, "november") + "?export=csv",
        reverse("kpi_report_print", args=["contract-kpis", 2018, 11]),
        reverse("kpi_report_docx", args=["contract-kpis", 2018, 11]),
        reverse("kpi_headline", args=["contract-kpis", 2018, 11]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    # December's trend does not use November's figure; the indicator page leaves it out.
    december = client.get(_report_url(kpis)).content.decode()
    assert "against the month before" not in december
    indicator = client.get(reverse("kpi_indicator", args=[value.indicator_id])).content.decode()
    assert "November 2018" not in indicator and "canary" not in indicator
    assert "November" not in client.get(reverse("kpi_index")).content.decode()
    client.force_login(kpis["member"])
    page = client.get(_report_url(kpis, "november")).content.decode()
    assert "Exempt canary" in page and "paragraph 3" in page
    docx = client.get(urls[3])
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "not for publication" in text.lower()


def test_the_print_page_and_word_document_carry_every_indicator(client, kpis):
    page = client.get(reverse("kpi_report_print", args=["contract-kpis", 2018, 12])).content
    docx = client.get(reverse("kpi_report_docx", args=["contract-kpis", 2018, 12]))
    assert docx["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(docx.content))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    for code in ("KPI A", "KPI B", "KPI C"):
        assert f"Indicator {code}".encode() in page
        assert any(f"Indicator {code}" in text for text in cells)


def test_the_indicator_page_charts_with_a_text_equivalent(client, kpis):
    indicator = kpis["indicators"]["KPI A"]
    page = client.get(reverse("kpi_indicator", args=[indicator.pk])).content.decode()
    assert "<svg" in page and 'role="img"' in page and "<desc" in page
    assert "2 months from November 2018 to December 2018: from 80% to 70%" in page
    assert "Figures by month" in page  # the table beside the chart
    assert "Ask about this" not in page  # the public sees no action
