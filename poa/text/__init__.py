"""Text: what poa knows about text, for every feature (wizard, scorer, messages, orders, revisions).

- ``ids``: Amazon order IDs and ASINs (every order-ID pattern, built from the same pieces);
- ``folding``: full-width forms and odd dashes brought to one form;
- ``sentences``: the one sentence splitter, with positions, and where each kind of text breaks;
- ``words``: words as a reader counts them;
- ``scripts``: CJK and other non-Latin text;
- ``dates``: dates as sellers write them, and command-line date options;
- ``facts``: the checkable facts in a text (dates, counts, money, durations, owners, frequencies);
- ``decode``, ``regexcache``, ``regex_gate``: reading text files, compiled patterns kept between
  runs, cheap pre-checks for patterns.

The layer above the base: it imports nothing of poa's but ``poa.errors``, ``poa.knowledge``,
``poa.files`` and itself.
"""
