"""Real public text for the evaluation set: Debian's package descriptions, as apt installs them.

`apt-get update -o Acquire::Languages=en,de,fr,es,it,nl,pt` writes one Translation-xx file per language under
/var/lib/apt/lists (lz4/xz/gz compressed; apt-helper cat-file reads any of them). Each record carries the package,
the md5 of its English description and the description: a one-line summary, then a long body (" ." lines are
paragraph breaks). Nothing here is written by us. The Debian fortune packages are reserved for an independent
evaluation (../shared/EVALUATION.md): their descriptions are skipped here too, so nothing of theirs is in the set.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

RESERVED = re.compile(r"^(fortunes?(-.*)?|fortune-mod)$")
# a description that speaks of them (a look-alike program, a clone) is left out of the set as well
RESERVED_TEXT = re.compile(r"fortune", re.IGNORECASE)
LIST_GLOB = "*_dists_{suite}_main_i18n_Translation-{lang}*"


@dataclass(frozen=True)
class Description:
    package: str
    md5: str
    lang: str
    short: str
    paragraphs: tuple[str, ...]  # long body, one string per paragraph, lines kept


def list_file(lists: Path, suite: str, lang: str) -> Path:
    found = sorted(lists.glob(LIST_GLOB.format(suite=suite, lang=lang)))
    if not found:
        raise SystemExit(
            f"no Translation-{lang} for {suite} under {lists}: run "
            f"apt-get update -o Acquire::Languages=en,de,fr,es,it,nl,pt"
        )
    return found[0]


def read_text(path: Path) -> str:
    """The decompressed list file (apt-helper knows every compression apt uses)."""
    out = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", str(path)], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def parse(text: str, lang: str) -> list[Description]:
    """Records of a Translation file, sorted by (package, md5) so the order never depends on the file's."""
    out = []
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        body: list[str] = []
        for line in block.splitlines():
            if line.startswith(" ") and "desc" in fields:
                body.append(line[1:])
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
                if key == f"Description-{lang}":
                    fields["desc"] = value.strip()
        if "desc" not in fields or RESERVED.match(fields.get("Package", "")):
            continue
        paragraphs, current = [], []
        for line in body + ["."]:
            if line.strip() == ".":
                if current:
                    paragraphs.append("\n".join(current))
                current = []
            else:
                current.append(line.rstrip())
        out.append(
            Description(fields["Package"], fields.get("Description-md5", ""), lang, fields["desc"], tuple(paragraphs))
        )
    return sorted(out, key=lambda d: (d.package, d.md5))


def release(lists: Path, suite: str) -> dict[str, str]:
    """Suite, version and date of the Release the lists came from (recorded in the set's metadata)."""
    found = sorted(lists.glob(f"*_dists_{suite}_InRelease"))
    info = {}
    if found:
        for line in found[0].read_text(errors="replace").splitlines():
            key, _, value = line.partition(": ")
            if key in ("Origin", "Suite", "Codename", "Version", "Date") and key not in info:
                info[key.lower()] = value.strip()
    return info


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
