"""The search index rewrite and the readers' words (synonyms)."""
