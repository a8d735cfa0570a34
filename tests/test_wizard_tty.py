"""poa new / poa edit through a real pseudo-terminal, as a seller would type them."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from poa.case import store
from poa.wizard import load_flow
from tests.wizard_script import FIELDS, ROOT, STEPS, child_env

pexpect = pytest.importorskip("pexpect")

EXAMPLE = ROOT / "examples" / "odr-unanswered-messages"


READY = "\x1b[?2004h"  # prompt_toolkit turns on bracketed paste when a prompt is ready
CHALLENGE = {"en": "Before you go on", "zh": "继续之前请注意"}
MULTILINE = ("long", "orders", "asins")


class Seller:
    """Types the script's answers into the wizard, checking each question is the expected one."""

    def __init__(self, args: list[str], cwd: Path, lang: str = "en") -> None:
        env = child_env(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="200", LINES="50")
        self.lang = lang
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "poa", *args],
            cwd=str(cwd),
            env=env,
            encoding="utf-8",
            timeout=8,
            dimensions=(50, 200),
        )
        self.log = io.StringIO()  # everything the terminal showed
        self.child.logfile_read = self.log
        self.seen: list[str] = []  # what came before each expected question
        self.challenges = 0

    def _question(self, key: str) -> tuple[str, str]:
        """(text shown for the prompt, question type) for a prompt key like 'rc1.what'."""
        flow = load_flow("odr", self.lang)
        head, _, tail = key.partition(".")
        if tail in ("more", "keep"):  # "add another ...?", "rework it?" (wording varies)
            return flow.text("yes_no"), "confirm"
        sec = next((s for s in flow.sections if s.prefix and head.startswith(s.prefix)), None)
        if sec is None or not head[len(sec.prefix) :].isdigit():
            sec = flow.section(head)
        q = next(q for q in sec.questions if q.id == tail)
        return q.ask, q.type

    def answer(self, key: str, text: str | None) -> None:
        """Wait for the question of ``key``, then type ``text`` (None: type nothing yet)."""
        shown, kind = self._question(key)
        while True:  # an answer the checks object to is kept: this script tests the flow
            i = self.child.expect_exact([shown, CHALLENGE[self.lang]])
            self.seen.append(self.child.before)
            if i == 0:
                break
            self.challenges += 1
            self.child.expect_exact(READY)
            self.child.send("\r")
        if kind != "confirm":
            self.child.expect_exact(READY)
        if text is None:
            return
        if kind in MULTILINE and text not in (":e", "?"):  # those two act on one Enter
            self.child.send(text.replace("\n", "\r") + ("\r\r" if text else "\r"))
        else:
            self.child.send(text + "\r")

    def run(self, steps: list[tuple[str, str]]) -> None:
        for key, text in steps:
            self.answer(key, text)

    def finish(self) -> str:
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.exitstatus == 0, self.child.before
        return self.log.getvalue()


def _export(case: Path, fmt: str, out: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "poa",
            "export",
            str(case),
            "--format",
            fmt,
            "-o",
            str(out),
            "--date",
            "2026-04-01",
        ],
        check=True,
        capture_output=True,
        timeout=30,
        env=child_env(),
    )


NOTICE_STEPS = [(k, v) for k, v in STEPS if k != "violation.kind"]  # the notice names it


@pytest.fixture(scope="module")
def english_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("tty-en")
    seller = Seller(["new", "case", "--notice", str(EXAMPLE / "notice.txt")], root)
    seller.run(NOTICE_STEPS)
    return root / "case", seller.finish()


def test_new_from_the_first_question_to_the_docx(english_case: tuple[Path, str]) -> None:
    case_dir, output = english_case
    assert "From the notice: Order defect rate" in output
    assert "Going on where you stopped" not in output
    assert "Hint:" in output and "finish with an empty line" in output
    assert "Next:" in output and "poa export" in output and "poa score" in output
    case = store.load_case(case_dir)
    assert case.violation.value == "odr"
    assert case.notice.metrics and case.notice.metrics[0].value == 2.78
    assert [o.order_id for o in case.orders] == [  # full-width, undashed, spaced: normalised
        "113-4827301-5520947",
        "114-2039485-7713620",
        "111-6650213-3398201",
    ]
    assert case.root_causes[1].what == FIELDS["rc2.what"]
    assert case.preventive_measures[0].owner == "Customer service lead"

    docx_path = case_dir / "appeal.docx"
    _export(case_dir, "docx", docx_path)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert "Buyer messages went unanswered for 2 to 6 days" in text
    assert "Customer service lead" in text


