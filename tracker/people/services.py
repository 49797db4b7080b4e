"""Giving and ending people's roles on a committee, and inviting them to sign in.

An invitation creates (or links) the person in the committee's record and a user with no
password, gives the role's group, and emails a one-time link to set a password: Django's
password-reset token (`default_token_generator`), which stops working once the password
is set because the token is made from the password's hash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from committees import clock
from committees import services as committee_services
from committees.models import (
    Committee,
    Membership,
    Person,
    PostHolding,
    SupportOfficer,
    active_on,
)
from committees.services import council_settings, save_with_history
from tracker.models import InformationRequest, Recommendation
from tracker.roles import ROLE_MEMBERS, ROLE_OFFICERS, ROLE_OWNERS


class Role(models.TextChoices):
    """The roles an officer may give on a committee they keep. Administrators are not
    among them: only an administrator makes another, in the admin."""

    OWNER = "owner", "Responsible officer"
    MEMBER = "member", "Committee member"
    OFFICER = "officer", "Scrutiny officer"


ROLE_GROUPS = {Role.OWNER: ROLE_OWNERS, Role.MEMBER: ROLE_MEMBERS, Role.OFFICER: ROLE_OFFICERS}


class SignInState(models.TextChoices):
    NONE = "none", "Does not sign in"
    INVITED = "invited", "Invited, no password set yet"
    ACTIVE = "active", "Signs in"
    DEACTIVATED = "deactivated", "Account deactivated"


def sign_in_state(person: Person) -> SignInState:
    """Whether and how `person` signs in (their user read with them)."""
    user = person.user
    if user is None:
        return SignInState.NONE
    if not user.is_active:
        return SignInState.DEACTIVATED
    return SignInState.ACTIVE if user.has_usable_password() else SignInState.INVITED


def committees_of(person: Person) -> set[int]:
    """Every committee whose record names `person`: member, support officer or owner."""
    ids = set(person.memberships.values_list("committee_id", flat=True))
    ids |= set(person.supports.values_list("committee_id", flat=True))
    posts = list(person.post_holdings.values_list("post_id", flat=True))
    owned = Q(owner_person=person) | Q(owner_post__in=posts)
    ids |= set(Recommendation.objects.filter(owned).values_list("inquiry__committee_id", flat=True))
    ids |= set(
        InformationRequest.objects.filter(owned).values_list("meeting__committee_id", flat=True)
    )
    return ids


def committee_owners(committee: Committee, day: dt.date) -> models.QuerySet[Person]:
    """The people who own (themselves, or through a post held on `day`) an item of the
    committee that is still being tracked."""
    recommendations = Recommendation.objects.outstanding().filter(inquiry__committee=committee)
    requests = InformationRequest.objects.filter(meeting__committee=committee).outstanding()
    posts = set(recommendations.values_list("owner_post", flat=True)) | set(
        requests.values_list("owner_post", flat=True)
    )
    people = set(recommendations.values_list("owner_person", flat=True)) | set(
        requests.values_list("owner_person", flat=True)
    )
    held = Q(post_holdings__in=PostHolding.objects.filter(active_on(day), post__in=posts - {None}))
    return (
        Person.objects.filter(Q(pk__in=people - {None}) | held)
        .distinct()
        .select_related("user")
        .order_by("name")
    )


@dataclass
class Invitation:
    person: Person
    user: AbstractBaseUser
    link_sent: bool


def _find_person(*, name: str, email: str) -> Person | None:
    by_email = Person.objects.filter(email__iexact=email).first() if email else None
    return by_email or Person.objects.filter(name__iexact=name).first()


@transaction.atomic
def person_invite(
    *,
    committee: Committee,
    name: str,
    email: str,
    role: str,
    start: dt.date,
    keeps: frozenset[int],
    by_user: AbstractBaseUser,
    reason: str,
    site_url: str | None = None,
) -> Invitation:
    """Give `role` on `committee` to the person named, with a sign-in, and email them.

    `keeps` are the committees the acting user keeps the record of: the role must be on
    one of them, and an existing person may be linked to a sign-in only when every
    committee that names them is one of them (so nobody can take over a sign-in to
    another committee's business). Raises ValidationError, changing nothing, otherwise.
    """
    role = Role(role)
    if committee.pk not in keeps:
        raise ValidationError("You can only give roles on the committees you support.")
    name, email = " ".join(name.split()), email.strip().lower()
    why = f"Invited as {role.label.lower()} of {committee.name}: {reason}"
    users = get_user_model().objects
    person = _find_person(name=name, email=email)
    if person is None:
        person = Person(name=name, email=email)
        save_with_history(person, by_user=by_user, reason=why)
    elif person.email and person.email.lower() != email:
        raise ValidationError(
            f"{person.name} is already in the record with another email address. "
            "Use that address, or ask an administrator to change it."
        )
    elif person.user_id is None and not committees_of(person) <= keeps:
        raise ValidationError(
            f"{person.name} is in another committee's record: ask an administrator to "
            "give them a sign-in."
        )
    user = person.user
    if user is None:
        if users.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
            raise ValidationError(
                "Another account already uses that email address: ask an administrator."
            )
        user = users.create_user(username=email, email=email)  # no password: unusable
        person.user = user
        if not person.email:
            person.email = email
        save_with_history(person, by_user=by_user, reason=why)
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))

    if role == Role.MEMBER:
        if committee.memberships.filter(active_on(start), person=person).exists():
            raise ValidationError(f"{person.name} is already a member on that date.")
        save_with_history(
            Membership(committee=committee, person=person, start=start),
            by_user=by_user,
            reason=why,
        )
    elif role == Role.OFFICER:
        support = committee.support_officers.filter(person=person).first()
        if support is not None and (support.end is None or support.end >= start):
            raise ValidationError(f"{person.name} already supports this committee.")
        support = support or SupportOfficer(committee=committee, person=person)
        support.role, support.start, support.end = "Scrutiny Officer", start, None
        save_with_history(support, by_user=by_user, reason=why)

    link_sent = not user.has_usable_password()
    _send_invitation(
        person=person,
        user=user,
        committee=committee,
        role=role,
        by_user=by_user,
        link=link_sent,
        site_url=site_url or settings.SITE_URL,
    )
    return Invitation(person=person, user=user, link_sent=link_sent)


def set_password_path(user: AbstractBaseUser) -> str:
    """The one-time path at which `user` sets a password."""
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _send_invitation(*, person, user, committee, role, by_user, link: bool, site_url: str):
    inviter = getattr(by_user, "person", None)
    context = {
        "person": person,
        "committee": committee,
        "role": role.label,
        "inviter": inviter.name if inviter else "",
        "link": f"{site_url.rstrip('/')}{set_password_path(user)}" if link else "",
        "sign_in": f"{site_url.rstrip('/')}{reverse('login')}",
        "username": user.get_username(),
        "council": council_settings(),
    }
    message = EmailMultiAlternatives(
        subject=render_to_string("emails/invitation_subject.txt", context).strip(),
        body=render_to_string("emails/invitation.txt", context),
        to=[user.email or person.email],
    )
    message.attach_alternative(render_to_string("emails/invitation.html", context), "text/html")
    # After the transaction: an email is never sent for a role that was rolled back.
    transaction.on_commit(message.send)


def _still_held(roles: models.QuerySet) -> bool:
    """Whether any of these roles (memberships or supports) runs past today."""
    return roles.filter(Q(end__isnull=True) | Q(end__gt=clock.today())).exists()


def _drop_group_unless_held(person: Person, group: str, still: bool) -> None:
    user = person.user
    if user is None or still:
        return
    user.groups.remove(Group.objects.get(name=group))
    if not user.is_superuser and not user.groups.exists():
        # No role is left: the account is deactivated, which ends its sessions
        # (tracker.accounts.signin).
        user.is_active = False
        user.save()


@transaction.atomic
def membership_end(
    *, membership: Membership, end: dt.date, by_user: AbstractBaseUser, reason: str
) -> Membership:
    """End a membership on `end` (committees' rule); with it the member's group when no
    membership is left, and the account when no role is left."""
    membership = committee_services.membership_end(
        membership=membership, end=end, by_user=by_user, reason=reason
    )
    person = membership.person
    _drop_group_unless_held(person, ROLE_MEMBERS, _still_held(person.memberships))
    return membership


@transaction.atomic
def support_officer_end(
    *, officer: SupportOfficer, end: dt.date, by_user: AbstractBaseUser, reason: str
) -> SupportOfficer:
    """End an officer's support on `end` (committees' rule); with it their group when no
    support is left, and the account when no role is left."""
    officer = committee_services.support_officer_end(
        officer=officer, end=end, by_user=by_user, reason=reason
    )
    person = officer.person
    _drop_group_unless_held(person, ROLE_OFFICERS, _still_held(person.supports))
    return officer
