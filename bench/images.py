"""What an upload costs and what its renditions weigh: bytes per format and width, and the time
and peak memory of preparing one upload (apps/core/image_uploads.py), in this process.

    .venv/bin/python -m bench.images [photo.jpg ...]

Without arguments it measures a generated photo-like picture (gradients and noise, harder to
compress than a photograph); give real photographs for figures that mean something.
"""

import argparse
import io
import os
import resource
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from apps.core.image_uploads import image_prepare  # noqa: E402
from apps.core.images import COVER  # noqa: E402

ROUNDS = 3


def generated_photo() -> tuple[str, bytes]:
    red = Image.linear_gradient("L").resize((3000, 2000))
    noise = Image.effect_noise((3000, 2000), 30)
    output = io.BytesIO()
    Image.merge("RGB", (red, noise, red.transpose(Image.Transpose.ROTATE_180))).save(
        output, "JPEG", quality=92
    )
    return "generated.jpg", output.getvalue()


def measure(name: str, content: bytes) -> None:
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        prepared = image_prepare(SimpleUploadedFile(name, content), kind=COVER)
        timings.append(time.perf_counter() - started)
    source = Image.open(io.BytesIO(content))
    print(f"\n{name}: {source.format} {source.size[0]}x{source.size[1]}, {len(content):,} bytes")
    print(f"  prepare: {min(timings) * 1000:.0f} ms (best of {ROUNDS})")
    widths = sorted({file_name.split(".")[0] for file_name in prepared.files}, key=int)
    for width in widths:
        sizes = {
            file_name.split(".")[1]: len(data)
            for file_name, data in prepared.files.items()
            if file_name.startswith(f"{width}.")
        }
        fallback = next(ext for ext in sizes if ext != "webp")
        ratio = sizes["webp"] / sizes[fallback]
        print(
            f"  {width:>5} px: {fallback} {sizes[fallback]:>9,} B   webp {sizes['webp']:>9,} B"
            f"   webp/{fallback} {ratio:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("photos", nargs="*", type=Path)
    args = parser.parse_args()
    sources = [(path.name, path.read_bytes()) for path in args.photos] or [generated_photo()]
    for name, content in sources:
        measure(name, content)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
