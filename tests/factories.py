"""Small builders for tests that need their own committee rather than the demo record."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from committees.models import ActionNotes, AgendaItem, Committee, Meeting, Person, Post, PostHolding
from tracker.models import AssessmentScale, InformationRequest, Inquiry, Recommendation


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Scrutiny Committee {n}")
    slug = factory.Sequence(lambda n: f"committee-{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    date = dt.date(2019, 2, 13)
    kind = Meeting.Kind.FORMAL

    @factory.post_generation
    def notes_published(meeting, create, published, **kwargs):
        """`notes_published=True`: the public part of its notes is published, so the
        public reads what was recorded at it, its requests included."""
        if create and published:
            ActionNotes.objects.create(meeting=meeting, published_at=timezone.now())


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Officer {n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Cabinet Member for Portfolio {n}")


class PostHoldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostHolding

    post = factory.SubFactory(PostFactory)
    person = factory.SubFactory(PersonFactory)


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Inquiry {n}")
    assessment_scale = factory.LazyFunction(lambda: AssessmentScale.objects.get(slug="birmingham"))


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    inquiry = factory.SubFactory(InquiryFactory)
    code = factory.Sequence(lambda n: f"R{n + 1:02d}")
    text = "Do the thing the committee recommended."
    original_due_date = dt.date(2019, 5, 31)


class InformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationRequest

    meeting = factory.SubFactory(MeetingFactory)
    text = "A breakdown of the figures."
    due_date = dt.date(2019, 3, 4)
