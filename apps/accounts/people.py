"""What pages show of a person, from a few values: the name and the avatar's picture.

Shared by the user model and by the bylines a page of comments reads as rows
(apps/accounts/bylines.py), so both answer the same way.
"""

from apps.core.images import AVATAR, Picture, picture_of


class ShownAsPerson:
    """`public_name` and `avatar_picture` from `display_name`, `username`, `avatar_width`,
    `avatar_height` and `avatar_name()`, which the class provides."""

    __slots__ = ()

    def avatar_name(self) -> str:
        raise NotImplementedError

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    @property
    def avatar_picture(self) -> Picture | None:
        """The photo's renditions (src, srcset, width, height), None without one."""
        if not (self.avatar_width and self.avatar_height):
            # No photo: the name (on a user, a file field object built on first access) is not
            # needed; a page of comments draws dozens of avatars.
            return None
        return picture_of(
            self.avatar_name(), width=self.avatar_width, height=self.avatar_height, kind=AVATAR
        )
