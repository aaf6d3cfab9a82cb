"""What writers' text may hold and what may reach the page: the rules the features above apply to their input."""
