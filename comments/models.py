"""Readers' comments (the moderated comments capability lands in its own issue)."""
