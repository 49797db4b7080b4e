"""Sign-in accounts: what Django's own account commands need changed.

An app of its own only so that it can stand before django.contrib.auth in INSTALLED_APPS:
the first app to define a management command wins, and this one replaces createsuperuser.
"""
