"""What content may put on the page and in the output."""
