"""The build's jobs: thin MkDocs adapters, called in order by hooks/pipeline.py, and the build's state (build.py).

Each job turns MkDocs objects into plain values, calls the logic in
hooks/helpcenter/, and returns what it found (or adds it to the build's
`Report`). A job receives the phase results it needs as arguments.
"""
