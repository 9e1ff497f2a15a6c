"""Catalogues of the demo data generator: places, names, education, jobs, sectors and status mixes.

Plain data, no database access; the weights are relative (they need not add up to 100).
"""

from __future__ import annotations

from dataclasses import dataclass

# Bontang's minimum wage (UMK) is about Rp 3.7–4 million a month; monthly full-time wages start here.
UMK_BONTANG = 3_850_000

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

# KBLI codes of the plants (and no other sector): the main contractors of subcontracting firms.
PLANT_KBLI = {c for s in SECTORS if s.plant for c in s.kbli} - {c for s in SECTORS if not s.plant for c in s.kbli}

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
