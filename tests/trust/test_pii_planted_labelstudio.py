"""Issue 14's end-to-end check: values of every class the issue names are planted in tickets, the default recipe
runs for real, `annotate push` sends the tickets to a real Label Studio, and the tasks read back from the server
hold none of the planted values.

The values and texts are made up here (never taken from data/eval or from Faker); each class of the issue is
planted at least once: short street addresses without city/ZIP and European forms, phone numbers that are not
valid NANP, phone layouts with prefix/extension/dots, bare digits after a phone cue, cards of other brands and
lengths, names after cues (form label, introduction, greeting, sign-off), a name with initials and with a title,
e-mail, IPv4, SSN. The search is independent of curator's audits: a plain substring search of every task's data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curator.catalog import connect
from curator.label.client import client
from curator.label.tasks import iter_tasks
from tests.trust.leakscan import scan_rows

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]

# class of issue 14 -> (ticket text, planted values); every value occurs in its text
PLANTED: dict[str, tuple[str, list[str]]] = {
    "address, US short form with unit": (
        "Please send the replacement router to 7316 Birchwood Terrace Suite 412 before Friday, the old one keeps "
        "dropping the connection every evening.",
        ["7316 Birchwood Terrace Suite 412"],
    ),
    "address, Polish street form": (
        "The courier could not find the house last week. Deliver the wardrobe to ul. Kwiatowa 58 instead, the "
        "gate code has not changed since my first order.",
        ["ul. Kwiatowa 58"],
    ),
    "address, German street form": (
        "My invoice still shows the old address, Lindenstraße 19, could you update it before the next billing "
        "cycle starts? I moved in the spring.",
        ["Lindenstraße 19"],
    ),
    "phone, not a valid NANP number": (
        "Call me at (284) 106-3357 this evening about the double charge on my account, the first payment went "
        "through on Monday already.",
        ["(284) 106-3357"],
    ),
    "phone, international prefix and extension": (
        "The support line told me to leave a number, so here it is: 001-471-830-2296 x318. The charger that came "
        "with the laptop still does not work.",
        ["001-471-830-2296 x318", "001-471-830-2296"],
    ),
    "phone, dots and extension": (
        "You can reach our office at 613.420.8871x52 during working hours; the tablet screen cracked two days "
        "after it arrived and the warranty should cover it.",
        ["613.420.8871x52", "613.420.8871"],
    ),
    "phone, bare digits after a cue": (
        "Mobile: 648 312 905\nThe app logs me out every time I switch between networks, please look into it "
        "when you have a moment.",
        ["648 312 905"],
    ),
    "card, Discover-style number": (
        "I paid for the yearly plan with the card 6011 0009 9013 9424 and the refund never arrived, it has been "
        "three weeks now since you confirmed it.",
        ["6011 0009 9013 9424"],
    ),
    "card, JCB-style 16 digits without spaces": (
        "The charge on card 3530111333300000 appeared twice on my statement this month, please reverse one of "
        "them and tell me when it is done.",
        ["3530111333300000"],
    ),
    "name after an introduction": (
        "My name is Henrike Vasquez-Oduya and I ordered the blue kettle in March, but a red one arrived in the "
        "parcel together with somebody else's receipt.",
        ["Henrike Vasquez-Oduya", "Vasquez-Oduya"],
    ),
    "name after a form label": (
        "Name:    Tobiah Lindqvist\nOrder: the standing desk frame. The left leg arrived bent and cannot be "
        "straightened without breaking the joint.",
        ["Tobiah Lindqvist", "Lindqvist"],
    ),
    "name with initials": (
        "Hi, this is J. R. Hartwell. The headphones stopped charging after the last firmware update and the "
        "reset button does nothing, what else can I try?",
        ["J. R. Hartwell", "Hartwell"],
    ),
    "name with a title after a greeting": (
        "Dear Mrs. Okonkwo-Bell, thank you for your patience with the delayed order, we have shipped the missing "
        "cable this morning by express post.",
        ["Okonkwo-Bell"],
    ),
    "name in a sign-off": (
        "The order was marked as delivered yesterday but the parcel never reached my door, and the neighbours did "
        "not take it in either.\nThanks,\nMarisol Achterberg",
        ["Marisol Achterberg", "Achterberg"],
    ),
    "e-mail with a tag": (
        "Hello, please write to my colleague at ingrid.falk+billing@northmail.net about the invoice that was sent "
        "to us twice last month.",
        ["ingrid.falk+billing@northmail.net"],
    ),
    "IPv4 address": (
        "Our server at 10.42.17.203 rejects the webhook since yesterday evening, the error message says that the "
        "signature is invalid even though nothing changed.",
        ["10.42.17.203"],
    ),
    "US SSN": (
        "For the tax form you asked me for my social security number, it is 521-48-7730. Please confirm once the "
        "form has been filed with the office.",
        ["521-48-7730"],
    ),
}
CLEAN = [
    "The delivery arrived two days late and the box was damaged on one corner, but everything inside works.",
    "Could you explain how the yearly plan is billed when I upgrade in the middle of the month?",
    "The settings page loads very slowly on my phone since the update, is there anything I can clear?",
]


def _write_source(folder: Path) -> Path:
    rows = [{"id": f"planted{i:02d}", "text": text, "label": "issue"} for i, (text, _) in enumerate(PLANTED.values())]
    rows += [{"id": f"clean{i:02d}", "text": text, "label": "issue"} for i, text in enumerate(CLEAN)]
    assert all(v in text for text, vs in PLANTED.values() for v in vs)  # the table itself is right
    path = folder / "tickets.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _class_of(row_id: str) -> str:
    return list(PLANTED)[int(row_id.removeprefix("planted"))] if row_id.startswith("planted") else ""


def test_no_planted_value_of_any_issue_14_class_reaches_label_studio(ls, cli, ws, tmp_path):
    cli("ingest", str(_write_source(tmp_path)), "--source", "tickets")
    cli("run", str(ROOT / "pipelines" / "default.yaml"), "--workers", "1")
    with connect(ws, read_only=True) as con:  # every planted ticket survived curation and was scrubbed
        rows = con.execute(
            "SELECT source_key, status, status_reason, pii_scrubbed FROM samples WHERE source_key LIKE 'planted%'"
        ).fetchall()
        raw = [r[0] for r in con.execute("SELECT r.text FROM samples s JOIN raw_texts r USING (sample_id)").fetchall()]
    not_scrubbed = [(_class_of(k), status, why) for k, status, why, done in rows if status != "active" or not done]
    assert len(rows) == len(PLANTED) and not_scrubbed == [], not_scrubbed  # else the push below proves nothing
    values = [v for _, vs in PLANTED.values() for v in vs]
    kept = [v for v in values if not any(v in text for text in raw)]  # every planted text was changed: its original
    assert kept == [], kept  # is in the raw zone (raw_texts), so a value the scrubber missed would travel on

    cli("annotate", "init", "--project", "planted", "--labels", "issue,other")
    assert json.loads(cli("annotate", "push", "--json").output)["sent"] == len(PLANTED) + len(CLEAN)
    with connect(ws, read_only=True) as con:
        (project_id,) = con.execute("SELECT ls_project_id FROM ls_projects WHERE name = 'planted'").fetchone()
    tasks = [(f"task {t.id}", t.data) for t in iter_tasks(client(ws), int(project_id), "id,data")]
    assert len(tasks) == len(PLANTED) + len(CLEAN)
    assert sum("<" in str(data["text"]) for _, data in tasks) >= len(PLANTED)  # placeholders arrived
    assert scan_rows(tasks, values) == []
