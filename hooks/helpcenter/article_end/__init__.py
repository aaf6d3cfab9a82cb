"""What readers see around an article: related articles, the FAQ index, feedback, "Last updated"."""
