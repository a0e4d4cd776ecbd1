"""The contact directory: own contacts, the PBX's book, contact files, name order."""
