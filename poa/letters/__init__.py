"""Letters around an appeal, and the check of anything written to buyers.

- ``check``: the buyer-message rules of ``sections/rules/messages/`` (a rule set of its own:
  plan rules never run on messages, message rules never run on plans);
- ``facts``: what a letter needs, from the case and ``--fact NAME=VALUE``;
- ``followup``: what a new revision adds where Amazon asked for more;
- ``compose``: the letters of ``sections/letters/``, rendered and checked;
- ``offer``: the wizard's offer of the buyer letters at its end.

Nothing here prints or exits: ``poa.cli.letter_cmd`` does.
"""
