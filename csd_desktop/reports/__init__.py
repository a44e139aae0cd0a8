"""PDFs and spreadsheets. Only reports/arabic.py shapes Arabic for PDF."""
