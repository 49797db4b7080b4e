"""Load and fault tests of the app as it runs in production: gunicorn, PostgreSQL, Redis."""
