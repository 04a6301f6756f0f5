"""Scenarios of the platform pages."""

from django.urls import reverse

from bench.harness import scenario
from parks.models import Park


def check(response):
    if response.status_code != 200:
        raise RuntimeError(f"{response.request['PATH_INFO']} answered {response.status_code}")
    return response


@scenario("login page (anonymous)", target="median ≤ 50 ms")
def login_page(ctx):
    from django.test import Client

    check(Client().get(reverse("login")))


@scenario("home page (officer)", target="median ≤ 150 ms")
def home_page(ctx):
    check(ctx.client("officer").get(reverse("home")))


@scenario("park list (officer)", target="median ≤ 150 ms")
def park_list(ctx):
    check(ctx.client("officer").get(reverse("parks:park_list")))


@scenario("park detail (officer)", target="median ≤ 150 ms")
def park_detail(ctx):
    pk = ctx.once("park", lambda: Park.objects.order_by("pk").values_list("pk", flat=True).first())
    check(ctx.client("officer").get(reverse("parks:park_detail", args=[pk])))
