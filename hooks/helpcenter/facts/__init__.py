"""The facts file: its schema, loading with located errors, the views pages and
templates render, and facts typed by hand."""
