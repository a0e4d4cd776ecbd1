"""The call history as the window reads it: the column store and the Insights figures."""
