"""The dataset card (README.md) of a split version, after "Datasheets for Datasets" (Gebru et al.).

Every figure comes from the manifest, which comes from the catalog at build time; the prose only frames them.
"""

from __future__ import annotations

import re
from typing import Any

from curator.plain import unlinked, visible
from curator.splits.options import PARTS

# What can start Markdown inside a line (every value sits in a table cell or mid-sentence, never at a line start):
# code, emphasis, links/images, HTML/autolinks, entities, strikethrough, maths, cell breaks — and `_` unless it is
# inside a word (class_too_small stays readable). Newlines and other controls are made visible.
_SPECIAL = re.compile(r"[\\`*\[\]<>|!&~$]|(?<![^\W_])_|_(?![^\W_])")


class Md(str):
    """Markdown the card writes itself (trusted), put into a table cell unescaped."""


def cell(value: Any) -> str:
    """A value as Markdown that shows exactly its text (in a table cell or inline): labels, sources and reasons
    are data, so no table cell break, emphasis, link, image or HTML can form from them."""
    if value is None:
        return ""
    if isinstance(value, Md):
        return value
    text = unlinked(visible(value if isinstance(value, str) else str(value)))
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _composition(m: dict[str, Any]) -> str:
    c = m["counts"]
    rows = [
        [lab, *(c["by_label"][p].get(lab, 0) for p in PARTS), sum(c["by_label"][p].get(lab, 0) for p in PARTS)]
        for lab in c["labels"]
    ]
    rows.append([Md("**total**"), *(c["parts"][p] for p in PARTS), sum(c["parts"].values())])
    src = [
        [s["source"], s.get("license") or "unknown", s["samples"], s["train"], s["val"], s["test"]]
        for s in m["sources"]
    ]
    tr = [[r["part"], r["oldest"], r["newest"], r["languages"]] for r in m.get("time_range", [])]
    out = [
        _table(["label", *PARTS, "total"], rows),
        "",
        "Sources:",
        "",
        _table(["source", "license", "samples", *PARTS], src),
    ]
    if tr:
        out += ["", "Time span and languages per part:", "", _table(["part", "oldest", "newest", "languages"], tr)]
    return "\n".join(out)


def _excluded(m: dict[str, Any]) -> str:
    ex = m["candidates"]["excluded"]
    if not ex:
        return "No candidate was excluded."
    return "Excluded from every part (reported, not silently dropped):\n\n" + _table(
        ["reason", "label", "samples"], [[e["reason"], e.get("label"), e["samples"]] for e in ex]
    )


def _preprocessing(m: dict[str, Any]) -> str:
    f = m["catalog_funnel"]
    stages = _table(
        ["stage", "dropped", "remaining"], [[s["stage"], s["dropped"], s["remaining"]] for s in f["stages"]]
    )
    drops = _table(["stage", "reason", "samples"], [[d["stage"], d["reason"], d["samples"]] for d in f["drops"]])
    drops = drops if f["drops"] else "(none)"
    cf = m["candidates"]["funnel"]
    sel = _table(["condition", "samples"], [[k, v] for k, v in cf.items()])
    runs = _table(
        ["run", "command", "stage", "config hash", "code"],
        [[r["run_id"], r["command"], r["stage"], r["config_hash"], r["code_version"]] for r in m["lineage"]["runs"]],
    )
    return (
        f"The catalog held {f['samples']:,} samples ({f['rejected_at_ingest']:,} records rejected at ingest). "
        f"The curation funnel at build time:\n\n{stages}\n\nTop drop reasons:\n\n{drops}\n\n"
        f"Selection for this split (active, PII-scrubbed text only, labeled, `--where`):\n\n{sel}\n\n"
        f"{_excluded(m)}\n\nRuns that produced these samples:\n\n{runs}\n\n{_rule_audits(m)}"
    )


def _rule_audits(m: dict[str, Any]) -> str:
    """How often each curation rule was right, as audited by people (`curator audit report`, docs/audit.md)."""
    audits = m.get("rule_audits") or []
    if not audits:
        return "The curation rules were not audited (`curator audit decisions`)."
    lines = "\n".join(f"- {cell(a['line'])}" for a in audits)
    return f"Audited precision of the curation rules (95% Wilson intervals):\n\n{lines}"


