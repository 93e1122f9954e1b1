"""Password-reset mail, rate-limited so the reset form can flood no mailbox and mail no account
without end (limits in `settings.RATE_LIMITS`, counted by apps.accounts.ratelimits):

- per client address (`password_reset_client`) and per e-mail address typed
  (`password_reset_email`): a request beyond either is refused with a 429 page. The address is
  counted whether or not an account uses it, so the refusal tells nothing about accounts;
- per account (`password_reset_account`): beyond it the account gets no more mail, silently, since
  a refusal there would tell that the account exists.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView

from apps.accounts.client_ip import client_ip
from apps.accounts.ratelimits import ratelimit_hit, ratelimited_response
from apps.accounts.site_title import site_title


class RateLimitedPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        for user in super().get_users(email):
            if ratelimit_hit(scope="password_reset_account", subject=str(user.pk)) is None:
                yield user


class RateLimitedPasswordResetView(PasswordResetView):
    form_class = RateLimitedPasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().casefold()
        retry_at = ratelimit_hit(
            scope="password_reset_client", subject=client_ip(self.request) or "unknown"
        ) or ratelimit_hit(scope="password_reset_email", subject=email)
        if retry_at is not None:
            return ratelimited_response(
                self.request,
                retry_at=retry_at,
                title="Too many password reset requests",
                message="We have paused reset mail for that address or from your network.",
                form=form,
                submit_label="Send reset link",
            )
        # Mail is rendered without the request, so without the pages' context processors.
        self.extra_email_context = {**(self.extra_email_context or {}), "site_title": site_title()}
        return super().form_valid(form)
