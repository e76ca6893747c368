"""Reports an auditor can sign off: the traceability report and the actor report.

`build` makes a report (the model in `model`) from named queries; `formats` writes it as
HTML, PDF, XLSX, CSV or JSON.
"""
