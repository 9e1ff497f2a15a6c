"""What an uploaded document really is, read from its bytes, and the copy that is stored.

The name of a file says nothing: a PNG renamed `.pdf` is refused, with a message saying what
it really is. Images (JPEG, PNG) are decoded by Pillow and encoded again, so what is stored is
only the picture: no EXIF (GPS position, camera, date), no comments, nothing appended after
the image's end. They are turned upright from their EXIF orientation first, and scaled down to
`IMAGE_MAX_SIDE`. PDFs are kept as uploaded, after a few checks that need no PDF library: the
header, the end-of-file marker, no encryption, no JavaScript or launch actions (in the file's
own dictionaries and in its compressed object streams).
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# A bound on the pixels decoded (a small file can hold a huge, flat image: a decompression bomb).
IMAGE_MAX_PIXELS = 30_000_000
IMAGE_MAX_SIDE = 2000
JPEG_QUALITY = 85
PDF_EOF_WINDOW = 1024

EXTENSION_TYPES = {"pdf": "pdf", "jpg": "jpeg", "jpeg": "jpeg", "png": "png"}
_SIGNATURES = (("pdf", b"%PDF-"), ("jpeg", b"\xff\xd8\xff"), ("png", b"\x89PNG\r\n\x1a\n"))
_TYPE_LABELS = {"pdf": "PDF", "jpeg": "JPG", "png": "PNG"}
_TYPE_EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}
_PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG"}


def _error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def content_type_of(data: bytes) -> str | None:
    """ "pdf", "jpeg" or "png" from the first bytes; None for anything else."""
    for kind, signature in _SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def upload_name_clean(name: str) -> str:
    """The uploaded file's name as kept in `Document.original_name` and offered back on download.

    Only the last part of a path; NFC; without control or format characters (a right-to-left
    override (U+202E) makes "foto<U+202E>gpj.exe" read as "fotoexe.jpg"), so what staff see is what it is.
    """
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char) not in _UNSAFE_NAME_CATEGORIES)
    name = re.sub(r"\s+", " ", name).strip().rstrip(" .")
    # A bare ".pdf" would be stored without an extension: give it a stem.
    return (f"dokumen{name}" if name.startswith(".") or not name else name)[-255:]


# Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned characters; line breaks.
_UNSAFE_NAME_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def document_file_clean(*, file) -> ContentFile:
    """The file to store for an uploaded document, checked by extension, size and content.

    Every way in (the profile page, the API, the admin) stores only what this returns; raises
    ValidationError on the file field.
    """
    name = file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSION_TYPES:
        raise _error(_("Upload a PDF, JPG or PNG file."))
    if file.size > settings.DOCUMENT_UPLOAD_MAX_MB * 1024 * 1024:
        raise _error(_("The file is too large: at most %(size)d MB.") % {"size": settings.DOCUMENT_UPLOAD_MAX_MB})
    file.seek(0)
    data = document_content_clean(data=file.read(), extension=extension)
    return ContentFile(data, name=upload_name_clean(name))


def document_content_clean(*, data: bytes, extension: str) -> bytes:
    """The bytes to store for an upload named `*.<extension>`; raises ValidationError on the file field."""
    expected = EXTENSION_TYPES[extension]
    real = content_type_of(data)
    if real is None:
        raise _error(_("This file is not really a PDF, JPG or PNG; it may be damaged."))
    if real != expected:
        raise _error(
            _(
                "This file is really a %(real)s, but its name ends in .%(extension)s. Upload it with its "
                "real extension (%(real_extension)s), or choose the right file."
            )
            % {"real": _TYPE_LABELS[real], "extension": extension, "real_extension": _TYPE_EXTENSIONS[real]}
        )
    if real == "pdf":
        _pdf_check(data)
        return data
    return _image_reencode(data, real)


# Images ---------------------------------------------------------------------------------------------------


def _too_many_pixels() -> ValidationError:
    return _error(
        _("This image has too many pixels (at most %(megapixels)d megapixels). Take it at a lower resolution.")
        % {"megapixels": IMAGE_MAX_PIXELS // 1_000_000}
    )


def _image_reencode(data: bytes, kind: str) -> bytes:
    pillow_format = _PILLOW_FORMATS[kind]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[pillow_format])
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise _too_many_pixels()
            if pillow_format == "JPEG":
                image.draft("RGB", (IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))  # decode at a reduced scale: less memory
            image.load()
            image = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
        raise _error(
            _("This image could not be read; it may be damaged or incomplete. Take the photo or scan again.")
        ) from None
    if pillow_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA") or "transparency" in image.info:
        transparent = "transparency" in image.info or image.mode in ("PA", "RGBa", "La")
        image = image.convert("RGBA" if transparent else "RGB")
    image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE), Image.Resampling.LANCZOS)
    image.info = {}  # no EXIF, ICC, text chunks or comments carried over
    out = io.BytesIO()
    if pillow_format == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        image.save(out, "PNG", optimize=image.width * image.height <= 1_000_000)
    return out.getvalue()


# PDFs -----------------------------------------------------------------------------------------------------

# A name token (`/JavaScript`, maybe written with #xx escapes: `/J#61vaScript`).
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /<>\[\]()%{}]+)")
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# The keyword that opens a stream; not the end of an `endstream` (the next object would be skipped).
_PDF_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_ACTIVE_NAMES = frozenset({b"JavaScript", b"JS", b"Launch", b"XFA"})
# Long enough not to occur by chance in binary data, so searched in the whole file, streams included: a
# string holding the word "stream" cannot hide an action from the check.
_ACTIVE_NAMES_ANYWHERE = frozenset({b"JavaScript", b"Launch"})
_FLATE_NAMES = frozenset({b"FlateDecode", b"Fl"})
_OTHER_FILTER_NAMES = frozenset(
    {
        b"ASCIIHexDecode",
        b"AHx",
        b"ASCII85Decode",
        b"A85",
        b"LZWDecode",
        b"LZW",
        b"RunLengthDecode",
        b"RL",
        b"CCITTFaxDecode",
        b"CCF",
        b"DCTDecode",
        b"DCT",
        b"JBIG2Decode",
        b"JPXDecode",
        b"Crypt",
        b"Predictor",  # rows filtered after inflating would hide names too
    }
)
_MAX_STREAMS = 20_000
_OBJECT_STREAM_BUDGET = 16 * 1024 * 1024  # bytes decompressed at most, over all object streams


def _pdf_names(text: bytes) -> set[bytes]:
    names = set()
    for match in _PDF_NAME.finditer(text):
        name = match.group(1)
        if b"#" in name:
            name = _PDF_HEX_ESCAPE.sub(lambda escape: bytes([int(escape.group(1), 16)]), name)
        names.add(name)
    return names


def _pdf_names_found(text: bytes, wanted: frozenset[bytes]) -> bool:
    return not _pdf_names(text).isdisjoint(wanted)


def _pdf_parts(data: bytes) -> tuple[list[bytes], list[bytes], bool]:
    """The file's own text (outside streams), its decoded object streams (/Type /ObjStm), and whether
    some object stream could not be read (a filter other than Flate, damaged, or too large).

    Other stream contents (images, fonts, page contents) are skipped: binary data would match
    names by chance. An object stream is recognised by the names written since the previous
    stream, not a fixed window, so padding its dictionary or #-escaping `/ObjStm` does not hide it.
    """
    view = memoryview(data)
    position, budget, unreadable = 0, _OBJECT_STREAM_BUDGET, False
    outside, object_streams = [], []
    for count, match in enumerate(_PDF_STREAM.finditer(data)):
        if count >= _MAX_STREAMS:
            return outside, object_streams, True
        if match.start() < position:
            continue  # the word inside a stream already skipped
        gap = data[position : match.start()]
        outside.append(gap)
        end = data.find(b"endstream", match.end())
        end = len(data) if end < 0 else end
        names = _pdf_names(gap)
        if b"ObjStm" in names:
            if not names.isdisjoint(_OTHER_FILTER_NAMES) or (b"Filter" in names and names.isdisjoint(_FLATE_NAMES)):
                unreadable = True
            elif not names.isdisjoint(_FLATE_NAMES):
                decompressor = zlib.decompressobj()
                try:
                    inflated = decompressor.decompress(view[match.end() : end], max(budget, 1))
                except zlib.error:
                    inflated, unreadable = b"", True
                if decompressor.unconsumed_tail or len(inflated) > budget:
                    unreadable = True  # more than the budget: not looked at, so not accepted
                budget -= len(inflated)
                object_streams.append(inflated)
            else:
                object_streams.append(data[match.end() : end])  # not compressed
        position = end
    outside.append(data[position:])
    return outside, object_streams, unreadable


def _pdf_check(data: bytes) -> None:
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        raise _error(
            _(
                "This PDF is incomplete or damaged (its end is missing). Save or download it again and "
                "upload the new copy."
            )
        )
    outside, object_streams, unreadable = _pdf_parts(data)
    # The /Encrypt entry sits in the trailer (or the cross-reference stream's dictionary), never compressed.
    if any(_pdf_names_found(part, frozenset({b"Encrypt"})) for part in outside):
        raise _error(
            _(
                "This PDF is protected with a password or encryption, so Disnaker cannot open it. "
                "Save it again without protection and upload that copy."
            )
        )
    if _pdf_names_found(data, _ACTIVE_NAMES_ANYWHERE) or any(
        _pdf_names_found(part, _ACTIVE_NAMES) for part in (*outside, *object_streams)
    ):
        raise _error(
            _(
                "This PDF contains scripts or actions that run when it is opened. Save it again as a plain "
                "PDF (for example with Print, then Save as PDF) and upload that copy."
            )
        )
    if unreadable:
        raise _error(
            _(
                "This PDF could not be checked for scripts: some of its parts cannot be read. Save it again "
                "as a plain PDF (for example with Print, then Save as PDF) and upload that copy."
            )
        )
