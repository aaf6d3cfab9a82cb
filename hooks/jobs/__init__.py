"""The build's jobs: one thin MkDocs adapter per job, called in order by hooks/pipeline.py.

Each module turns MkDocs objects into plain values, calls the job's logic in
hooks/helpcenter/, and reports what it found through the build's `Report`.
"""
