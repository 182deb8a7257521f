"""The showcase's tests: `python -m pytest` in the project folder runs them."""

from scallion.test import Client


def test_home_lists_the_items() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    assert "Welcome to the scallion showcase" in response.content.decode()
    assert response["Server-Timing"].startswith("app;dur=")  # our middleware ran


def test_contact_form_errors_and_success() -> None:
    client = Client()
    response = client.post("/contact/", {"name": "", "email": "nope", "message": "short"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please tell us your name." in body
    assert 'value="nope"' in body  # the input is shown again

    response = client.post(
        "/contact/",
        {"name": "Ada", "email": "ada@example.com", "message": "Hello there, scallion!"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Thanks, Ada! Message received." in response.content.decode()


def test_the_json_api_validates_its_input() -> None:
    client = Client()
    created = client.post("/api/items/", {"name": "Chive", "price": 1.5}, "application/json")
    assert created.status_code == 201
    assert created.json() == {"id": 3, "name": "Chive", "price": 1.5}
    refused = client.post("/api/items/", {"name": "Chive", "price": -1}, "application/json")
    assert refused.status_code == 400
    assert client.get("/api/items/9/").status_code == 404
