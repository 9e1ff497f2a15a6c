"""Demo data: one fixed account per role, plus generated jobseekers, companies and vacancies.

`manage.py seed_demo` is a thin wrapper around `seed_demo()` here.

- **Idempotent.** Every generated row is tied to an index: jobseeker n logs in as
  `pencaker{n}@demo.local`, company n has an NIB derived from n and an administrator
  `perusahaan{n}@demo.local`. A run creates only the indices that are missing, so running twice
  changes nothing and a larger count tops up. Generated vacancies are counted (those of
  generated companies whose creation event carries the demo note) and topped up the same way.
- **Reproducible.** Each index draws from its own `random.Random` seeded with (seed, kind, index),
  so jobseeker 150 is the same whether it was created in one run of 200 or in a top-up from 100.
  Dates are relative to today (Asia/Makassar).
- **Fast.** Rows are built in Python and written with `bulk_create` in batches (one transaction
  per batch); many-to-many rows go through the through models; the password is hashed once;
  Faker is only used to fill small pools of names and street addresses at start-up. Large runs
  share the jobseeker batches among forked processes (one per CPU): 100,000 jobseekers and
  10,000 vacancies (1.25 million rows) take about 75 s on two cores.
- **Coherent.** Every seeded status has its event rows (note "demo data"), with timestamps on a
  plausible timeline; `created_at`, `requested_at` and the events keep those historic times.
- **Realistic for Bontang.** About 80 % of jobseekers have a KTP address in one of the 15
  kelurahan; NIKs are valid and match birth date and sex, with the region where the NIK was first
  issued (mostly Bontang, but also Makassar, Samarinda, Bone… for people who moved here: local
  status comes from the KTP kelurahan, never from the NIK prefix).
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import multiprocessing
import os
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, connections, transaction
from django.db.models.base import ModelState
from django.utils import timezone

from bontang_aker.accounts.models import GROUP_KEPALA_BIDANG, GROUP_PETUGAS, User
from bontang_aker.accounts.roles import sync_role_groups
from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory, Kelurahan, Skill
from bontang_aker.reference.services import reference_load
from employers.models import Company, CompanyEvent, CompanyMember, Vacancy, VacancyEvent
from jobseekers.models import AkiCard, AkiCardEvent, EducationEntry, ExperienceEntry, JobseekerProfile

DEMO_NOTE = "demo data"
DEMO_DOMAIN = "demo.local"
DEFAULT_SEED = 2026
DEFAULT_PASSWORD = "bontang2026"
DEFAULT_BATCH_SIZE = 2000

JOBSEEKER_DEMO_EMAIL = f"pencaker@{DEMO_DOMAIN}"
EMPLOYER_DEMO_EMAIL = f"perusahaan@{DEMO_DOMAIN}"
PETUGAS_DEMO_EMAIL = f"petugas@{DEMO_DOMAIN}"
KABID_DEMO_EMAIL = f"kabid@{DEMO_DOMAIN}"
DEMO_COMPANY_NAME = "PT Bontang Mitra Teknik (Demo)"

# Bontang's minimum wage (UMK) is about Rp 3.7–4 million a month; monthly full-time wages start here.
UMK_BONTANG = 3_850_000


def default_workers() -> int:
    """Processes for generating jobseekers: one per CPU, at most 4 (PostgreSQL needs a share too)."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def jobseeker_email(index: int) -> str:
    return f"pencaker{index}@{DEMO_DOMAIN}"


def employer_email(index: int) -> str:
    return f"perusahaan{index}@{DEMO_DOMAIN}"


def company_nib(index: int) -> str:
    """13 digits, unique per index (a bijection on 0 … 10^8 − 1); index 0 is the demo company."""
    return f"91200{(index * 7919 + 42_173) % 10**8:08d}"


def company_npwp(index: int, check_digit: int) -> str:
    """16-digit NPWP: "0" + the old 15-digit number (type, serial, check digit, KPP Bontang, branch)."""
    serial = (index * 104_729 + 31_337) % 10**6
    return f"0{1 + index % 3:02d}{serial:06d}{check_digit}725000"


# --------------------------------------------------------------------------------------------
# Catalogues
# --------------------------------------------------------------------------------------------

# Where a NIK was first issued: kab/kota code, place of birth, number of kecamatan codes to draw from,
# the label used for a KTP outside Bontang, and the kind of address line there.
ORIGINS = {
    "bontang": ("6474", "Bontang", 3, "Bontang"),
    "kutim": ("6408", "Sangatta", 18, "Kutai Timur"),
    "samarinda": ("6472", "Samarinda", 10, "Samarinda"),
    "kukar": ("6402", "Tenggarong", 18, "Kutai Kartanegara"),
    "balikpapan": ("6471", "Balikpapan", 6, "Balikpapan"),
    "berau": ("6403", "Tanjung Redeb", 13, "Berau"),
    "makassar": ("7371", "Makassar", 15, "Makassar"),
    "bone": ("7308", "Watampone", 27, "Bone"),
    "wajo": ("7313", "Sengkang", 14, "Wajo"),
    "sidrap": ("7314", "Rappang", 11, "Sidenreng Rappang"),
    "parepare": ("7372", "Parepare", 4, "Parepare"),
    "palu": ("7271", "Palu", 8, "Palu"),
    "banjarmasin": ("6371", "Banjarmasin", 5, "Banjarmasin"),
    "surabaya": ("3578", "Surabaya", 31, "Surabaya"),
    "malang": ("3573", "Malang", 5, "Malang"),
    "semarang": ("3374", "Semarang", 16, "Semarang"),
    "mataram": ("5271", "Mataram", 6, "Mataram"),
}
# NIK origin of people with a Bontang KTP: most were registered here, many moved in from elsewhere.
LOCAL_NIK_ORIGINS = {
    "bontang": 70, "samarinda": 6, "kutim": 5, "makassar": 5, "bone": 4, "wajo": 3, "kukar": 3,
    "parepare": 2, "sidrap": 2, "balikpapan": 2, "surabaya": 1.5, "malang": 1, "semarang": 1,
    "banjarmasin": 1, "palu": 1, "berau": 0.5, "mataram": 0.5,
}  # fmt: skip
# KTP city of jobseekers from outside Bontang (the 25 % open to anyone; Kutai Timur borders the city).
OUTSIDE_KTP = {
    "kutim": 30, "samarinda": 15, "kukar": 10, "balikpapan": 8, "makassar": 8, "bone": 5, "wajo": 4,
    "parepare": 3, "sidrap": 3, "banjarmasin": 3, "surabaya": 3, "palu": 2, "malang": 2, "mataram": 2,
    "berau": 2, "semarang": 1,
}  # fmt: skip
KELURAHAN_WEIGHTS = {
    "Berbas Tengah": 1.4, "Tanjung Laut Indah": 1.4, "Api-Api": 1.3, "Gunung Elai": 1.2, "Bontang Baru": 1.2,
    "Lok Tuan": 1.2, "Belimbing": 1.1, "Kanaan": 0.7, "Bontang Kuala": 0.8, "Satimpo": 0.8,
}  # fmt: skip
BONTANG_STREETS = [
    "Jl. Ahmad Yani", "Jl. MT Haryono", "Jl. Letjen S. Parman", "Jl. Brigjen Katamso", "Jl. Bhayangkara",
    "Jl. Imam Bonjol", "Jl. KS Tubun", "Jl. Awang Long", "Jl. Cut Nyak Dien", "Jl. Jend. Sudirman",
    "Jl. DI Panjaitan", "Jl. Pupuk Raya", "Jl. Hayam Wuruk", "Jl. Gajah Mada", "Jl. Urip Sumoharjo",
    "Jl. Pattimura", "Jl. Slamet Riyadi", "Jl. Kapten Piere Tendean", "Jl. Soekarno-Hatta", "Jl. Ir. H. Juanda",
    "Jl. Padat Karya", "Jl. Cipto Mangunkusumo", "Jl. Kakap", "Jl. Selat Makassar", "Jl. Gunung Arjuna",
    "Jl. Pinang", "Jl. Mulawarman", "Jl. Sultan Hasanuddin", "Jl. Poros Bontang Lestari", "Jl. Arif Rahman Hakim",
]  # fmt: skip
RELIGIONS = {"Islam": 87, "Kristen": 7, "Katolik": 3.5, "Hindu": 1, "Buddha": 1.2, "Konghucu": 0.3}
DISABILITIES = [
    "Tunadaksa ringan (kaki kiri)", "Tunadaksa (tangan kanan)", "Tunarungu", "Low vision",
    "Tunawicara", "Disabilitas mental ringan (terkendali)",
]  # fmt: skip
EXTRA_MALE_FIRST = ["Andi", "Muhammad", "Ahmad", "Abdul", "Syamsul", "Rahmat", "Irfan", "Fadli", "Akbar", "Arif"]
EXTRA_FEMALE_FIRST = ["Nur", "Siti", "Andi", "Sitti", "Nurul", "Rahmawati", "Fitri", "Dewi", "Ayu", "Wahyuni"]
EXTRA_LAST = ["Saputra", "Pratama", "Ramadhan", "Hamzah", "Syahrir", "Rahman", "Latif", "Said", "Hidayat", "Kurniawan"]

