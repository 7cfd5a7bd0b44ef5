#!/usr/bin/python3
"""Builds charset_fixture.json: pydicom 2.3.1's decoding of every text element of its charset test files.

Run with Debian's interpreter (it has pydicom 2.3.1):
    /usr/bin/python3 tests/DicomAnon.Core.Tests/Text/make_charset_fixture.py

Two sections:
  "files":     every SH/LO/ST/LT/PN/UC/UT element at any depth of pydicom/data/charset_files/*.dcm (synthetic
               sample data that ships with pydicom, not patient data): the (0008,0005) in force, the VR, the raw
               value bytes (hex) and pydicom's decoded values.
  "synthetic": short made-up strings, encoded by pydicom (charset.encode_string / PersonName.encode) in the
               character sets the files do not cover, then decoded again by pydicom.
The C# theory CharacterSetFixtureTests decodes the raw bytes with DicomCharacterSet and compares.
"""
import glob
import json
import os
import warnings

import pydicom
from pydicom import charset
from pydicom.tag import Tag
from pydicom.valuerep import PersonName

TEXT_VRS = ("SH", "LO", "ST", "LT", "PN", "UC", "UT")
CHARSET_DIR = os.path.join(os.path.dirname(pydicom.__file__), "data", "charset_files")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "charset_fixture.json")


def charset_terms(ds, inherited):
    """(0008,0005) in force for ds: its own value, else the enclosing dataset's (PS3.5 7.5.3)."""
    if Tag(0x00080005) in ds:
        raw = ds.get_item(Tag(0x00080005)).value
        if isinstance(raw, bytes):
            return raw.decode("ascii").rstrip("\0 ").split("\\")
        value = ds[0x00080005].value
        return list(value) if isinstance(value, (list, pydicom.multival.MultiValue)) else [value]
    return inherited


def values_of(elem):
    """pydicom's decoded values as a list of str (PN via str(PersonName))."""
    value = elem.value
    if value is None or value == "":
        return []
    if isinstance(value, (list, pydicom.multival.MultiValue)):
        return [str(v) for v in value]
    return [str(value)]


def walk(ds, terms, path, out, name):
    terms = charset_terms(ds, terms)
    for tag in sorted(ds.keys()):
        raw = ds.get_item(tag)
        elem = ds[tag]
        if elem.VR == "SQ":
            for i, item in enumerate(elem.value):
                walk(item, terms, f"{path}{tag:08X}[{i}]/", out, name)
            continue
        if elem.VR not in TEXT_VRS:
            continue
        raw_bytes = raw.value if isinstance(raw.value, bytes) else None
        if raw_bytes is None:
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            decoded = values_of(elem)
        out.append({
            "source": name,
            "path": f"{path}{tag:08X}",
            "charset": "\\".join(terms),
            "vr": elem.VR,
            "hex": raw_bytes.hex(),
            "values": decoded,
            "pydicomWarned": len(caught) > 0,
        })


def files_section():
    out = []
    for path in sorted(glob.glob(os.path.join(CHARSET_DIR, "*.dcm"))):
        ds = pydicom.dcmread(path)
        walk(ds, [""], "", out, os.path.basename(path))
    return out


# (Specific Character Set, VR, text). Made-up words, no real people.
SYNTHETIC = [
    ("ISO_IR 101", "PN", "Łódź^Zażółć"),
    ("ISO_IR 109", "LO", "Ĉiuĵaŭde ĝis"),
    ("ISO_IR 110", "PN", "Šķūņa^Ēārs"),
    ("ISO_IR 148", "PN", "Ğüşİö^Çağla"),
    ("ISO_IR 166", "LO", "ภาษาไทย"),
    ("ISO_IR 144", "LT", "Съешь же ещё\r\nэтих булок"),
    ("ISO_IR 126", "SH", "Αθήνα"),
    ("ISO_IR 127", "LO", "مرحبا بالعالم"),
    ("ISO_IR 138", "ST", "שלום עולם"),
    ("ISO_IR 13", "SH", "ｱｲｳｴｵ"),
    ("ISO 2022 IR 100", "LO", "Ærø Å"),
    ("ISO 2022 IR 100\\ISO 2022 IR 144", "LO", "Ärger Жук"),
    ("ISO 2022 IR 6\\ISO 2022 IR 87\\ISO 2022 IR 159", "PN", "Tanaka^Ichi=丂乚^田中"),
    # Not here, because pydicom 2.3.1 encodes them wrongly (DicomCharacterSetTests covers them from PS3.5 examples):
    # ISO 2022 IR 58 (its "iso_ir_58" codec is plain GB2312, so the ESC $ ) A designation is never written), and
    # ISO 2022 IR 149 text with CR LF (ESC $ ) C is not repeated after the line break, where G1 is reset).
    ("ISO 2022 IR 6\\ISO 2022 IR 149", "LO", "첫 줄 둘째 줄"),
    ("ISO 2022 IR 13\\ISO 2022 IR 87", "LO", "ﾃｽﾄ試験"),
    ("ISO_IR 192", "UT", "Grüße 日本 €"),
    ("ISO_IR 192", "UC", "α\\β\\γ"),
    ("GB18030", "LO", "中文€"),
    ("GBK", "PN", "Wang^XiaoDong=王^小东="),
]


def synthetic_section():
    out = []
    for terms_text, vr, text in SYNTHETIC:
        terms = terms_text.split("\\")
        encodings = charset.convert_encodings(terms)
        if vr == "PN":
            encoded = PersonName(text).encode(encodings)
            decoded = str(PersonName(encoded, encodings).decode())
            values = [decoded]
        else:
            encoded = charset.encode_string(text, encodings)
            if vr in ("ST", "LT", "UT"):
                values = [charset.decode_bytes(encoded, encodings, {0x0D, 0x0A, 0x09, 0x0C})]
            else:
                values = [charset.decode_bytes(p, encodings, {0x0D, 0x0A, 0x09, 0x0C}) for p in encoded.split(b"\\")]
        out.append({
            "source": "synthetic",
            "path": "",
            "charset": terms_text,
            "vr": vr,
            "hex": encoded.hex(),
            "values": values,
            "text": text,
            "pydicomWarned": False,
        })
    return out


def main():
    fixture = {
        "generator": "make_charset_fixture.py with pydicom " + pydicom.__version__,
        "files": files_section(),
        "synthetic": synthetic_section(),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(fixture['files'])} file values, {len(fixture['synthetic'])} synthetic values -> {OUT}")


if __name__ == "__main__":
    main()
