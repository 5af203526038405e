"""Helpers the tests share: in-process and staged builds, imports of
generated exports, text of built pages, hostile inputs."""
