import pytest

from bontang_aker.core.masking import mask_name, mask_nik


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Siti Rahmawati", "S*** R********"),
        ("Rudi", "R***"),
        ("  Muhammad   Nur  Hidayat ", "M******* N** H******"),
        ("A B", "A B"),
        ("Nur'aini", "N*******"),
        ("Nguyễn Ṣāliḥ", "N***** Ṣ****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name_keeps_the_first_letter_of_each_word(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("nik", "masked"),
    [
        ("6474011403990001", "6474********0001"),
        (" 6474015403990002 ", "6474********0002"),
        ("12345678", "********"),
        ("123", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_nik_keeps_the_region_and_the_serial(nik, masked):
    assert mask_nik(nik) == masked
