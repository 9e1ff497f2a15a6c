"""Masking of personal data shown to people who are not the owner or staff (UU 27/2022).

Pure functions, no Django imports, so templates, serializers, PDFs and the public card check
can all share them.
"""

from __future__ import annotations

MASK_CHAR = "*"


def mask_name(name: str | None) -> str:
    """Keep the first letter of each word and mask the rest: ``Siti Rahmawati`` -> ``S*** R*********``.

    Whitespace between words collapses to one space. Punctuation inside a word is masked like
    letters (``Nur'aini`` -> ``N*******``), so the length of each word is all that leaks.
    """
    if not name:
        return ""
    return " ".join(word[0] + MASK_CHAR * (len(word) - 1) for word in str(name).split())


def mask_nik(nik: str | None) -> str:
    """Keep the first 4 (province + kab/kota) and last 4 digits: ``6474********0001``.

    The date of birth (digits 7-12) and the kecamatan are hidden. A value too short to keep
    8 characters visible is masked completely.
    """
    if not nik:
        return ""
    nik = str(nik).strip()
    if len(nik) <= 8:
        return MASK_CHAR * len(nik)
    return nik[:4] + MASK_CHAR * (len(nik) - 8) + nik[-4:]


def mask_email(email: str | None) -> str:
    """Keep the first character and the domain: ``ratna.sari@ptx.co.id`` -> ``r***@ptx.co.id``.

    The mask has a fixed length, so not even the length of the mailbox name leaks; the domain is
    the company's own and says whom to ask. A value without ``@`` is masked completely.
    """
    if not email:
        return ""
    local, at, domain = str(email).strip().rpartition("@")
    if not at or not local:
        return MASK_CHAR * 3
    return f"{local[0]}{MASK_CHAR * 3}@{domain}"
