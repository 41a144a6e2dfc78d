"""Every write of the performance app, one module per area."""
