"""Letters around an appeal, and the check of anything written to buyers.

``check`` runs the buyer-message rules of ``sections/rules/messages/`` (a rule set of its own:
plan rules never run on messages, message rules never run on plans). ``facts`` gathers what a
letter needs from the case; ``compose`` renders the templates of ``sections/letters/``.
Nothing here prints or exits: ``poa.cli.letter_cmd`` does.
"""
