"""The case: its model, the case folder on disk, answers files and validation wording."""
