#!/usr/bin/python3
"""Peer for the anonymization benchmark: pydicom applying the same PS3.15 E.1-1 Basic Profile rules.

Usage: pydicom_anonymize.py PROFILE_TSV INPUT_DIR OUTPUT_DIR
Walks every element at every depth (pydicom's Dataset.walk), applies the Basic Profile action of its tag
(compound codes resolved like DicomAnon: X/Z->Z, X/D->D, Z/D->D, X/Z/D->D, X/Z/U*->U), removes private
elements, remaps UIDs with a keyed hash (2.25.<int>), shifts nothing (dates get a dummy). Written to be a
fair, reasonably efficient peer: one process, rules precomputed into a dict, no per-element regex.
"""
import hashlib, hmac, os, sys
import pydicom
from pydicom.dataelem import DataElement

KEY = b"benchmark-key-not-secret"
COMPOUND = {"X/Z": "Z", "X/D": "D", "Z/D": "D", "X/Z/D": "D", "X/Z/U*": "U", "X/Z/U": "U"}
DUMMY = {"DA": "19000101", "TM": "000000", "DT": "19000101000000", "PN": "ANONYMOUS", "UI": "2.25.0",
         "AS": "000Y", "DS": "0", "IS": "0"}


def load_rules(tsv):
    exact, masks = {}, []
    with open(tsv, encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            tag, action = cols[0], COMPOUND.get(cols[5], cols[5])
            if "gggg" in tag:
                continue
            hexs = tag.strip("()").replace(",", "")
            if "x" in hexs.lower():
                value = int("".join("0" if c in "xX" else c for c in hexs), 16)
                mask = int("".join("0" if c in "xX" else "F" for c in hexs), 16)
                masks.append((value, mask, action))
            else:
                exact[int(hexs, 16)] = action
    return exact, masks


def uid(value):
    digest = hmac.new(KEY, value.encode("ascii"), hashlib.sha256).digest()
    return "2.25." + str(int.from_bytes(digest[:16], "big"))


def clean(ds, exact, masks):
    remove = []
    for elem in ds:
        tag = int(elem.tag)
        if elem.tag.is_private:
            remove.append(elem.tag)
            continue
        action = exact.get(tag)
        if action is None:
            for value, mask, act in masks:
                if tag & mask == value:
                    action = act
                    break
        if elem.VR == "SQ":
            if action == "X":
                remove.append(elem.tag)
            else:
                for item in elem.value:
                    clean(item, exact, masks)
            continue
        if action is None or action == "K" or action == "C":
            continue
        if action == "X":
            remove.append(elem.tag)
        elif action == "Z":
            elem.value = None if elem.VR not in ("SQ",) else []
        elif action == "D":
            elem.value = DUMMY.get(elem.VR, "ANON" if elem.VR in ("LO", "SH", "LT", "ST", "UT", "CS", "AE", "UC") else elem.value)
        elif action == "U" and elem.VR == "UI" and elem.value:
            elem.value = uid(str(elem.value))
    for t in remove:
        del ds[t]


def main():
    tsv, src, dst = sys.argv[1:4]
    exact, masks = load_rules(tsv)
    n = 0
    for root, _, files in os.walk(src):
        for name in files:
            path = os.path.join(root, name)
            ds = pydicom.dcmread(path)
            clean(ds, exact, masks)
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            out = os.path.join(dst, os.path.relpath(path, src))
            os.makedirs(os.path.dirname(out), exist_ok=True)
            ds.save_as(out)
            n += 1
    print(n)


if __name__ == "__main__":
    main()
