#!/usr/bin/env python3
"""Writes fixtures/rules/<group>/<rule>/{pass,fail}/ from one real, clean corpus pack.

Every fixture starts as a copy of ../shared/corpus/packs/012-lee (PDFs from reportlab,
LibreOffice and WeasyPrint, a JPEG photo, a scanned passport), then one change makes it
fail its rule. `expected.txt` beside pass/ and fail/ lists the files the rule must flag in
fail/ (`-` for a pack-level finding). Run from the repository root; it rewrites
fixtures/rules/ completely. Git stores the repeated files once.

The content rules' fixtures edit the words of the base pack's reportlab PDFs with pikepdf
(a typo in a date or a passport number, a purpose the invitation does not state) and add
small reportlab PDFs (a passport page with its MRZ, an index); `file/signed` signs a letter
with pyHanko and a throwaway self-signed certificate. Run it with a Python that has them:
`pip install reportlab pikepdf pyhanko`.
"""
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "..", "shared", "corpus", "packs", "012-lee")
ASSETS = os.path.join(ROOT, "fixtures", "assets")
OUT = os.path.join(ROOT, "fixtures", "rules")

# The base pack, renamed to the profile's plainest titles.
BASE_FILES = {
    "01_Passport.pdf": "01_Passport_Bio_Page.pdf",
    "02_Form.pdf": "02_Form.pdf",
    "03_Photo.jpg": "03_Passport_Photo.jpg",
    "04_Invitation.pdf": "04_Invitation_Letter.pdf",
    "05_Employer_Letter.pdf": "05_Employer_Letter.pdf",
    "06_Bank_Statements.pdf": "06_Bank_Statement.pdf",
    "07_Flight_Itinerary.pdf": "07_Flight_Itinerary.pdf",
    "08_Hotel_Reservation.pdf": "08_Hotel_Reservation.pdf",
    "09_Travel_Insurance.pdf": "09_Travel_Insurance.pdf",
    "dossier.toml": "dossier.toml",
}


def base(dest):
    os.makedirs(dest)
    for name, src in BASE_FILES.items():
        shutil.copyfile(os.path.join(BASE, src), os.path.join(dest, name))


def rename(d, old, new):
    os.rename(os.path.join(d, old), os.path.join(d, new))


def remove(d, name):
    os.remove(os.path.join(d, name))


def write(d, name, data=b""):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def asset(d, asset_name, name):
    shutil.copyfile(os.path.join(ASSETS, asset_name), os.path.join(d, name))


def manifest(d, text):
    write(d, "dossier.toml", text.encode())


def fail_pattern(d):
    rename(d, "07_Flight_Itinerary.pdf", "Flight itinerary.pdf")
    rename(d, "02_Form.pdf", "2_Form.pdf")
    return ["2_Form.pdf", "Flight itinerary.pdf"]


def fail_duplicate_number(d):
    rename(d, "08_Hotel_Reservation.pdf", "07_Hotel_Reservation.pdf")
    rename(d, "09_Travel_Insurance.pdf", "08_Travel_Insurance.pdf")
    return ["07_Hotel_Reservation.pdf"]


def fail_gap(d):
    rename(d, "05_Employer_Letter.pdf", "06_Employer_Letter_.pdf")
    for n, title in [(6, "Bank_Statements"), (7, "Flight_Itinerary"), (8, "Hotel_Reservation"), (9, "Travel_Insurance")]:
        rename(d, f"0{n}_{title}.pdf", f"{n + 1:02}_{title}.pdf")
    rename(d, "06_Employer_Letter_.pdf", "06_Employer_Letter.pdf")
    return ["06_Employer_Letter.pdf"]


def fail_order(d):
    rename(d, "04_Invitation.pdf", "00.pdf")
    rename(d, "01_Passport.pdf", "02_Passport.pdf.tmpname")
    rename(d, "02_Form.pdf", "03_Form.pdf")
    rename(d, "03_Photo.jpg", "04_Photo.jpg")
    rename(d, "02_Passport.pdf.tmpname", "02_Passport.pdf")
    rename(d, "00.pdf", "01_Invitation.pdf")
    return ["01_Invitation.pdf"]


def fail_unsafe_chars(d):
    rename(d, "05_Employer_Letter.pdf", "05_Employer Letter (signed).pdf")
    rename(d, "06_Bank_Statements.pdf", "06_Выписка.pdf")
    return ["05_Employer Letter (signed).pdf", "06_Выписка.pdf"]