# Highest education of registered jobseekers: SMK is the largest group.
EDUCATION_MIX = {
    "TTSD": 0.5, "SD": 3, "SMP": 6.5, "SMA": 22, "SMK": 34, "D1": 1.5, "D2": 0.5, "D3": 10, "D4": 3,
    "S1": 17, "S2": 1.5, "S3": 0.05,
}  # fmt: skip
GRADUATION_AGE = {
    "TTSD": 10, "SD": 12, "SMP": 15, "SMA": 18, "SMK": 18, "D1": 19, "D2": 20, "D3": 21, "D4": 22, "S1": 22,
    "S2": 25, "S3": 30,
}  # fmt: skip
HIGHER_EDUCATION = frozenset({"D1", "D2", "D3", "D4", "S1", "S2", "S3"})
MIN_AGE_FOR_LEVEL = {"D1": 19, "D2": 20, "D3": 21, "D4": 22, "S1": 22, "S2": 25, "S3": 29}
# Major → (skill codes, KBJI major groups it leads to).
MAJORS = {
    "SMK": {
        "Teknik Pengelasan": (["las-smaw", "las-gtaw", "pipe-fitter", "rigging"], ["7"]),
        "Teknik Pemesinan": (["mekanik-rotating", "drafter-autocad"], ["7", "8"]),
        "Teknik Instalasi Tenaga Listrik": (["listrik-industri", "k3-umum"], ["7"]),
        "Teknik Kimia Industri": (["operator-proses", "operator-amonia-urea", "analis-lab"], ["8", "3"]),
        "Kimia Analisis": (["analis-lab"], ["3"]),
        "Teknik Otomasi Industri": (["instrumentasi", "listrik-industri"], ["3", "7"]),
        "Teknik Alat Berat": (["operator-alat-berat", "mekanik-rotating"], ["8", "7"]),
        "Teknik Konstruksi dan Perumahan": (["tukang-bangunan", "drafter-autocad", "scaffolding"], ["7"]),
        "Geologi Pertambangan": (["surveyor-tambang", "blasting"], ["3", "8"]),
        "Akuntansi dan Keuangan Lembaga": (["akuntansi", "microsoft-office"], ["4"]),
        "Otomatisasi dan Tata Kelola Perkantoran": (["administrasi-kantor", "microsoft-office"], ["4"]),
        "Perhotelan": (["housekeeping", "pelayanan-pelanggan", "bahasa-inggris"], ["5", "4"]),
        "Tata Boga": (["tata-boga"], ["5"]),
        "Teknik Komputer dan Jaringan": (["microsoft-office"], ["3", "4"]),
        "Nautika Kapal Penangkap Ikan": (["nelayan"], ["6", "8"]),
    },
    "SMA": {
        "IPA": (["microsoft-office", "pelayanan-pelanggan", "operator-proses"], ["4", "5", "8"]),
        "IPS": (["administrasi-kantor", "pelayanan-pelanggan", "satpam-gada-pratama"], ["4", "5"]),
        "Bahasa": (["bahasa-inggris", "pelayanan-pelanggan"], ["4", "5"]),
    },
    "BASIC": {
        "": (["tukang-bangunan", "scaffolding", "housekeeping", "nelayan", "sopir-sim-b2", "rigging"], ["9", "7", "6"]),
    },
    "BASIC_F": {
        "": (["housekeeping", "tata-boga", "pelayanan-pelanggan"], ["9", "5"]),
    },
    "D1": {
        "Teknik Mesin": (["mekanik-rotating"], ["7"]),
        "Administrasi Perkantoran": (["administrasi-kantor", "microsoft-office"], ["4"]),
        "Perhotelan": (["housekeeping", "pelayanan-pelanggan"], ["5"]),
    },
    "D3": {
        "Teknik Kimia": (["operator-proses", "operator-amonia-urea", "operator-lng", "analis-lab"], ["3", "8"]),
        "Teknik Mesin": (["mekanik-rotating", "drafter-autocad"], ["3", "7"]),
        "Teknik Listrik": (["listrik-industri", "instrumentasi"], ["3", "7"]),
        "Teknik Instrumentasi": (["instrumentasi", "listrik-industri"], ["3"]),
        "Akuntansi": (["akuntansi", "microsoft-office"], ["3", "4"]),
        "Teknik Sipil": (["drafter-autocad", "tukang-bangunan"], ["3"]),
        "Manajemen Informatika": (["microsoft-office"], ["3", "4"]),
        "Keperawatan": (["perawat"], ["2", "3"]),
        "Analis Kimia": (["analis-lab"], ["3"]),
        "Teknik Pertambangan": (["surveyor-tambang", "blasting", "operator-alat-berat"], ["3"]),
        "Perhotelan": (["pelayanan-pelanggan", "housekeeping", "bahasa-inggris"], ["4", "5"]),
    },
    "D4": {
        "Teknologi Rekayasa Kimia Industri": (["operator-proses", "analis-lab"], ["3", "2"]),
        "Teknik Mesin Produksi dan Perawatan": (["mekanik-rotating"], ["3"]),
        "Keselamatan dan Kesehatan Kerja": (["k3-umum"], ["3", "2"]),
    },
    "S1": {
        "Teknik Kimia": (["operator-proses", "analis-lab", "k3-umum"], ["2", "3"]),
        "Teknik Mesin": (["mekanik-rotating", "drafter-autocad"], ["2", "3"]),
        "Teknik Elektro": (["listrik-industri", "instrumentasi"], ["2", "3"]),
        "Teknik Sipil": (["drafter-autocad"], ["2", "3"]),
        "Teknik Industri": (["k3-umum", "microsoft-office"], ["2", "1"]),
        "Teknik Pertambangan": (["surveyor-tambang", "blasting"], ["2"]),
        "Teknik Lingkungan": (["k3-umum"], ["2"]),
        "Akuntansi": (["akuntansi", "microsoft-office"], ["2", "4"]),
        "Manajemen": (["administrasi-kantor", "microsoft-office"], ["1", "4"]),
        "Hukum": (["administrasi-kantor"], ["2"]),
        "Kesehatan Masyarakat": (["k3-umum"], ["2"]),
        "Keperawatan": (["perawat"], ["2"]),
        "Informatika": (["microsoft-office"], ["2"]),
        "Psikologi": (["administrasi-kantor"], ["2"]),
        "Kimia": (["analis-lab"], ["2"]),
        "Sastra Inggris": (["bahasa-inggris", "pelayanan-pelanggan"], ["2", "4"]),
    },
    "S2": {
        "Magister Manajemen": (["administrasi-kantor", "bahasa-inggris"], ["1"]),
        "Teknik Kimia": (["operator-proses"], ["2"]),
    },
    "S3": {"Teknik Kimia": (["operator-proses"], ["2"])},
}
MAJOR_GROUP_FOR_LEVEL = {
    "TTSD": "BASIC", "SD": "BASIC", "SMP": "BASIC", "SMA": "SMA", "SMK": "SMK", "D1": "D1", "D2": "D1",
    "D3": "D3", "D4": "D4", "S1": "S1", "S2": "S2", "S3": "S3",
}  # fmt: skip
UNIVERSITIES = [
    "Universitas Mulawarman", "Politeknik Negeri Samarinda", "Politeknik Negeri Balikpapan",
    "Institut Teknologi Kalimantan", "Universitas Trunajaya Bontang", "STITEK Bontang", "Universitas Hasanuddin",
    "Universitas Negeri Makassar", "Institut Teknologi Sepuluh Nopember", "Universitas Brawijaya",
    "Universitas Lambung Mangkurat", "Universitas Muhammadiyah Kalimantan Timur", "Universitas Diponegoro",
]  # fmt: skip


@dataclass(frozen=True)
class Job:
    title: str
    kbji: str
    min_education: str
    majors: str
    skills: tuple[str, ...]
    competencies: str
    duties: str
    wage: tuple[int, int]  # lower bound of wage_min, upper bound of wage_max
    period: str = "month"
    types: tuple[tuple[str, int], ...] = (("pkwt", 7), ("pkwtt", 3))
    age: tuple[int, int | None] = (18, 35)
    experience: int = 0
    sex: tuple[tuple[str, str, int], ...] = (("any", "", 1),)


