"""Plain, MkDocs-free logic behind the help center's build hooks.

Each module does one job and is unit-tested without MkDocs; the files directly
in ``hooks/`` are thin adapters that connect these functions to MkDocs events.
"""
