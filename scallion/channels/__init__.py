"""WebSockets, long-lived HTTP and channel layers, with Django Channels' names.

A Channels project moves over by renaming the ``channels`` import prefix to
``scallion.channels`` (and ``django`` to ``scallion``): consumers, routers,
scope middleware, channel layers and the test communicators keep their names
and behaviour. A new project needs none of the routers: ``websocket_urlpatterns``
in the root URLconf are served by ``get_asgi_application()`` itself (see
``docs/websockets.md``).
"""

#: The alias consumers use unless they set ``channel_layer_alias``.
DEFAULT_CHANNEL_LAYER = "default"

__all__ = ["DEFAULT_CHANNEL_LAYER"]