JOBS = {
    "operator_proses": Job(
        "Operator Proses Pabrik", "8", "SMK", "Teknik Kimia Industri, Kimia Analisis",
        ("operator-proses", "k3-umum"), "Sehat jasmani; bersedia bekerja shift; sertifikat K3 diutamakan",
        "mengoperasikan peralatan proses sesuai SOP, mencatat parameter operasi tiap jam dan melaporkan "
        "kondisi tidak normal kepada supervisor shift", (5_000_000, 7_800_000), age=(18, 30),
    ),
    "operator_amonia_urea": Job(
        "Operator Pabrik Amonia/Urea", "8", "SMK", "Teknik Kimia Industri; D3 Teknik Kimia",
        ("operator-amonia-urea", "operator-proses", "k3-umum"), "Bersedia bekerja shift 4 grup; lulus tes kesehatan",
        "menjalankan unit sintesis amonia dan urea, melakukan patroli lapangan dan pengambilan sampel proses",
        (5_500_000, 8_500_000), age=(18, 30),
    ),
    "operator_lng": Job(
        "Operator Kilang LNG", "8", "D3", "Teknik Kimia, Teknik Mesin",
        ("operator-lng", "operator-proses", "k3-umum"), "Pengalaman di kilang migas diutamakan; bahasa Inggris pasif",
        "mengoperasikan train pencairan gas alam, memantau DCS dan mengisolasi peralatan untuk pemeliharaan",
        (7_000_000, 11_000_000), age=(20, 32),
    ),
    "teknisi_instrumen": Job(
        "Teknisi Instrumentasi", "3", "D3", "Teknik Instrumentasi, Teknik Elektro, Teknik Otomasi Industri",
        ("instrumentasi", "listrik-industri"), "Memahami kalibrasi transmitter, control valve dan PLC/DCS",
        "melakukan kalibrasi, perbaikan dan pemeliharaan preventif instrumen lapangan",
        (6_500_000, 10_000_000), age=(20, 35), experience=1,
    ),
    "teknisi_listrik": Job(
        "Teknisi Listrik Industri (Electrician)", "7", "SMK", "Teknik Instalasi Tenaga Listrik, Teknik Elektro",
        ("listrik-industri", "k3-umum"), "Lisensi K3 Listrik diutamakan",
        "memelihara panel, motor listrik dan instalasi penerangan pabrik sesuai standar PUIL",
        (4_500_000, 7_200_000), age=(18, 35), experience=1,
    ),
    "mekanik": Job(
        "Mekanik Rotating Equipment", "7", "SMK", "Teknik Pemesinan, Teknik Mesin",
        ("mekanik-rotating",), "Memahami alignment pompa dan kompresor",
        "melakukan overhaul pompa, kompresor dan turbin, serta alignment dan balancing peralatan berputar",
        (5_000_000, 8_000_000), age=(18, 38), experience=1,
    ),
    "analis_lab": Job(
        "Analis Laboratorium Kimia", "3", "D3", "Analis Kimia, Kimia, Teknik Kimia",
        ("analis-lab",), "Memahami instrumen GC, titrasi dan ISO 17025",
        "menganalisis sampel bahan baku, proses dan produk, serta mencatat hasil di LIMS",
        (5_000_000, 7_500_000), age=(19, 30),
    ),
    "engineer_proses": Job(
        "Process Engineer", "2", "S1", "Teknik Kimia",
        ("operator-proses", "bahasa-inggris", "microsoft-office"), "Menguasai simulasi proses (HYSYS/Aspen)",
        "mengevaluasi kinerja unit proses, menyusun rekomendasi optimasi dan mendukung kegiatan turn-around",
        (9_000_000, 15_000_000), types=(("pkwtt", 6), ("pkwt", 4)), age=(22, 35), experience=2,
    ),
    "supervisor_produksi": Job(
        "Supervisor Produksi", "3", "D3", "Teknik Kimia, Teknik Mesin, Teknik Industri",
        ("operator-proses", "k3-umum"), "Pengalaman sebagai foreman/supervisor minimal 3 tahun",
        "memimpin regu operator shift, memastikan target produksi dan keselamatan kerja tercapai",
        (9_000_000, 14_000_000), types=(("pkwtt", 7), ("pkwt", 3)), age=(25, 45), experience=3,
    ),
    "hse_officer": Job(
        "HSE Officer", "3", "D3", "Keselamatan dan Kesehatan Kerja, Kesehatan Masyarakat, Teknik",
        ("k3-umum", "bahasa-inggris"), "Sertifikat Ahli K3 Umum (Kemnaker) yang masih berlaku",
        "melakukan inspeksi K3, safety induction, investigasi insiden dan pengawasan izin kerja (work permit)",
        (6_000_000, 9_500_000), age=(21, 40), experience=2,
    ),
    "welder": Job(
        "Welder SMAW/GTAW (posisi 6G)", "7", "SMP", "Teknik Pengelasan (diutamakan)",
        ("las-smaw", "las-gtaw"), "Sertifikat las 6G (BNSP/Migas) yang masih berlaku",
        "melakukan pengelasan pipa dan bejana tekan sesuai WPS selama pekerjaan turn-around pabrik",
        (300_000, 475_000), period="day", types=(("turnaround", 7), ("daily", 3)), age=(20, 45), experience=2,
    ),
    "pipe_fitter": Job(
        "Pipe Fitter", "7", "SMK", "Teknik Pengelasan, Teknik Pemesinan",
        ("pipe-fitter", "rigging"), "Mampu membaca isometric drawing",
        "memotong, menyetel dan memasang spool pipa sesuai gambar isometrik",
        (250_000, 380_000), period="day", types=(("turnaround", 7), ("pkwt", 3)), age=(20, 45), experience=1,
    ),
    "scaffolder": Job(
        "Scaffolder", "7", "SMP", "",
        ("scaffolding",), "Sertifikat Teknisi Perancah (scaffolding) Kemnaker",
        "mendirikan dan membongkar perancah sesuai standar keselamatan untuk pekerjaan di ketinggian",
        (200_000, 300_000), period="day", types=(("turnaround", 8), ("daily", 2)), age=(18, 45), experience=1,
    ),
    "rigger": Job(
        "Rigger", "7", "SMP", "",
        ("rigging", "operator-crane"), "SIO Rigger (Kemnaker)",
        "menyiapkan alat angkat, memberi aba-aba kepada operator crane dan mengamankan area pengangkatan",
        (220_000, 330_000), period="day", types=(("turnaround", 6), ("pkwt", 4)), age=(20, 45), experience=1,
    ),
    "operator_crane": Job(
        "Operator Crane", "8", "SMA", "",
        ("operator-crane", "rigging"), "SIO Operator Crane kelas II atau I; SIM B2 Umum",
        "mengoperasikan mobile crane untuk pengangkatan material dan melakukan pemeriksaan harian unit",
        (6_000_000, 9_000_000), age=(21, 45), experience=2,
    ),
    "operator_alat_berat": Job(
        "Operator Alat Berat (Excavator)", "8", "SMA", "",
        ("operator-alat-berat",), "SIO operator excavator; SIM B2 Umum",
        "mengoperasikan excavator untuk pengupasan overburden dan pemuatan batu bara di pit",
        (6_000_000, 9_500_000), age=(21, 45), experience=1,
    ),
    "driver_hauling": Job(
        "Driver Dump Truck Hauling", "8", "SMP", "",
        ("sopir-sim-b2",), "SIM B2 Umum aktif; lulus tes mengemudi",
        "mengangkut batu bara dari pit ke stockpile dan pelabuhan sesuai jadwal hauling",
        (5_000_000, 7_500_000), age=(21, 45), experience=1,
    ),
    "driver": Job(
        "Driver Operasional", "8", "SMA", "",
        ("sopir-sim-b2",), "SIM A dan B1 aktif; menguasai jalan di Bontang dan sekitarnya",
        "mengantar karyawan dan barang operasional serta merawat kebersihan kendaraan",
        (4_000_000, 5_200_000), age=(21, 45),
    ),
    "juru_ledak": Job(
        "Juru Ledak (Blaster)", "7", "SMA", "Geologi Pertambangan (diutamakan)",
        ("blasting", "k3-umum"), "Kartu Izin Meledakkan (KIM) yang masih berlaku",
        "menyiapkan lubang ledak, merangkai bahan peledak dan mengamankan area peledakan",
        (7_000_000, 10_000_000), age=(23, 45), experience=2,
    ),
    "surveyor": Job(
        "Surveyor Tambang", "3", "D3", "Teknik Geodesi, Teknik Pertambangan",
        ("surveyor-tambang", "drafter-autocad"), "Menguasai total station, GPS geodetik dan AutoCAD/Minescape",
        "melakukan pengukuran kemajuan tambang, stake out dan perhitungan volume",
        (6_000_000, 9_000_000), age=(21, 35), experience=1,
    ),
    "drafter": Job(
        "Drafter", "3", "SMK", "Teknik Sipil, Teknik Mesin, Desain Pemodelan dan Informasi Bangunan",
        ("drafter-autocad",), "Menguasai AutoCAD 2D/3D",
        "membuat gambar kerja, as-built drawing dan isometrik pipa",
        (4_500_000, 7_000_000), age=(19, 35),
    ),
    "tukang": Job(
        "Tukang Bangunan", "7", "SD", "",
        ("tukang-bangunan",), "Berpengalaman pekerjaan pasangan bata, beton dan finishing",
        "mengerjakan pasangan, plesteran, bekisting dan pengecoran pada proyek gedung",
        (150_000, 230_000), period="day", types=(("daily", 6), ("pkwt", 4)), age=(18, 50),
    ),
    "admin": Job(
        "Staf Administrasi", "4", "SMK", "Otomatisasi dan Tata Kelola Perkantoran, Akuntansi",
        ("administrasi-kantor", "microsoft-office"), "Teliti; menguasai Excel",
        "mengelola surat-menyurat, arsip, absensi dan administrasi proyek",
        (UMK_BONTANG, 5_200_000), age=(18, 30),
    ),
    "akuntan": Job(
        "Staf Akuntansi", "3", "D3", "Akuntansi",
        ("akuntansi", "microsoft-office"), "Memahami PSAK dan perpajakan (Brevet A/B diutamakan)",
        "menyusun jurnal, rekonsiliasi bank, laporan keuangan bulanan dan administrasi pajak",
        (5_000_000, 8_000_000), types=(("pkwtt", 5), ("pkwt", 5)), age=(20, 35), experience=1,
    ),
    "cs": Job(
        "Resepsionis / Front Office", "4", "SMA", "Perhotelan (diutamakan)",
        ("pelayanan-pelanggan", "bahasa-inggris"), "Komunikatif; berbahasa Inggris lisan",
        "melayani tamu dan pelanggan di meja depan, menerima telepon serta mengatur reservasi dan janji temu",
        (UMK_BONTANG, 5_000_000), age=(18, 30),
    ),
    "cook": Job(
        "Juru Masak (Cook)", "5", "SMK", "Tata Boga",
        ("tata-boga",), "Sertifikat laik higiene / food handler diutamakan",
        "menyiapkan menu katering karyawan dan menjaga kebersihan dapur sesuai standar HACCP",
        (4_000_000, 6_000_000), age=(18, 40),
    ),
    "waiter": Job(
        "Pramusaji (Waiter/Waitress)", "5", "SMA", "",
        ("pelayanan-pelanggan", "tata-boga"), "Berpenampilan rapi dan ramah",
        "melayani pesanan tamu restoran dan menjaga kebersihan area makan",
        (UMK_BONTANG, 4_600_000), types=(("pkwt", 7), ("part_time", 3)), age=(18, 28),
    ),
    "room_attendant": Job(
        "Room Attendant", "9", "SMA", "Perhotelan (diutamakan)",
        ("housekeeping",), "Teliti dan mampu bekerja dalam tim",
        "membersihkan dan menata kamar tamu serta melaporkan kerusakan fasilitas",
        (UMK_BONTANG, 4_600_000), age=(18, 30),
    ),
    "cleaning": Job(
        "Cleaning Service", "9", "SMP", "",
        ("housekeeping",), "Sehat jasmani; bersedia bekerja shift",
        "menjaga kebersihan kantor, area pabrik dan fasilitas umum",
        (UMK_BONTANG, 4_300_000), age=(18, 45),
    ),
    "satpam": Job(
        "Satpam (Security)", "5", "SMA", "",
        ("satpam-gada-pratama",), "Sertifikat Gada Pratama dan KTA satpam aktif",
        "menjaga pos masuk, melakukan patroli area dan mencatat keluar-masuk orang dan barang",
        (4_000_000, 5_500_000), age=(20, 40),
        sex=(
            ("any", "", 60),
            ("M", "Penugasan pemeriksaan badan (body check) pekerja laki-laki dan jaga malam di mess pria.", 25),
            ("F", "Pemeriksaan badan (body check) pekerja dan tamu perempuan di pos masuk.", 15),
        ),
    ),
    "perawat": Job(
        "Perawat / Paramedis K3", "2", "D3", "Keperawatan",
        ("perawat", "k3-umum"), "STR aktif; sertifikat BTCLS dan Hiperkes",
        "memberikan pertolongan pertama, pemeriksaan kesehatan berkala dan siaga medis di area kerja",
        (5_000_000, 7_500_000), age=(21, 35),
    ),
    "nelayan": Job(
        "Anak Buah Kapal (ABK) Penangkap Ikan", "6", "SD", "",
        ("nelayan",), "Memiliki Basic Safety Training (BST) diutamakan",
        "membantu operasi penangkapan, penanganan dan penyimpanan hasil tangkapan di kapal",
        (UMK_BONTANG, 5_000_000), types=(("pkwt", 6), ("daily", 4)), age=(18, 45),
    ),
    "kasir": Job(
        "Pramuniaga / Kasir", "5", "SMA", "",
        ("pelayanan-pelanggan",), "Jujur dan teliti",
        "melayani pembeli, mengoperasikan mesin kasir dan menata barang di rak",
        (UMK_BONTANG, 4_300_000), types=(("pkwt", 7), ("part_time", 3)), age=(18, 28),
    ),
    "it_support": Job(
        "IT Support", "3", "SMK", "Teknik Komputer dan Jaringan, Informatika",
        ("microsoft-office",), "Memahami jaringan LAN, Windows dan troubleshooting printer",
        "menangani permintaan bantuan TI, instalasi perangkat dan pemeliharaan jaringan kantor",
        (4_500_000, 6_500_000), age=(19, 32),
    ),
    "hr_manager": Job(
        "HR Manager", "1", "S1", "Psikologi, Manajemen, Hukum",
        ("administrasi-kantor", "bahasa-inggris"), "Memahami UU Cipta Kerja dan Perda Bontang 10/2018",
        "memimpin rekrutmen melalui Disnaker, hubungan industrial dan pengembangan SDM",
        (12_000_000, 20_000_000), types=(("pkwtt", 1),), age=(30, 50), experience=5,
    ),
    "magang": Job(
        "Peserta Magang Teknik", "3", "SMK", "Teknik Kimia Industri, Teknik Pemesinan, Teknik Instalasi Tenaga Listrik",
        ("operator-proses", "k3-umum"), "Lulusan maksimal 2 tahun terakhir; belum pernah mengikuti pemagangan",
        "mengikuti program pemagangan di unit produksi dan pemeliharaan selama 12 bulan dengan pembimbing",
        (2_000_000, 2_900_000), types=(("internship", 1),), age=(18, 24),
    ),
}  # fmt: skip

GENERIC_WORDS = [
    "Borneo", "Mahakam", "Etam", "Khatulistiwa", "Equator", "Bontang", "Nusantara", "Selangan", "Tanjung",
    "Samudra", "Pesisir", "Bumi", "Taman", "Kutai", "Delta", "Sangatta", "Santan", "Guntung", "Teluk",
    "Berbas", "Mulawarman", "Beras Basah", "Cakrawala", "Segara",
]  # fmt: skip
VIRTUE_WORDS = [
    "Lestari", "Sejahtera", "Mandiri", "Perkasa", "Utama", "Prima", "Abadi", "Jaya", "Makmur", "Sentosa",
    "Persada", "Gemilang", "Raya", "Indah", "Sakti", "Bersama", "Berkah", "Cemerlang", "Permai", "Perdana",
    "Mulia", "Amanah", "Teknindo", "Nusa",
]  # fmt: skip


@dataclass(frozen=True)
class Sector:
    key: str
    weight: float
    kbli: tuple[str, ...]
    names: tuple[str, ...]  # templates with {A} (a place word) and {B} (a virtue word)
    workforce: tuple[int, int]
    jobs: tuple[str, ...]
    ownership: tuple[tuple[str, float], ...] = (("private", 1),)
    kelurahan: tuple[str, ...] = ()  # preferred kelurahan; empty means anywhere in Bontang
    outside: float = 0.0  # share with an address outside Bontang
    subcontractor: float = 0.0  # share working for a plant company as main contractor
    plant: bool = False  # large plants other companies work for


