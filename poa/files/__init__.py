"""Files: atomic writes, the case lock, input checks, bounded archives, caches on disk."""
