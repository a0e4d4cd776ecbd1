"""The missed-call worklist: who still needs a call back, who is on it, and how fast the team
calls back (the callback report)."""
