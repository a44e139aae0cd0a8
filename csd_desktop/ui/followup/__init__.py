"""The follow-up screens: worklists with their live counts, and the desk for a returning citizen."""
