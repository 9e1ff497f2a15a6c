"""Hostile uploads built in memory (issue 13, part 5): no binary fixture is committed.

Each `HostileFile` is a name and bytes, and says whether it must be refused. The others are
harmless once the upload checks have done their work (a real picture with a strange name, a
JPEG with a ZIP appended that is stored re-encoded): they may be stored, and then must be
stored and served safely. Bombs are small on disk: a header claiming huge dimensions, or a
little zlib stream that would inflate a great deal.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from functools import cache

from PIL import Image

# Bytes that must never reach the stored copy of an accepted image (the re-encoding drops them).
PAYLOAD_MARKERS = (b"<script", b"<html", b"<?php", b"PK\x03\x04", b"MZ\x90\x00", b"\x7fELF", b"alert(")


@dataclass(frozen=True)
class HostileFile:
    key: str  # the test id
    name: str
    data: bytes
    must_refuse: bool
    # Refused as a whole by Django's request parser (400, no form): only for what no browser sends.
    bad_request_ok: bool = False

    def __repr__(self) -> str:  # pytest ids and failure messages: not megabytes of bytes
        return f"HostileFile({self.key!r}, name={self.name!r}, {len(self.data)} bytes)"


# Building blocks ----------------------------------------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_header_only(width: int, height: int, *, mode: int = 2) -> bytes:
    """A PNG claiming `width`×`height` (colour type `mode`), with a few bytes of pixel data: a bomb's header."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, mode, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 4096, 9)
    return PNG_SIGNATURE + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


@cache
def png(size: tuple[int, int] = (24, 16), colour=(20, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@cache
def jpeg(size: tuple[int, int] = (24, 16)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 60, 40)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def png_with_chunk(kind: bytes, data: bytes) -> bytes:
    """The small PNG with one more chunk before IEND."""
    image = png()
    return image[:-12] + png_chunk(kind, data) + image[-12:]


def jpeg_with_comment(comment: bytes) -> bytes:
    image = jpeg()
    return image[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + image[2:]


def jpeg_with_dimensions(width: int, height: int) -> bytes:
    """The small JPEG with its frame header (SOF0) claiming other dimensions."""
    image = bytearray(jpeg())
    sof = image.find(b"\xff\xc0")
    image[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(image)


def zip_archive(files: dict[str, bytes], *, compress: bool = True) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def pdf(*objects: bytes, version: bytes = b"1.4", trailer: bytes = b"trailer<</Root 1 0 R>>\n") -> bytes:
    """A small PDF from its objects (not a perfect cross-reference table: the checks read no xref)."""
    body = (
        b"".join(objects)
        or b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
    )
    return b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n" + body + trailer + b"startxref\n0\n%%EOF\n"


PLAIN_PDF = pdf()
JS_ACTION = b"5 0 obj<</S/JavaScript/JS(app.alert\\(1\\))>>endobj\n"


def stream_object(number: int, dictionary: bytes, content: bytes) -> bytes:
    return (
        str(number).encode()
        + b" 0 obj<<"
        + dictionary
        + b"/Length "
        + str(len(content)).encode()
        + b">>stream\n"
        + content
        + b"\nendstream\nendobj\n"
    )


def object_stream_pdf(content: bytes, dictionary: bytes = b"/Type/ObjStm/N 1/First 4/Filter/FlateDecode") -> bytes:
    return pdf(stream_object(7, dictionary, content), version=b"1.5")


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"PE\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script></svg>"
)
SVG_ONLOAD = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="5" height="5"/></svg>'
SVG_XXE = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="10">&xxe;</text></svg>'
)
SVG_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&d;&d;&d;&d;</text></svg>'
)
SVG_FOREIGN = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="100" height="100">'
    b'<body xmlns="http://www.w3.org/1999/xhtml"><iframe src="javascript:alert(1)"></iframe></body>'
    b"</foreignObject></svg>"
)
GIF_JS = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(document.domain);//;"


@cache
def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (8, 8)).save(buffer, "GIF")
    return buffer.getvalue()


def pillow_bytes(fmt: str, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (8, 8)).save(buffer, fmt)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    """A 10 KB archive of 10 MB of zeros (one level; the real 42.zip nests these)."""
    return zip_archive({"ktp.pdf": b"\x00" * (10 * 1024 * 1024)})


# The corpus -------------------------------------------------------------------------------------------


