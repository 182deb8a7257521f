"""Testing tools: the in-process client, the request factory and settings overrides."""

from scallion.test.client import Client, RequestFactory
from scallion.test.utils import modify_settings, override_settings

__all__ = ["Client", "RequestFactory", "modify_settings", "override_settings"]

from scallion.test.async_client import AsyncClient, AsyncRequestFactory

__all__ += ["AsyncClient", "AsyncRequestFactory"]
