"""meetingrules."""