def _names() -> list[HostileFile]:
    """Strange and hostile names on harmless content; refused only when the extension is not PDF/JPG/PNG."""
    good_pdf, good_png, good_jpg = PLAIN_PDF, png(), jpeg()
    cases = [
        ("traversal", "../../etc/passwd.pdf", good_pdf, False),
        ("traversal-deep", "../../../../../../../../var/www/html/ktp.pdf", good_pdf, False),
        ("traversal-backslash", "..\\..\\windows\\win.ini.pdf", good_pdf, False),
        ("traversal-dots", "....//....//ktp.pdf", good_pdf, False),
        ("traversal-encoded", "%2e%2e%2f%2e%2e%2fktp.pdf", good_pdf, False),
        ("absolute-unix", "/etc/cron.d/ktp.pdf", good_pdf, False),
        ("absolute-windows", "C:\\Windows\\System32\\ktp.pdf", good_pdf, False),
        ("unc-path", "\\\\server\\share\\ktp.png", good_png, False),
        ("nul-byte", "ktp\x00.pdf", good_pdf, False),
        ("nul-before-exe", "ktp.pdf\x00.exe", good_pdf, False),
        ("control-chars", "ktp\x1b[31m\x07\x08.pdf", good_pdf, False),
        ("newline-header-injection", "ktp\r\nContent-Type: text/html\r\n\r\n<script>.pdf", good_pdf, False),
        ("html-in-name", "<script>alert(1)</script>.pdf", good_pdf, False),
        ("quote-in-name", 'ktp".pdf', good_pdf, False),
        ("semicolon-in-name", "ktp.php;.jpg", good_jpg, False),
        ("long-name-300", "k" * 300 + ".pdf", good_pdf, False),
        ("long-name-255-multibyte", "ü" * 251 + ".png", good_png, False),
        ("rtl-override-exe", "foto\u202egpj.exe", good_jpg, True),
        ("rtl-override-png", "foto\u202eexe.png", good_png, False),
        ("bidi-isolates", "ktp\u2066\u2069\u200f.pdf", good_pdf, False),
        ("zero-width", "k\u200bt\u200dp.pdf", good_pdf, False),
        ("zero-width-extension", "ktp.p\u200bdf", good_pdf, False),  # the parser drops it: "ktp.pdf"
        ("bom-in-name", "\ufeffktp.pdf", good_pdf, False),
        ("homoglyph-stem", "ktр_аsli.pdf", good_pdf, False),  # Cyrillic р and а
        ("homoglyph-extension", "ktp.рdf", good_pdf, True),  # Cyrillic р: not .pdf
        ("fullwidth-dot", "ktp\uff0epdf", good_pdf, True),
        ("combining-nfd", "Sertifikat Kese\u0301lamatan.pdf", good_pdf, False),
        ("combining-stack", "ktp" + "\u0301" * 50 + ".png", good_png, False),
        ("nfc-nfd-extension", "foto.jpe\u0301g", good_jpg, True),
        ("emoji", "ktp 👷‍♂️ asli.jpg", good_jpg, False),
        ("windows-con", "CON.pdf", good_pdf, False),
        ("windows-prn", "PRN.pdf", good_pdf, False),
        ("windows-aux", "AUX.pdf", good_pdf, False),
        ("windows-nul", "NUL.png", good_png, False),
        ("windows-com1", "COM1.jpg", good_jpg, False),
        ("windows-lpt1", "lpt1.pdf", good_pdf, False),
        ("trailing-dot", "ktp.pdf.", good_pdf, True),
        ("trailing-space", "ktp.pdf ", good_pdf, True),
        ("trailing-dots-spaces", "ktp.pdf. . .", good_pdf, True),
        ("ads-stream", "ktp.pdf::$DATA", good_pdf, True),
        ("double-extension-exe", "ktp.pdf.exe", good_pdf, True),
        ("double-extension-php", "ktp.png.php", good_png, True),
        ("double-extension-harmless", "ktp.exe.pdf", good_pdf, False),
        ("htaccess", ".htaccess", b"AddType application/x-httpd-php .pdf\n", True),
        ("dot-pdf-only", ".pdf", good_pdf, False),
        ("no-extension", "ktp", good_pdf, True),
        ("dot-only", ".", good_pdf, True),
        ("dot-dot", "..", good_pdf, True),
        ("empty-name", "", good_pdf, True),
        ("upper-extension", "KTP.PDF", good_pdf, False),
        ("mixed-extension", "Foto.JpEg", good_jpg, False),
        ("svg-extension", "ktp.svg", good_png, True),
        ("html-extension", "ktp.html", good_pdf, True),
    ]
    names = [HostileFile(f"name-{key}", name, data, refuse) for key, name, data, refuse in cases]
    # 4,000 bytes of name: over the parser's 1 KB limit for a part's headers (file systems allow 255 bytes).
    return [*names, HostileFile("name-long-name-2000", "ü" * 2000 + ".png", good_png, True, bad_request_ok=True)]