def test_chinese_guidance_gives_the_same_english_plan(
    english_case: tuple[Path, str], tmp_path: Path
) -> None:
    seller = Seller(
        ["new", "case", "--lang", "zh", "--notice", str(EXAMPLE / "notice.txt")], tmp_path, "zh"
    )
    seller.run(NOTICE_STEPS)
    output = seller.finish()
    zh = load_flow("odr", "zh")
    assert zh.section("root_cause").title in output  # 根本原因
    assert zh.section("root_cause").questions[1].hint in output
    assert "下一步" in output
    english, chinese = tmp_path / "en.md", tmp_path / "zh.md"
    _export(english_case[0], "md", english)
    _export(tmp_path / "case", "md", chinese)
    assert chinese.read_text(encoding="utf-8") == english.read_text(encoding="utf-8")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in chinese.read_text(encoding="utf-8"))


def test_killed_midway_then_edit_resumes_with_every_answer(tmp_path: Path) -> None:
    cut = [k for k, _ in STEPS].index("rc2.why")
    seller = Seller(["new", "case"], tmp_path)
    seller.run(STEPS[:cut])
    seller.child.expect_exact(READY)
    seller.child.send("We copied the size chart from the fac")  # typing, not yet entered
    time.sleep(0.3)
    seller.child.kill(signal.SIGKILL)
    seller.child.close(force=True)

    case = store.load_case(tmp_path / "case")
    assert case.root_causes[1].what == FIELDS["rc2.what"]
    assert case.root_causes[1].why == ""

    resumed = Seller(["edit", "case"], tmp_path)
    resumed.run(STEPS[cut:])
    output = resumed.finish()
    first = resumed.seen[0]
    assert "Going on where you stopped" in first
    assert "Why did it happen" not in first  # nothing was asked before the resume point
    assert "Store name" not in output and "Name this cause" not in first

    case = store.load_case(tmp_path / "case")
    for key, value in STEPS:
        item, _, field = key.partition(".")
        if item == "rc1":
            got = getattr(case.root_causes[0], {"orders": "order_ids"}.get(field, field))
        elif item == "rc2" and field in ("title", "what"):
            got = getattr(case.root_causes[1], field)
        else:
            continue
        assert (" ".join(got) if isinstance(got, list) else got) == value
    assert case.store.name == "Lakeside Home Goods" and case.violation.value == "odr"
    assert len(case.orders) == 3 and case.root_causes[1].why == FIELDS["rc2.why"]


def test_malformed_order_id_is_refused_on_screen(tmp_path: Path) -> None:
    seller = Seller(["new", "case"], tmp_path)
    seller.run(STEPS[:2])
    seller.answer("orders.order_ids", "113-482730-5520947")
    seller.child.expect_exact("expected 17 digits as 123-1234567-1234567")
    seller.child.expect_exact(READY)
    seller.child.send("１１３－４８２７３０１－５５２０９４７\r\r")
    seller.child.expect_exact(load_flow("odr").section("root_cause").questions[0].ask)
    seller.child.sendcontrol("c")
    seller.child.expect(pexpect.EOF)
    seller.child.close()
    assert seller.child.exitstatus == 130
    assert [o.order_id for o in store.load_case(tmp_path / "case").orders] == [
        "113-4827301-5520947"
    ]


def test_examples_on_request_and_answers_from_the_editor(tmp_path: Path) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write("
        "'Between 2 and 16 March 2026, 14 messages had no reply.\\n')\n",
        encoding="utf-8",
    )
    os.environ["EDITOR"] = f"{sys.executable} {editor}"
    try:
        seller = Seller(["new", "case"], tmp_path)
    finally:
        del os.environ["EDITOR"]
    seller.run(STEPS[:3])
    seller.answer("rc1.title", "?")
    seller.child.expect_exact("Good: Buyer messages went unanswered for 2 to 6 days")
    seller.child.expect_exact("Weak: Customer service problem")
    seller.child.expect_exact(READY)
    seller.child.send("Slow replies\r")
    seller.answer("rc1.what", ":e")
    seller.answer("rc1.why", None)  # reached: the editor's text was taken
    # a pasted block keeps its blank line; the typed empty line after it ends the answer
    seller.child.send("\x1b[200~One representative.\n\nNo weekend cover.\x1b[201~\r\r")
    seller.answer("rc1.orders", "")
    seller.child.sendcontrol("c")
    seller.child.expect(pexpect.EOF)
    case = store.load_case(tmp_path / "case")
    assert case.root_causes[0].title == "Slow replies"
    assert case.root_causes[0].what == "Between 2 and 16 March 2026, 14 messages had no reply."
    assert case.root_causes[0].why == "One representative.\n\nNo weekend cover."


