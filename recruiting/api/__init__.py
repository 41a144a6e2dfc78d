"""Recruiting's REST API (/api/v1/): the pages' access rules and services, as JSON."""
