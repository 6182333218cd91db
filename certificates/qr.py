"""QR codes as SVG data URIs (segno; no network, no image files)."""

import segno


def qr_svg_data_uri(data: str, *, scale: int = 4) -> str:
    """A QR code for `data` as an ``data:image/svg+xml`` URI, dark modules on white.

    Error correction M survives a crease or a smudge on a printed certificate; segno may raise
    it further when the data leaves room (``boost_error``, on by default).
    """
    qr = segno.make(data, error="m", micro=False)
    return qr.svg_data_uri(scale=scale, border=2, dark="#000", light="#fff")
