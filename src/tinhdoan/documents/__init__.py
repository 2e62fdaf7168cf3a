"""Official documents (báo cáo, thông báo, kế hoạch...) rendered as DOCX, XLSX and PDF.

Describe the document with the dataclasses of ``tinhdoan.documents.model`` and call
``render_docx``, ``render_xlsx`` or ``render_pdf`` from ``tinhdoan.documents.render``.
"""
