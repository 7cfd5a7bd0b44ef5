#!/usr/bin/python3
"""Builds ds_fixture.json: doubles and pydicom 2.3.1's valuerep.format_number_as_ds text for each.

Run with /usr/bin/python3. DicomNumberValuesTests checks that our DS text is valid and at least as precise.
"""
import json
import os
import random

import pydicom
from pydicom.valuerep import format_number_as_ds

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ds_fixture.json")


def main():
    rnd = random.Random(20260)
    values = [0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, -1 / 3, 2 / 3, 1e20, -1e20, 1.5e-7, 1e-300, 1e300, 2.0 ** 31,
              123456789012345678.0, 3.141592653589793, -1234567.891011121, 9.999999999999999e22, 5e-324,
              1.7976931348623157e308, 0.000123456789012345, 99999999999999.99, 1234567890123456.0]
    for _ in range(300):
        mantissa = rnd.uniform(-10, 10)
        exponent = rnd.randint(-30, 30)
        values.append(mantissa * 10.0 ** exponent)
    for _ in range(100):
        values.append(round(rnd.uniform(-1000, 1000), rnd.randint(0, 6)))
    rows = [{"value": repr(v), "pydicom": format_number_as_ds(v)} for v in values]
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"generator": "make_ds_fixture.py with pydicom " + pydicom.__version__, "values": rows}, f, indent=1)
        f.write("\n")
    print(len(rows), "values ->", OUT)


if __name__ == "__main__":
    main()