def fail_stray_file(d):
    write(d, ".DS_Store", b"\x00\x00\x00\x01Bud1" + b"\x00" * 58)
    write(d, "Thumbs.db", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56)
    write(d, "~$Form.docx", b"\x0bdossier   " + b"\x00" * 40)
    os.makedirs(os.path.join(d, "drafts"))
    shutil.copyfile(os.path.join(BASE, "02_Form.pdf"), os.path.join(d, "drafts", "Form_draft.pdf"))
    return [".DS_Store", "Thumbs.db", "drafts", "~$Form.docx"]


def fail_unknown_kind(d):
    shutil.copyfile(os.path.join(BASE, "03_Passport_Photo.jpg"), os.path.join(d, "10_Holiday_Snaps.jpg"))
    return ["10_Holiday_Snaps.jpg"]


def fail_type(d):
    remove(d, "03_Photo.jpg")
    asset(d, "photo.heic", "03_Photo.heic")
    asset(d, "cover_letter.docx", "10_Cover_Letter.docx")
    remove(d, "09_Travel_Insurance.pdf")
    shutil.copyfile(os.path.join(BASE, "03_Passport_Photo.jpg"), os.path.join(d, "09_Travel_Insurance.pdf"))
    return ["03_Photo.heic", "09_Travel_Insurance.pdf", "10_Cover_Letter.docx"]


def fail_empty(d):
    write(d, "05_Employer_Letter.pdf", b"")
    return ["05_Employer_Letter.pdf"]


def fail_unreadable(d):
    remove(d, "05_Employer_Letter.pdf")
    os.symlink("Employer_Letter_signed.pdf", os.path.join(d, "05_Employer_Letter.pdf"))
    return ["05_Employer_Letter.pdf"]


def fail_missing_document(d):
    remove(d, "03_Photo.jpg")
    remove(d, "09_Travel_Insurance.pdf")
    for n, title in [(4, "Invitation"), (5, "Employer_Letter"), (6, "Bank_Statements"), (7, "Flight_Itinerary"), (8, "Hotel_Reservation")]:
        rename(d, f"0{n}_{title}.pdf", f"0{n - 1}_{title}.pdf")
    return ["-", "-"]


def pass_missing_document(d):
    # A visa-free or e-Visa route: no invitation, and the manifest says so.
    remove(d, "04_Invitation.pdf")
    for n, title in [(5, "Employer_Letter"), (6, "Bank_Statements"), (7, "Flight_Itinerary"), (8, "Hotel_Reservation"), (9, "Travel_Insurance")]:
        rename(d, f"0{n}_{title}.pdf", f"0{n - 1}_{title}.pdf")
    text = open(os.path.join(d, "dossier.toml")).read().replace("invitation_required = true", "invitation_required = false")
    manifest(d, text)


SCANS = os.path.join(ASSETS, "scans")
PACKS = os.path.join(ROOT, "fixtures", "packs")


def scan(asset_name, target="05_Employer_Letter.pdf"):
    def make(d):
        shutil.copyfile(os.path.join(SCANS, asset_name), os.path.join(d, target))
        return [target]
    return make


PHOTOS = os.path.join(ASSETS, "photos")


def photo(asset_name):
    # The base pack's photo replaced by one of fixtures/assets/photos (make-photo-assets.py).
    def make(d):
        shutil.copyfile(os.path.join(PHOTOS, asset_name), os.path.join(d, "03_Photo.jpg"))
        return ["03_Photo.jpg"]
    return make


def fail_blank_page(d):
    # A text PDF with a trailing empty page (reportlab), and a scanned empty back of a sheet.
    shutil.copyfile(os.path.join(ROOT, "..", "shared", "corpus", "packs", "002-ortega", "04_Letter_Of_Invitation.pdf"),
                    os.path.join(d, "04_Invitation.pdf"))
    shutil.copyfile(os.path.join(SCANS, "blank.pdf"), os.path.join(d, "05_Employer_Letter.pdf"))
    return ["04_Invitation.pdf", "05_Employer_Letter.pdf"]


def fail_encrypted(d):
    shutil.copyfile(os.path.join(PACKS, "001-kowalczyk", "08_Medical_Insurance.pdf"), os.path.join(d, "09_Travel_Insurance.pdf"))
    return ["09_Travel_Insurance.pdf"]


def pass_encrypted(d):
    # An empty user password (owner restrictions only) opens like any PDF.
    asset(d, "owner_password.pdf", "09_Travel_Insurance.pdf")


