"""Charts (matplotlib, SVG) and the PDF report (WeasyPrint): usable without a Flask app or a request."""
