"""This edition's tests: the built site and PDF of Agile in the Clouds
(`make` builds them first)."""
