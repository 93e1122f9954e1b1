from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.validators import MaxLengthValidator

from apps.core.image_fields import ImageFieldsFormMixin

User = get_user_model()


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        max_length=User._meta.get_field("email").max_length,
        help_text="For password resets only; never shown.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")
        help_texts = {
            "username": "Unaccented Latin letters, digits and @ . + - _ only: it is part of your "
            "author page's address. Your display name may use any script."
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # ASCII only: "\u0430dmin" with a Cyrillic a would pass for "admin" (docs/deployment.md).
        self.fields["username"].validators.append(ASCIIUsernameValidator())

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        # One account per address, so a password reset reaches exactly one person.
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email


class ProfileForm(ImageFieldsFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "bio", "avatar", "notify_replies")
        labels = {"avatar": "Photo"}
        help_texts = {
            "display_name": "Shown on your posts and comments instead of your username.",
            "bio": "A few lines about you, shown on your posts and author page. Plain text.",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}


class UsernameLengthMixin:
    """Enforce the username's length on login forms.

    Django's AuthenticationForm only copies the length to the widget, so an over-long username
    reached authenticate() and then the lockout records (varchar(255)) as a database error.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass
