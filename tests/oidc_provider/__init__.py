"""A minimal OpenID provider (django-oauth-toolkit) that the single sign-on tests start.

A second Django project, run as its own process on a free local port (tests/people/sso_provider.py
starts it): its own settings, a SQLite file and an RSA signing key made for each run, users and
one client application registered by `oidc_provider_setup`. Users in the group "unverified"
are given `email_verified: false`.
"""
