"""Signals of the enterprises app for the apps to its right (STYLE.md "Apps in layers": reports
keeps its rollups in step without enterprises importing it)."""

from django.dispatch import Signal

# Sent inside the writing transaction after monthly figures were written in bulk (the grid), which
# sends no post_save: ``enterprise_ids`` and ``periods`` [(year, month)] written.
stats_written = Signal()
