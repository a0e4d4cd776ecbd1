"""The contacts page: the directory view, the editor, search as you type, import reports."""
