"""poa score without Typer: argument parsing, the readable report and the JSON.

``poa score`` is meant to feel instant. Typer (0.29) coerces every parameter, even --help,
through pydantic, and importing Typer and pydantic costs more than scoring a 1,000-word draft;
so the ``poa`` entry point (poa.cli.main) runs this module directly, and the Typer command
(poa/cli/score_cmd.py, which gives ``poa score --help`` and CliRunner tests) calls the same
``run``. Like poa/cli, this is the terminal layer: the library in poa.score never prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from poa import knowledge
from poa.errors import ExitStatus, InputError

if TYPE_CHECKING:
    from poa.cli.terminal import Terminal

USAGE = "poa score TARGET [--json] [--min-score N] [--notice FILE]"


def run(args: list[str], term: Terminal) -> int:
    """Score TARGET and print the result; the exit status (0, or 1 below --min-score)."""
    from poa.score import score_file

    options = parse_args(args)
    notice_text = _read_notice(options["notice"]) if options["notice"] else None
    report = score_file(options["target"], notice_text=notice_text)
    if options["json"]:
        import json

        term.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print(report, term)
    term.stdout.flush()
    min_score = options["min_score"]
    if min_score is not None and report.score < min_score:
        if not options["json"]:
            term.stderr.write(f"poa: score {report.score} is below --min-score {min_score}\n")
        return ExitStatus.CHECK_FAILED
    return ExitStatus.OK


def parse_args(args: list[str]) -> dict[str, Any]:
    """TARGET [--json] [--min-score N] [--notice FILE], parsed without Typer (see above).

    The plain forms (one TARGET, each option whole and its value not starting with "-", a
    --min-score that is valid) are read here; anything else goes to argparse, which gives the
    same result for those and words every mistake (importing it costs a few milliseconds).
    """
    return _plain_args(args) or _argparse_args(args)


_VALUED = ("--min-score", "--notice")


def _plain_args(args: list[str]) -> dict[str, Any] | None:
    found: dict[str, Any] = {"target": None, "json": False, "min_score": None, "notice": None}
    values = iter(args)
    for arg in values:
        if arg == "--json":
            found["json"] = True
        elif arg in _VALUED:
            value = next(values, "")
            if not value or value.startswith("-"):
                return None
            if arg == "--notice":
                found["notice"] = Path(value)
            elif (number := _whole(value)) is None or not 0 <= number <= 100:
                return None
            else:
                found["min_score"] = number
        elif not arg or arg.startswith("-") or found["target"] is not None:
            return None
        else:
            found["target"] = Path(arg)
    return found if found["target"] is not None else None


def _whole(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _argparse_args(args: list[str]) -> dict[str, Any]:
    import argparse

    class Parser(argparse.ArgumentParser):
        """argparse, with its errors raised as one-line usage errors (exit 2) like Typer's."""

        def error(self, message: str) -> NoReturn:
            raise InputError(f"{message}; usage: {USAGE}")

    def min_score(value: str) -> int:
        number = _whole(value)
        if number is None:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number")
        if not 0 <= number <= 100:
            raise argparse.ArgumentTypeError(f"{value} is not between 0 and 100")
        return number

    parser = Parser(prog="poa score", add_help=False, allow_abbrev=False)
    parser.add_argument("target", type=Path, metavar="TARGET")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--min-score", type=min_score, dest="min_score")
    parser.add_argument("--notice", type=Path)
    return vars(parser.parse_args(args))


def _read_notice(path: Path) -> str:
    from poa.files.inputs import regular_file
    from poa.score.scorer import TEXT_SUFFIXES, read_draft

    if path.suffix.lower() not in (*TEXT_SUFFIXES, ".docx"):
        raise InputError(f"--notice {path}: give the notice as .txt, .md or .docx")
    regular_file(path, "notice")
    return read_draft(path)


_ANSI = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "cyan": "36", "dim": "2"}
_BREAKS = frozenset("\t\n\x0b\x0c\r")  # whitespace textwrap turns into spaces
_SEVERITY_STYLE = {"error": ("bold", "red"), "warning": ("yellow",), "info": ("cyan",)}


class _Out:
    """Plain text, with ANSI colours only on a terminal (and not under NO_COLOR).

    Written by hand rather than with rich: importing rich's console costs about as much as
    scoring the whole draft, and this report is a few aligned columns.
    """

    def __init__(self, term: Terminal) -> None:
        self.stream = term.stdout
        self.colour = term.colour
        self.width = max(60, min(term.width(100), 140))
        self.lines: list[str] = []

    def style(self, text: str, *styles: str) -> str:
        if not self.colour or not styles:
            return text
        codes = ";".join(_ANSI[s] for s in styles)
        return f"\033[{codes}m{text}\033[0m"

    def line(self, text: str = "") -> None:
        self.lines.append(text)

    def wrapped(self, text: str, indent: int, first: str = "") -> None:
        """``first`` (already padded to ``indent``) then ``text`` wrapped to the width."""
        width = max(30, self.width - indent)
        if len(text) <= width and text == text.strip() and not _BREAKS.intersection(text):
            body = [text]  # what textwrap gives for one line that fits, without importing it
        else:
            import textwrap

            body = textwrap.wrap(text, width) or [""]
        self.lines.append(first + body[0])
        self.lines.extend(" " * indent + part for part in body[1:])

    def flush(self) -> None:
        self.stream.write("\n".join(self.lines) + "\n")


# A report lists this many findings of one rule (a case with 1,800 uncovered orders would
# otherwise print 1,800 alike); the rest are counted, and --json has them all.
PER_RULE = 10


