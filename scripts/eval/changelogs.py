"""Real technical short texts: the items of Debian changelogs shipped in a pinned list of .deb packages.

Each package's changelog (usr/share/doc/PKG/changelog.Debian.gz, or changelog.gz for native packages) is read from
the .deb itself (`dpkg-deb --fsys-tarfile`). One text per `  * ` item, with its continuation and sub-item lines
(dedented), so the set mixes one-liners and short multi-line notes: versions, CVE ids, `Closes: #NNN`, paths,
patch names, inline `code`. Left out: the maintainer trailers and `[ Name ]` headers, and every item that names or
credits a person or carries an address (thanks, reported by, patch by, an `@`, a `<…>`), so a clean text holds no
unrecorded private name (the injected trailers and credits carry the truth instead), and dpkg's release names
(a quoted phrase, often Spanish or Catalan: no one language).
"""

from __future__ import annotations

import gzip
import io
import re
import subprocess
import tarfile
import unicodedata
from pathlib import Path

HEADER = re.compile(r"^\S+ \([^)]+\) [^;]+; urgency=")
CREDIT = re.compile(
    r"thank|thx|report|patch(es)? (by|from)|suggest|contribut|credit|courtesy|co-authored|signed-off|@|<[^>]*>",
    re.IGNORECASE,
)
# a person named in a credit: "from Omar Campagne", "Jeff Sheinberg's fixes", "(Hans F. Nordhaug)", "(Christian P…,"
NAMED = re.compile(
    r"\b(by|from|to|with|cc|per|of) [A-Z][^\W\d_]+\s+[A-Z][^\W\d_]+|\b[A-Z][a-z]+ [A-Z][a-z]+'s\b"
    r"|\((?:[A-Z][\w'?-]*\.? ){1,3}[A-Z][\w'?-]+[,)]"
)
# dpkg names releases with a quoted phrase, often Spanish or Catalan ('The "Premio Nacional de Tauromaquia"
# release.'): of no one language, so no langid truth
RELEASE_NAME = re.compile(r'^The ".*" release\.?$', re.DOTALL)
MAX_CHARS = 500


def changelog(deb: Path, package: str) -> str:
    """The Debian-format changelog of a package, read from its .deb ('' when it has none)."""
    tar_bytes = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as archive:
        for name in ("changelog.Debian.gz", "changelog.gz"):
            try:
                member = archive.extractfile(f"./usr/share/doc/{package}/{name}")
            except KeyError:
                continue
            if member is None:
                continue
            text = gzip.decompress(member.read()).decode("utf-8", errors="replace")
            if HEADER.match(text):
                return text
    return ""


def items(text: str) -> list[str]:
    """The `  * ` items of a changelog, each with its indented continuation lines, dedented."""
    out: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("  * "):
            current = [line[4:].rstrip()]
            out.append(current)
        elif current is not None and line.startswith("    ") and line.strip():
            current.append(line[4:].rstrip())
        else:
            current = None
    return [unicodedata.normalize("NFC", "\n".join(lines)).strip() for lines in out]


def keep(found: list[str]) -> list[str]:
    """The items of a useful length that credit nobody, each once, in order."""
    out: list[str] = []
    for item in found:
        credits = CREDIT.search(item) or NAMED.search(item)
        if 8 <= len(item) <= MAX_CHARS and not credits and not RELEASE_NAME.match(item) and item not in out:
            out.append(item)
    return out


def read(deb_dir: Path, packages: dict[str, dict]) -> list[tuple[str, str]]:
    """(package, item) for every kept item of every pinned package, in package order, each item once."""
    seen: set[str] = set()
    out = []
    for package, info in sorted(packages.items()):
        for item in keep(items(changelog(deb_dir / info["file"], package))):
            if item not in seen:
                seen.add(item)
                out.append((package, item))
    return out
