"""The Insights page: charts of the calls the current filter selects."""
