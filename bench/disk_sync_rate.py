"""The disk's rate of synced 4 KiB writes: the ceiling for durable writes that do not
share syncs. Writes 4 KiB and fsyncs, again and again, for a few seconds."""
import os
import sys
import tempfile
import time

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
folder = sys.argv[2] if len(sys.argv) > 2 else tempfile.gettempdir()
block = os.urandom(4096)
fd, path = tempfile.mkstemp(dir=folder)
try:
    count, start = 0, time.monotonic()
    while time.monotonic() - start < seconds:
        os.write(fd, block)
        os.fsync(fd)
        count += 1
    print(f"{count / (time.monotonic() - start):.0f}")
finally:
    os.close(fd)
    os.unlink(path)
