"""Each signed-in person's notification settings: their own, nobody else's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tracker.access import access_for

from .forms import NotificationPreferenceForm
from .models import NotificationPreference
from .services import notification_preference_set


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    person = access_for(request.user).person
    current = NotificationPreference.objects.filter(person=person).first() if person else None
    delivery = current.delivery if current else NotificationPreference.Delivery.DIGEST
    if request.method == "POST":
        if person is None:
            raise PermissionDenied
        form = NotificationPreferenceForm(request.POST)
        if form.is_valid():
            notification_preference_set(
                person=person, delivery=form.cleaned_data["delivery"], by_user=request.user
            )
            messages.success(request, "Your notification settings are saved.")
            return redirect("notification_preferences")
    else:
        form = NotificationPreferenceForm(initial={"delivery": delivery})
    return render(
        request,
        "tracker/notifications/notification_preferences.html",
        {"form": form, "person": person},
    )
