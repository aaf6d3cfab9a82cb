"""The help center's build logic: plain, typed functions that know nothing of MkDocs.

Feature folders, from the bottom up: security, facts, pages, rendering, links,
search, article_end. Each uses the floor (findings, text, htmltree, yamlsource,
schema, settings, clock, articles) and the features below it, never one above;
the floor uses none of them (tests/test_layout.py). hooks/jobs/ adapts them to
MkDocs, and hooks/pipeline.py runs the jobs in order.
"""
