"""The showcase's URL map (`scallion routes` prints it)."""

from scallion.urls import path
from showcase import views

urlpatterns = [
    path("", views.home, name="home"),
    path("contact/", views.contact, name="contact"),
    path("upload/", views.upload, name="upload"),
    path("counter/", views.counter, name="counter"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("api/items/", views.items_api, name="items"),
    path("api/items/<int:item_id>/", views.item_api, name="item"),
    path("stream/", views.stream, name="stream"),
    path("boom/", views.boom, name="boom"),
    path("live/", views.live, name="live"),
    path("live/clock/", views.clock, name="clock"),
    path("dtl/", views.dtl_home, name="dtl-home"),
    path("dtl/contact/", views.dtl_contact, name="dtl-contact"),
]

handler404 = "showcase.views.not_found"

# The live page's WebSocket route, served by the same get_asgi_application() (under
# uvicorn; the embedded server, waitress, speaks WSGI and has no WebSockets).
from showcase import consumers  # noqa: E402

websocket_urlpatterns = [
    path("ws/chat/<slug:name>/", consumers.ChatConsumer.as_asgi(), name="chat"),
]
