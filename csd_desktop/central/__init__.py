"""The central office's server: the hub that applies every office's bundles, and its web layer."""
