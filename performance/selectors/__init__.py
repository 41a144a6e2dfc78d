"""Reads of the performance app shaped for pages and reports, one module per area."""
