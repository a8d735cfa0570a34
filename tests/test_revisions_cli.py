"""poa submit / reply / revise / history / diff, driven through the CLI on copies of examples."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import types
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from poa.cli import app
from poa.errors import PoaError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MESSAGES = Path(__file__).parent / "data" / "messages"
runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def case(tmp_path: Path) -> Path:
    folder = tmp_path / "my-case"
    shutil.copytree(EXAMPLES / "odr-unanswered-messages", folder)
    return folder


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    folder = tmp_path / "seed"
    shutil.copytree(EXAMPLES / "seed-odr-five-rounds", folder)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def edit_case(folder: Path, change) -> None:
    path = folder / "case.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- submit --------------------------------------------------------------------------------


def test_submit_freezes_the_draft_as_revision_1(case: Path) -> None:
    from poa.case import store
    from poa.export.markdown import to_markdown
    from poa.render import render_plan

    result = run("submit", case)
    assert result.exit_code == 0, result.stderr
    assert "Submitted revision 1" in result.stdout
    rev = case / "revisions" / "001"
    expected = to_markdown(render_plan(store.load_case(case), dt.date.today()))
    assert (rev / "appeal.md").read_text(encoding="utf-8") == expected
    assert store.parse_case_yaml((rev / "case.yaml").read_text()) == store.load_case(case)
    meta = yaml.safe_load((rev / "meta.yaml").read_text())
    assert meta["number"] == 1 and meta["reply"] is None
    assert isinstance(meta["score"], int) and 0 <= meta["score"] <= 100
    assert dt.datetime.fromisoformat(meta["submitted_at"])
    assert not [p for p in (case / "revisions").iterdir() if p.name.startswith(".")]


def test_second_submit_never_rewrites_the_first_and_warns_when_nearly_identical(
    case: Path,
) -> None:
    run("submit", case)
    first = snapshot(case / "revisions" / "001")
    result = run("submit", case)
    assert result.exit_code == 0
    assert (case / "revisions" / "002" / "appeal.md").is_file()
    assert snapshot(case / "revisions" / "001") == first
    assert "warning: revision 2 is 100.0% the same text as revision 1" in result.stderr
    assert "no reply was recorded for revision 1" in result.stderr


def test_a_repeated_plan_names_each_prompt_of_amazons_reply_it_leaves_open(case: Path) -> None:
    run("submit", case)
    run("reply", case, MESSAGES / "seed_reply_1.txt")

    def more_evidence(data: dict) -> None:  # the one prompt this small change answers
        data["evidence"].append(
            {"id": "ev9", "description": "Refund confirmations for all 4 orders", "file": "r.pdf"}
        )

    edit_case(case, more_evidence)
    result = run("submit", case)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "not addressed:" in line]
    assert len(warnings) == 3
    assert "Root cause (Root causes)" in warnings[0]
    assert '"Greater detail on the root cause(s)' in warnings[0]
    assert "Actions taken" in warnings[1] and "Preventive measures" in warnings[2]
    assert not any("Evidence" in line for line in warnings)


def test_submit_lists_unaddressed_prompts_even_when_the_text_changed_a_lot(case: Path) -> None:
    run("submit", case)
    run("reply", case, MESSAGES / "seed_reply_1.txt")

    def rewrite_prevention(data: dict) -> None:  # a new text, but only one section answered
        for n, item in enumerate(data["preventive_measures"]):
            item["what"] = (
                f"Since 2 April 2026 our team lead Ana checks all {n + 12} open buyer messages"
                f" at 09:00 and 15:00 daily and logs 100% of replies within 12 hours. "
            ) * 3

    edit_case(case, rewrite_prevention)
    result = run("submit", case)
    assert result.exit_code == 0, result.stderr
    assert "the same text as" not in result.stderr  # not a repeated plan
    assert "revision 2 leaves 3 prompt(s) of Amazon's reply to revision 1 unaddressed" in (
        result.stderr
    )
    missing = [line for line in result.stderr.splitlines() if "not addressed:" in line]
    assert [m.split("not addressed: ")[1].split(" (")[0] for m in missing] == [
        "Root cause",
        "Actions taken",
        "Evidence",
    ]


def test_history_says_open_while_the_case_goes_on_and_settled_after_a_final_decision(
    case: Path, tmp_path: Path
) -> None:
    run("submit", case)
    run("reply", case, MESSAGES / "seed_reply_4.txt")
    data = json.loads(run("history", case, "--json").stdout)
    assert [p["status"] for p in data["revisions"][0]["reply"]["prompts"]] == ["open"]
    run("submit", case)
    final = tmp_path / "final.txt"
    final.write_text(
        "Your account remains deactivated. This decision was made after reviewing your account"
        " and the information you provided. We may not respond to further emails.\n"
    )
    run("reply", case, final)
    data = json.loads(run("history", case, "--json").stdout)
    first = data["revisions"][0]["reply"]["prompts"][0]
    assert (first["status"], first["settled_in"], first["settled_by"]) == (
        "settled",
        2,
        "final_denial",
    )
    assert data["open_prompts"] == [] and data["reinstatement"] is None
    out = " ".join(line.strip() for line in run("history", case).stdout.splitlines())
    assert "settled: final decision after revision 2 before it was addressed" in out
    assert "settled by the final decision" in out


def test_submit_after_a_real_change_does_not_warn(case: Path) -> None:
    run("submit", case)

    def rewrite(data: dict) -> None:
        for item in data["preventive_measures"]:
            item["what"] = "Rewritten: " + item["what"][::-1]
        for item in data["root_causes"]:
            item["why"] = item["why"][::-1]

    edit_case(case, rewrite)
    result = run("submit", case)
    assert result.exit_code == 0
    assert "warning" not in result.stderr


def test_submit_records_the_score_when_a_scorer_exists(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = types.ModuleType("poa.score")

    def score_case(case, *, target, today=None):  # poa.score's API: a report with .score
        assert target == str(case_dir) and case.violation.value == "odr"
        return types.SimpleNamespace(score=73, predicted_prompts=["evidence"])

    case_dir = case

    module.score_case = score_case  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "poa.score", module)
    result = run("submit", case)
    assert result.exit_code == 0
    assert "score: 73" in result.stdout
    meta = yaml.safe_load((case / "revisions" / "001" / "meta.yaml").read_text())
    assert meta["score"] == 73
    assert meta["predicted_prompts"] == ["evidence"]
    history = json.loads(run("history", case, "--json").stdout)
    assert history["revisions"][0]["score"] == 73


def test_a_case_the_scorer_reports_on_is_submitted_unscored(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = types.ModuleType("poa.score")

    def score_case(*args, **kwargs):
        raise PoaError("the rules cannot be read")

    module.score_case = score_case  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "poa.score", module)
    result = run("submit", case)
    assert result.exit_code == 0
    assert "not scored" in result.stdout


def test_a_scorer_bug_is_not_hidden_and_nothing_is_written(
    case: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("POA_CACHE_DIR", str(tmp_path / "cache"))  # the crash log
    module = types.ModuleType("poa.score")

    def score_case(*args, **kwargs):
        raise RuntimeError("scorer bug")

    module.score_case = score_case  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "poa.score", module)
    result = run("submit", case)
    assert result.exit_code != 0
    assert not (case / "revisions").exists()


BAD_META = {  # meta.yaml text, and what the one-line error says about it
    "meta-a-string-key": ("::: x [\n", "lacks number, submitted_at"),
    "meta-empty-mapping": ("{}\n", "lacks number, submitted_at"),
    "meta-impossible-date": ("number: 1\nsubmitted_at: 2026-02-30\n", "line 2"),
    "meta-unclosed": ("score: 3\nnumber: [unclosed\n", "line 2"),
}


@pytest.mark.parametrize(
    "damage",
    ["gap", "named-file", "bad-meta", "no-appeal", "revisions-is-a-file", *BAD_META],
)
def test_damaged_revisions_folder_is_reported_and_nothing_written(case: Path, damage: str) -> None:
    run("submit", case)
    rev = case / "revisions" / "001"
    if damage == "gap":
        rev.rename(case / "revisions" / "002")
    elif damage == "named-file":  # a file where revision 2 would go
        (case / "revisions" / "002").write_text("mine")
    elif damage == "bad-meta":
        (rev / "meta.yaml").write_text("number: [unclosed\n")
    elif damage == "no-appeal":
        (rev / "appeal.md").unlink()
    elif damage in BAD_META:
        (rev / "meta.yaml").write_text(BAD_META[damage][0])
    else:
        shutil.rmtree(case / "revisions")
        (case / "revisions").write_text("not a folder")
    before = snapshot(case)
    for command in (
        ("submit", case),
        ("reply", case, MESSAGES / "seed_reply_1.txt"),
        ("history", case),
    ):
        result = run(*command)
        assert result.exit_code == 2, command
        assert "damaged" in result.stderr
        assert result.stderr.count("\n") == 1
        if damage == "gap":  # "revision 1" in words, the folder by its name
            assert "revision 1 is missing (revisions/001; found 002)" in result.stderr
        if damage in BAD_META:
            assert "001/meta.yaml" in result.stderr and BAD_META[damage][1] in result.stderr
            assert "Error" not in result.stderr  # a line to look at, not a Python class name
    assert snapshot(case) == before


def test_stray_files_in_revisions_are_ignored_with_one_warning(case: Path) -> None:
    run("submit", case)
    (case / "revisions" / "notes.txt").write_text("mine")
    (case / "revisions" / "screenshot.png").write_bytes(b"\x89PNG")
    (case / "revisions" / ".DS_Store").write_bytes(b"\x00")
    result = run("history", case)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("\n") == 1 and "notes.txt, screenshot.png" in result.stderr
    assert ".DS_Store" not in result.stderr and "damaged" not in result.stderr
    assert run("reply", case, MESSAGES / "seed_reply_1.txt").exit_code == 0
    result = run("submit", case)
    assert result.exit_code == 0, result.stderr
    assert (case / "revisions" / "002" / "appeal.md").is_file()
    assert run("diff", case).exit_code == 0
    assert run("revise", case, "--list").exit_code == 0


def test_submit_refuses_an_invalid_case(case: Path) -> None:
    (case / "case.yaml").write_text("violation: nonsense\n")
    result = run("submit", case)
    assert result.exit_code == 2
    assert "violation" in result.stderr
    assert not (case / "revisions").exists()


# --- reply ---------------------------------------------------------------------------------


def test_reply_before_any_submit_is_a_clear_error(case: Path) -> None:
    result = run("reply", case, MESSAGES / "seed_reply_1.txt")
    assert result.exit_code == 2
    assert "no revision has been submitted yet" in result.stderr
    assert not (case / "revisions").exists()


def test_reply_records_against_the_latest_revision_and_prints_checklist(case: Path) -> None:
    run("submit", case)
    run("submit", case)
    result = run("reply", case, MESSAGES / "seed_reply_1.txt")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Recorded Amazon's reply to revision 2." in out
    assert "Section: Preventive measures in place (preventive_measures)" in out
    assert out.count("Add: ") == 4
    rev = case / "revisions" / "002"
    assert (rev / "reply.txt").read_text() == (MESSAGES / "seed_reply_1.txt").read_text()
    meta = yaml.safe_load((rev / "meta.yaml").read_text())
    assert meta["reply"]["kind"] == "rejection"
    assert [p["id"] for p in meta["reply"]["prompts"]] == [
        "root_cause",
        "corrective_actions",
        "preventive_measures",
        "evidence",
    ]
    assert not (case / "revisions" / "001" / "reply.txt").exists()


def test_reply_from_stdin_and_a_second_reply_needs_replace(case: Path) -> None:
    run("submit", case)
    text = (MESSAGES / "seed_reply_4.txt").read_text()
    assert run("reply", case, "-", input=text).exit_code == 0
    again = run("reply", case, MESSAGES / "seed_reply_1.txt")
    assert again.exit_code == 2
    assert "already has a reply" in again.stderr
    meta_path = case / "revisions" / "001" / "meta.yaml"
    assert [p["id"] for p in yaml.safe_load(meta_path.read_text())["reply"]["prompts"]] == [
        "evidence"
    ]
    replaced = run("reply", case, MESSAGES / "seed_reply_1.txt", "--replace")
    assert replaced.exit_code == 0
    meta = yaml.safe_load(meta_path.read_text())
    assert len(meta["reply"]["prompts"]) == 4
    assert meta["earlier_replies"][0]["text"] == text


def test_an_acknowledgement_gives_way_to_the_real_reply(case: Path) -> None:
    run("submit", case)
    assert run("reply", case, MESSAGES / "variant_asks_nothing.txt").exit_code == 0
    result = run("reply", case, MESSAGES / "seed_reply_4.txt")
    assert result.exit_code == 0, result.stderr
    meta = yaml.safe_load((case / "revisions" / "001" / "meta.yaml").read_text())
    assert meta["reply"]["kind"] == "rejection"
    assert [r["kind"] for r in meta["earlier_replies"]] == ["other"]


def test_reply_with_bad_input_writes_nothing(case: Path, tmp_path: Path) -> None:
    run("submit", case)
    before = snapshot(case)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "shot.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    for source in (empty, binary):
        result = run("reply", case, source)
        assert result.exit_code == 2
    assert run("reply", case, "-", input="").exit_code == 2
    assert snapshot(case) == before


def test_reply_to_a_folder_that_is_not_a_case(tmp_path: Path) -> None:
    result = run("reply", tmp_path, MESSAGES / "seed_reply_1.txt")
    assert result.exit_code == 2
    assert "case.yaml is missing" in result.stderr


# --- revise --------------------------------------------------------------------------------


def test_revise_lists_sections_fields_and_what_the_draft_already_answers(case: Path) -> None:
    run("submit", case)
    run("reply", case, MESSAGES / "seed_reply_1.txt")
    result = run("revise", case)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Revision 2" in out
    assert "Root causes (root_cause): to do" in out
    assert "Work on: evidence[].description" in out
    assert 'Amazon: "Greater detail on the root cause(s)' in out

    def more_specific(data: dict) -> None:
        data["root_causes"][0]["why"] += " From 9 to 13 March 2026 the operations manager was away."

    edit_case(case, more_specific)
    out = run("revise", case).stdout
    assert "Root causes (root_cause): more specific in the draft already" in out
    assert "Appendix: evidence (evidence): to do" in out


def test_revise_before_submit_or_reply_and_after_reinstatement(case: Path, seed: Path) -> None:
    for args in (("revise", case), ("revise", case, "--list")):
        result = run(*args)
        assert result.exit_code == 2
        assert "no revision has been submitted yet" in result.stderr  # as history says it
    run("submit", case)
    result = run("revise", case)
    assert result.exit_code == 2
    assert "no reply recorded yet for revision 1;" in result.stderr  # not "revision 001"
    run("reply", case, MESSAGES / "seed_reply_1.txt")
    result = run("reply", case, MESSAGES / "seed_reply_2.txt")
    assert result.exit_code == 2 and "revision 1 already has a reply" in result.stderr
    result = run("revise", seed)
    assert result.exit_code == 0
    assert "Nothing to revise" in result.stdout


# --- history -------------------------------------------------------------------------------


def test_history_json_tells_the_seed_story() -> None:
    result = run("history", EXAMPLES / "seed-odr-five-rounds", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["case"] == "seed-odr-five-rounds"
    revs = data["revisions"]
    assert [r["number"] for r in revs] == [1, 2, 3, 4, 5]
    kinds = [r["reply"]["kind"] for r in revs]
    assert kinds == ["rejection"] * 4 + ["reinstated"]
    prompts = {r["number"]: {p["id"]: p for p in r["reply"]["prompts"]} for r in revs}
    assert list(prompts[1]) == [
        "root_cause",
        "corrective_actions",
        "preventive_measures",
        "evidence",
    ]
    assert "listing_compliance" in prompts[2] and list(prompts[3]) == list(prompts[2])
    assert list(prompts[4]) == ["evidence"] and prompts[5] == {}
    for r in revs:
        assert r["submitted_at"] and "score" in r
        for p in r["reply"]["prompts"]:
            assert p["addressed_in"] is None or p["addressed_in"] > r["number"]
    # the second plan added orders, causes and new staff; no evidence was ever attached
    assert prompts[1]["root_cause"]["addressed_in"] == 2
    assert prompts[1]["corrective_actions"]["addressed_in"] == 2
    assert prompts[1]["evidence"]["addressed_in"] is None
    assert prompts[1]["evidence"]["asked_again_in"] == 4
    assert data["status"] == "reinstated"
    # the case ended reinstated: what no revision addressed is settled, none is open
    statuses = {(r["number"], p["id"]): p["status"] for r in revs for p in r["reply"]["prompts"]}
    assert statuses[(1, "root_cause")] == "addressed"
    assert statuses[(1, "evidence")] == statuses[(4, "evidence")] == "settled"
    assert "open" not in statuses.values() and data["open_prompts"] == []
    assert {p["settled_in"] for p in data["settled_prompts"]} == {5}
    reserve = data["reinstatement"]["reserve"]
    assert (reserve["days"], reserve["of"]) == (14, "sales")
    assert data["reinstatement"]["under_review"] is True
    assert revs[4]["reply"]["reinstatement"] == data["reinstatement"]


def test_history_text_shows_revisions_replies_and_open_prompts() -> None:
    result = run("history", EXAMPLES / "seed-odr-five-rounds")
    assert result.exit_code == 0
    out = result.stdout
    assert "Case seed-odr-five-rounds: 5 revision(s)" in out
    assert "addressed in 2" in out
    assert "Outcome: reinstated after revision 5." in out
    # prompts in words and the section they point at, not two ids side by side
    assert "      Root cause (Root causes): addressed in 2; asked again in the reply to 2\n" in out
    flat = out.replace("\n        ", " ")
    assert (
        "      Listing accuracy (Preventive measures in place): settled: reinstated after"
        " revision 5 before it was addressed" in flat
    )
    # the reinstatement's conditions, and no prompt left open after it
    assert "Conditions: a reserve equal to 14 days of sales is held; the account stays" in out
    assert "Open by the rule" not in out and "No prompt is open: 3 addressed" in out
    assert "->" not in out and "root_cause" not in out
    assert "Amazon:" not in out  # Amazon's sentence is quoted for open prompts only


def test_history_follows_a_new_round(case: Path) -> None:
    history = run("history", case)
    assert history.exit_code == 0
    assert history.stdout.startswith("my-case: no revision has been submitted yet;")
    run("submit", case)
    run("reply", case, MESSAGES / "seed_reply_1.txt")

    def improve(data: dict) -> None:
        data["corrective_actions"][0]["what"] += " On 20 March 2026 we called 3 more buyers."
        data["evidence"].append(
            {"id": "ev4", "description": "Refund confirmations for all 4 orders", "file": "r.pdf"}
        )

    edit_case(case, improve)
    run("submit", case)
    data = json.loads(run("history", case, "--json").stdout)
    status = {p["id"]: p["addressed_in"] for p in data["revisions"][0]["reply"]["prompts"]}
    assert status == {
        "root_cause": None,
        "corrective_actions": 2,
        "preventive_measures": None,
        "evidence": 2,
    }
    assert data["revisions"][1]["reply"] is None
    assert {(p["revision"], p["id"]) for p in data["open_prompts"]} == {
        (1, "root_cause"),
        (1, "preventive_measures"),
    }


def test_history_of_a_missing_folder(tmp_path: Path) -> None:
    result = run("history", tmp_path / "nope")
    assert result.exit_code == 2 and "no such case folder" in result.stderr


# --- diff ----------------------------------------------------------------------------------


def test_diff_defaults_to_the_last_two_revisions_plain_when_piped() -> None:
    result = run("diff", EXAMPLES / "seed-odr-five-rounds")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == ["--- revision 4", "+++ revision 5"]
    assert (
        "+4. We have updated the account information and added an emergency contact number."
        in lines
    )
    assert "\x1b[" not in result.stdout


def test_diff_between_named_revisions_and_the_draft(case: Path, seed: Path) -> None:
    result = run("diff", seed, "1", "2")
    assert result.exit_code == 0 and result.stdout.startswith("--- revision 1\n+++ revision 2\n")
    run("submit", case)
    assert "No difference between revision 1 and working draft." in run("diff", case).stdout
    edit_case(case, lambda d: d.update(additional_info="We added a weekend rota on 21 March."))
    result = run("diff", case, "1", "draft")
    assert "+We added a weekend rota on 21 March." in result.stdout


def test_diff_colours_in_a_terminal() -> None:
    result = runner.invoke(
        app, ["diff", str(EXAMPLES / "seed-odr-five-rounds"), "4", "5"], color=True
    )
    assert "\x1b[32m+" in result.stdout and "\x1b[31m-" in result.stdout


@pytest.mark.parametrize(("a", "b"), [("9", None), ("1", "x"), ("0", "1")])
def test_diff_of_unknown_revisions_exit_2(seed: Path, a: str, b: str | None) -> None:
    args = ["diff", seed, a] + ([b] if b else [])
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("poa: ")


def test_diff_with_nothing_submitted_exit_2(case: Path) -> None:
    result = run("diff", case)
    assert result.exit_code == 2 and "no revision has been submitted yet" in result.stderr


def test_submit_after_reinstatement_notes_it_and_numbers_on(seed: Path) -> None:
    result = run("submit", seed)
    assert result.exit_code == 0
    assert "Submitted revision 6" in result.stdout
    assert "was reinstated" in result.stderr


def test_revise_shows_the_deadline_of_the_reply(case: Path) -> None:
    run("submit", case)
    run("reply", case, MESSAGES / "variant_inauthentic_invoices.txt")
    out = run("revise", case).stdout
    assert "Amazon's deadline: respond within 72 hours" in out
    assert "Invoices and supplier documents [invoices]" in out
