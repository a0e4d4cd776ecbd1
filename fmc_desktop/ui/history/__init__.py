"""The call history page: the table model and view, its loader, filters, calls to return."""
