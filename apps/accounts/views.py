"""Sign-up and profile. Login, logout and passwords are Django's own views (see urls.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.generic import CreateView, UpdateView

from apps.accounts.client_ip import client_ip
from apps.accounts.forms import ProfileForm, SignupForm
from apps.accounts.ratelimits import ratelimit_hit, ratelimited_response
from apps.accounts.site_title import site_title


class SignupView(CreateView):
    form_class = SignupForm
    template_name = "accounts/signup.html"
    success_url = reverse_lazy("dashboard")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("dashboard")
        if not settings.SIGNUP_OPEN:
            # 403, not 404: the page exists, it is closed to the public (staff invite people).
            return render(request, "accounts/signup_closed.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        retry_at = ratelimit_hit(scope="signup", subject=client_ip(self.request) or "unknown")
        if retry_at is not None:
            return ratelimited_response(
                self.request,
                retry_at=retry_at,
                title="Too many new accounts from your address",
                message="We have paused sign-ups from your network for a while.",
                form=form,
                submit_label="Sign up",
            )
        # Saving commits the user row in `default`; what other apps do on that commit (the
        # blog's welcome post, apps.blog.integrity) is done before the redirect.
        user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, f"Welcome to {site_title()}, {user.username}!")
        return redirect(self.success_url)


class ProfileEditView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "accounts/profile_form.html"
    success_url = reverse_lazy("profile_edit")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, "Profile saved.")
        return super().form_valid(form)
