"""The load of ``make load`` (docs/load.md): signed-in users of every role opening the cockpit,
lists, detail pages and API calls, as people do.  Loopback only; run through deploy/load.py."""

import random
import re

from locust import HttpUser, between, task
from requests.cookies import RequestsCookieJar

PASSWORD = "Demo-Portal-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoopbackCookieJar(RequestsCookieJar):
    """Production cookies are Secure (HTTPS only); on plain-HTTP loopback send them back anyway."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        self.client.cookies = LoopbackCookieJar()
        page = self.client.get("/login/", name="login form")
        token = CSRF.search(page.text).group(1)
        answer = self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/login/"},
            name="login",
        )
        if "/login/" in answer.url:
            raise RuntimeError(f"login of {self.username} refused")
        listing = self.client.get("/api/enterprises/?page_size=50", name="/api/enterprises/ (ids)").json()
        self.enterprise_ids = [row["id"] for row in listing.get("results", [])] or [0]
        parks = self.client.get("/api/parks/?page_size=50", name="/api/parks/ (ids)").json()
        self.park_ids = [row["id"] for row in parks.get("results", [])] or [0]

    # -- pages ------------------------------------------------------------------------------------

    def cockpit(self):
        self.client.get("/reports/cockpit/", name="cockpit")
        self.client.get("/reports/cockpit/data/", name="cockpit data")

    def enterprise_list(self):
        page = random.randint(1, 20)
        self.client.get(f"/enterprises/?page={page}", name="enterprise list")

    def enterprise_search(self):
        self.client.get("/enterprises/?above_size=true&scale=medium", name="enterprise list (filtered)")

    def enterprise_detail(self):
        self.client.get(f"/enterprises/{random.choice(self.enterprise_ids)}/", name="enterprise detail")

    def park_list(self):
        self.client.get("/parks/", name="park list")

    def park_detail(self):
        pk = random.choice(self.park_ids)
        self.client.get(f"/parks/{pk}/", name="park detail")
        self.client.get(f"/parks/{pk}/figures/", name="park figures")

    def project_list(self):
        self.client.get("/projects/", name="project list")

    def policy_list(self):
        self.client.get("/policies/", name="policy list")

    def request_list(self):
        self.client.get("/enterprises/requests/", name="service request list")

    def api_enterprises(self):
        self.client.get(f"/api/enterprises/?page={random.randint(1, 50)}", name="API enterprises")

    def api_stats(self):
        pk = random.choice(self.enterprise_ids)
        self.client.get(f"/api/enterprise-stats/?enterprise={pk}", name="API enterprise stats")

    def api_parks(self):
        self.client.get("/api/parks/", name="API parks")


class Leader(PortalUser):
    weight = 2
    username = "leader"

    @task(5)
    def t_cockpit(self):
        self.cockpit()

    @task(2)
    def t_park(self):
        self.park_detail()

    @task(2)
    def t_enterprise(self):
        self.enterprise_detail()

    @task(1)
    def t_projects(self):
        self.project_list()


class Officer(PortalUser):
    weight = 3
    username = "officer"

    @task(3)
    def t_list(self):
        self.enterprise_list()

    @task(3)
    def t_detail(self):
        self.enterprise_detail()

    @task(1)
    def t_filtered(self):
        self.enterprise_search()

    @task(2)
    def t_requests(self):
        self.request_list()

    @task(1)
    def t_policies(self):
        self.policy_list()

    @task(1)
    def t_cockpit(self):
        self.cockpit()


class ParkStaff(PortalUser):
    weight = 3
    username = "staff_a"

    @task(3)
    def t_list(self):
        self.enterprise_list()

    @task(3)
    def t_detail(self):
        self.enterprise_detail()

    @task(2)
    def t_park(self):
        self.park_detail()

    @task(1)
    def t_requests(self):
        self.request_list()


class Analyst(PortalUser):
    weight = 1
    username = "analyst"

    @task(2)
    def t_cockpit(self):
        self.cockpit()

    @task(2)
    def t_list(self):
        self.enterprise_list()

    @task(2)
    def t_api(self):
        self.api_enterprises()

    @task(1)
    def t_stats(self):
        self.api_stats()


class ApiClient(PortalUser):
    """An integrator's script with the admin's session: API lists and figures."""

    weight = 1
    username = "admin"

    @task(3)
    def t_enterprises(self):
        self.api_enterprises()

    @task(2)
    def t_stats(self):
        self.api_stats()

    @task(1)
    def t_parks(self):
        self.api_parks()

    @task(1)
    def t_park_list(self):
        self.park_list()
