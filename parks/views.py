from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from portal.forms import run_service
from portal.scoping import CHANGE, can_change, get_for_user_or_404

from . import services
from .forms import ParkForm
from .models import Park


@login_required
def park_list(request):
    parks = Park.objects.for_user(request.user).select_related("region")
    return render(request, "parks/park_list.html", {"parks": parks})


@login_required
def park_detail(request, pk):
    park = get_for_user_or_404(Park, request.user, pk=pk)
    return render(
        request,
        "parks/park_detail.html",
        {"park": park, "can_change": can_change(request.user, park), "history": park.history.all()[:50]},
    )


@login_required
def park_edit(request, pk):
    park = get_for_user_or_404(Park, request.user, CHANGE, pk=pk)
    form = ParkForm(request.POST or None, instance=park)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            services.park_update,
            user=request.user,
            park=park,
            data=form.cleaned_data,
            expected_version=form.cleaned_data["version"],
        )
        if saved:
            return redirect("parks:park_detail", pk=park.pk)
    return render(request, "parks/park_form.html", {"park": park, "form": form})
