"""The ITRS report of a period: wording.py (what it says; no reportlab, so the workbook and the command
line share it), flowables.py (the page and the writer every string goes through), charts.py,
sections.py and tables.py (one small function per section), pdf.py (the document: `render_report`)."""
