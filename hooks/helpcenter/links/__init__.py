"""The site indexed once, every link judged and located, the link graph."""
