"""The security headers of every file the site serves, as a ``_headers`` file (Netlify, Cloudflare Pages).

Nothing here knows about MkDocs. A ``<meta>`` policy protects rendered pages
only: an SVG opened on its own, the search worker's script and every other
file get no policy, and no ``<meta>`` can forbid framing. Hosts that read a
``_headers`` file at the site's root send these with every response; hooks/DEPLOYING.md
gives the nginx and Apache equivalents and what GitHub Pages cannot send.
"""

from __future__ import annotations

# Besides the Content-Security-Policy: no content-type guessing (a file is what its extension says), no
# framing by another site (for browsers that predate frame-ancestors), no full addresses sent to other sites.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)
HEADERS_FILE = "_headers"


def headers_file(policy: str) -> str:
    """A ``_headers`` file that gives every path of the site ``policy`` and `SECURITY_HEADERS`."""
    lines = [
        "# Security headers for every file of the site (Netlify and Cloudflare Pages read this file; it is not",
        "# served). Written by each build from the theme's own scripts; see hooks/DEPLOYING.md for other hosts.",
        "/*",
        f"  Content-Security-Policy: {policy}",
        *(f"  {name}: {value}" for name, value in SECURITY_HEADERS),
    ]
    return "\n".join(lines) + "\n"