SECTORS = [
    Sector(
        "pupuk", 5, ("20122", "20123"), ("PT Pupuk {A} {B}", "PT {A} Agro Kimia {B}"), (800, 3500),
        ("operator_amonia_urea", "operator_proses", "teknisi_instrumen", "mekanik", "analis_lab", "engineer_proses",
         "hse_officer", "supervisor_produksi", "teknisi_listrik", "magang", "admin", "akuntan", "perawat",
         "hr_manager"),
        ownership=(("bumn", 0.4), ("private", 0.6)), kelurahan=("Guntung", "Lok Tuan", "Gunung Elai"), plant=True,
    ),
    Sector(
        "petrokimia", 5, ("20119", "20111", "20294"),
        ("PT {A} Amonia {B}", "PT {A} Metanol Industri", "PT {A} Nitrat {B}", "PT {A} Soda {B}"), (200, 1200),
        ("operator_proses", "teknisi_instrumen", "mekanik", "analis_lab", "engineer_proses", "hse_officer",
         "supervisor_produksi", "magang", "teknisi_listrik", "admin"),
        ownership=(("bumn", 0.15), ("private", 0.85)), kelurahan=("Guntung", "Lok Tuan", "Bontang Lestari"),
        plant=True,
    ),
    Sector(
        "lng", 3, ("19211", "09100"), ("PT {A} Gas Alam {B}", "PT {A} LNG {B}"), (600, 2200),
        ("operator_lng", "teknisi_instrumen", "mekanik", "engineer_proses", "hse_officer", "teknisi_listrik",
         "analis_lab", "magang", "perawat"),
        ownership=(("bumn", 0.3), ("private", 0.7)), kelurahan=("Satimpo", "Bontang Lestari", "Berbas Pantai"),
        plant=True,
    ),
    Sector(
        "batubara", 6, ("05100", "09900", "52240"), ("PT {A} Coal {B}", "PT {A} Batubara {B}", "PT {A} Mining {B}"),
        (150, 1500),
        ("operator_alat_berat", "driver_hauling", "juru_ledak", "surveyor", "mekanik", "hse_officer", "admin",
         "teknisi_listrik"),
        kelurahan=("Bontang Lestari", "Tanjung Laut", "Tanjung Laut Indah"), outside=0.5, plant=True,
    ),
    Sector(
        "konstruksi", 14, ("41011", "41012", "41013", "42101", "43211"),
        ("PT {A} Karya {B}", "CV {A} {B}", "PT {A} Konstruksi {B}", "PT {B} {A} Bangun"), (20, 400),
        ("welder", "pipe_fitter", "scaffolder", "rigger", "operator_crane", "tukang", "drafter", "hse_officer",
         "admin"),
        subcontractor=0.4,
    ),
    Sector(
        "rekayasa", 10, ("71102", "33121", "43211"),
        ("PT {A} Engineering {B}", "PT {A} Inspeksi Teknik", "PT {B} {A} Teknik"), (30, 600),
        ("welder", "pipe_fitter", "scaffolder", "rigger", "teknisi_instrumen", "mekanik", "hse_officer", "drafter",
         "operator_crane", "teknisi_listrik"),
        subcontractor=0.65,
    ),
    Sector(
        "jasa", 10, ("78300", "80100", "81210"),
        ("PT {A} Jasa {B}", "PT {A} Satria Pengamanan", "PT {A} Clean Service {B}", "Koperasi Karyawan {A} {B}"),
        (50, 800), ("satpam", "cleaning", "driver", "admin", "cs"), subcontractor=0.5,
    ),
    Sector(
        "hotel", 5, ("55110", "55120"), ("PT {A} {B} Hotel", "PT Hotel {A} {B}"), (20, 160),
        ("cs", "room_attendant", "cook", "waiter", "akuntan", "satpam", "teknisi_listrik"),
        kelurahan=("Bontang Baru", "Api-Api", "Tanjung Laut", "Berbas Tengah", "Gunung Elai"),
    ),
    Sector(
        "boga", 5, ("56290", "56101"), ("CV {A} Catering", "PT {A} Boga {B}", "PT {B} Rasa {A}"), (10, 200),
        ("cook", "waiter", "cleaning", "driver", "admin"), subcontractor=0.3,
    ),
    Sector(
        "logistik", 5, ("49431", "52240", "50121"),
        ("PT {A} Logistik {B}", "PT {A} Samudera Transport", "PT {A} Ekspres {B}"), (20, 300),
        ("driver", "operator_crane", "rigger", "admin", "operator_alat_berat"), subcontractor=0.3,
        kelurahan=("Tanjung Laut", "Lok Tuan", "Bontang Kuala", "Berbas Pantai"),
    ),
    Sector(
        "energi", 2, ("35101",), ("PT {A} Energi {B}", "PT {A} Daya {B}"), (60, 400),
        ("teknisi_listrik", "mekanik", "teknisi_instrumen", "hse_officer", "engineer_proses", "admin"),
        ownership=(("bumd", 0.4), ("bumn", 0.2), ("private", 0.4)), plant=True,
    ),
    Sector(
        "air", 1, ("36000",), ("Perumda Air Minum {A} {B}",), (80, 250),
        ("teknisi_listrik", "mekanik", "admin", "cs", "analis_lab"), ownership=(("bumd", 1),),
    ),
    Sector(
        "kesehatan", 3, ("86103", "86105"), ("PT {A} Medika {B}", "Klinik {A} Husada"), (25, 400),
        ("perawat", "admin", "cs", "cleaning", "satpam", "akuntan"),
        ownership=(("private", 0.85), ("government", 0.15)),
    ),
    Sector(
        "ritel", 5, ("47111", "47719"), ("PT {A} Mart {B}", "CV {A} Swalayan", "PT {B} {A} Retail"), (10, 250),
        ("kasir", "admin", "satpam", "driver", "it_support"),
    ),
    Sector(
        "perikanan", 2, ("03111", "10213"), ("Koperasi Nelayan {A} {B}", "CV {A} Hasil Laut", "PT {A} Bahari {B}"),
        (10, 120), ("nelayan", "admin", "driver"), kelurahan=("Bontang Kuala", "Tanjung Laut Indah", "Berbas Pantai"),
    ),
    Sector(
        "tik", 2, ("62019", "61100"), ("PT {A} Data {B}", "CV {A} Solusi Digital", "PT {A} Telematika {B}"), (8, 80),
        ("it_support", "admin", "drafter"),
    ),
]  # fmt: skip
SECTOR_BY_KEY = {s.key: s for s in SECTORS}

OUTSIDE_COMPANY_ADDRESSES = [
    ("Jl. Poros Bontang–Sangatta Km 12, Kec. Teluk Pandan, Kab. Kutai Timur", "site Teluk Pandan, Kutai Timur"),
    ("Jl. Yos Sudarso II No. 8, Kec. Sangatta Utara, Kab. Kutai Timur", "site tambang Sangatta, Kutai Timur"),
    ("Jl. Juanda No. 21, Kec. Samarinda Ulu, Kota Samarinda", "site Marangkayu, Kutai Kartanegara"),
    ("Jl. Poros Samarinda–Bontang Km 40, Kec. Marangkayu, Kab. Kutai Kartanegara",
     "site Marangkayu, Kutai Kartanegara"),
    ("Jl. Jend. Sudirman No. 101, Kec. Balikpapan Kota, Kota Balikpapan",
     "pelabuhan muat Muara Berau, Kutai Kartanegara"),
]  # fmt: skip

COMPANY_STATUS_MIX = {"verified": 82, "pending": 10, "rejected": 4, "suspended": 4}
VACANCY_STATUS_MIX = {"published": 64, "filled": 10, "closed": 8, "in_review": 8, "draft": 6, "rejected": 4}
CARD_STATUS_MIX = {"active": 70, "requested": 8, "lapsed": 8, "placed": 8, "removed": 2, "rejected": 2, None: 2}
CARD_REJECTION_REASONS = [
    "Foto ijazah tidak terbaca; silakan unggah ulang dokumen yang jelas.",
    "Nama pada KTP dan ijazah berbeda; lampirkan surat keterangan dari sekolah.",
    "Pas foto tidak sesuai ketentuan (latar belakang merah, 3×4).",
]
REJECTED_VACANCY_REASON = "Persyaratan usia dan jenis kelamin perlu dijelaskan dan disesuaikan."


# --------------------------------------------------------------------------------------------
# Machinery
# --------------------------------------------------------------------------------------------


@dataclass
class SeedResult:
    created: Counter = field(default_factory=Counter)
    insert_seconds: Counter = field(default_factory=Counter)  # time spent in bulk_create, per model
    elapsed: float = 0.0
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.created.values())


def _rng(seed: int, kind: str, index: int) -> random.Random:
    return random.Random(f"{seed}/{kind}/{index}")


def _weighted(rng: random.Random, table: dict):
    keys = list(table)
    return rng.choices(keys, weights=list(table.values()))[0]


@contextmanager
def _historic_timestamps(model):
    """Let bulk_create write the timestamps we set (auto_now / auto_now_add would stamp 'now')."""
    saved = []
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            saved.append((f, f.auto_now, f.auto_now_add))
            f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _Context:
    """Reference data, pools and counters shared by one seeding run."""

    def __init__(self, *, seed: int, batch_size: int, password: str, log: Callable[[str], None], workers: int = 1):
        self.seed = seed
        self.batch_size = batch_size
        self.workers = max(1, workers)
        self.log = log
        self.result = SeedResult()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.tz = timezone.get_current_timezone()
        self.password_hash = make_password(password)  # once: PBKDF2 is deliberately slow

        if not Kelurahan.objects.exists():
            reference_load()
        self.kelurahan = list(Kelurahan.objects.active().select_related("kecamatan").order_by("code"))
        self.kelurahan_by_name = {k.name: k for k in self.kelurahan}
        self.kelurahan_weights = list(itertools.accumulate(KELURAHAN_WEIGHTS.get(k.name, 1.0) for k in self.kelurahan))
        self.education = {e.code: e for e in EducationLevel.objects.all()}
        self.skills = {s.code: s.pk for s in Skill.objects.active()}
        self.kbji = {g.code: g for g in KbjiGroup.objects.filter(parent__isnull=True)}
        self._kbli_categories: dict[str, KbliCategory] = {}
        self._jobs_for: dict[tuple, list[str]] = {}
        self._defaults: dict[type, dict] = {}
        self._pools()

    # -- helpers ---------------------------------------------------------------------------

    def kbli_category(self, code: str) -> KbliCategory:
        if code not in self._kbli_categories:
            self._kbli_categories[code] = KbliCategory.for_kbli_code(code)
        return self._kbli_categories[code]

    def at(self, day: datetime.date, rng: random.Random, start_hour: int = 8, end_hour: int = 16) -> datetime.datetime:
        """An office-hours moment on `day` (WITA), never later than now."""
        clock = datetime.time(rng.randint(start_hour, end_hour - 1), rng.randint(0, 59))
        moment = timezone.make_aware(datetime.datetime.combine(day, clock), self.tz)
        return min(moment, self.now - datetime.timedelta(minutes=rng.randint(1, 240)))

    def pick_kelurahan(self, rng: random.Random) -> Kelurahan:
        return self.kelurahan[bisect.bisect(self.kelurahan_weights, rng.random() * self.kelurahan_weights[-1])]

    def bontang_address(self, rng: random.Random, kelurahan: Kelurahan) -> str:
        street = rng.choice(BONTANG_STREETS)
        return (
            f"{street} No. {rng.randint(1, 150)}, RT {rng.randint(1, 45):03d}, Kel. {kelurahan.name}, "
            f"Kec. {kelurahan.kecamatan.name}, Kota Bontang, Kalimantan Timur"
        )

    def phone_mobile(self, rng: random.Random) -> str:
        prefix = rng.choice(["811", "812", "813", "821", "822", "852", "853", "856", "857", "877", "878", "895"])
        return f"+62{prefix}{rng.randint(0, 10**8 - 1):08d}"[: 3 + 3 + rng.choice([7, 8])]

    def skill_ids(self, codes: Iterable[str]) -> list[int]:
        return [self.skills[c] for c in dict.fromkeys(codes) if c in self.skills]

    def jobs_for(self, skill_codes: list[str], level: str) -> list[str]:
        """Jobs using any of these skills and open to this education level: plausible former positions."""
        key = (tuple(skill_codes), level)
        if key not in self._jobs_for:
            wanted, rank = set(skill_codes), self.education[level].rank
            self._jobs_for[key] = [
                k
                for k, job in JOBS.items()
                if wanted & set(job.skills) and self.education[job.min_education].rank <= rank
            ] or ["cleaning", "driver", "kasir", "tukang"]
        return self._jobs_for[key]

    def new(self, model, **values):
        """An unsaved instance, without Model.__init__ (the slowest part of building 10^6 rows).

        Starts from the field defaults of one normally built instance, then sets `values`, which use
        attribute names (`user_id`, not `user`); foreign keys to rows inserted in the same batch are
        filled in after the parent's bulk_create.
        """
        defaults = self._defaults.get(model)
        if defaults is None:
            defaults = self._defaults[model] = {k: v for k, v in model().__dict__.items() if k != "_state"}
        obj = model.__new__(model)
        obj.__dict__.update(defaults)
        obj.__dict__.update(values)
        obj._state = ModelState()
        return obj

    def count(self, model, n: int) -> None:
        if n:
            self.result.created[model._meta.label] += n

    def bulk(self, model, objs: list) -> list:
        if not objs:
            return objs
        started = time.monotonic()
        with _historic_timestamps(model):
            model.objects.bulk_create(objs, batch_size=self.batch_size)
        self.result.insert_seconds[model._meta.label] += time.monotonic() - started
        self.count(model, len(objs))
        return objs

    def card_numbers(self, issued_years: list[int], fallback_indices: list[int]) -> list[str]:
        """AK/I numbers from the same sequence `aki_card_issue` uses, so later cards never collide."""
        if not issued_years:
            return []
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('jobseekers_aki_card_number_seq')")
            has_sequence = cursor.fetchone()[0] is not None
            if has_sequence:
                cursor.execute(
                    "SELECT nextval('jobseekers_aki_card_number_seq') FROM generate_series(1, %s)", [len(issued_years)]
                )
                numbers = [row[0] for row in cursor.fetchall()]
                return [f"6474-{year}-{n:07d}" for year, n in zip(issued_years, numbers, strict=True)]
        return [f"6474-{year}-D{i:06d}" for year, i in zip(issued_years, fallback_indices, strict=True)]

    # -- pools -----------------------------------------------------------------------------

    def _pools(self) -> None:
        from faker import Faker

        fake = Faker("id_ID")
        fake.seed_instance(self.seed)

        def pool(method, size, extra=()):
            return sorted(set(list(extra) + [method() for _ in range(size)]))

        self.first_male = pool(fake.first_name_male, 700, EXTRA_MALE_FIRST)
        self.first_female = pool(fake.first_name_female, 500, EXTRA_FEMALE_FIRST)
        self.last_male = pool(fake.last_name_male, 300, EXTRA_LAST)
        self.last_female = pool(fake.last_name_female, 250)
        self.streets_elsewhere = pool(fake.street_name, 400)

    def person_name(self, rng: random.Random, sex: str) -> str:
        first, last = (self.first_male, self.last_male) if sex == "M" else (self.first_female, self.last_female)
        roll = rng.random()
        if roll < 0.06:
            return rng.choice(first)
        if roll < 0.20:
            return f"{rng.choice(first)} {rng.choice(first)} {rng.choice(last)}"
        return f"{rng.choice(first)} {rng.choice(last)}"

    def company_name(self, rng: random.Random, sector: Sector) -> str:
        return rng.choice(sector.names).format(A=rng.choice(GENERIC_WORDS), B=rng.choice(VIRTUE_WORDS))


