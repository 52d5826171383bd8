"""Benchmark the image pipeline: time per megapixel, bytes per variant, stand-in cards.

Run: .venv/bin/python benchmarks/images.py [quality]   (quality: only the bytes-and-SSIM table)
Budget (docs/design.md section 5): the 960 px variant of a photograph is at most 120 KB.
Quality: every AVIF/WebP variant's SSIM against the resized source should be at or above a JPEG
q80 encode's (the floor, tests/test_images_quality.py), on the synthetic and real photographs.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.deck import Deck, DeckErrors, DeckModel, load_deck  # noqa: E402
from app.images import publish_image  # noqa: E402
from app.images.encode import FORMATS, encode, plan_widths, resize, scaled_height  # noqa: E402
from app.images.publish import DEFAULT_WIDTHS  # noqa: E402
from app.images.standin import draw_stand_in  # noqa: E402
from tests.images_support import photo_like  # noqa: E402  (the same image the tests use)
from tests.photo_samples import jpeg_floor, real_photographs, rgb, ssim  # noqa: E402

BUDGET_960 = 120 * 1024


def bench_photo(work: Path, size: tuple[int, int]) -> None:
    """Publish one camera-sized JPEG cold and warm; print time per megapixel and bytes."""
    folder = work / f"photo-{size[0]}"
    (folder / "images").mkdir(parents=True)
    buffer = io.BytesIO()
    photo_like(size).save(buffer, "JPEG", quality=92)
    (folder / "images/01.jpg").write_bytes(buffer.getvalue())
    slide = {"heading": "Photo", "image": "images/01.jpg", "alt": "A test photograph."}
    model = DeckModel.model_validate({"title": "B", "credit": "C", "slides": [slide]})
    deck = Deck(folder.name, folder, model)
    megapixels = size[0] * size[1] / 1e6
    start = time.perf_counter()
    entry = publish_image(deck, 1, work / "out")
    cold = time.perf_counter() - start
    start = time.perf_counter()
    publish_image(deck, 1, work / "out")
    warm = time.perf_counter() - start
    source_bytes = len(buffer.getvalue())
    print(f"\n{size[0]}x{size[1]} ({megapixels:.0f} MP) JPEG q92 source: {source_bytes:,} bytes")
    print(f"  cold publish {cold:.2f} s = {cold / megapixels * 1000:.0f} ms/MP; warm {warm:.3f} s")
    print(f"  {'variant':<16}{'bytes':>10}{'of source':>11}")
    for variant in entry.variants:
        size_bytes = (work / "out" / variant.file).stat().st_size
        flag = "  over budget!" if variant.width == 960 and size_bytes > BUDGET_960 else ""
        label = f"{variant.width}x{variant.height} {variant.format}"
        print(f"  {label:<16}{size_bytes:>10,}{size_bytes / source_bytes:>10.1%}{flag}")


def bench_stand_ins(work: Path) -> None:
    """Time drawing and publishing every stand-in card of the bundled deck."""
    folder = ROOT / "content" / "north-korea"
    try:
        deck = load_deck(folder)
    except DeckErrors as errors:
        print(f"\nstand-in cards: skipped, bundled deck does not load:\n{errors}")
        return
    cards = [
        n for n, s in enumerate(deck.slides, 1) if s.image and not deck.image_path(s).is_file()
    ]
    start = time.perf_counter()
    for number in cards:
        draw_stand_in(deck.slide(number).alt or "", deck.model.credit)
    drawn = time.perf_counter() - start
    start = time.perf_counter()
    entries = [publish_image(deck, number, work / "cards") for number in cards]
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for number in cards:
        publish_image(deck, number, work / "cards")
    warm = time.perf_counter() - start
    total = sum((work / "cards" / v.file).stat().st_size for e in entries for v in e.variants)
    print(f"\n{len(cards)} stand-in cards of content/north-korea")
    print(f"  draw only {drawn:.2f} s ({drawn / len(cards) * 1000:.0f} ms per card)")
    print(f"  draw + publish cold {cold:.2f} s ({cold / len(cards) * 1000:.0f} ms per card)")
    print(f"  warm (all cached) {warm:.3f} s; {total:,} bytes for {len(cards) * 9} files")
    for fmt in ("avif", "webp", "jpeg"):
        sizes = [
            (work / "cards" / v.file).stat().st_size
            for e in entries
            for v in e.variants
            if v.width == 960 and v.format == fmt
        ]
        mean, largest = sum(sizes) / len(sizes) / 1024, max(sizes) / 1024
        print(f"  960 px {fmt}: mean {mean:.1f} KB, max {largest:.1f} KB")


def quality_rows(label: str, source: Image.Image) -> None:
    """Print bytes and SSIM per published width and format, against JPEG q80's SSIM (the floor)."""
    for width in plan_widths(source.width, DEFAULT_WIDTHS):
        pixels = resize(source, (width, scaled_height(source.size, width)))
        floor = jpeg_floor(pixels)
        cells = []
        for fmt in FORMATS:
            data = encode(pixels, fmt)
            score = ssim(pixels, data)
            mark = "" if score >= floor else " <floor"
            cells.append(f"{fmt.name} {len(data):>7,} B {score:.4f}{mark}")
        print(f"  {label:<22}{width:>5} px  floor {floor:.4f} | " + " | ".join(cells))


def bench_quality() -> None:
    """Bytes and SSIM on the synthetic photograph and on the real ones packages ship."""
    print("\nBytes and SSIM (mean over RGB, against the resized source) per width and format;")
    print(f"settings: {', '.join(f'{f.name} {f.options}' for f in FORMATS)}")
    print("floor = SSIM of a JPEG q80 encode of the same pixels (the JPEG variant) less 0.002")
    buffer = io.BytesIO()
    photo_like((3000, 2000)).save(buffer, "JPEG", quality=92)  # as benchmarks/serve.py uses it
    quality_rows("photo_like 3000 (synth)", Image.open(buffer).convert("RGB"))
    for name, path in real_photographs().items():
        source = rgb(path)
        quality_rows(f"{name} {source.width}x{source.height}", source)
    print(
        "  (no real photograph above is wider than 960 px: each is measured at the widths the"
        " pipeline publishes for it, never upscaled. quokka is a JPEG exactly 960 px wide, so its"
        " 960 px JPEG re-encodes on the same 8 px grid, nearly losslessly: that floor is not a"
        " fair one for AVIF/WebP.)"
    )


def main() -> None:
    if sys.argv[1:] == ["quality"]:
        bench_quality()
        return
    bench_quality()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        for size in ((6000, 4000), (4240, 2832)):
            bench_photo(work, size)
        bench_stand_ins(work)


if __name__ == "__main__":
    main()
