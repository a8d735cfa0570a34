"""Text: order IDs and ASINs, sentences, scripts, dates and facts.

The bottom layer: it imports nothing of poa's but ``poa.errors``.
"""
