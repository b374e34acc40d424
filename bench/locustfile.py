"""Visitors of the library, for locust: browsing, searching, opening records and maps.

Used by bench/load.py (100 visitors for 5 minutes against the production layout) and by
the 30-second smoke run in tests/operations/test_production_layout.py. Every answer
that is not 2xx/3xx counts as an error. The words and places are the demo's and the
synthetic generator's, so both collections give real hits.
"""

import random
from urllib.parse import urlsplit

from locust import HttpUser, between, task

WORDS = ["lễ hội", "chiêng", "thổ cẩm", "Hrê", "Cơ Tu", "lua moi", "rượu cần", "OCOP", "trâu", "dệt"]
TYPES = ["festival", "custom", "product"]
# Quảng Ngãi and the Central Highlands, where the demo's records are.
VIEWS = ["108.2,14.6,109.2,15.4", "107.5,11.5,109.5,15.5", "102,8.5,110,23.5"]


class Visitor(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.records = []
        with self.client.get("/api/search?q=", name="/api/search (start)", catch_response=True) as response:
            if response.ok:
                self.records = [urlsplit(hit["url"]).path for hit in response.json().get("results", [])]
                response.success()

    @task(3)
    def home(self):
        self.client.get("/", name="/")

    @task(4)
    def library(self):
        self.client.get("/ho-so/", name="/ho-so/")
        self.client.get(f"/ho-so/?type={random.choice(TYPES)}", name="/ho-so/?type")

    @task(6)
    def record(self):
        if self.records:
            self.client.get(random.choice(self.records), name="record page")

    @task(5)
    def search(self):
        word = random.choice(WORDS)
        self.client.get("/search/", params={"q": word}, name="/search/?q")
        self.client.get("/api/search/suggest", params={"q": word[:3]}, name="/api/search/suggest")

    @task(2)
    def search_api(self):
        self.client.get("/api/search", params={"q": random.choice(WORDS)}, name="/api/search?q")

    @task(2)
    def map(self):
        self.client.get("/map/", name="/map/")
        view = random.choice(VIEWS)
        self.client.get(
            "/api/records.geojson", params={"view": view, "zoom": random.choice([6, 8, 10])}, name="map layer"
        )

    @task(1)
    def calendar(self):
        self.client.get("/lich-le-hoi/", name="/lich-le-hoi/")
