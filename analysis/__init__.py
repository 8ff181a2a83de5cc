"""Recomputes the checkable claims of two German documents on AI (see README.md)."""
