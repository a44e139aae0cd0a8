"""Sync with the central office and between an office's stations (DESIGN.md §5)."""
