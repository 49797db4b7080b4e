"""Sign-in accounts: what Django's own account commands need changed, and sessions.

An app of its own so that it can stand before django.contrib.auth in INSTALLED_APPS: the
first app to define a management command wins, and this one replaces createsuperuser. It
also keeps which sessions are whose, and how long they last (`signin`).
"""
