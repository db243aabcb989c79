"""The CV: a validated model of the owner's CV data file, and its views."""
