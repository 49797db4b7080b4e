"""A small committee with a set of KPIs, for the KPI tests that do not need the demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from committees import clock
from committees.models import Committee, Meeting, Membership, Person, Post, SupportOfficer
from tracker.models import Indicator, IndicatorTarget, IndicatorValue, KpiReport, KpiSet
from tracker.roles import ROLE_MEMBERS, ROLE_OFFICERS

NOVEMBER, DECEMBER = dt.date(2018, 11, 1), dt.date(2018, 12, 1)


def build_kpi_world(indicators: int = 3) -> dict:
    """Indicators A (high is good, worse than its band in December), B (low is good,
    better than its band) and C (no data in December), and `indicators - 3` more within
    tolerance, with November and December values; a meeting past and one to come."""
    today = clock.today()
    committee = Committee.objects.create(name="Performance O&S", slug="performance-os")
    past = Meeting.objects.create(committee=committee, date=today - dt.timedelta(days=20))
    upcoming = Meeting.objects.create(committee=committee, date=today + dt.timedelta(days=40))
    users = get_user_model().objects
    officer = users.create_user("kpi_officer", password="pw")
    officer.groups.add(Group.objects.get(name=ROLE_OFFICERS))
    SupportOfficer.objects.create(
        committee=committee,
        person=Person.objects.create(name="KPI Scrutiny Officer", user=officer),
        role="Scrutiny Officer",
    )
    member = users.create_user("kpi_member", password="pw")
    member.groups.add(Group.objects.get(name=ROLE_MEMBERS))
    Membership.objects.create(
        committee=committee,
        person=Person.objects.create(name="KPI Member", is_councillor=True, user=member),
    )
    post = Post.objects.create(title="Director of Children's Services")
    kpi_set = KpiSet.objects.create(
        name="Contract KPIs", slug="contract-kpis", provider="The Trust", committee=committee
    )
    nov = KpiReport.objects.create(kpi_set=kpi_set, period=NOVEMBER, meeting=past)
    dec = KpiReport.objects.create(kpi_set=kpi_set, period=DECEMBER, meeting=past)
    specs = [
        ("KPI A", "high", ("85", "75", "95"), "80", "70"),
        ("KPI B", "low", ("21", "17", "24"), "20", "16"),
        ("KPI C", "high", ("50", "40", "60"), "55", None),
    ] + [(f"KPI {n}", "high", ("50", "40", "60"), "50", "55") for n in range(4, indicators + 1)]
    made = {}
    for order, (code, direction, (target, low, high), november, december) in enumerate(specs):
        indicator = Indicator.objects.create(
            kpi_set=kpi_set,
            code=code,
            order=order,
            name=f"Indicator {code}",
            direction=direction,
            owner_post=post,
        )
        IndicatorTarget.objects.create(
            indicator=indicator,
            starts_on=dt.date(2018, 4, 1),
            target=Decimal(target),
            tolerance_low=Decimal(low),
            tolerance_high=Decimal(high),
        )
        IndicatorValue.objects.create(report=nov, indicator=indicator, actual=Decimal(november))
        IndicatorValue.objects.create(
            report=dec,
            indicator=indicator,
            actual=Decimal(december) if december else None,
            no_data_reason="" if december else "The system was being replaced.",
            commentary=f"Commentary on {code}.",
            national=Decimal("77"),
        )
        made[code] = indicator
    return {
        "committee": committee,
        "officer": officer,
        "member": member,
        "post": post,
        "set": kpi_set,
        "november": nov,
        "december": dec,
        "upcoming": upcoming,
        "past": past,
        "indicators": made,
    }
