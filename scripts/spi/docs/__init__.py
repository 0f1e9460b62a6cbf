"""Documentation generated from a build: the README's quoted figures."""
