"""Settings and the first-run wizard: one page per group, and the widgets they share."""
