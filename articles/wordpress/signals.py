"""The import's hook for the comments app, which knows articles (not the other way round)."""

from django.dispatch import Signal

# Sent for each imported post that has comments in the export, inside the post's savepoint,
# with `importer` (its summary, site and `known`/`remember`), `article` and `comments` (dicts
# of the export's wp:comment_* fields).
comments_found = Signal()
