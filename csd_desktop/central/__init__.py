"""The central office's server: the hub that applies every office's bundles (DESIGN.md §5), and its web layer."""
