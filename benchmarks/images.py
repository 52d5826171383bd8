"""Benchmark the image pipeline: time per megapixel, bytes per variant, stand-in cards.

Run: .venv/bin/python benchmarks/images.py
Budget (docs/design.md section 5): the 960 px variant of a photograph is at most 120 KB.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.deck import Deck, DeckErrors, DeckModel, load_deck  # noqa: E402
from app.images import publish_image  # noqa: E402
from app.images.standin import draw_stand_in  # noqa: E402
from tests.images_support import photo_like  # noqa: E402  (the same image the tests use)

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


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        for size in ((6000, 4000), (4240, 2832)):
            bench_photo(work, size)
        bench_stand_ins(work)


if __name__ == "__main__":
    main()
