#!/usr/bin/python3
"""Dump every element of DICOM files as pydicom reads them, for comparison with DicomAnon's reader.

Usage: pydicom_dump.py [--text] OUT.json FILE...

Each file gives {"elements": [...]} or {"error": "ExceptionType: message"}. An element record is
{"path": "(0008,1115)[0].(0008,1150)", "vr": "UI", "len": n, "sha1": "..."} with the SHA-1 of the raw
value bytes as stored (binary VRs of big-endian files converted to little endian); a sequence is
{"path", "vr": "SQ", "items": n} followed by the records of its items; encapsulated pixel data is
{"path", "vr", "frags": n, "sha1": sha1(concatenated fragments), "bot": sha1(basic offset table)}.
With --text, records of PN/LO/SH/ST/LT/UT/UC also carry "text": pydicom's decoded value (multiple values
joined with a backslash).
"""
import hashlib
import json
import sys
import warnings

import pydicom
from pydicom.dataelem import RawDataElement
from pydicom.encaps import generate_pixel_data_fragment
from pydicom.errors import InvalidDicomError
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_data_element

UNIT = {"US": 2, "SS": 2, "OW": 2, "AT": 2, "UL": 4, "SL": 4, "FL": 4, "OF": 4, "OL": 4,
        "FD": 8, "OD": 8, "SV": 8, "UV": 8, "OV": 8}
STRING_VRS = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UR", "UT"}
TEXT_VRS = {"PN", "LO", "SH", "ST", "LT", "UT", "UC"}


def tag_str(tag):
    return "(%04X,%04X)" % (tag.group, tag.element)


def swap(data, unit):
    if unit <= 1:
        return data
    out = bytearray(len(data))
    whole = len(data) - len(data) % unit
    for i in range(unit):
        out[i:whole:unit] = data[unit - 1 - i:whole:unit]
    out[whole:] = data[whole:]
    return bytes(out)


def sha(data):
    return hashlib.sha1(data).hexdigest()


def text_of(elem):
    value = elem.value
    if value is None:
        return ""
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return "\\".join(str(v) for v in value)
    return str(value)


def dump_dataset(ds, prefix, big_endian, out, want_text):
    for tag in sorted(ds.keys()):
        raw = ds.get_item(tag)
        path = prefix + tag_str(tag)
        if isinstance(raw, RawDataElement):
            value = raw.value if raw.value is not None else b""
            undefined = raw.length == 0xFFFFFFFF
            raw_vr = raw.VR
            try:
                elem = ds[tag]  # converts; gives the VR pydicom settles on for implicit VR
                vr = raw_vr or elem.VR
            except Exception as ex:  # conversion problems are not reading problems
                elem = None
                vr = raw_vr or "??"
            if vr == "SQ" or (elem is not None and elem.VR == "SQ"):
                items = elem.value
                out.append({"path": path, "vr": "SQ", "items": len(items)})
                for i, item in enumerate(items):
                    dump_dataset(item, "%s[%d]." % (path, i), big_endian, out, want_text)
                continue
            if undefined and tag == 0x7FE00010:
                fp = DicomBytesIO(value)
                fp.is_little_endian = True
                # basic offset table: first item
                fp.seek(4)
                bot_len = int.from_bytes(fp.read(4), "little")
                bot = fp.read(bot_len)
                # generate_pixel_data_fragment yields every item from the position given: start after the table
                frags = list(generate_pixel_data_fragment(fp))
                out.append({"path": path, "vr": vr, "frags": len(frags), "sha1": sha(b"".join(frags)), "bot": sha(bot)})
                continue
            if big_endian:
                value = swap(value, UNIT.get(vr, 0))
            rec = {"path": path, "vr": vr, "len": len(value), "sha1": sha(value)}
            if len(value) % 2 == 1:
                # what a writer that pads odd values (PS3.5 7.1.1) should produce
                pad = b" " if vr in STRING_VRS else b"\0"
                rec["sha1_padded"] = sha(value + pad)
            if want_text and elem is not None and elem.VR in TEXT_VRS:
                try:
                    rec["text"] = text_of(elem)
                except Exception as ex:
                    rec["text_error"] = type(ex).__name__
            out.append(rec)
        else:
            # Already converted (file meta): re-encode the value the way pydicom writes it.
            elem = raw
            if elem.VR == "SQ":
                out.append({"path": path, "vr": "SQ", "items": len(elem.value)})
                for i, item in enumerate(elem.value):
                    dump_dataset(item, "%s[%d]." % (path, i), big_endian, out, want_text)
                continue
            fp = DicomBytesIO()
            fp.is_little_endian = True
            fp.is_implicit_VR = False
            write_data_element(fp, elem)
            data = fp.getvalue()
            header = 12 if elem.VR in ("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV") else 8
            value = data[header:]
            out.append({"path": path, "vr": elem.VR, "len": len(value), "sha1": sha(value), "reencoded": True})


def dump_file(path, want_text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forced = False
        try:
            try:
                ds = pydicom.dcmread(path, force=False)
            except InvalidDicomError:
                forced = True  # no preamble/'DICM': read as a raw dataset, like DicomAnon does
                ds = pydicom.dcmread(path, force=True)
        except Exception as ex:
            return {"error": "%s: %s" % (type(ex).__name__, str(ex)[:200])}
        out = []
        try:
            meta = getattr(ds, "file_meta", None)
            if meta is not None:
                dump_dataset(meta, "", False, out, want_text)
            big_endian = not ds.is_little_endian
            dump_dataset(ds, "", big_endian, out, want_text)
        except Exception as ex:
            return {"error": "%s: %s" % (type(ex).__name__, str(ex)[:200]), "partial": out}
        return {"elements": out, "forced": forced}


def main(argv):
    want_text = False
    if argv and argv[0] == "--text":
        want_text = True
        argv = argv[1:]
    target = argv[0]
    result = {"pydicom": pydicom.__version__, "files": {}}
    for f in argv[1:]:
        result["files"][f] = dump_file(f, want_text)
    with open(target, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=0, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
