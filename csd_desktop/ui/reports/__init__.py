"""The reports screen: monthly, quarterly, yearly and custom reports as PDF, Excel and CSV; closing a month."""