# --------------------------------------------------------------------------------------------
# Fixed demo accounts
# --------------------------------------------------------------------------------------------


def _upsert_user(ctx: _Context, email: str, *, full_name: str, role: str, is_staff: bool) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, date_joined=ctx.now - datetime.timedelta(days=120))
        ctx.count(User, 1)
    user.full_name = user.full_name or full_name
    user.role = role
    user.is_staff = is_staff
    user.is_active = True
    user.password = ctx.password_hash  # reset to DEMO_PASSWORD on every run
    user.save()
    return user


def _ensure_role_groups() -> None:
    """The staff groups come from a data migration; put them back, with their permissions, if a flush removed them."""
    if Group.objects.filter(name__in=[GROUP_PETUGAS, GROUP_KEPALA_BIDANG]).count() < 2:
        sync_role_groups(apps=django_apps)


def ensure_demo_accounts(ctx: _Context) -> dict[str, User]:
    """One account per role with fixed addresses; re-running resets their passwords only."""
    petugas = _upsert_user(
        ctx, PETUGAS_DEMO_EMAIL, full_name="Rina Marlina (Petugas Antar Kerja)", role=User.Role.STAFF, is_staff=True
    )
    _ensure_role_groups()
    petugas.groups.set([Group.objects.get(name=GROUP_PETUGAS)])
    kabid = _upsert_user(
        ctx, KABID_DEMO_EMAIL, full_name="Hendra Gunawan (Kepala Bidang)", role=User.Role.STAFF, is_staff=True
    )
    kabid.groups.set([Group.objects.get(name=GROUP_KEPALA_BIDANG)])
    ctx.petugas, ctx.kabid = petugas, kabid

    pencaker = _upsert_user(
        ctx, JOBSEEKER_DEMO_EMAIL, full_name="Muhammad Rizky Pratama", role=User.Role.JOBSEEKER, is_staff=False
    )
    _ensure_demo_jobseeker(ctx, pencaker)
    perusahaan = _upsert_user(
        ctx, EMPLOYER_DEMO_EMAIL, full_name="Sri Wahyuni (HRD)", role=User.Role.EMPLOYER, is_staff=False
    )
    _ensure_demo_company(ctx, perusahaan)
    return {"pencaker": pencaker, "perusahaan": perusahaan, "petugas": petugas, "kabid": kabid}


def _sync_generated_passwords(ctx: _Context, password: str) -> None:
    """Generated accounts follow DEMO_PASSWORD too: when it changed, give them all the new hash (one UPDATE)."""
    generated = User.objects.filter(email__regex=rf"^(pencaker|perusahaan)[0-9]+@{re.escape(DEMO_DOMAIN)}$")
    sample = generated.only("password").first()
    if sample is not None and not sample.check_password(password):
        updated = generated.update(password=ctx.password_hash)
        ctx.log(f"generated accounts: password reset for {updated}")


def _ensure_demo_jobseeker(ctx: _Context, user: User) -> None:
    rng = _rng(ctx.seed, "demo-jobseeker", 0)
    profile = JobseekerProfile.objects.filter(user=user).first()
    if profile is None:
        kelurahan = ctx.kelurahan_by_name.get("Api-Api") or ctx.kelurahan[0]
        birth_date = datetime.date(2000, 5, 17)
        taken = set(JobseekerProfile.objects.filter(nik__startswith="647401170500").values_list("nik", flat=True))
        serial = next(s for s in range(9001, 10000) if f"647401170500{s:04d}" not in taken)
        joined = ctx.now - datetime.timedelta(days=120)
        profile = JobseekerProfile(
            user=user, nik=f"647401170500{serial:04d}", full_name=user.full_name, birth_place="Bontang",
            birth_date=birth_date, sex="M", marital_status=JobseekerProfile.MaritalStatus.SINGLE, religion="Islam",
            ktp_address=f"Jl. Ahmad Yani No. 17, RT 012, Kel. {kelurahan.name}, Kec. {kelurahan.kecamatan.name}, "
            "Kota Bontang, Kalimantan Timur",
            kelurahan=kelurahan, resident_since=birth_date, phone="+6281250001234", expected_wage=6_000_000,
            about="Lulusan SMK Teknik Pengelasan, bersertifikat las 3G/6G, berpengalaman di pekerjaan "
            "turn-around pabrik pupuk.",
            consent_at=joined, created_at=joined, updated_at=joined,
        )  # fmt: skip
        ctx.bulk(JobseekerProfile, [profile])
        ctx.bulk(EducationEntry, [
            EducationEntry(jobseeker=profile, level=ctx.education["SMK"], institution="SMK Negeri 1 Bontang",
                           major="Teknik Pengelasan", graduation_year=2018, score=Decimal("84.50")),
        ])  # fmt: skip
        ctx.bulk(ExperienceEntry, [
            ExperienceEntry(jobseeker=profile, employer_name="PT Mahakam Karya Teknik", position="Welder (turn-around)",
                            occupation=ctx.kbji.get("7"), start_date=datetime.date(2019, 3, 1),
                            end_date=datetime.date(2023, 10, 31),
                            description="Pengelasan pipa SMAW/GTAW pada kegiatan turn-around pabrik amonia."),
        ])  # fmt: skip
        through = JobseekerProfile.skills.through
        ctx.bulk(through, [
            through(jobseekerprofile_id=profile.pk, skill_id=s)
            for s in ctx.skill_ids(["las-smaw", "las-gtaw", "pipe-fitter", "k3-umum"])
        ])  # fmt: skip
        if "7" in ctx.kbji:
            occ = JobseekerProfile.preferred_occupations.through
            ctx.bulk(occ, [occ(jobseekerprofile_id=profile.pk, kbjigroup_id=ctx.kbji["7"].pk)])
    if not profile.aki_cards.filter(status=AkiCard.Status.ACTIVE).exists():
        open_card = profile.aki_cards.filter(status=AkiCard.Status.REQUESTED).first()
        issued = ctx.at(ctx.today - datetime.timedelta(days=90), rng)
        if open_card is None:
            open_card = AkiCard(
                jobseeker=profile,
                status=AkiCard.Status.REQUESTED,
                requested_at=issued - datetime.timedelta(days=2),
                created_at=issued - datetime.timedelta(days=2),
                updated_at=issued,
            )
            ctx.bulk(AkiCard, [open_card])
            ctx.bulk(AkiCardEvent, [AkiCardEvent(card=open_card, actor=user, from_status="", to_status="requested",
                                                 note=DEMO_NOTE, created_at=open_card.requested_at)])  # fmt: skip
        issued = max(issued, open_card.requested_at)
        open_card.number = ctx.card_numbers([issued.year], [0])[0]
        open_card.status = AkiCard.Status.ACTIVE
        open_card.issued_at = open_card.last_reported_at = issued
        open_card.expires_on = timezone.localdate(issued) + relativedelta(months=settings.AKI_CARD_VALIDITY_MONTHS)
        open_card.verified_by = ctx.petugas
        open_card.save()
        ctx.bulk(AkiCardEvent, [AkiCardEvent(card=open_card, actor=ctx.petugas, from_status="requested",
                                             to_status="active", note=DEMO_NOTE, created_at=issued)])  # fmt: skip


def _ensure_demo_company(ctx: _Context, user: User) -> None:
    rng = _rng(ctx.seed, "demo-company", 0)
    company = Company.objects.filter(nib=company_nib(0)).first()
    created = ctx.now - datetime.timedelta(days=400)
    if company is None:
        kelurahan = ctx.kelurahan_by_name.get("Guntung") or ctx.kelurahan[0]
        verified = created + datetime.timedelta(days=3)
        company = Company(
            name=DEMO_COMPANY_NAME, legal_form=Company.LegalForm.PT, nib=company_nib(0), npwp=company_npwp(0, 4),
            kbli_code="41013", kbli_category=ctx.kbli_category("41013"), ownership=Company.Ownership.PRIVATE,
            address=f"Jl. Pupuk Raya No. 8, Kel. {kelurahan.name}, Kec. {kelurahan.kecamatan.name}, Kota Bontang",
            kelurahan=kelurahan, phone="+62548123456", email=f"hrd.mitrateknik@{DEMO_DOMAIN}",
            workforce_local=118, workforce_non_local=27, workforce_disabled=2,
            workforce_reported_at=ctx.today - datetime.timedelta(days=40), status=Company.Status.VERIFIED,
            verified_at=verified, created_at=created, updated_at=verified,
        )  # fmt: skip
        ctx.bulk(Company, [company])
        ctx.bulk(CompanyEvent, [
            CompanyEvent(company=company, actor=user, from_status="", to_status="pending", note=DEMO_NOTE,
                         created_at=created),
            CompanyEvent(company=company, actor=ctx.petugas, from_status="pending", to_status="verified",
                         note=DEMO_NOTE, created_at=verified),
        ])  # fmt: skip
    elif company.status != Company.Status.VERIFIED:
        # Someone changed it while trying the portal: back to verified along the allowed transitions.
        path = {"rejected": ["pending", "verified"]}.get(company.status, ["verified"])
        for target in path:
            CompanyEvent.objects.create(company=company, actor=ctx.petugas, from_status=company.status,
                                        to_status=target, note=DEMO_NOTE)  # fmt: skip
            company.status = target
            ctx.count(CompanyEvent, 1)
        company.verified_at = ctx.now
        company.save()
    member = CompanyMember.objects.filter(user=user).first()
    if member is None:
        member = CompanyMember(user=user, company=company, created_at=created, updated_at=created)
        ctx.bulk(CompanyMember, [member])
    if member.company_id != company.pk or not member.is_company_admin:
        member.company, member.is_company_admin = company, True
        member.position = member.position or "HRD Manager"
        member.save()
    if not member.position:
        member.position = "HRD Manager"
        member.save(update_fields=["position"])

    # A few vacancies open right now; one is added again only once its namesake has closed.
    existing_titles = set(company.vacancies.published().values_list("title", flat=True))
    new = []
    for key in ("welder", "teknisi_instrumen", "admin"):
        job = JOBS[key]
        if job.title in existing_titles:
            continue
        published = ctx.at(ctx.today - datetime.timedelta(days=rng.randint(1, 5)), rng)
        new.append(
            _vacancy(ctx, rng, company, job, status="published", creator=user, published=published,
                     open_date=timezone.localdate(published), close_date=ctx.today + datetime.timedelta(days=30))
        )  # fmt: skip
    _insert_vacancies(ctx, new)


# --------------------------------------------------------------------------------------------
# Companies
# --------------------------------------------------------------------------------------------


def seed_companies(ctx: _Context, target: int) -> None:
    wanted = {i: company_nib(i) for i in range(1, target + 1)}
    existing = set(Company.objects.filter(nib__in=list(wanted.values())).values_list("nib", flat=True))
    missing = [i for i, nib in wanted.items() if nib not in existing]
    ctx.log(f"companies: {target - len(missing)} exist, creating {len(missing)}")
    subcontractor_picks: dict[str, float] = {}
    for chunk in _chunks(missing, ctx.batch_size):
        with transaction.atomic():
            emails = [employer_email(i) for i in chunk]
            known = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
            users, companies, events, members = [], [], [], []
            for i in chunk:
                company, admin, company_events, pick = _company(ctx, i)
                companies.append(company)
                events.extend(company_events)
                if pick is not None:
                    subcontractor_picks[company.nib] = pick
                if admin.email in known:
                    admin.pk = known[admin.email]
                else:
                    users.append(admin)
                members.append(CompanyMember(user=admin, company=company, is_company_admin=True,
                                             position=_rng(ctx.seed, "member", i).choice(
                                                 ["HRD Manager", "Staf HRD", "HR Superintendent", "Direktur"]),
                                             created_at=company.created_at, updated_at=company.created_at))  # fmt: skip
            ctx.bulk(User, users)
            ctx.bulk(Company, companies)
            for event in events:
                event.company_id = event.company.pk
            ctx.bulk(CompanyEvent, events)
            with_member = set(
                CompanyMember.objects.filter(user_id__in=[m.user.pk for m in members]).values_list("user_id", flat=True)
            )
            ctx.bulk(CompanyMember, [m for m in members if m.user.pk not in with_member])
    if subcontractor_picks:
        _link_subcontractors(ctx, subcontractor_picks)


