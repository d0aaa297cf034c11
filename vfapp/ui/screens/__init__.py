"""One module (or package) per screen."""
