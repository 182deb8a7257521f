"""The showcase's tests: `python -m pytest` in the project folder runs them."""

from scallion.test import SimpleTestCase


class ShowcaseTests(SimpleTestCase):
    def test_home_lists_the_items(self) -> None:
        response = self.client.get("/")
        self.assertContains(response, "Welcome to the scallion showcase")
        self.assertTrue(response["Server-Timing"].startswith("app;dur="))  # our middleware

    def test_contact_form_errors_and_success(self) -> None:
        response = self.client.post("/contact/", {"name": "", "email": "nope", "message": "short"})
        self.assertContains(response, "Please tell us your name.", status_code=400)
        self.assertContains(response, 'value="nope"', status_code=400)  # the input, again

        response = self.client.post(
            "/contact/",
            {"name": "Ada", "email": "ada@example.com", "message": "Hello there, scallion!"},
            follow=True,
        )
        self.assertRedirects(response, "/contact/")
        self.assertContains(response, "Thanks, Ada! Message received.")

    def test_the_json_api_validates_its_input(self) -> None:
        item = {"name": "Chive", "price": 1.5}
        created = self.client.post("/api/items/", item, content_type="application/json")
        self.assertEqual(created.status_code, 201)
        self.assertEqual(created.json(), {"id": 3, **item})
        refused = self.client.post(
            "/api/items/", {**item, "price": -1}, content_type="application/json"
        )
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(self.client.get("/api/items/9/").status_code, 404)
