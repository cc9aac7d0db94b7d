from django.shortcuts import render


def home(request):
    """The landing page: what the registry is, and the next step for whoever is looking."""
    return render(request, "home.html")