def _company(ctx: _Context, index: int):
    rng = _rng(ctx.seed, "company", index)
    sector = rng.choices(SECTORS, weights=[s.weight for s in SECTORS])[0]
    ownership = rng.choices([o for o, _ in sector.ownership], weights=[w for _, w in sector.ownership])[0]
    name = ctx.company_name(rng, sector)
    legal_form = Company.LegalForm.PT
    if name.startswith("CV "):
        legal_form = Company.LegalForm.CV
    elif name.startswith("Koperasi"):
        legal_form = Company.LegalForm.KOPERASI
    elif name.startswith(("Perumda", "Klinik")):
        legal_form = Company.LegalForm.OTHER
    if ownership == "bumn" and name.startswith("PT "):
        name, legal_form = f"{name} (Persero)", Company.LegalForm.PERSERO
    elif ownership == "bumd" and name.startswith("PT "):
        name = f"{name} (Perseroda)"
    elif ownership == "government":
        name, legal_form = f"UPT Puskesmas {rng.choice(GENERIC_WORDS)}", Company.LegalForm.INSTANSI
    kbli_code = rng.choice(sector.kbli)

    if rng.random() < sector.outside:
        address, _site = rng.choice(OUTSIDE_COMPANY_ADDRESSES)
        kelurahan = None
    else:
        names = [n for n in sector.kelurahan if n in ctx.kelurahan_by_name]
        kelurahan = ctx.kelurahan_by_name[rng.choice(names)] if names else ctx.pick_kelurahan(rng)
        address = (
            f"{rng.choice(BONTANG_STREETS)} No. {rng.randint(1, 200)}, Kel. {kelurahan.name}, "
            f"Kec. {kelurahan.kecamatan.name}, Kota Bontang, Kalimantan Timur"
        )
    low, high = sector.workforce
    total = int(low * (high / low) ** rng.random())  # log-uniform: many small, few large
    local_share = min(0.97, max(0.45, rng.gauss(0.80, 0.09)))
    local = round(total * local_share)
    disabled = min(total, int(total * rng.choice([0, 0, 0.005, 0.01, 0.01, 0.015, 0.02, 0.025])))
    slug = re.sub(r"[^a-z0-9]+", "", name.lower().replace("(persero)", "").replace("(perseroda)", ""))[:24]

    status = _weighted(rng, COMPANY_STATUS_MIX)
    created = ctx.at(ctx.today - datetime.timedelta(days=rng.randint(30, 900)), rng)
    admin = User(
        email=employer_email(index),
        full_name=ctx.person_name(rng, rng.choice("MF")),
        role=User.Role.EMPLOYER,
        password=ctx.password_hash,
        date_joined=created,
    )
    company = Company(
        name=name[:200], legal_form=legal_form, nib=company_nib(index), npwp=company_npwp(index, rng.randint(0, 9)),
        kbli_code=kbli_code, kbli_category=ctx.kbli_category(kbli_code), ownership=ownership, address=address,
        kelurahan=kelurahan, phone=f"+62548{rng.randint(20000, 99999)}" if kelurahan else ctx.phone_mobile(rng),
        email=f"hrd.{slug}{index}@{DEMO_DOMAIN}", workforce_local=local, workforce_non_local=total - local,
        workforce_disabled=disabled, workforce_reported_at=ctx.today - datetime.timedelta(days=rng.randint(10, 330)),
        status=status, created_at=created, updated_at=created,
    )  # fmt: skip
    events = [CompanyEvent(company=company, actor=admin, from_status="", to_status="pending", note=DEMO_NOTE,
                           created_at=created)]  # fmt: skip
    if status in ("verified", "suspended"):
        verified = min(created + datetime.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 6)), ctx.now)
        company.verified_at = company.updated_at = verified
        events.append(CompanyEvent(company=company, actor=ctx.petugas, from_status="pending", to_status="verified",
                                   note=DEMO_NOTE, created_at=verified))  # fmt: skip
        if status == "suspended":
            suspended = min(verified + datetime.timedelta(days=rng.randint(20, 300)), ctx.now)
            company.updated_at = suspended
            events.append(CompanyEvent(company=company, actor=ctx.kabid, from_status="verified",
                                       to_status="suspended", note=DEMO_NOTE, created_at=suspended))  # fmt: skip
    elif status == "rejected":
        rejected = min(created + datetime.timedelta(days=rng.randint(2, 12)), ctx.now)
        company.updated_at = rejected
        events.append(CompanyEvent(company=company, actor=ctx.petugas, from_status="pending", to_status="rejected",
                                   note=DEMO_NOTE, created_at=rejected))  # fmt: skip
    pick = rng.random() if rng.random() < sector.subcontractor else None
    return company, admin, events, pick


def _generated_companies():
    """Companies created by the generator: their administrator is `perusahaan{n}@demo.local`."""
    return Company.objects.filter(
        members__user__email__regex=rf"^perusahaan[0-9]+@{re.escape(DEMO_DOMAIN)}$"
    ).distinct()


PLANT_KBLI = {c for s in SECTORS if s.plant for c in s.kbli} - {c for s in SECTORS if not s.plant for c in s.kbli}


def _link_subcontractors(ctx: _Context, picks: dict[str, float]) -> None:
    """Contractors and service firms work for one of the plants (main contractor)."""
    plants = list(
        _generated_companies()
        .filter(kbli_code__in=PLANT_KBLI, status=Company.Status.VERIFIED)
        .order_by("nib")
        .values_list("pk", flat=True)
    )
    if not plants:
        return
    subs = list(Company.objects.filter(nib__in=list(picks)))
    for company in subs:
        company.main_contractor_id = plants[int(picks[company.nib] * len(plants))]
    Company.objects.bulk_update(subs, ["main_contractor"], batch_size=ctx.batch_size)


# --------------------------------------------------------------------------------------------
# Vacancies
# --------------------------------------------------------------------------------------------


def seed_vacancies(ctx: _Context, target: int) -> None:
    companies = list(_generated_companies().select_related("kelurahan__kecamatan").order_by("nib"))
    if not companies:
        if target:
            ctx.log("vacancies: no generated companies; skipped (use --companies)")
        return
    existing = (
        Vacancy.objects.filter(company__in=_generated_companies(), events__from_status="", events__note=DEMO_NOTE)
        .distinct()
        .count()
    )
    missing = max(0, target - existing)
    ctx.log(f"vacancies: {existing} exist, creating {missing}")
    if not missing:
        return
    admins = dict(
        CompanyMember.objects.filter(company__in=_generated_companies(), is_company_admin=True).values_list(
            "company_id", "user_id"
        )
    )
    weights = list(
        itertools.accumulate(
            (c.workforce_total + 20) ** 0.5 * (1.0 if c.status == "verified" else 0.08) for c in companies
        )
    )
    indices = range(existing + 1, existing + missing + 1)
    for chunk in _chunks(list(indices), ctx.batch_size):
        batch = []
        for v in chunk:
            rng = _rng(ctx.seed, "vacancy", v)
            company = companies[bisect.bisect(weights, rng.random() * weights[-1])]
            job = JOBS[rng.choice(_jobs_for(company))]
            # Only a verified company's vacancies reach Disnaker's review (vacancy_submit).
            status = _weighted(rng, VACANCY_STATUS_MIX) if company.status == "verified" else "draft"
            creator_id = admins.get(company.pk)
            batch.append(_vacancy(ctx, rng, company, job, status=status, creator=creator_id))
        with transaction.atomic():
            _insert_vacancies(ctx, batch)


def _jobs_for(company: Company) -> list[str]:
    """The jobs of every sector that uses the company's KBLI code."""
    jobs = [job for sector in SECTORS if company.kbli_code in sector.kbli for job in sector.jobs]
    return list(dict.fromkeys(jobs)) or list(SECTOR_BY_KEY["jasa"].jobs)


def _vacancy(ctx: _Context, rng: random.Random, company: Company, job: Job, *, status: str, creator,
             published: datetime.datetime | None = None, open_date: datetime.date | None = None,
             close_date: datetime.date | None = None):  # fmt: skip
    """Build one vacancy (unsaved) with its skills and events; returns (vacancy, skill ids, events)."""
    creator_id = creator.pk if isinstance(creator, User) else creator
    today = ctx.today
    days = datetime.timedelta
    # Nothing happens before the company existed (or, for reviews, before it was verified).
    since = timezone.localdate(company.verified_at or company.created_at or ctx.now)
    age = max(0, (today - since).days - 1)
    if status in ("closed", "filled") and age < 45:
        status = "published"
    submitted = published_at = closed_at = None
    if status == "published":
        published_at = published or ctx.at(today - days(days=rng.randint(0, min(35, age))), rng)
        open_date = open_date or timezone.localdate(published_at)
        close_date = close_date or today + days(days=rng.randint(1, 45))
    elif status in ("closed", "filled"):
        published_at = ctx.at(today - days(days=rng.randint(40, min(300, age))), rng)
        open_date = timezone.localdate(published_at)
        close_date = open_date + days(days=rng.randint(14, 30))
        if status == "closed":  # closed by the nightly job the day after the closing date
            closed_at = ctx.at(close_date + days(days=1), rng, 0, 1)
        else:
            closed_at = ctx.at(open_date + days(days=rng.randint(10, 40)), rng)
    elif status in ("in_review", "rejected"):
        back = rng.randint(0, min(6, age)) if status == "in_review" else rng.randint(min(8, age), min(60, age))
        submitted = ctx.at(today - days(days=back), rng)
        open_date = max(today, timezone.localdate(submitted)) + days(days=rng.randint(1, 14))
        close_date = open_date + days(days=rng.randint(14, 30))
    else:  # draft
        open_date = today + days(days=rng.randint(5, 30))
        close_date = open_date + days(days=rng.randint(14, 45))
    if published_at is not None:
        submitted = published_at - days(days=rng.randint(1, 4), hours=rng.randint(0, 5))
    created = (submitted or ctx.at(today - days(days=rng.randint(0, 20)), rng)) - days(days=rng.randint(0, 5))
    if company.created_at:
        created = max(created, min(company.created_at + days(hours=1), submitted or ctx.now))
    if submitted and company.verified_at:
        submitted = max(submitted, min(company.verified_at + days(hours=1), published_at or ctx.now))
        created = min(created, submitted)

    employment_type = rng.choices([t for t, _ in job.types], weights=[w for _, w in job.types])[0]
    period = job.period
    if employment_type == "part_time":
        period = "hour"
    low, high = job.wage
    if period == "hour":
        wage_min = rng.randrange(24_000, 30_000, 1_000)
        wage_max = wage_min + rng.randrange(0, 10_001, 2_500)
    else:
        step = 50_000 if period == "month" else 10_000
        span = high - low
        wage_min = low + int(rng.random() * span * 0.45) // step * step
        if period == "month" and employment_type != "internship":
            wage_min = max(wage_min, UMK_BONTANG)
        wage_max = max(wage_min, high - int(rng.random() * span * 0.3) // step * step)
        if rng.random() < 0.15:
            wage_max = None  # "mulai dari …"
    sex, justification, _ = rng.choices(job.sex, weights=[w for *_, w in job.sex])[0]
    turnaround = employment_type in ("turnaround", "daily")
    openings = rng.randint(10, 60) if turnaround else rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10])
    openings_male = openings if sex == "M" else None
    openings_female = openings if sex == "F" else None
    if sex == "any" and openings >= 4 and rng.random() < 0.12:
        openings_male = openings // 2
        openings_female = openings - openings_male
    age_min, age_max = job.age
    if rng.random() < 0.2:
        age_max = None
    elif age_max is not None:
        age_max = max(age_min, age_max + rng.choice([-2, 0, 0, 0, 5]))

    min_education = ctx.education.get(job.min_education) or next(iter(ctx.education.values()))
    if company.kelurahan_id:
        work_kelurahan = company.kelurahan
        work_location = (
            f"{company.name}, Kel. {company.kelurahan.name}, Kec. {company.kelurahan.kecamatan.name}, Kota Bontang"
        )
    else:
        work_kelurahan = None
        site = next((s for a, s in OUTSIDE_COMPANY_ADDRESSES if a == company.address), "Kutai Timur")
        work_location = f"{company.name}, {site}"
    occupation = ctx.kbji.get(job.kbji) or next(iter(ctx.kbji.values()))
    extra = {
        "turnaround": " Pekerjaan turn-around (TA) berlangsung sekitar 6–8 minggu; rotasi pekerja lokal diutamakan.",
        "internship": " Program pemagangan sesuai Permenaker; peserta mendapat uang saku dan sertifikat.",
    }.get(employment_type, "")
    vacancy = Vacancy(
        company=company, title=job.title, occupation=occupation, employment_type=employment_type,
        description=f"{company.name} membutuhkan {job.title} untuk {job.duties}.{extra}",
        openings=openings, openings_male=openings_male, openings_female=openings_female,
        open_date=open_date, close_date=close_date, age_min=age_min, age_max=age_max,
        sex_requirement=sex, sex_justification=justification, min_education=min_education,
        majors=job.majors, competencies=job.competencies, experience_years_min=job.experience,
        wage_min=wage_min, wage_max=wage_max, wage_period=period, work_kelurahan=work_kelurahan,
        work_location=work_location[:200],
        other_information=(
            "Lamaran hanya melalui portal Disnaker Kota Bontang; kandidat dirujuk oleh Disnaker. "
            "Tidak dipungut biaya apa pun dalam proses rekrutmen."
            + (" Diutamakan ber-KTP Kota Bontang (Perda 10/2018)." if rng.random() < 0.5 else "")
        ),
        status=status, submitted_at=submitted, published_at=published_at, closed_at=closed_at,
        created_by_id=creator_id, created_at=created, updated_at=created,
    )  # fmt: skip

    skills = ctx.skill_ids(list(job.skills) + (["k3-umum"] if rng.random() < 0.2 else []))
    timeline = [("", "draft", creator_id, created)]
    if submitted:
        timeline.append(("draft", "in_review", creator_id, submitted))
    if status == "rejected":
        timeline.append(("in_review", "rejected", ctx.petugas.pk, submitted + days(days=rng.randint(1, 3))))
    if published_at:
        timeline.append(("in_review", "published", ctx.petugas.pk, published_at))
    if status == "closed":
        timeline.append(("published", "closed", None, closed_at))
    if status == "filled":
        timeline.append(("published", "filled", creator_id, closed_at))
    events = []
    for from_status, to_status, actor_id, moment in timeline:
        moment = min(moment, ctx.now)
        events.append(VacancyEvent(actor_id=actor_id, from_status=from_status, to_status=to_status, note=DEMO_NOTE,
                                   created_at=moment))  # fmt: skip
    vacancy.updated_at = events[-1].created_at
    return vacancy, skills, events


