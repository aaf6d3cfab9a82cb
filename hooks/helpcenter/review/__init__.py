"""What readers will see: which facts each page reads (the fact-usage map), and what a change does to the
rendered site (`make diff`, `make fact-usage`)."""
