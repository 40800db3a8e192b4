"""The public API, version 1, at ``/api/v1/`` (docs/adr/0018-public-api.md).

An adapter over the same selectors and services as the web pages: it holds no rules of its
own beyond HTTP (``core``), and every write goes through the service its web form uses.
"""