def fail_repaired(d):
    data = open(os.path.join(PACKS, "001-kowalczyk", "04_Invitation.pdf"), "rb").read()
    at = data.rindex(b"startxref")
    offset = int(data[at + 9:].split()[0])
    write(d, "04_Invitation.pdf", data[:at] + b"startxref\n%d\n%%%%EOF\n" % (offset + 11))
    return ["04_Invitation.pdf"]


def fail_unreadable_all(d):
    flagged = fail_unreadable(d)
    data = open(os.path.join(d, "06_Bank_Statements.pdf"), "rb").read()
    write(d, "06_Bank_Statements.pdf", data[: len(data) * 2 // 5])
    return flagged + ["06_Bank_Statements.pdf"]


def no_pages_pdf():
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = b"%PDF-1.7\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def fail_empty_all(d):
    flagged = fail_empty(d)
    write(d, "06_Bank_Statements.pdf", no_pages_pdf())
    return flagged + ["06_Bank_Statements.pdf"]


def fail_manifest(d):
    text = open(os.path.join(d, "dossier.toml")).read().replace("arrival = 2027-01-19", "arrival = 19.01.2027")
    manifest(d, text)
    return ["dossier.toml"]


def edit_text(d, name, *pairs):
    """Replaces words inside the content streams of a text PDF, the way a typo gets in."""
    import pikepdf
    path = os.path.join(d, name)
    pdf = pikepdf.open(path, allow_overwriting_input=True)
    done = set()
    for page in pdf.pages:
        data = page.Contents.read_bytes()
        for old, new in pairs:
            if old in data:
                done.add(old)
                data = data.replace(old, new)
        page.Contents.write(data)
    missing = [old for old, _ in pairs if old not in done]
    if missing:
        sys.exit(f"{name}: no {missing} in its content")
    pdf.save(path, deterministic_id=True)
    return name


def reportlab_page(path, size, lines):
    """A one-page text PDF; `lines` are (font, size, text), top to bottom."""
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(path, pagesize=size, invariant=1)
    y = size[1] - 36
    for font, pt, text in lines:
        c.setFont(font, pt)
        c.drawString(28, y, text)
        y -= pt * 1.6
    c.save()


# 012-lee's machine-readable zone, as its passport carries it.
MRZ = ("P<KORLEE<<MINJUN<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "M985218443KOR6404275M3510214<<<<<<<<<<<<<<06")


def passport_pdf(d, mrz=MRZ):
    # A passport data page exported as text (as an OCR layer would read it), 125 x 88 mm.
    lines = [
        ("Helvetica-Bold", 11, "REPUBLIC OF KOREA  PASSPORT"),
        ("Helvetica", 8, "Type P   Country code KOR   Passport No. M98521844"),
        ("Helvetica", 8, "Surname LEE"),
        ("Helvetica", 8, "Given names MINJUN"),
        ("Helvetica", 8, "Date of birth 27 APR 1964   Sex M"),
        ("Helvetica", 8, "Date of expiry 21 OCT 2035"),
        ("Courier", 8.5, mrz[0]),
        ("Courier", 8.5, mrz[1]),
    ]
    reportlab_page(os.path.join(d, "01_Passport.pdf"), (354, 249), lines)
    return "01_Passport.pdf"


def pass_no_text(d):
    passport_pdf(d)


def fail_no_text(d):
    # The base pack's passport is a scan without an OCR layer.
    return ["01_Passport.pdf"]


def fail_mrz(d):
    # One digit of the document number misread: its check digit and the composite fail.
    return [passport_pdf(d, (MRZ[0], "M985218943" + MRZ[1][10:]))]


def fail_dates(d):
    # The return flight a day early.
    return [edit_text(d, "07_Flight_Itinerary.pdf", (b"29 Jan 2027", b"28 Jan 2027"))]


def fail_identity(d):
    # Two digits of the passport number swapped in the employer letter.
    return [edit_text(d, "05_Employer_Letter.pdf", (b"M98521844", b"M98512844"))]


def fail_purpose(d):
    # The employer letter speaks of negotiations and a site visit; the invitation of a conference.
    return [edit_text(d, "05_Employer_Letter.pdf",
                      (b"to attend the conference", b"for contract negotiations and"),
                      (b"Astana International Forum in Astana.", b"a site inspection in Astana."))]


def fail_employment(d):
    return [edit_text(d, "05_Employer_Letter.pdf",
                      (b"to attend the conference", b"to install and commission"),
                      (b"Astana International Forum in Astana.",
                       b"equipment; Zhetysu Pharma LLP will pay his salary for this work."))]


def fail_passport_expiry(d):
    text = open(os.path.join(d, "dossier.toml")).read().replace("passport_expiry = 2035-10-21", "passport_expiry = 2027-05-01")
    manifest(d, text)
    return ["01_Passport.pdf"]


def fail_document_age(d):
    # Submitted in March: the statement, ending 14 Nov 2026, is then over 90 days old.
    text = open(os.path.join(d, "dossier.toml")).read().replace("submission = 2026-11-26", "submission = 2027-03-01")
    manifest(d, text)
    return ["06_Bank_Statements.pdf"]


INDEX_TITLES = ["Passport", "Application form", "Photo", "Invitation letter", "Employer letter",
                "Bank statements", "Flight itinerary", "Hotel reservation", "Travel insurance"]


def index_pdf(d, name, titles):
    from reportlab.lib.pagesizes import A4
    lines = [("Helvetica-Bold", 14, "List of documents"), ("Helvetica", 10, "Applicant: MINJUN LEE")]
    lines += [("Helvetica", 10, f"{i}. {t}") for i, t in enumerate(titles, 1)]
    reportlab_page(os.path.join(d, name), A4, lines)
    return name


def pass_index_stale(d):
    for name in sorted(os.listdir(d), reverse=True):
        if name[:2].isdigit():
            rename(d, name, f"{int(name[:2]) + 1:02}{name[2:]}")
    index_pdf(d, "01_Index.pdf", INDEX_TITLES)


def fail_index_stale(d):
    # Made before the bookings and the insurance were added.
    pass_index_stale(d)
    return [index_pdf(d, "01_Index.pdf", INDEX_TITLES[:6])]


def fail_signed(d):
    # Signed as an e-signing service would: a self-signed certificate made here, PAdES
    # detached signature in an incremental update.
    import datetime
    import tempfile
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Jihoon Kim")])
    start = datetime.datetime(2026, 11, 22, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=3650)).sign(key, hashes.SHA256()))
    with tempfile.TemporaryDirectory() as tmp:
        key_path, cert_path = os.path.join(tmp, "key.pem"), os.path.join(tmp, "cert.pem")
        with open(key_path, "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
        with open(cert_path, "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
        signer = signers.SimpleSigner.load(key_path, cert_path)
        target = os.path.join(d, "05_Employer_Letter.pdf")
        with open(target, "rb") as f:
            writer = IncrementalPdfFileWriter(f)
            meta = signers.PdfSignatureMetadata(field_name="Signature1", name="Jihoon Kim")
            signed = signers.sign_pdf(writer, meta, signer=signer).getvalue()
        write(d, "05_Employer_Letter.pdf", signed)
    return ["05_Employer_Letter.pdf"]


def fail_active_content(d):
    # As a bank's or an airline's PDF generator leaves them: a script run on opening with
    # the statement's spreadsheet attached, and a "check in" link that is a script.
    import pikepdf
    from pikepdf import Dictionary, Name, Array, String
    path = os.path.join(d, "06_Bank_Statements.pdf")
    pdf = pikepdf.open(path, allow_overwriting_input=True)
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert('Welcome');"))
    spec = pikepdf.AttachedFileSpec(pdf, b"date,amount\n2026-10-01,1200\n", mime_type="text/csv")
    pdf.attachments["statement.csv"] = spec
    pdf.save(path)
    path = os.path.join(d, "07_Flight_Itinerary.pdf")
    pdf = pikepdf.open(path, allow_overwriting_input=True)
    link = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 72, 200, 90]), Border=Array([0, 0, 0]),
        A=Dictionary(S=Name.JavaScript, JS=String("this.submitForm('https://example.org/checkin');")),
    ))
    pdf.pages[0].Annots = pdf.make_indirect(Array([link]))
    pdf.save(path)
    return ["06_Bank_Statements.pdf", "07_Flight_Itinerary.pdf"]


