"""The Insights page: charts of the calls the current filter selects.

How to add a chart: subclass `chart.InsightsChart` (`bar_rows.BarRowsChart` for labelled bars) in
a module of its own that lays out, paints and describes its items, its texts in the "Insights"
context. Its figures are a field of `InsightsData`, filled in core/history/insights_oracle.py and
core/history/insights.py off the GUI thread. Register it in `view.InsightsView`: build it, feed it
in `set_data`, put its `ChartCard` in `cards` and `_arrange`, and list it in `charts`.
"""
