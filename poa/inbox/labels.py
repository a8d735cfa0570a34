"""What the checklist and the CLI call a prompt, a kind of message, a section or a label, in the
seller's language, and the advice for a prompt (all data: ``sections/prompts.yaml``)."""

from __future__ import annotations

from typing import Any

from poa import knowledge
from poa.inbox.catalogue import DATA_FILE


def _advice(spec: dict[str, Any], violation: str) -> dict[str, str]:
    advice = spec["advice"]
    return dict(advice.get("by_violation", {}).get(violation) or advice["default"])


def prompt_label(prompt_id: str, lang: str = "en") -> str:
    spec = knowledge.load_data(DATA_FILE)["prompts"].get(prompt_id, {})
    return str(spec.get("label", {}).get(lang, prompt_id.replace("_", " ")))


def prompt_section(prompt_id: str) -> str:
    spec = knowledge.load_data(DATA_FILE)["prompts"].get(prompt_id, {})
    return str(spec.get("section", "additional_info"))


def prompt_advice(prompt_id: str, violation: str = "other") -> dict[str, str]:
    spec = knowledge.load_data(DATA_FILE)["prompts"][prompt_id]
    return _advice(spec, violation)


def kind_label(kind: str, lang: str = "en") -> str:
    data = knowledge.load_data(DATA_FILE)
    labels = next((k.get("label", {}) for k in data["kinds"] if k["id"] == kind), None)
    labels = labels or data.get("kind_other", {})
    return str(labels.get(lang) or labels.get("en") or kind)


def ui_text(key: str, lang: str = "en", **fields: object) -> str:
    """A checklist label in the seller's language (``ui`` in sections/prompts.yaml)."""
    labels = knowledge.load_data(DATA_FILE)["ui"][key]
    return str(labels.get(lang) or labels["en"]).format(**fields)


def section_name(section_id: str, title: str, lang: str = "en") -> str:
    """A section's English title, with its Chinese name after it for --lang zh."""
    zh = knowledge.load_data(DATA_FILE).get("section_names_zh", {}).get(section_id)
    return f"{title} / {zh}" if lang == "zh" and zh else title
