"""The gate of a page that belongs to one group of people (the 办公室's register, the
administrators' calendar and imports): signed in, then the feature's own rule, else its own 403 page."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def only_for(rule, forbidden_template: str):
    """Decorate a view: anonymous users sign in first; a user for whom rule(user) is false gets
    `forbidden_template` with status 403."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rule(request.user):
                return render(request, forbidden_template, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