def _insert_vacancies(ctx: _Context, built: list) -> None:
    if not built:
        return
    ctx.bulk(Vacancy, [v for v, _, _ in built])
    through = Vacancy.skills.through
    ctx.bulk(through, [through(vacancy_id=v.pk, skill_id=s) for v, skills, _ in built for s in skills])
    events = []
    for vacancy, _, vacancy_events in built:
        for event in vacancy_events:
            event.vacancy_id = vacancy.pk
            events.append(event)
    ctx.bulk(VacancyEvent, events)


# --------------------------------------------------------------------------------------------
# Jobseekers
# --------------------------------------------------------------------------------------------


@dataclass
class _Identity:
    is_local: bool
    origin: str
    outside: str
    sex: str
    birth_date: datetime.date
    region: str


def _identity(ctx: _Context, rng: random.Random) -> _Identity:
    """The first draws of a jobseeker's stream: what the NIK encodes, and the KTP domicile."""
    is_local = rng.random() < 0.8
    if is_local:
        origin, outside = _weighted(rng, LOCAL_NIK_ORIGINS), ""
    else:
        outside = _weighted(rng, OUTSIDE_KTP)
        origin = outside if rng.random() < 0.9 else _weighted(rng, LOCAL_NIK_ORIGINS)
    sex = "M" if rng.random() < 0.58 else "F"
    age = rng.choices([(18, 24), (25, 29), (30, 34), (35, 44), (45, 55)], weights=[40, 25, 15, 14, 6])[0]
    age_days = rng.randint(age[0] * 365 + 10, age[1] * 365 + 360)
    birth_date = ctx.today - datetime.timedelta(days=age_days)
    code, _, kecamatan_count, _ = ORIGINS[origin]
    region = f"{code}{rng.randint(1, kecamatan_count):02d}"
    return _Identity(is_local, origin, outside, sex, birth_date, region)


def _nik_prefix(identity: _Identity) -> str:
    day = identity.birth_date.day + (40 if identity.sex == "F" else 0)
    return f"{identity.region}{day:02d}{identity.birth_date:%m%y}"


def seed_jobseekers(ctx: _Context, target: int) -> None:
    existing_indices = set()
    pattern = re.compile(rf"^pencaker(\d+)@{re.escape(DEMO_DOMAIN)}$")
    for email in User.objects.filter(email__startswith="pencaker", email__endswith=f"@{DEMO_DOMAIN}").values_list(
        "email", flat=True
    ):
        match = pattern.match(email)
        if match:
            existing_indices.add(int(match.group(1)))
    missing = [i for i in range(1, target + 1) if i not in existing_indices]
    ctx.log(f"jobseekers: {target - len(missing)} exist, creating {len(missing)}")
    if not missing:
        return

    # NIK serials: the n-th person with the same region, birth date and sex gets serial n, replaying every
    # index up to the last missing one so a top-up gives the same NIKs as one long run; a NIK already taken
    # by someone else is skipped.
    taken = set(JobseekerProfile.objects.values_list("nik", flat=True))
    missing_set = set(missing)
    serials: Counter = Counter()
    niks: dict[int, str] = {}
    for i in range(1, missing[-1] + 1):
        prefix = _nik_prefix(_identity(ctx, _rng(ctx.seed, "jobseeker", i)))
        serials[prefix] += 1
        if i in missing_set:
            while f"{prefix}{serials[prefix]:04d}" in taken:
                serials[prefix] += 1
            nik = f"{prefix}{serials[prefix]:04d}"
            taken.add(nik)
            niks[i] = nik

    started = time.monotonic()
    # Former employers for work experience: names in the style of the sectors that offer each job.
    pool_rng = _rng(ctx.seed, "employer-pool", 0)
    employers = {
        key: [ctx.company_name(pool_rng, s) for s in SECTORS if key in s.jobs for _ in range(12)] for key in JOBS
    }
    done = 0
    chunks = list(_chunks(missing, ctx.batch_size))
    workers = min(ctx.workers, len(chunks))
    if connection.in_atomic_block:
        workers = 1  # a caller's transaction (a test): other processes would not see its rows
    for created, seconds, count in _run_jobseeker_chunks(ctx, chunks, niks, employers, workers):
        ctx.result.created.update(created)
        ctx.result.insert_seconds.update(seconds)
        done += count
        if done % (ctx.batch_size * 10) == 0 or done == len(missing):
            elapsed = time.monotonic() - started
            ctx.log(
                f"  jobseekers {done}/{len(missing)} ({elapsed:.1f} s, {done / max(elapsed, 1e-9):.0f}/s, "
                f"{workers} process{'es' if workers > 1 else ''})"
            )


# State handed to forked worker processes (inherited through fork, so nothing is pickled but the chunks).
_WORKER_STATE: tuple | None = None


def _run_jobseeker_chunks(ctx, chunks, niks, employers, workers):
    """Build and write each chunk in its own transaction; yields (rows created, insert seconds, jobseekers).

    Building rows and preparing the INSERTs is CPU-bound Python, so with several workers the chunks are
    shared among forked processes, each with its own database connection (about 1.8x on two cores).
    """
    global _WORKER_STATE
    if workers <= 1:
        for chunk in chunks:
            yield _seed_jobseeker_chunk(chunk, state=(ctx, niks, employers), close_connection=False)
        return
    _WORKER_STATE = (ctx, niks, employers)
    connections.close_all()  # children must open their own connections, not share the parent's socket
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap_unordered(_seed_jobseeker_chunk, chunks)
            pool.close()
            pool.join()
    finally:
        _WORKER_STATE = None


def _seed_jobseeker_chunk(chunk: list[int], state: tuple | None = None, close_connection: bool = True):
    ctx, niks, employers = state or _WORKER_STATE
    before_created, before_seconds = Counter(ctx.result.created), Counter(ctx.result.insert_seconds)
    try:
        with transaction.atomic():
            _write_jobseekers(ctx, _build_jobseekers(ctx, chunk, niks, employers))
    finally:
        if close_connection:
            connections.close_all()  # a worker's connection is closed cleanly, not dropped on exit
    created = ctx.result.created - before_created
    seconds = ctx.result.insert_seconds - before_seconds
    # Counted by the caller (the parent process adds what each worker reports).
    ctx.result.created, ctx.result.insert_seconds = before_created, before_seconds
    return created, seconds, len(chunk)


@dataclass
class _JobseekerBatch:
    users: list
    profiles: list
    educations: list
    experiences: list
    skill_rows: list
    occupation_rows: list
    cards: list
    card_events: list


