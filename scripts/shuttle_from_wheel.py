#!/usr/bin/env python3
"""Extracts river's shuttle.csv.gz (the IJCNN1 stand-in, METHODS.md §3.6) from the river 0.26.1
wheel and writes it as a plain CSV (LF line ends, header f1..f9,anomaly) to OUT_DIR/shuttle.csv.

usage: shuttle_from_wheel.py WHEEL OUT_DIR
Standard library only. The compressed member is checked against its published md5 before use;
fetch-datasets checks the sha256 of the output.
"""
import gzip
import hashlib
import sys
import zipfile

MEMBER = "river/datasets/shuttle.csv.gz"
MD5 = "9b5fc215f317cf26fd361729e0dfbe6f"


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 64
    wheel, out_dir = sys.argv[1:]
    try:
        packed = zipfile.ZipFile(wheel).read(MEMBER)
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        print(f"  {wheel}: cannot read {MEMBER}: {error}", file=sys.stderr)
        return 1
    if hashlib.md5(packed).hexdigest() != MD5:
        print(f"  {wheel}: {MEMBER} has md5 {hashlib.md5(packed).hexdigest()}, expected {MD5}", file=sys.stderr)
        return 1
    text = gzip.decompress(packed).replace(b"\r\n", b"\n")
    with open(f"{out_dir}/shuttle.csv", "wb") as out:
        out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
