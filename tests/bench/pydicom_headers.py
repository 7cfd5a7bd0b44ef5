#!/usr/bin/python3
"""Peer for the header benchmark: pydicom reads the header of every file listed (stop_before_pixels=True).

Usage: pydicom_headers.py LISTFILE
Prints one line: files=N seconds=S filesPerSecond=R elements=E (the same shape as DicomAnon.Benchmarks' verbs).
"""
import sys
import time

import pydicom


def main(list_file):
    with open(list_file, encoding="utf-8") as f:
        files = [line.strip() for line in f if line.strip()]
    elements = 0
    pydicom.dcmread(files[0], stop_before_pixels=True)  # warm-up (lazy imports), outside the timing
    start = time.perf_counter()
    for path in files:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        elements += len(ds)
    seconds = time.perf_counter() - start
    print("files=%d seconds=%.3f filesPerSecond=%.3f elements=%d" % (len(files), seconds, len(files) / seconds, elements))


if __name__ == "__main__":
    main(sys.argv[1])
