"""Newsroom workflow tools: scaffold, check, preview and publish stories.

Not a Pelican plugin: these are the functions behind the ``new``, ``check``, ``check-links``,
``preview-story`` and ``publish`` tasks (tasks.py keeps thin wrappers), reusing the content model
of :mod:`newsroom` (header parsing, pure validation, the checking reader).
"""