def _contents() -> list[HostileFile]:
    base_png = png()
    cases = [
        # Empty and truncated
        ("empty-pdf", "ktp.pdf", b"", True),
        ("empty-jpg", "foto.jpg", b"", True),
        ("empty-png", "foto.png", b"", True),
        ("one-byte", "ktp.pdf", b"%", True),
        ("pdf-header-only", "ktp.pdf", b"%PDF-", True),
        ("pdf-truncated", "ijazah.pdf", PLAIN_PDF[: len(PLAIN_PDF) // 2], True),
        ("png-signature-only", "foto.png", PNG_SIGNATURE, True),
        ("png-truncated", "foto.png", base_png[: len(base_png) - 30], True),
        ("png-bad-crc", "foto.png", base_png[:29] + b"\x00\x00\x00\x00" + base_png[33:], True),
        ("jpeg-soi-only", "foto.jpg", b"\xff\xd8\xff", True),
        ("jpeg-truncated", "foto.jpg", jpeg()[: len(jpeg()) // 3], True),
        # Wrong magic bytes
        ("exe-as-pdf", "ktp.pdf", EXE, True),
        ("exe-as-jpg", "foto.jpg", EXE, True),
        ("elf-as-png", "foto.png", ELF, True),
        ("elf-as-pdf", "ijazah.pdf", ELF, True),
        ("html-as-pdf", "ktp.pdf", HTML, True),
        ("html-as-jpg", "foto.jpg", HTML, True),
        ("html-as-png", "foto.png", b"\xef\xbb\xbf" + HTML, True),
        ("shell-as-pdf", "ktp.pdf", b"#!/bin/sh\nrm -rf / --no-preserve-root\n", True),
        ("php-as-jpg", "foto.jpg", b"<?php system($_GET['c']); ?>", True),
        ("zip-as-pdf", "ktp.pdf", zip_archive({"a.txt": b"hello"}), True),
        (
            "docx-as-pdf",
            "cv.pdf",
            zip_archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
            True,
        ),
        ("gif-as-jpg", "foto.jpg", gif(), True),
        ("gif-as-png", "foto.png", gif(), True),
        ("bmp-as-png", "foto.png", pillow_bytes("BMP"), True),
        ("tiff-as-jpg", "foto.jpg", pillow_bytes("TIFF"), True),
        ("webp-as-jpg", "foto.jpg", pillow_bytes("WEBP"), True),
        ("ico-as-png", "foto.png", pillow_bytes("ICO"), True),
        ("png-as-jpg", "foto.jpg", base_png, True),
        ("jpg-as-png", "foto.png", jpeg(), True),
        ("pdf-as-png", "foto.png", PLAIN_PDF, True),
        ("jpg-as-pdf", "ktp.pdf", jpeg(), True),
        ("postscript-as-pdf", "ktp.pdf", b"%!PS-Adobe-3.0\n(x) print\n%%EOF\n", True),
        ("utf16-text-as-pdf", "ktp.pdf", "\ufeffKTP".encode("utf-16"), True),
        ("rtf-as-pdf", "cv.pdf", rb"{\rtf1\ansi{\object\objemb{\*\objdata 0105}}}", True),
        ("xml-as-pdf", "ktp.pdf", b'<?xml version="1.0"?><root/>', True),
        # SVG, however named
        ("svg-script-as-png", "foto.png", SVG_SCRIPT, True),
        ("svg-script-as-jpg", "foto.jpg", SVG_SCRIPT, True),
        ("svg-script-as-pdf", "ktp.pdf", SVG_SCRIPT, True),
        ("svg-script-as-svg", "foto.svg", SVG_SCRIPT, True),
        ("svg-onload-as-png", "foto.png", SVG_ONLOAD, True),
        ("svg-xxe-as-png", "foto.png", SVG_XXE, True),
        ("svg-xxe-as-svg", "foto.svg", SVG_XXE, True),
        ("svg-laughs-as-png", "foto.png", SVG_LAUGHS, True),
        ("svg-foreign-html-as-jpg", "foto.jpg", SVG_FOREIGN, True),
        ("svgz-as-png", "foto.png", __import__("gzip").compress(SVG_SCRIPT), True),
        # Polyglots: the image part is real, what is appended or embedded must not survive
        ("jpeg-zip-polyglot", "foto.jpg", jpeg() + zip_archive({"evil.html": HTML}), False),
        ("jpeg-html-appended", "foto.jpg", jpeg() + HTML, False),
        ("jpeg-html-comment", "foto.jpg", jpeg_with_comment(HTML), False),
        ("jpeg-php-comment", "foto.jpg", jpeg_with_comment(b"<?php system($_GET['c']); ?>"), False),
        ("jpeg-exe-appended", "foto.jpg", jpeg() + EXE, False),
        ("png-zip-polyglot", "foto.png", base_png + zip_archive({"evil.html": HTML}), False),
        ("png-html-text-chunk", "foto.png", png_with_chunk(b"tEXt", b"Comment\x00" + HTML), False),
        ("png-php-appended", "foto.png", base_png + b"<?php system($_GET['c']); ?>", False),
        ("png-elf-appended", "foto.png", base_png + ELF, False),
        ("gif-js-polyglot-as-jpg", "foto.jpg", GIF_JS, True),
        ("gif-js-polyglot-as-png", "foto.png", GIF_JS, True),
        ("gif-js-polyglot-as-gif", "foto.gif", GIF_JS, True),
        ("html-with-pdf-header", "ktp.pdf", b"%PDF-1.4\n" + HTML, True),  # no %%EOF: not a PDF
        # Accepted as PDFs (served as downloads, never rendered by the site): HTML inside is inert text
        ("pdf-with-embedded-html", "ktp.pdf", pdf(stream_object(3, b"", HTML)), False),
        ("pdf-zip-polyglot", "ktp.pdf", PLAIN_PDF + zip_archive({"evil.html": HTML}) + b"\n%%EOF\n", False),
        ("pdf-html-polyglot-tail", "ktp.pdf", PLAIN_PDF + HTML + b"\n%%EOF\n", False),
        # Decompression bombs and impossible dimensions (a few KB each)
        ("png-20000x20000", "foto.png", png_header_only(20_000, 20_000), True),
        ("png-65535x65535", "foto.png", png_header_only(65_535, 65_535), True),
        ("png-1x100000000", "foto.png", png_header_only(1, 100_000_000), True),
        ("png-6000x6000-gray", "foto.png", png_header_only(6_000, 6_000, mode=0), True),
        ("png-2-31", "foto.png", png_header_only(2**31 - 1, 2**31 - 1), True),
        ("png-zero-size", "foto.png", png_header_only(0, 0), True),
        ("jpeg-65500x65500", "foto.jpg", jpeg_with_dimensions(65_500, 65_500), True),
        ("jpeg-10000x10000", "foto.jpg", jpeg_with_dimensions(10_000, 10_000), True),
        ("jpeg-zero-size", "foto.jpg", jpeg_with_dimensions(0, 0), True),
        (
            "png-ztxt-bomb",
            "foto.png",
            png_with_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"A" * 2**24, 9)),
            False,
        ),
        (
            "png-iccp-bomb",
            "foto.png",
            png_with_chunk(b"iCCP", b"icc\x00\x00" + zlib.compress(b"\x00" * 2**24, 9)),
            False,
        ),
        ("zip-bomb-as-pdf", "ktp.pdf", _zip_bomb(), True),
        ("zip-bomb-as-png", "foto.png", _zip_bomb(), True),
        ("pdf-objstm-flate-bomb", "ktp.pdf", object_stream_pdf(zlib.compress(b" " * 2**25 + JS_ACTION, 9)), True),
        # Oversized (the limit is DOCUMENT_UPLOAD_MAX_MB, 2 MB in the tests)
        ("pdf-3mb", "ijazah.pdf", PLAIN_PDF[:-6] + b"%" * (3 * 1024 * 1024) + b"\n%%EOF\n", True),
        (
            "pdf-limit-plus-one",
            "ijazah.pdf",
            PLAIN_PDF[:-6] + b"%" * (2 * 1024 * 1024 - len(PLAIN_PDF) + 7) + b"\n%%EOF\n",
            True,
        ),
        ("png-3mb-padded", "foto.png", base_png + b"\x00" * (3 * 1024 * 1024), True),
        ("jpeg-3mb-padded", "foto.jpg", jpeg() + b"\x00" * (3 * 1024 * 1024), True),
        # PDFs that run something when opened
        ("pdf-openaction-js", "ktp.pdf", pdf(b"1 0 obj<</Type/Catalog/OpenAction 5 0 R>>endobj\n" + JS_ACTION), True),
        ("pdf-aa-js", "ktp.pdf", pdf(b"1 0 obj<</Type/Catalog/AA<</O<</JS(app.alert(1))>>>>>>endobj\n"), True),
        ("pdf-launch", "ktp.pdf", pdf(b"1 0 obj<</OpenAction<</S/Launch/F(cmd.exe)/P(/c calc)>>>>endobj\n"), True),
        ("pdf-launch-win", "ktp.pdf", pdf(b"1 0 obj<</S/Launch/Win<</F(C:\\\\Windows\\\\calc.exe)>>>>endobj\n"), True),
        ("pdf-js-hex-escaped", "ktp.pdf", pdf(b"1 0 obj<</OpenAction<</S/J#61vaScript/J#53(x)>>>>endobj\n"), True),
        ("pdf-launch-hex-escaped", "ktp.pdf", pdf(b"1 0 obj<</S/L#61unch/F(cmd.exe)>>endobj\n"), True),
        (
            "pdf-js-after-endstream",
            "ktp.pdf",
            pdf(stream_object(3, b"", b"BT ET") + JS_ACTION + stream_object(4, b"", b"BT ET")),
            True,
        ),
        (
            "pdf-js-behind-stream-string",
            "ktp.pdf",
            pdf(b"3 0 obj<</Title(stream\n)>>endobj\n" + JS_ACTION + stream_object(4, b"", b"q Q")),
            True,
        ),
        ("pdf-js-in-objstm", "ktp.pdf", object_stream_pdf(zlib.compress(JS_ACTION)), True),
        ("pdf-js-in-plain-objstm", "ktp.pdf", object_stream_pdf(JS_ACTION, b"/Type/ObjStm/N 1/First 4"), True),
        (
            "pdf-js-in-objstm-escaped-type",
            "ktp.pdf",
            object_stream_pdf(zlib.compress(b"5 0 <</S/JavaScript/JS(x)>>"), b"/Type/Obj#53tm/N 1/First 4/Filter/Fl"),
            True,
        ),
        (
            "pdf-js-in-objstm-padded-dict",
            "ktp.pdf",
            object_stream_pdf(
                zlib.compress(JS_ACTION), b"/Type/ObjStm" + b" " * 600 + b"/N 1/First 4/Filter/FlateDecode"
            ),
            True,
        ),
        (
            "pdf-js-in-objstm-hex-filter",
            "ktp.pdf",
            object_stream_pdf(zlib.compress(JS_ACTION).hex().encode() + b">", b"/Type/ObjStm/N 1/Filter[/AHx/Fl]"),
            True,
        ),
        ("pdf-objstm-broken-zlib", "ktp.pdf", object_stream_pdf(b"\x78\x9c not zlib at all"), True),
        ("pdf-xfa", "ktp.pdf", pdf(b"1 0 obj<</Type/Catalog/AcroForm<</XFA 9 0 R>>>>endobj\n"), True),
        ("pdf-encrypted", "ktp.pdf", pdf(trailer=b"trailer<</Root 1 0 R/Encrypt 8 0 R>>\n"), True),
        ("pdf-no-eof", "ktp.pdf", PLAIN_PDF.replace(b"%%EOF", b"%%EOP"), True),
        # PDFs with links or attachments: not run on opening; stored as they are and only downloaded
        (
            "pdf-openaction-uri",
            "ktp.pdf",
            pdf(b"1 0 obj<</OpenAction<</S/URI/URI(http://evil.test/)>>>>endobj\n"),
            False,
        ),
        ("pdf-embedded-exe", "ktp.pdf", pdf(stream_object(3, b"/Type/EmbeddedFile", EXE)), False),
        (
            "pdf-content-flate-bomb",
            "ktp.pdf",
            pdf(stream_object(3, b"/Filter/FlateDecode", zlib.compress(b"0" * 2**24, 9))),
            False,
        ),
    ]
    return [HostileFile(f"content-{key}", name, data, refuse) for key, name, data, refuse in cases]


@cache
def hostile_files() -> tuple[HostileFile, ...]:
    files = (*_names(), *_contents())
    keys = [file.key for file in files]
    assert len(keys) == len(set(keys)), "duplicate keys"
    return files
