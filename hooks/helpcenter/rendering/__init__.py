"""Page templates in the sandbox, the bounds on what they may compute, and snippets."""
