"""QR codes drawn on the server as inline SVG (segno): no script, no image request, nothing the
page's Content-Security-Policy has to allow."""

import segno
from django.utils.safestring import SafeString, mark_safe

# Pixels per module, and modules of white border (the standard's quiet zone).
SCALE = 4
BORDER = 4


def qr_code(data: str) -> segno.QRCode:
    """The QR code of `data`: a full QR code (never a Micro QR, which apps do not read), with
    error correction M, the smallest version that holds it."""
    return segno.make(data, error="m", micro=False, boost_error=False)


def qr_svg(data: str, *, title: str) -> SafeString:
    """The QR code as an <svg> element to put in a page: dark modules on a white square (read
    in a dark theme too), titled for screen readers. Colours are SVG attributes, not styles."""
    svg = qr_code(data).svg_inline(
        scale=SCALE,
        border=BORDER,
        dark="#000",
        light="#fff",
        title=title,
        svgclass="qr-code",
        lineclass="qr-modules",
    )
    return mark_safe(svg)  # segno's own markup, which escapes the title
