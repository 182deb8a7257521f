"""Ready-made consumers: WebSocket (text, bytes or JSON) and long-lived HTTP."""