def _labeling(m: dict[str, Any]) -> str:
    q = m["labels_qa"]
    if q["label_source"] == "source":
        text = "Labels are the sources' own labels (`--label-source source`); they were not re-annotated or audited."
    else:
        text = (
            "Labels are resolved annotations where there are any, else the sources' own labels "
            "(`--label-source resolved_or_source`). "
            if q["label_source"] == "resolved_or_source"
            else "Labels are resolved annotations (`labels` table). "
        )
        text += (
            f"Resolved labels: methods {q.get('methods')}; mean agreement "
            f"{q.get('mean_agreement')}; mean annotations per sample {q.get('mean_annotations')}; "
            f"simulated labels: {q.get('simulated_labels', 0)}."
        )
    qa = q.get("qa")
    if qa:
        text += (
            f"\n\nLatest labeling QA ({qa['run_id']}): Krippendorff's alpha {qa.get('krippendorff_alpha')}, "
            f"Fleiss' kappa {qa.get('fleiss_kappa')}, overlap coverage {qa.get('overlap_coverage')}, "
            f"{qa.get('annotators', '?')} annotators, mean gold accuracy {qa.get('mean_gold_accuracy')}"
            + (" — **includes simulated annotations**" if qa.get("simulated") else "")
            + "."
        )
    else:
        text += "\n\nNo labeling QA run is recorded in the catalog."
    return text


def _split(m: dict[str, Any]) -> str:
    p, leak, b, g = m["params"], m["leakage"], m["balance"], m["groups"]
    near = leak["near_duplicate"]
    near_txt = (
        f"{near['links_across_parts']} near-duplicate links across parts (of {near['links']}, "
        f"{near['method']}, threshold {near['threshold']})"
        if near["checked"]
        else "near duplicates not checked"
    )
    return (
        f"Mode **{m['mode']}**, ratios {p['ratios']}, stratified by {p['stratify']}, grouping `{p['group_by']}` "
        f"({g['multi_sample_groups']} duplicate groups holding {g['samples_in_groups']} samples kept whole), "
        f"seed {p['seed']}"
        + (f", time field `{p['by_time']}` boundaries {b.get('boundaries')}" if p.get("by_time") else "")
        + ".\n\n"
        f"Class balance: largest deviation from a part's exact share {b['max_abs_deviation']} samples "
        f"({b['guarantee']}).\n\nLeakage audit: {leak['exact_pairs_across_parts']} exact-duplicate pairs and "
        f"{near_txt}."
    )


def render(m: dict[str, Any]) -> str:
    """The README.md text for manifest `m`."""
    total = sum(m["counts"]["parts"].values())
    parent = f"`{m['parent_version']}`" if m["parent_version"] else "none (first version)"
    sections = [
        f"# {m['name']}@{m['version']}\n\nA text classification dataset of {total:,} samples in "
        f"{len(m['counts']['labels'])} classes, built by `curator build-split` (run `{m['run_id']}`, "
        f"curator {m['code_version']}) on {m['created_at']}.",
        "## Motivation\n\nBuilt to train and evaluate a classifier of "
        + ", ".join(cell(x) for x in m["counts"]["labels"])
        + " on curated, PII-scrubbed text, with a test part "
        "that shares no duplicate (exact or near) with training.",
        "## Composition\n\n" + _composition(m),
        "## Collection and preprocessing\n\n" + _preprocessing(m),
        "## Labeling\n\n" + _labeling(m),
        "## How the split was made\n\n" + _split(m),
        "## Uses\n\nIntended: training (`train`), model selection and early stopping (`val`), a single final "
        "estimate (`test`). Not intended: evaluating on classes listed as excluded, or any use that needs the raw "
        "(pre-scrubbing) text — it is not in this dataset.",
        "## Distribution\n\n"
        + _table(["file", "rows", "sha256"], [[k, v["rows"], v["sha256"]] for k, v in m["files"].items()])
        + f"\n\nContent hash (members): `{m['content_hash']}`. Export: `curator export {m['name']}@{m['version']} "
        "--format parquet|jsonl|hf --out DIR`.",
        f"## Maintenance\n\nVersions are immutable; a rebuild with changed inputs makes a new version whose parent is "
        f"this one. Parent version: {parent}. Compare versions with `curator splits diff {m['name']}@A "
        f"{m['name']}@B`; trace any sample with `curator explain SAMPLE_ID`.",
    ]
    return "\n\n".join(sections) + "\n"
