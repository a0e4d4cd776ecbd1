"""Phone numbers: parsed, checked and shown one way; their kind; numbers found in text."""
