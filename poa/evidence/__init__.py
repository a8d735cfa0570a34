"""The documents behind a plan: which a reviewer expects, and whether the case's hold up.

``checklist`` builds the per-kind checklist (``sections/evidence.yaml``) merged with the
documents the notice asks for; ``invoices`` checks typed invoices (window, supplier, buyer,
pro-formas, ASINs and units covered); ``exhibits`` says what the plan's appendix shows of each
document. No terminal I/O here: ``poa evidence`` and ``poa check`` print the results.
"""
