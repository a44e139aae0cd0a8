"""The central office's server: every office's data, received and answered in bundles (DESIGN.md §5)."""
