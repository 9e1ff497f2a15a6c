"""A realistic `Report.data` (reports.layout) for the renderer and mail tests."""

from reports.layout import Column, Row, Table

FLOW_GROUPS = (
    "Sisa akhir bulan lalu",
    "Terdaftar bulan ini",
    "Ditempatkan bulan ini",
    "Dihapuskan bulan ini",
    "Sisa akhir bulan ini",
)
AGE_BANDS = ("15-19", "20-29", "30-44", "45-54", "55+", "Tidak diketahui")
LONG_LABEL = (
    "Tenaga profesional ilmu pengetahuan dan teknik, termasuk insinyur pertambangan, perminyakan "
    "dan petrokimia yang bekerja di kawasan industri Bontang Lestari"
)


def flow_table() -> Table:
    """IPK III/1: jobseekers by age, L/P/Jumlah under five groups (15 numeric columns)."""
    columns = [
        Column(key=f"g{group}_{sex}", label=label, group=name)
        for group, name in enumerate(FLOW_GROUPS, start=1)
        for sex, label in (("l", "L"), ("p", "P"), ("t", "Jumlah"))
    ]
    rows = []
    for index, band in enumerate(AGE_BANDS):
        values = []
        for group in range(5):
            men, women = 10 * (index + 1) + group, 5 * (index + 1) + group
            values += [men, women, men + women]
        rows.append(Row(label=band, values=values, code=f"U{index + 1}"))
    totals = [sum(row.values[i] for row in rows) for i in range(15)]
    return Table(
        key="iii_1_jobseekers",
        code="IPK III/1",
        title="Pencari kerja menurut golongan umur dan jenis kelamin",
        dimension="Golongan umur",
        columns=columns,
        rows=rows,
        total=Row(label="Jumlah", values=totals),
        note="Sisa akhir bulan ini = sisa bulan lalu + terdaftar - ditempatkan - dihapuskan.",
    )


def percent_table() -> Table:
    """A table with a percent column, one of whose values is None (nothing to divide)."""
    return Table(
        key="iii_5_placement_rate",
        code="IPK III/5",
        title="Tingkat penempatan menurut pendidikan",
        dimension="Pendidikan",
        columns=[
            Column(key="registered", label="Terdaftar"),
            Column(key="placed", label="Ditempatkan"),
            Column(key="rate", label="Persentase", kind="percent"),
        ],
        rows=[
            Row(label="SD", values=[40, 10, 25.0], code="1"),
            Row(label="SMA/SMK", values=[1200, 333, 27.8], code="4"),
            Row(label="S2", values=[0, 0, None], code="8"),
        ],
        total=Row(label="Jumlah", values=[1240, 343, 27.7]),
    )


def occupation_table() -> Table:
    """A table whose row label is long, and one that a spreadsheet would take for a formula."""
    return Table(
        key="iii_3_occupations",
        code="IPK III/3",
        title="Lowongan menurut golongan jabatan (KBJI)",
        dimension="Golongan jabatan",
        columns=[Column(key="l", label="L"), Column(key="p", label="P"), Column(key="t", label="Jumlah")],
        rows=[
            Row(label=LONG_LABEL, values=[3, 1, 4], code="21"),
            Row(label='=HYPERLINK("http://x.example")', values=[1, 0, 1], code="99"),
        ],
        total=Row(label="Jumlah", values=[4, 1, 5]),
    )


def sample_data() -> dict:
    return {
        "title": "Laporan Bulanan Pelayanan Antar Kerja",
        "office": "Dinas Ketenagakerjaan Kota Bontang",
        "period": {"kind": "month", "start": "2026-03-01", "end": "2026-03-31", "label": "Maret 2026"},
        "generated_at": "2026-04-01T01:00:03+08:00",
        "code_version": "a8d29e9",
        "tables": [flow_table().as_dict(), percent_table().as_dict(), occupation_table().as_dict()],
    }