def _first_of_each_rule(findings: list[Any]) -> tuple[list[Any], dict[str, int]]:
    """The findings to print, in order, and how many of each rule were left out."""
    seen: dict[str, int] = {}
    shown = []
    for f in findings:
        seen[f.rule] = seen.get(f.rule, 0) + 1
        if seen[f.rule] <= PER_RULE:
            shown.append(f)
    return shown, {rule: n - PER_RULE for rule, n in seen.items() if n > PER_RULE}


def _caps_line(caps: list[dict[str, Any]]) -> str:
    """One line: the lowest cap and why, then the other reasons and the error count."""
    errors = next((c for c in caps if c["id"] == "errors"), None)
    named = sorted((c for c in caps if c["id"] != "errors"), key=lambda c: c["limit"])
    lowest = named[0] if named else errors
    assert lowest is not None
    text = f"Capped at {lowest['limit']}: {lowest['reason']}"
    if named[1:]:
        text += "; also " + "; ".join(c["reason"] for c in named[1:])
    if errors is not None:
        text += f"; {errors['reason']} (each after the first lowers the cap by {errors['step']})"
    return text


def _print(report: Any, term: Terminal) -> None:
    from poa.score import data

    out = _Out(term)
    colours = data.config()["score_colours"]
    colour = next((c for c, at in colours.items() if report.score >= at), "red")
    parts = " | ".join(f"{k} {v:.0f}" for k, v in report.components.items())
    out.line(
        f"{out.style(report.target, 'bold')}: {out.style(str(report.score), 'bold', colour)}/100"
        f"  ({parts})"
    )
    if report.caps:
        out.wrapped(_caps_line(report.caps), 0)
    read = report.readability
    bands = data.config()["readability"]
    ease, grade = bands["reading_ease"], bands["grade"]
    out.wrapped(
        f"Reading ease {read['flesch_reading_ease']:.0f}"
        f" (aim {ease['best_low']}-{ease['best_high']}), grade"
        f" {read['flesch_kincaid_grade']:.1f} (aim {grade['best_low']}-{grade['best_high']});"
        f" {report.specificity['words']} words,"
        f" {read['sentences']} sentences, {report.specificity['vague_terms']} vague terms",
        0,
    )
    out.line()
    head = (
        "section",
        "score",
        "words",
        "IDs",
        "dates",
        "figures",
        "owners",
        "freq",
        "vague",
        "ease",
    )
    rows: list[tuple[str, ...]] = []
    for sid, sec in report.sections.items():
        label = knowledge.section_titles(short=True).get(sid, sid)
        if not sec.present:
            rows.append((label, "missing"))
            continue
        sp = sec.specificity
        figures = sum(sp.get(k, 0) for k in ("numbers", "percentages", "durations", "money"))
        rows.append(
            (
                label,
                str(sec.score),
                str(sec.words),
                str(sp.get("order_ids", 0) + sp.get("asins", 0)),
                str(sp.get("dates", 0)),
                str(figures),
                str(sp.get("owners", 0)),
                str(sp.get("frequencies", 0)),
                str(sp.get("vague_terms", 0)),
                f"{sec.readability.get('flesch_reading_ease', 0):.0f}",
            )
        )
    widths = [max(len(r[i]) for r in (head, *rows) if len(r) > i) for i in range(len(head))]
    out.line(
        out.style(
            "  ".join(
                h.ljust(widths[i]) if i == 0 else h.rjust(widths[i]) for i, h in enumerate(head)
            ),
            "bold",
        )
    )
    for row in rows:
        if len(row) == 2:
            out.line(row[0].ljust(widths[0]) + "  " + out.style(row[1].rjust(widths[1]), "red"))
            continue
        cells = [c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)]
        out.line("  ".join(cells))
    out.line()

    if report.findings:
        counts = ", ".join(
            f"{report.count(sev)} {sev}{'s' if report.count(sev) != 1 and sev != 'info' else ''}"
            for sev in ("error", "warning", "info")
        )
        out.line(out.style("Findings", "bold") + f" ({counts})")
        shown, hidden = _first_of_each_rule(report.findings)
        where = [f"{f.line}:{f.column}" if f.line else "-" for f in shown]
        w_where = max(len(w) for w in where)
        w_rule = max(len(f.rule) for f in shown)
        indent = w_where + w_rule + 4
        for pos, f in zip(where, shown, strict=True):
            text = f.message
            if f.excerpt and f.excerpt not in f.message:
                text += f' "{f.excerpt}"'
            rule = out.style(f.rule.ljust(w_rule), *_SEVERITY_STYLE[f.severity])
            out.wrapped(text, indent, f"{pos.rjust(w_where)}  {rule}  ")
        for rule_id, more in hidden.items():
            out.wrapped(
                f"... and {more} more {rule_id} (poa score --json lists every finding)",
                indent,
                " " * indent,
            )
        out.line()
        out.line(out.style("How to fix", "bold"))
        seen: set[str] = set()
        for f in report.findings:
            if f.suggestion and f.rule not in seen:
                seen.add(f.rule)
                out.line("  " + out.style(f.rule, *_SEVERITY_STYLE[f.severity]))
                out.wrapped(f.suggestion, 4, "    ")
    else:
        out.line("No findings.")
    out.line()
    if report.predicted_prompts:
        out.line(
            "Amazon is likely to ask again for: "
            + out.style(", ".join(report.predicted_prompts), "bold")
        )
    else:
        out.line("No prompt predicted: nothing here that Amazon usually sends back.")
    out.flush()
