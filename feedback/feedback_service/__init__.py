"""The help center's feedback service: readers' votes and failed searches in, writers' report out.

The folder is ``feedback/`` and the package ``feedback_service``: pytest and the
build put ``hooks/`` on the import path, where ``feedback.py`` (the widget's
MkDocs hook) already owns the module name ``feedback``.
"""
