"""The home screen: today's intake, open, overdue and due cases, this month against last, a year's bars."""