def pass_active_content(d):
    # Plain links (to a web address, to a page) are not active content.
    import pikepdf
    from pikepdf import Dictionary, Name, Array, String
    path = os.path.join(d, "07_Flight_Itinerary.pdf")
    pdf = pikepdf.open(path, allow_overwriting_input=True)
    web = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 72, 200, 90]),
                     A=Dictionary(S=Name.URI, URI=String("https://example.org/booking")))
    page = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 100, 200, 118]),
                      Dest=Array([pdf.pages[0].obj, Name.Fit]))
    pdf.pages[0].Annots = pdf.make_indirect(Array([pdf.make_indirect(web), pdf.make_indirect(page)]))
    pdf.save(path)


def fail_size(d):
    # A portal with small limits, as a user's own profile states them: 100 kB a file,
    # 250 kB a pack. The passport scan (115 kB) is over, and so is the pack (282 kB).
    src = open(os.path.join(ROOT, "profiles", "kz-b1.toml")).read()
    src = src.replace('name = "kz-b1"', 'name = "small-portal"')
    src = src.replace("file_max_mb = 10.0", "file_max_mb = 0.1").replace("pack_max_mb = 25.0", "pack_max_mb = 0.25")
    os.makedirs(os.path.join(d, "..", "profiles"), exist_ok=True)
    write(os.path.join(d, "..", "profiles"), "small-portal.toml", src.encode())
    text = open(os.path.join(d, "dossier.toml")).read().replace('profile = "kz-b1"', 'profile = "../profiles/small-portal.toml"')
    manifest(d, text)
    return ["-", "01_Passport.pdf"]


