"""The first-run wizard: one module per page, and the wizard that strings them together."""
