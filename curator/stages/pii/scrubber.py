"""PiiScrubber: Presidio analyzer + anonymizer, tuned for curation and fast. The PII stage's library.

    scrubber = PiiScrubber(replacement="pseudonym", n_process=2)
    results = scrubber.scrub_many(texts, languages=["en", "de", None, ...])
    results[0].text, results[0].findings  # findings: entity_type, start, end (in the ORIGINAL text), score,
                                          # recognizer — never the matched value

Why it is fast: cheap regex gates decide which recognizers can match a text at all (most texts need none);
spaCy runs only its NER component, only on the sentences that may name someone, batched with `nlp.pipe`;
one AnalyzerEngine is reused per process; `n_process` > 1 spreads chunks over a process pool.
Texts whose language is not in `languages` get the pattern recognizers only (English NER on German text
finds noise, not names).
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from typing import Any

from curator.errors import CuratorError
from curator.stages.pii.entities import DEFAULT_ENTITIES, NER_ENTITIES, REPLACEMENTS, SUPPORTED_ENTITIES
from curator.stages.pii.names import NAME_POLICIES

MAX_PASSES = 4  # detect → replace → detect again; in practice the second detection finds nothing
_MIN_PER_WORKER = 32  # below this many texts per worker, the pool costs more than it saves


@dataclass(frozen=True)
class ScrubResult:
    """The scrubbed text and what was replaced (offsets in the original text, never the value)."""

    text: str
    findings: list[dict[str, Any]] = field(default_factory=list)


class PiiScrubber:
    """Detect and replace PII; idempotent (placeholders are never detected again)."""

    name = "presidio_pii_v1"
    version = "1"

    def __init__(
        self,
        entities: list[str] | tuple[str, ...] | None = DEFAULT_ENTITIES,
        replacement: str = "placeholder",
        score_threshold: float = 0.3,
        languages: list[str] | tuple[str, ...] = ("en",),
        n_process: int = 1,
        batch_size: int = 64,
        names: str = "all",
    ) -> None:
        self.entities = list(entities or DEFAULT_ENTITIES)
        unknown = [e for e in self.entities if e not in SUPPORTED_ENTITIES]
        if unknown:
            raise CuratorError(f"pii: unknown entities {unknown}; supported: {', '.join(SUPPORTED_ENTITIES)}")
        if replacement not in REPLACEMENTS:
            raise CuratorError(f"pii: replacement {replacement!r}: use {' or '.join(REPLACEMENTS)}")
        if names not in NAME_POLICIES:
            raise CuratorError(f"pii: names {names!r}: use {' or '.join(NAME_POLICIES)}")
        self.replacement, self.score_threshold, self.names = replacement, float(score_threshold), names
        self.languages = tuple(languages)
        self.n_process, self.batch_size = max(1, int(n_process)), max(1, int(batch_size))
        self.ner_entities = {e for e in self.entities if e in NER_ENTITIES}
        self.pattern_entities = [e for e in self.entities if e not in NER_ENTITIES or e == "DATE_TIME"]
        # Sentence windows are a PERSON-only shortcut: dates, groups and organizations are not capitalized names.
        self.windowed = self.ner_entities <= {"PERSON"}
        self._analyzer: Any = None
        self._pool: Any = None

    def params(self) -> dict[str, Any]:
        """The resolved configuration (what a run records)."""
        return {
            "entities": self.entities,
            "replacement": self.replacement,
            "score_threshold": self.score_threshold,
            "languages": list(self.languages),
            "n_process": self.n_process,
            "batch_size": self.batch_size,
            "names": self.names,
        }

    @property
    def analyzer(self) -> Any:
        if self._analyzer is None:
            from curator.stages.pii.engine import build_analyzer

            self._analyzer = build_analyzer(self.entities, self.score_threshold)
        return self._analyzer

    def scrub(self, text: str, language: str | None = None) -> ScrubResult:
        return self.scrub_many([text], [language])[0]

    def scrub_many(self, texts: list[str], languages: list[str | None] | None = None) -> list[ScrubResult]:
        """Scrub every text; `languages[i]` is text i's language code (None: treated as English)."""
        langs = list(languages) if languages is not None else [None] * len(texts)
        if len(langs) != len(texts):
            raise CuratorError(f"pii: {len(texts)} texts but {len(langs)} languages")
        if self.n_process > 1 and len(texts) >= _MIN_PER_WORKER * self.n_process:
            return self._scrub_parallel(list(texts), langs)
        return self._scrub_chunk(list(texts), langs)

    def _full(self, lang: str | None) -> bool:
        return (lang or "en") in self.languages

    def _scrub_chunk(self, texts: list[str], langs: list[str | None]) -> list[ScrubResult]:
        """Detect, replace, and detect again on the replaced text until nothing new turns up (NER can see a name
        once its neighbour became a placeholder): the returned text is a checked fixed point, so scrubbing is
        idempotent."""
        from curator.stages.pii.replace import map_back, merge, replace

        found = self._detect(texts, langs)
        out = [ScrubResult(t, []) for t in texts]
        pending = [i for i, f in enumerate(found) if f]
        for _ in range(MAX_PASSES):
            if not pending:
                break
            placed = {}
            for i in pending:
                text, placed[i] = replace(texts[i], found[i], self.replacement)
                out[i] = ScrubResult(text, found[i])
            again = self._detect([out[i].text for i in pending], [langs[i] for i in pending])
            pending_next = []
            for i, extra in zip(pending, again, strict=True):
                if extra:
                    found[i] = merge(found[i] + map_back(extra, placed[i]), texts[i])
                    pending_next.append(i)
            pending = pending_next
        return out

    def _detect(self, texts: list[str], langs: list[str | None]) -> list[list[dict[str, Any]]]:
        """One detection pass: merged findings per text (offsets in that text)."""
        from curator.stages.pii.ner import load_ner, run_ner

        pairs = list(zip(texts, langs, strict=True))
        windows = [self._windows(t) if self.ner_entities and self._full(lang) else [] for t, lang in pairs]
        ner = run_ner(load_ner(), texts, windows, self.ner_entities, self.batch_size) if any(windows) else None
        return [self._detect_one(t, lang, ner[i] if ner else []) for i, (t, lang) in enumerate(pairs)]

    def _windows(self, text: str) -> list[tuple[int, int]]:
        from curator.stages.pii.prefilter import ner_windows  # imports spaCy: not when a recipe is only read

        if not text.strip():
            return []
        return ner_windows(text) if self.windowed else [(0, len(text))]

    def _detect_one(self, text: str, lang: str | None, ner_spans: list[Any]) -> list[dict[str, Any]]:
        from curator.stages.pii.names import refine
        from curator.stages.pii.ner import artifacts
        from curator.stages.pii.prefilter import PLACEHOLDER, candidate_entities
        from curator.stages.pii.replace import merge, tidy, to_findings

        wanted = candidate_entities(text, self.pattern_entities) + sorted({s.label_ for s in ner_spans})
        if not self._full(lang):
            wanted = [e for e in wanted if e not in NER_ENTITIES or e == "DATE_TIME"]
        people = "PERSON" in self.entities
        if not wanted and not people:
            return []
        results = []
        if wanted:
            arts = artifacts(text, ner_spans, self.analyzer.nlp_engine)
            results = self.analyzer.analyze(
                text, language="en", entities=wanted, nlp_artifacts=arts, score_threshold=self.score_threshold
            )
        findings = [t for f in to_findings(results) if (t := tidy(text, f))]
        findings = refine(text, findings, self.names) if people else findings
        placeholders = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
        findings = [f for f in findings if not any(f["start"] < e and s < f["end"] for s, e in placeholders)]
        return merge(findings, text)

    # ---------------------------------------------------------------- process pool
    def _scrub_parallel(self, texts: list[str], langs: list[str | None]) -> list[ScrubResult]:
        size = max(self.batch_size, -(-len(texts) // (self.n_process * 4)))
        chunks = [(texts[i : i + size], langs[i : i + size]) for i in range(0, len(texts), size)]
        if self._pool is None:
            self._pool = self._start_pool()
        out: list[ScrubResult] = []
        for part in self._pool.imap(_work, chunks):
            out.extend(part)
        return out

    def _start_pool(self) -> Any:
        """Workers forked from this process share the loaded spaCy model (copy-on-write): they start in
        milliseconds. Where fork is unavailable they are spawned and load the model themselves (seconds)."""
        config = {**self.params(), "n_process": 1}
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":
            from curator.stages.pii.ner import load_ner

            load_ner()
        ctx = multiprocessing.get_context(method)
        return ctx.Pool(self.n_process, initializer=_init_worker, initargs=(config,))

    def close(self) -> None:
        """Stop the worker processes, if any."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> PiiScrubber:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:  # picklable for datatrove executors: engine/pool rebuilt lazily
        return {**self.__dict__, "_analyzer": None, "_pool": None}


_WORKER: dict[str, PiiScrubber] = {}


def _init_worker(config: dict[str, Any]) -> None:
    _WORKER["scrubber"] = PiiScrubber(**config)
    _ = _WORKER["scrubber"].analyzer


def _work(chunk: tuple[list[str], list[str | None]]) -> list[ScrubResult]:
    return _WORKER["scrubber"]._scrub_chunk(*chunk)
