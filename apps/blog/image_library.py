"""An author's image library (/dashboard/images/): images to show inside their posts.

A page of its own rather than an upload button in the editor: it works without JavaScript (upload,
then copy the Markdown shown beside the image), an image can be used in several posts and found
again later, and the author sees, and deletes, what they stored.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import ListView

from apps.accounts.ratelimits import ratelimit_hit, ratelimited_response
from apps.blog import selectors, services
from apps.blog.models import LibraryImage
from apps.core.image_fields import ImageUploadField
from apps.core.image_files import ImageStorageUnavailable
from apps.core.images import BODY_IMAGE

IMAGES_PER_PAGE = 24


class LibraryImageForm(forms.Form):
    image = ImageUploadField(kind=BODY_IMAGE, required=True, label="Add an image")


class ImageLibraryView(LoginRequiredMixin, ListView):
    """GET: the author's images, newest first, each with its Markdown; POST: add one."""

    template_name = "blog/image_library.html"
    context_object_name = "images"
    paginate_by = IMAGES_PER_PAGE

    def get_queryset(self):
        return selectors.library_images_of(author_id=self.request.user.pk)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", LibraryImageForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        # Counted before the upload is read: checking it already decodes the image.
        retry_at = ratelimit_hit(scope="image_upload", subject=str(request.user.pk))
        if retry_at is not None:
            return ratelimited_response(
                request,
                retry_at=retry_at,
                title="You are uploading images faster than we allow",
                message="The image was not added.",
                form=LibraryImageForm(),
                submit_label="Upload",
            )
        form = LibraryImageForm(request.POST, request.FILES)
        entry = None
        if form.is_valid():
            try:
                entry = services.library_image_add(
                    author_id=request.user.pk, image=form.cleaned_data["image"]
                )
            except ImageStorageUnavailable as error:
                form.add_error("image", str(error))
        if entry is None:
            self.object_list = self.get_queryset()
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, "Image added: copy its Markdown into a post.")
        return redirect(f"{reverse('image_library')}#image-{entry.pk}")


class LibraryImageDeleteView(LoginRequiredMixin, View):
    """POST: delete one of the author's own images (404 for anyone else's)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        entry = get_object_or_404(LibraryImage, pk=pk, author_id=request.user.pk)
        services.library_image_delete(entry=entry)
        messages.success(request, "Image deleted. Posts that showed it show its description.")
        return redirect("image_library")