def test_a_dumb_terminal_gets_plain_line_input(tmp_path: Path) -> None:
    env = child_env(TERM="dumb")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "poa", "new", "case"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=8,
    )
    child.expect_exact("Store name")
    child.expect_exact("> ")
    child.send("Lakeside\r")
    child.expect_exact("Which problem")
    child.expect_exact("> ")
    child.send("1\r")
    child.expect_exact("Affected order IDs")
    child.expect_exact("> ")
    child.send("11348273015520947\r114 2039485 7713620\r\r")
    child.expect_exact("Name this cause")
    child.expect_exact("> ")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    case = store.load_case(tmp_path / "case")
    assert [o.order_id for o in case.orders] == ["113-4827301-5520947", "114-2039485-7713620"]


def _first_problem(section: str, text: str) -> str:
    """The start of what the shared checks say about an answer (as the wizard shows it)."""
    from poa.score import check_answer
    from poa.wizard import finding_messages

    problems = finding_messages(check_answer(section, text, "odr"))
    assert problems, text
    return problems[0][:30]


def test_vague_future_and_chinese_answers_are_challenged_on_screen(tmp_path: Path) -> None:
    vague = "Some buyers were not happy with our service."
    chinese = "客服只有一个人 and she worked 5 days a week."
    future = "We will reply to buyers faster."
    seller = Seller(["new", "case"], tmp_path)
    upto = [k for k, _ in STEPS].index("rc1.what")
    seller.run(STEPS[:upto])
    seller.answer("rc1.what", vague)
    seller.child.expect_exact(_first_problem("root_cause", vague))
    seller.child.expect_exact("A stronger answer: From 2 to 16 March 2026, 14 buyer messages")
    seller.child.expect_exact(READY)
    seller.child.send(FIELDS["rc1.what"] + "\r\r")  # improved: accepted without a second challenge
    seller.answer("rc1.why", chinese)
    seller.child.expect_exact(_first_problem("root_cause", chinese))
    seller.child.expect_exact(READY)
    seller.child.send(FIELDS["rc1.why"] + "\r\r")
    after_why = STEPS[upto + 2 : [k for k, _ in STEPS].index("ca1.what")]
    seller.run(after_why)
    seller.answer("ca1.what", future)
    seller.child.expect_exact(_first_problem("corrective_actions", future))
    seller.child.expect_exact(READY)
    seller.child.send("\r")  # keep it anyway
    seller.answer("ca1.when", None)
    seller.child.sendcontrol("c")
    seller.child.expect(pexpect.EOF)
    case = store.load_case(tmp_path / "case")
    assert case.root_causes[0].what == FIELDS["rc1.what"]
    assert case.root_causes[0].why == FIELDS["rc1.why"]
    assert case.corrective_actions[0].what == future
    assert "ca1.what" in yaml.safe_load((tmp_path / "case" / ".wizard.yaml").read_text())["kept"]


def test_edit_section_prefills_answers_enter_keeps_them(
    english_case: tuple[Path, str], tmp_path: Path
) -> None:
    shutil.copytree(english_case[0], tmp_path / "case")
    seller = Seller(["edit", "case", "--section", "preventive_measures"], tmp_path)
    seller.answer("pm1.keep", "y")
    seller.answer("pm1.what", None)
    seller.child.send("\r\r")  # a filled-in long answer: Enter on the empty line keeps it
    seller.answer("pm1.owner", None)
    seller.child.sendcontrol("u")
    seller.child.send("Operations manager\r")
    for key in ("pm1.frequency", "pm1.start"):
        seller.answer(key, None)
        seller.child.send("\r")
    seller.answer("pm1.measure", None)
    seller.child.send("\r\r")
    seller.answer("pm1.causes", None)
    seller.child.send("\r")
    seller.answer("preventive_measures.more", "n")
    output = seller.finish()
    assert "Store name" not in output  # only the section asked for
    before = store.load_case(english_case[0]).preventive_measures[0]
    after = store.load_case(tmp_path / "case").preventive_measures[0]
    assert after.owner == "Operations manager"
    assert after.model_dump(exclude={"owner"}) == before.model_dump(exclude={"owner"})


