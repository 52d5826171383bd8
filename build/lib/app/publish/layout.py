"""Where a deck's published generations live inside OUTPUT_DIR/<slug>/.

current.json                  the pointer: {"generation": "<id>"}, replaced atomically, last
generations/<id>/deck.json    the validated deck text of that build
generations/<id>/manifest.json  what that build published (file names are in media/)
media/<sha256[:20]>.<ext>     published files, named by a hash of their bytes
publish-index.json            build cache: work file -> published name (never served)
narration/, images/           build work files named by their inputs (never served)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

POINTER = "current.json"
GENERATIONS = "generations"
MEDIA = "media"
INDEX = "publish-index.json"
DECK_JSON = "deck.json"
MANIFEST_JSON = "manifest.json"
# UTC time to the microsecond, then 8 hex digits of the content: sorts in publishing order.
GENERATION_PATTERN = re.compile(r"^[0-9]{8}T[0-9]{12}Z-[0-9a-f]{8}$")


def new_generation_id(digest: str, now: dt.datetime | None = None) -> str:
    """Return a fresh generation id from the time and a content digest."""
    moment = now or dt.datetime.now(dt.UTC)
    return f"{moment.strftime('%Y%m%dT%H%M%S%f')}Z-{digest[:8]}"


def generation_dir(deck_out: Path, generation: str) -> Path:
    """Return the folder of one generation."""
    return deck_out / GENERATIONS / generation


def write_json_atomically(path: Path, data: Any) -> None:
    """Write JSON to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            json.dump(data, temp, indent=1, ensure_ascii=False)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
