"""What a search matches, once for the archive, the history and contacts, across alphabets."""