RULES = {
    "naming/pattern": (fail_pattern, None),
    "naming/duplicate-number": (fail_duplicate_number, None),
    "naming/gap": (fail_gap, None),
    "naming/order": (fail_order, None),
    "naming/unsafe-chars": (fail_unsafe_chars, None),
    "naming/stray-file": (fail_stray_file, None),
    "naming/unknown-kind": (fail_unknown_kind, None),
    "file/type": (fail_type, None),
    "file/empty": (fail_empty_all, None),
    "file/unreadable": (fail_unreadable_all, None),
    "file/encrypted": (fail_encrypted, pass_encrypted),
    "file/repaired": (fail_repaired, None),
    "file/signed": (fail_signed, None),
    "file/active-content": (fail_active_content, pass_active_content),
    "scan/resolution": (scan("lowres.pdf"), None),
    "scan/blur": (scan("blur.pdf"), None),
    "scan/contrast": (scan("faded.pdf"), None),
    "scan/exposure": (scan("dark.pdf"), None),
    "scan/shadow": (scan("shadow.pdf"), None),
    "scan/cropped": (scan("cropped.pdf"), None),
    "scan/skew": (scan("skewed.pdf"), None),
    "scan/compression": (scan("compressed.pdf"), None),
    "scan/grayscale": (scan("passport_gray.pdf", "01_Passport.pdf"), None),
    "scan/blank-page": (fail_blank_page, None),
    "pack/missing-document": (fail_missing_document, pass_missing_document),
    "photo/dimensions": (photo("drawn_small.jpg"), None),
    # Stored 900 x 700 with EXIF orientation 6: upright 700 x 900 is what must be measured.
    "photo/aspect": (photo("drawn_square.jpg"), photo("face_sideways.jpg")),
    "photo/color": (photo("drawn_gray.jpg"), None),
    "photo/background": (photo("drawn_shadow.jpg"), None),
    "photo/age": (photo("face_old.jpg"), photo("face_ok.jpg")),
    "photo/head-size": (photo("face_small_head.jpg"), photo("face_ok.jpg")),
    "pack/manifest": (fail_manifest, None),
    "pack/index-stale": (fail_index_stale, pass_index_stale),
    "pack/size": (fail_size, None),
    "scan/no-text": (fail_no_text, pass_no_text),
    "scan/mrz": (fail_mrz, pass_no_text),
    "consistency/dates": (fail_dates, None),
    "consistency/identity": (fail_identity, None),
    "consistency/purpose": (fail_purpose, None),
    "validity/passport-expiry": (fail_passport_expiry, None),
    "validity/document-age": (fail_document_age, None),
    "category/employment": (fail_employment, None),
}


def main():
    if not os.path.isdir(BASE):
        sys.exit(f"needs the corpus beside the repository: {BASE}")
    only = sys.argv[1:]
    for rule, (make_fail, make_pass) in RULES.items():
        if only and rule not in only:
            continue
        folder = os.path.join(OUT, *rule.split("/"))
        shutil.rmtree(folder, ignore_errors=True)
        base(os.path.join(folder, "pass"))
        if make_pass:
            make_pass(os.path.join(folder, "pass"))
        base(os.path.join(folder, "fail"))
        flagged = make_fail(os.path.join(folder, "fail"))
        with open(os.path.join(folder, "expected.txt"), "w") as f:
            f.write("\n".join(sorted(flagged)) + "\n")
        print(rule, "->", ", ".join(flagged))


if __name__ == "__main__":
    main()
