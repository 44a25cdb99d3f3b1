"""Names and words for demo data: people in their own scripts, closing reports, little scans."""

from __future__ import annotations

import struct
import zlib

# country: (language, first names, last names, legal form of a company)
PEOPLE: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], str]] = {
    "AT": (
        "de",
        ("Lukas", "Anna", "Jakob", "Lena", "Florian", "Theresa"),
        ("Gruber", "Huber", "Wagner", "Pichler", "Steiner", "Moser"),
        "GmbH",
    ),
    "BE": (
        "nl",
        ("Lotte", "Wout", "Elise", "Arnaud", "Manon", "Pieter"),
        ("Peeters", "Janssens", "Maes", "Dubois", "Lambert", "Claes"),
        "BV",
    ),
    "BG": (
        "bg",
        ("Мария", "Георги", "Иван", "Елена", "Димитър", "Цветелина"),
        ("Иванова", "Петров", "Георгиев", "Димитрова", "Стоянов", "Николова"),
        "ЕООД",
    ),
    "HR": (
        "hr",
        ("Ivana", "Luka", "Marija", "Josip", "Petra", "Matej"),
        ("Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak"),
        "d.o.o.",
    ),
    "CY": (
        "el",
        ("Ανδρέας", "Ελένη", "Χρίστος", "Μαρία", "Γιώργος", "Άννα"),
        ("Γεωργίου", "Χαραλάμπους", "Κωνσταντίνου", "Ιωάννου", "Νικολάου", "Παύλου"),
        "Λτδ",
    ),
    "CZ": (
        "cs",
        ("Jiří", "Tereza", "Jan", "Kateřina", "Tomáš", "Lucie"),
        ("Novák", "Svobodová", "Dvořák", "Černá", "Procházka", "Kučerová"),
        "s.r.o.",
    ),
    "DK": (
        "da",
        ("Mads", "Freja", "Søren", "Ida", "Rasmus", "Maja"),
        ("Jensen", "Nielsen", "Hansen", "Pedersen", "Sørensen", "Møller"),
        "ApS",
    ),
    "EE": (
        "et",
        ("Mart", "Kadri", "Jaan", "Liis", "Tõnu", "Kärt"),
        ("Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk"),
        "OÜ",
    ),
    "FI": (
        "fi",
        ("Mikko", "Aino", "Juha", "Sanna", "Ville", "Eeva"),
        ("Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Hämäläinen", "Järvinen"),
        "Oy",
    ),
    "FR": (
        "fr",
        ("Camille", "Élodie", "François", "Hélène", "Jérôme", "Loïc"),
        ("Martin", "Lefèvre", "Bernard", "Girard", "Rousseau", "Mercier"),
        "SAS",
    ),
    "DE": (
        "de",
        ("Jürgen", "Sophie", "Maximilian", "Lea", "Björn", "Käthe"),
        ("Müller", "Schmidt", "Schäfer", "Weiß", "Köhler", "Becker"),
        "GmbH",
    ),
    "GR": (
        "el",
        ("Γιώργος", "Κατερίνα", "Νίκος", "Δήμητρα", "Κώστας", "Σοφία"),
        ("Παπαδόπουλος", "Παπαδοπούλου", "Οικονόμου", "Αντωνίου", "Βασιλείου", "Μακρή"),
        "Α.Ε.",
    ),
    "HU": (
        "hu",
        ("Bence", "Zsófia", "Gergő", "Réka", "Ádám", "Eszter"),
        ("Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga"),
        "Kft.",
    ),
    "IE": (
        "en",
        ("Siobhán", "Ciarán", "Aoife", "Seán", "Niamh", "Pádraig"),
        ("Murphy", "O'Brien", "Kelly", "Byrne", "Ó Súilleabháin", "Walsh"),
        "Ltd",
    ),
    "IT": (
        "it",
        ("Giulia", "Matteo", "Chiara", "Lorenzo", "Francesca", "Niccolò"),
        ("Rossi", "Bianchi", "Ricci", "Esposito", "Romano", "Colombo"),
        "S.r.l.",
    ),
    "LV": (
        "lv",
        ("Jānis", "Līga", "Andris", "Ilze", "Mārtiņš", "Dace"),
        ("Bērziņš", "Kalniņa", "Ozoliņš", "Liepiņa", "Krūmiņš", "Zariņa"),
        "SIA",
    ),
    "LT": (
        "lt",
        ("Jonas", "Rūta", "Tomas", "Eglė", "Mantas", "Gintarė"),
        ("Kazlauskas", "Petrauskienė", "Jankauskas", "Žukauskaitė", "Butkus", "Paulauskas"),
        "UAB",
    ),
    "LU": (
        "fr",
        ("Luc", "Claire", "Marc", "Anne", "Yves", "Sandrine"),
        ("Schmit", "Muller", "Weber", "Hoffmann", "Wagner", "Thill"),
        "S.à r.l.",
    ),
    "MT": (
        "en",
        ("Joseph", "Maria", "Matthew", "Rebecca", "Luke", "Gabriella"),
        ("Borg", "Camilleri", "Vella", "Farrugia", "Zammit", "Galea"),
        "Ltd",
    ),
    "NL": (
        "nl",
        ("Daan", "Sanne", "Bram", "Fleur", "Joris", "Eva"),
        ("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser"),
        "B.V.",
    ),
    "PL": (
        "pl",
        ("Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Michał", "Żaneta"),
        ("Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Żółkiewski"),
        "Sp. z o.o.",
    ),
    "PT": (
        "pt",
        ("João", "Inês", "Gonçalo", "Beatriz", "Tomás", "Leonor"),
        ("Silva", "Gonçalves", "Fernandes", "Conceição", "Simões", "Magalhães"),
        "Lda.",
    ),
    "RO": (
        "ro",
        ("Ștefan", "Ioana", "Mihai", "Andreea", "Răzvan", "Mădălina"),
        ("Popescu", "Ionescu", "Brâncuși", "Țurcanu", "Dumitrescu", "Stănescu"),
        "S.R.L.",
    ),
    "SK": (
        "sk",
        ("Peter", "Zuzana", "Martin", "Lenka", "Ľubomír", "Jana"),
        ("Horváth", "Kováčová", "Varga", "Tóthová", "Nagy", "Baláž"),
        "s.r.o.",
    ),
    "SI": (
        "sl",
        ("Luka", "Nina", "Žiga", "Maja", "Jure", "Špela"),
        ("Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik"),
        "d.o.o.",
    ),
    "ES": (
        "es",
        ("Lucía", "Javier", "María", "Álvaro", "Carmen", "Íñigo"),
        ("García", "Fernández", "Martínez", "López", "Sánchez", "Peña"),
        "S.L.",
    ),
    "SE": (
        "sv",
        ("Erik", "Astrid", "Lars", "Ingrid", "Björn", "Åsa"),
        ("Andersson", "Johansson", "Karlsson", "Nilsson", "Löfgren", "Ström"),
        "AB",
    ),
    "AL": (
        "sq",
        ("Arben", "Elira", "Besnik", "Mirela", "Gentian", "Dritë"),
        ("Hoxha", "Shehu", "Leka", "Kola", "Çela", "Dervishi"),
        "sh.p.k.",
    ),
    "AM": (
        "hy",
        ("Արամ", "Անահիտ", "Գոռ", "Նարինե", "Տիգրան", "Լուսինե"),
        ("Սարգսյան", "Հակոբյան", "Պետրոսյան", "Գրիգորյան", "Մարտիրոսյան", "Ավետիսյան"),
        "ՍՊԸ",
    ),
    "BA": (
        "bs",
        ("Amar", "Lejla", "Emir", "Amra", "Tarik", "Selma"),
        ("Hodžić", "Begović", "Delić", "Hadžić", "Kovačević", "Mujić"),
        "d.o.o.",
    ),
    "IS": (
        "is",
        ("Guðrún", "Jón", "Sigríður", "Ólafur", "Þóra", "Einar"),
        ("Jónsdóttir", "Sigurðsson", "Guðmundsdóttir", "Ólafsson", "Einarsdóttir", "Þórsson"),
        "ehf.",
    ),
    "XK": (
        "sq",
        ("Driton", "Vjosa", "Albin", "Blerta", "Faton", "Teuta"),
        ("Krasniqi", "Gashi", "Berisha", "Morina", "Shala", "Hoxha"),
        "sh.p.k.",
    ),
    "MD": (
        "ro",
        ("Ion", "Maria", "Vasile", "Elena", "Sergiu", "Doina"),
        ("Rusu", "Ceban", "Ciobanu", "Lungu", "Cojocaru", "Țurcan"),
        "S.R.L.",
    ),
    "ME": (
        "sr",
        ("Marko", "Jelena", "Nikola", "Milica", "Stefan", "Ana"),
        ("Popović", "Vujović", "Radović", "Đukanović", "Marković", "Šćekić"),
        "d.o.o.",
    ),
    "MK": (
        "mk",
        ("Александар", "Марија", "Стефан", "Ивана", "Бојан", "Ана"),
        ("Стојановски", "Трајковска", "Николовски", "Петровска", "Ристовски", "Јованова"),
        "ДООЕЛ",
    ),
    "RS": (
        "sr",
        ("Немања", "Јелена", "Милош", "Драгана", "Вук", "Снежана"),
        ("Јовановић", "Петровић", "Николић", "Ђорђевић", "Стојановић", "Илић"),
        "д.о.о.",
    ),
    "TR": (
        "tr",
        ("Mehmet", "Ayşe", "Çağlar", "Gülşen", "Oğuz", "Şule"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"),
        "A.Ş.",
    ),
    "UA": (
        "uk",
        ("Олександр", "Оксана", "Андрій", "Наталія", "Тарас", "Ірина"),
        ("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравчук", "Мельник"),
        "ТОВ",
    ),
    "GB": (
        "en",
        ("Oliver", "Amelia", "Harry", "Isla", "George", "Emily"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Evans"),
        "Ltd",
    ),
}

# The word for "cluster" and "innovation centre" as organisations in the country name themselves.
CLUSTER_WORD: dict[str, str] = {
    "de": "Cluster",
    "fr": "Pôle",
    "it": "Distretto",
    "es": "Clúster",
    "pl": "Klaster",
    "bg": "Клъстер",
    "el": "Σύμπλεγμα",
    "cs": "Klastr",
    "sk": "Klaster",
    "sl": "Grozd",
    "hr": "Klaster",
    "ro": "Clusterul",
    "hu": "Klaszter",
    "pt": "Cluster",
    "nl": "Cluster",
    "sv": "Kluster",
    "da": "Klynge",
    "fi": "Klusteri",
    "et": "Klaster",
    "lv": "Klasteris",
    "lt": "Klasteris",
    "uk": "Кластер",
    "mk": "Кластер",
    "sr": "Кластер",
    "tr": "Kümesi",
    "sq": "Klasteri",
    "hy": "Կլաստեր",
    "bs": "Klaster",
    "is": "Klasi",
    "en": "Cluster",
}

SECTOR_WORDS: dict[str, str] = {
    "aerospace_defence": "Aerospace",
    "agri_food": "AgriFood",
    "construction": "Build",
    "cultural_creative": "Creative",
    "digital": "Digital",
    "electronics": "Electronics",
    "energy_intensive": "Materials",
    "renewable_energy": "Energy",
    "health": "Health",
    "mobility_transport_automotive": "Mobility",
    "proximity_social": "Social Economy",
    "retail": "Retail",
    "textile": "Textile",
    "tourism": "Tourism",
}

KIND_NAMES: dict[str, str] = {
    "tech_centre": "Technology Centre",
    "research_institute": "Research Institute",
    "innovation_hub": "Digital Innovation Hub",
    "fab_lab": "Fab Lab",
    "creative_hub": "Creative Hub",
    "resource_efficiency_provider": "Resource Efficiency Agency",
    "incubator": "Incubator",
    "accelerator": "Accelerator",
    "business_network": "Business Network",
}

# -- closing reports: what visitors write back (in English, the scheme's working language) ------

ACTIVITIES: tuple[str, ...] = (
    "Day 1: welcome by the cluster manager and tour of the members' labs.\n"
    "Day 2: workshop on shared test beds with three SMEs.\n"
    "Day 3: visit to the regional innovation agency; matchmaking lunch.",
    "Meetings with the host's internationalisation team and two member companies; joint session "
    "on the partnership's call for SME vouchers; site visit to a pilot production line.",
    "Shadowing of the host's business-support staff for a week: coaching sessions, a "
    "procurement info day, and an evening pitch event with local start-ups.",
    "Two days at the host's demonstration centre, one day at a member's plant, then a "
    "round table with the regional ministry on skills for the green transition.",
)
RESULTS: tuple[str, ...] = (
    "Twelve new contacts; a letter of intent for a joint Horizon Europe proposal; a follow-up "
    "visit of two of our SMEs planned for spring.",
    "Agreed to exchange training material and to co-organise a webinar series; one SME "
    "signed a distribution agreement with a host member.",
    "Learned how the host runs its voucher scheme; we will adapt it at home. Contacts with "
    "three technology providers, one pilot under discussion.",
    "A memorandum of understanding between the two clusters is being drafted; the host will "
    "visit us in the autumn.",
)
WAIVER_REASONS: tuple[str, ...] = (
    "Stayed with a colleague of the host: no accommodation invoice.",
    "Travelled by car with the host's staff: no ticket.",
)


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text: a demo scan small enough to keep by thousands."""
    text = "".join(
        f"BT /F1 11 Tf 50 {780 - 16 * n} Td ({_pdf_text(line)}) Tj ET\n"
        for n, line in enumerate(lines)
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _pdf_text(line: str) -> str:
    plain = line.encode("latin-1", "replace").decode("latin-1")
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tiny_png(stamp: bytes, width: int = 48, height: int = 32) -> bytes:
    """A small grey PNG whose pattern follows `stamp`: a demo photo of a signed sheet."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # no filter
        for x in range(width):
            rows.append(0xE0 - (stamp[(x * 7 + y * 13) % len(stamp)] % 64) * (y % 4 == 1))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + stamp)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )
