#!/usr/bin/python3
"""Builds validator_fixture.json: made-up values per VR and whether pydicom 2.3.1's valuerep.validate_value accepts
them (its length limits and regular expressions). Run with /usr/bin/python3.
DicomValueValidatorTests.Validate_PydicomVerdicts_AgreeOrStricterForDocumentedReasons compares.
"""
import json
import os
import random

import pydicom
from pydicom import config
from pydicom.valuerep import validate_value

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "validator_fixture.json")

SAMPLES = {
    "AE": ["STORESCP", " PACS 1 ", "A_VERY_LONG_AE_TITLE", "A\\B", "tab\there", "", "é"],
    "AS": ["045Y", "003W", "012M", "100D", "45Y", "045X", "0450", "045y"],
    "CS": ["ORIGINAL", "ISO_IR 100", "lower", "A-B", "ABCDEFGHIJKLMNOPQ", "", "0123456789 _ABCD"],
    "DA": ["20240229", "20230229", "20240230", "20241301", "20240100", "2024-01-01", "2024010", "19000101",
           "20241231", "20240431", "20240101-20240131", "99991231"],
    "DS": ["1.5", " -1.5E+03 ", "1,5", "NaN", ".5", "5.", "1e", "+1", "12345678901234567", "1 2", "-0", "0.33333333333333"],
    "DT": ["2024", "202402", "20240229", "2024022923", "20240229235960.123456+1400", "20240101-1200", "20240230",
           "20240101+1500", "202401011", "20241301", "20240101120000.1234567", "2024010112+0100"],
    "IS": ["-2147483648", " +12 ", "2147483648", "1.0", "1234567890123", "12a", "", "-0"],
    "LO": ["Any text", "a\\b", "x" * 64, "x" * 65, "line\nbreak"],
    "PN": ["Doe^John", "A=B=C", "A=B=C=D", "A^B^C^D^E", "A^B^C^D^E^F", "x" * 64, "x" * 65, "x" * 64 + "=" + "y" * 64],
    "SH": ["0123456789ABCDEF", "seventeen chars!!", "a\\b"],
    "TM": ["07", "0715", "071530", "235960.5", "235959.123456", "24", "12:30", "1260", "123000.1234567", "1", "076"],
    "UI": ["1.2.840.10008.1.2.1", "2.25.0", "1.2.03", "1..2", "1.2.a", "1." + "1" * 62, "1." + "1" * 63, ".1", "1."],
    "UR": ["http://example.org/a?b=c#d", " http://x", "http://x y", "http://x/<a>", "urn:oid:1.2", "http://x "],
}


def main():
    config.settings.writing_validation_mode = config.RAISE
    rows = []
    for vr, values in SAMPLES.items():
        for value in values:
            try:
                validate_value(vr, value, config.RAISE)
                ok = True
            except (ValueError, KeyError):
                ok = False
            rows.append({"vr": vr, "value": value, "pydicomValid": ok})
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"generator": "make_validator_fixture.py with pydicom " + pydicom.__version__, "values": rows}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(len(rows), "values ->", OUT)


if __name__ == "__main__":
    main()
