class LoadUserMiddleware:
    """Loads the signed-in user before the view runs, as an activity tracker or a throttling
    middleware would, so a `default` outage surfaces inside middleware rather than in a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user.is_authenticated  # noqa: B018  (the lookup is the point)
        return self.get_response(request)