def _build_jobseekers(
    ctx: _Context, indices: list[int], niks: dict[int, str], employers: dict[str, list[str]]
) -> _JobseekerBatch:
    """Build the rows of one batch in memory; no database access (it runs while the previous batch is written)."""
    days = datetime.timedelta
    users, profiles, educations, experiences, skill_rows, occupation_rows, cards, card_events = ([] for _ in range(8))
    validity = settings.AKI_CARD_VALIDITY_MONTHS
    report_months = settings.AKI_CARD_REPORT_INTERVAL_MONTHS
    for i in indices:
        rng = _rng(ctx.seed, "jobseeker", i)
        ident = _identity(ctx, rng)
        age = (ctx.today - ident.birth_date).days // 365
        name = ctx.person_name(rng, ident.sex)
        birth_place = ORIGINS[ident.origin][1]
        outside_label = ORIGINS[ident.outside][3] if ident.outside else ""

        # Education: the highest level, plus the school before it for most diploma/degree holders.
        level = _weighted(rng, EDUCATION_MIX)
        if age < MIN_AGE_FOR_LEVEL.get(level, 0):
            level = rng.choice(["SMK", "SMA"])
        group = MAJOR_GROUP_FOR_LEVEL[level]
        if group == "BASIC" and ident.sex == "F":
            group = "BASIC_F"
        major = rng.choice(list(MAJORS[group]))
        skill_codes, kbji_codes = MAJORS[group][major]
        grad_year = min(ctx.today.year, ident.birth_date.year + GRADUATION_AGE[level] + rng.choice([0, 0, 1, 1, 2]))
        home_city = "Bontang" if ident.is_local and rng.random() < 0.75 else ORIGINS[ident.origin][1]
        entries = [(level, major, grad_year)]
        if level in HIGHER_EDUCATION and rng.random() < 0.6:
            school = "SMK" if rng.random() < 0.45 else "SMA"
            school_major = rng.choice(list(MAJORS[school]))
            entries.append((school, school_major, ident.birth_date.year + 18))
        if level == "S2" and rng.random() < 0.8:
            entries.append(("S1", rng.choice(list(MAJORS["S1"])), grad_year - 3))

        registered = ctx.at(ctx.today - days(days=rng.randint(0, 900)), rng, 7, 22)
        user = ctx.new(User, email=jobseeker_email(i), full_name=name, role=User.Role.JOBSEEKER,
                       password=ctx.password_hash, date_joined=registered)  # fmt: skip
        if ident.is_local:
            kelurahan = ctx.pick_kelurahan(rng)
            address = ctx.bontang_address(rng, kelurahan)
            resident_since = ident.birth_date if ident.origin == "bontang" else max(
                ident.birth_date + days(days=365 * 5), ctx.today - days(days=rng.randint(365, 365 * 20))
            )  # fmt: skip
        else:
            kelurahan, resident_since = None, None
            if ident.outside == "kutim" and rng.random() < 0.4:
                # The Sidrap border settlement: lives next to Bontang, holds a Kutai Timur KTP.
                address = (
                    f"Kampung Sidrap RT {rng.randint(1, 25):03d}, Desa Martadinata, Kec. Teluk Pandan, Kab. Kutai Timur"
                )
            else:
                address = f"{rng.choice(ctx.streets_elsewhere)} No. {rng.randint(1, 120)}, {ORIGINS[ident.outside][3]}"
        married_chance = 0.05 if age < 23 else 0.35 if age < 28 else 0.7
        marital = "married" if rng.random() < married_chance else "single"
        if marital == "married" and rng.random() < 0.06:
            marital = rng.choice(["divorced", "widowed"])
        has_disability = rng.random() < 0.02
        edu_factor = {"S1": 1.6, "S2": 2.4, "S3": 3.0, "D3": 1.35, "D4": 1.5}.get(level, 1.0)
        expected = int(UMK_BONTANG * edu_factor * rng.uniform(1.0, 1.6)) // 250_000 * 250_000
        profile = ctx.new(
            JobseekerProfile, parent=user, nik=niks[i], full_name=name, birth_place=birth_place,
            birth_date=ident.birth_date, sex=ident.sex, marital_status=marital, religion=_weighted(rng, RELIGIONS),
            ktp_address=address, kelurahan_id=kelurahan.pk if kelurahan else None,
            outside_city="" if ident.is_local else outside_label, resident_since=resident_since,
            phone=ctx.phone_mobile(rng), has_disability=has_disability,
            disability_note=rng.choice(DISABILITIES) if has_disability else "",
            is_poor_household=ident.is_local and rng.random() < 0.12,
            expected_wage=expected if rng.random() < 0.8 else None,
            about=f"Pendidikan terakhir {ctx.education[level].name}{', jurusan ' + major if major else ''}; "
            f"domisili {kelurahan.name + ', Bontang' if kelurahan else outside_label}.",
            consent_at=registered, created_at=registered, updated_at=registered,
        )  # fmt: skip
        users.append(user)
        profiles.append(profile)

        for entry_level, entry_major, year in entries:
            educations.append(ctx.new(
                EducationEntry, parent=profile, level_id=ctx.education[entry_level].pk,
                institution=_institution(rng, entry_level, home_city), major=entry_major,
                graduation_year=year if year <= ctx.today.year else None,
                score=Decimal(f"{rng.uniform(2.6, 3.9):.2f}") if entry_level in HIGHER_EDUCATION
                else Decimal(f"{rng.uniform(70, 92):.1f}"),
            ))  # fmt: skip

        codes = list(skill_codes)
        rng.shuffle(codes)
        chosen = codes[: rng.randint(1, min(4, len(codes)))]
        for extra, chance in (("microsoft-office", 0.35), ("bahasa-inggris", 0.2), ("k3-umum", 0.15),
                              ("sopir-sim-b2", 0.1)):  # fmt: skip
            if rng.random() < chance:
                chosen.append(extra)
        for skill_id in ctx.skill_ids(chosen):
            skill_rows.append((profile, skill_id))
        for kbji in dict.fromkeys(kbji_codes[: rng.randint(1, 2)]):
            if kbji in ctx.kbji:
                occupation_rows.append((profile, ctx.kbji[kbji].pk))

        # Work experience after school: none for many young people, up to three jobs.
        n_jobs = rng.choices([0, 1, 2, 3], weights=[45, 30, 18, 7])[0] if age >= 20 else 0
        if grad_year >= ctx.today.year:
            n_jobs = 0
        past_jobs = ctx.jobs_for(skill_codes, level)
        start = datetime.date(
            min(max(grad_year, ident.birth_date.year + 18), ctx.today.year - 1), rng.randint(6, 12), 1
        )
        for _ in range(n_jobs):
            if start >= ctx.today - days(days=90):
                break
            months = rng.randint(3, 36)
            end = start + relativedelta(months=months, days=-1)
            current = end >= ctx.today
            if current:
                end = None
            job_key = rng.choice(past_jobs)
            job = JOBS[job_key]
            occupation = ctx.kbji.get(job.kbji)
            experiences.append(ctx.new(
                ExperienceEntry, parent=profile, employer_name=rng.choice(employers[job_key]), position=job.title,
                occupation_id=occupation.pk if occupation else None, start_date=start, end_date=end,
                description=f"Bertugas {job.duties}.",
            ))  # fmt: skip
            if current:
                break
            start = end + relativedelta(months=rng.randint(0, 8), days=1)

        # AK/I card with a timeline that matches its status.
        status = _weighted(rng, CARD_STATUS_MIX)
        if status is None:
            continue
        card = ctx.new(AkiCard, parent=profile, status=status)
        timeline = []
        if status == "requested":
            requested = ctx.at(ctx.today - days(days=rng.randint(0, 20)), rng)
        elif status == "rejected":
            requested = ctx.at(ctx.today - days(days=rng.randint(5, 200)), rng)
        elif status == "lapsed":
            requested = ctx.at(ctx.today - days(days=rng.randint(400, 1000)), rng)
        elif status == "active":
            requested = ctx.at(ctx.today - days(days=rng.randint(3, 700)), rng)
        else:  # placed, removed
            requested = ctx.at(ctx.today - days(days=rng.randint(60, 700)), rng)
        card.requested_at = card.created_at = card.updated_at = requested
        profile.created_at = profile.updated_at = profile.consent_at = user.date_joined = min(
            registered, requested - days(hours=rng.randint(1, 72))
        )
        timeline.append(("", "requested", user, requested))
        if status == "rejected":
            card.rejection_reason = rng.choice(CARD_REJECTION_REASONS)
            card.verified_by_id = ctx.petugas.pk
            timeline.append(("requested", "rejected", ctx.petugas, requested + days(days=rng.randint(1, 4))))
        elif status != "requested":
            issued = min(requested + days(days=rng.randint(0, 3), hours=rng.randint(1, 6)), ctx.now)
            if status == "active":  # an active card is never past its validity
                issued = max(issued, ctx.now - days(days=700))
            card.issued_at = issued
            card.expires_on = timezone.localdate(issued) + relativedelta(months=validity)
            card.verified_by_id = ctx.petugas.pk
            timeline.append(("requested", "active", ctx.petugas, issued))
            # Six-monthly reports ("lapor") while looking for work.
            last_report = issued
            horizon = ctx.now
            if status == "lapsed":  # stopped reporting (or reached the end of validity) and lapsed since
                options = [m for m in range(0, validity, report_months)
                           if issued + relativedelta(months=m + report_months, days=1) <= ctx.now]  # fmt: skip
                horizon = issued + relativedelta(months=rng.choice(options or [0]))
            elif status in ("placed", "removed"):
                horizon = min(ctx.now, issued + days(days=rng.randint(30, 500)))
            report = issued + relativedelta(months=report_months) - days(days=rng.randint(1, 20))
            while report < horizon:
                timeline.append(("active", "active", user, report))
                last_report = report
                report = report + relativedelta(months=report_months) - days(days=rng.randint(1, 20))
            card.last_reported_at = last_report
            if status == "lapsed":
                lapsed_day = min(
                    card.expires_on, timezone.localdate(last_report) + relativedelta(months=report_months)
                ) + days(days=1)
                timeline.append(("active", "lapsed", None, ctx.at(lapsed_day, rng, 1, 2)))
            elif status == "placed":
                card.placed_on = timezone.localdate(horizon)
                reported = ctx.at(card.placed_on + days(days=rng.randint(1, 14)), rng)
                timeline.append(("active", "placed", ctx.petugas, reported))
            elif status == "removed":
                timeline.append(("active", "removed", ctx.petugas, horizon))
        card.updated_at = min(timeline[-1][3], ctx.now)
        cards.append((i, card))
        for from_status, to_status, actor, moment in timeline:
            card_events.append(ctx.new(
                AkiCardEvent, parent=card, actor_ref=actor, from_status=from_status, to_status=to_status,
                note=DEMO_NOTE, created_at=min(moment, ctx.now),
            ))  # fmt: skip

    return _JobseekerBatch(users, profiles, educations, experiences, skill_rows, occupation_rows, cards, card_events)


def _write_jobseekers(ctx: _Context, batch: _JobseekerBatch) -> None:
    """Insert one batch: parents first, each child's foreign key filled from its parent's new primary key."""
    users, profiles, educations, experiences = batch.users, batch.profiles, batch.educations, batch.experiences
    skill_rows, occupation_rows, cards, card_events = (
        batch.skill_rows, batch.occupation_rows, batch.cards, batch.card_events
    )  # fmt: skip
    ctx.bulk(User, users)
    for profile in profiles:
        profile.user_id = profile.__dict__.pop("parent").pk
    ctx.bulk(JobseekerProfile, profiles)
    for entry in itertools.chain(educations, experiences):
        entry.jobseeker_id = entry.__dict__.pop("parent").pk
    ctx.bulk(EducationEntry, educations)
    ctx.bulk(ExperienceEntry, experiences)
    skills_through = JobseekerProfile.skills.through
    ctx.bulk(skills_through, [ctx.new(skills_through, jobseekerprofile_id=p.pk, skill_id=s) for p, s in skill_rows])
    occupations_through = JobseekerProfile.preferred_occupations.through
    ctx.bulk(occupations_through, [
        ctx.new(occupations_through, jobseekerprofile_id=p.pk, kbjigroup_id=k) for p, k in occupation_rows
    ])  # fmt: skip
    issued = [(i, card) for i, card in cards if card.issued_at]
    numbers = ctx.card_numbers([timezone.localdate(c.issued_at).year for _, c in issued], [i for i, _ in issued])
    for (_, card), number in zip(issued, numbers, strict=True):
        card.number = number
    for _, card in cards:
        card.jobseeker_id = card.__dict__.pop("parent").pk
    ctx.bulk(AkiCard, [card for _, card in cards])
    for event in card_events:
        event.card_id = event.__dict__.pop("parent").pk
        actor = event.__dict__.pop("actor_ref")
        event.actor_id = actor.pk if actor else None
    ctx.bulk(AkiCardEvent, card_events)


def _institution(rng: random.Random, level: str, city: str) -> str:
    if level in ("TTSD", "SD"):
        return f"SD Negeri {rng.randint(1, 30):03d} {city}"
    if level == "SMP":
        return f"SMP Negeri {rng.randint(1, 12)} {city}"
    if level == "SMA":
        return rng.choice([f"SMA Negeri {rng.randint(1, 3)} {city}", f"MAN {city}", f"SMA Muhammadiyah {city}"])
    if level == "SMK":
        return rng.choice([f"SMK Negeri {rng.randint(1, 4)} {city}", f"SMK Negeri {rng.randint(1, 4)} {city}",
                           f"SMK Teknologi {city}"])  # fmt: skip
    return rng.choice(UNIVERSITIES)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def seed_demo(
    *,
    jobseekers: int = 200,
    companies: int = 30,
    vacancies: int = 40,
    seed: int = DEFAULT_SEED,
    batch_size: int = DEFAULT_BATCH_SIZE,
    accounts_only: bool = False,
    workers: int | None = None,
    password: str | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> SeedResult:
    """Create the demo accounts and top up generated data to the given counts; safe to re-run."""
    started = time.monotonic()
    ctx = _Context(
        seed=seed,
        batch_size=max(1, batch_size),
        password=password or demo_password(),
        log=log,
        workers=default_workers() if workers is None else workers,
    )
    with transaction.atomic():
        ensure_demo_accounts(ctx)
        _sync_generated_passwords(ctx, password or demo_password())
    if not accounts_only:
        seed_companies(ctx, companies)
        seed_vacancies(ctx, vacancies)
        seed_jobseekers(ctx, jobseekers)
    ctx.result.elapsed = time.monotonic() - started
    ctx.result.totals = {
        "jobseekers": JobseekerProfile.objects.count(),
        "companies": Company.objects.count(),
        "vacancies": Vacancy.objects.count(),
        "published vacancies": Vacancy.objects.filter(status="published").count(),
    }
    return ctx.result
