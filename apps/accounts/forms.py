from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

User = get_user_model()


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        max_length=User._meta.get_field("email").max_length,
        help_text="For password resets only; never shown.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        # One account per address, so a password reset reaches exactly one person.
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "bio")
        help_texts = {
            "display_name": "Shown on your posts and comments instead of your username.",
            "bio": "A few lines about you, shown on your posts and author page. Plain text.",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