def _screen_lines(raw: str) -> list[str]:
    """The lines a terminal showed, without escape sequences or cursor moves."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw).replace("\x08", "")
    return [line.strip() for line in text.replace("\r", "").split("\n")]


@pytest.mark.parametrize("term", ["xterm", "dumb"])
def test_the_empty_line_ending_an_answer_leaves_no_dot(tmp_path: Path, term: str) -> None:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "poa", "new", "case"],
        cwd=str(tmp_path),
        env=child_env(TERM=term, PROMPT_TOOLKIT_NO_CPR="1"),
        encoding="utf-8",
        timeout=8,
        dimensions=(40, 100),
    )
    ready = READY if term == "xterm" else "> "
    for ask, answer in (("Store name", "Shop\r"), ("Which problem", "1\r")):
        child.expect_exact(ask)
        child.expect_exact(ready)
        child.send(answer)
    child.expect_exact("Affected order IDs")
    child.expect_exact(ready)
    child.send("11348273015520947\r")
    time.sleep(0.3)  # the second line is shown before the empty line ends the answer
    child.send("114 2039485 7713620\r")
    time.sleep(0.3)
    child.send("\r")
    child.expect_exact("Name this cause")
    shown = _screen_lines(child.before)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert "114 2039485 7713620" in shown
    assert "." not in shown and ". 114 2039485 7713620" not in shown
    case = store.load_case(tmp_path / "case")
    assert [o.order_id for o in case.orders] == ["113-4827301-5520947", "114-2039485-7713620"]


def test_chinese_wizard_leads_each_challenge_in_chinese(tmp_path: Path) -> None:
    from poa.wizard import default_check, finding_problems

    vague = "Some buyers were not happy with our service."
    zh = load_flow("odr", "zh")
    found = finding_problems(default_check("zh")("root_cause", vague, "odr"))
    seller = Seller(["new", "case", "--lang", "zh"], tmp_path, "zh")
    seller.run(STEPS[: [k for k, _ in STEPS].index("rc1.what")])
    seller.answer("rc1.what", vague)
    seller.child.expect_exact(CHALLENGE["zh"])
    for rule, message in found:
        seller.child.expect_exact(zh.challenge_lead(rule))  # Chinese first ...
        seller.child.expect_exact(message[:12])  # ... then the rule's own message, in Chinese
    seller.child.expect_exact(READY)
    seller.child.sendcontrol("c")
    seller.child.expect(pexpect.EOF)
    seller.child.close()
    assert "这个回答缺少订单号" in seller.log.getvalue()
    assert "Vague term" not in seller.log.getvalue()  # the rules' English stays in poa score


def test_a_challenged_one_line_answer_stays_one_line(
    english_case: tuple[Path, str], tmp_path: Path
) -> None:
    """Answers typed ahead after a challenge go to the next questions, not into this field;
    the retry says how to finish; a complete item is kept whole with one Enter; the closing
    summary names the revision 'poa submit' will make."""
    shutil.copytree(english_case[0], tmp_path / "case")
    subprocess.run(
        [sys.executable, "-m", "poa", "submit", "case"],
        cwd=tmp_path, check=True, capture_output=True, timeout=60, env=child_env(),
    )  # fmt: skip
    seller = Seller(["edit", "case", "--section", "preventive_measures"], tmp_path)
    seller.answer("pm1.keep", "y")
    seller.answer("pm1.what", None)
    seller.child.send("\r\r")
    seller.answer("pm1.owner", None)
    seller.child.send("\r")
    seller.answer("pm1.frequency", None)
    seller.child.sendcontrol("u")
    seller.child.send("regularly\r")
    seller.child.expect_exact(CHALLENGE["en"])
    seller.child.expect_exact("Type a better answer and press Enter")  # drawn by the prompt
    seller.child.send("Every day at 09:00 and 18:00\r")
    seller.answer("pm1.start", None)  # the next question came at once: no empty line needed
    seller.child.sendcontrol("u")
    seller.child.send("22 March 2026\r")
    seller.answer("pm1.measure", None)
    seller.child.send("\r\r")
    seller.answer("pm1.causes", None)
    seller.child.send("\r")
    seller.answer("preventive_measures.more", "n")
    output = seller.finish()
    measure = store.load_case(tmp_path / "case").preventive_measures[0]
    assert measure.frequency == "Every day at 09:00 and 18:00"
    assert "freeze it as revision 2" in output


def test_keeping_a_complete_item_takes_one_enter(
    english_case: tuple[Path, str], tmp_path: Path
) -> None:
    shutil.copytree(english_case[0], tmp_path / "case")
    before = (tmp_path / "case" / "case.yaml").read_bytes()
    seller = Seller(["edit", "case", "--section", "root_cause"], tmp_path)
    seller.answer("rc1.keep", "")
    seller.answer("rc2.keep", "")
    seller.answer("root_cause.more", "")
    output = seller.finish()
    assert "Name this cause" not in output
    assert (tmp_path / "case" / "case.yaml").read_bytes() == before
