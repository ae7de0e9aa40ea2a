"""``newsarchive serve``: the archive as a website.

``app`` is the Starlette application (Jinja2 templates, the JSON API under
``/api/``); ``pywb`` runs the replay engine, pywb, as a process of its own
on another port, so that archived pages run on another origin than the UI;
``server`` runs both on loopback until Ctrl-C.
"""
