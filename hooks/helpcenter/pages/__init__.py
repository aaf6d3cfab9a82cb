"""What a page is (its source, read once) and the checks of what writers typed."""
