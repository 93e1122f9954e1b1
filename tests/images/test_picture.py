"""A stored image's renditions follow from the model's fields alone: no file is opened."""

from apps.core.images import AVATAR, COVER, picture_of


def test_a_wide_cover_has_every_rendition_width_in_both_formats():
    picture = picture_of("covers/ab12/1600.jpg", width=1600, height=900, kind=COVER)
    assert [
        (fallback.name, fallback.width, fallback.height) for fallback, _ in picture.renditions
    ] == [
        ("covers/ab12/640.jpg", 640, 360),
        ("covers/ab12/1024.jpg", 1024, 576),
        ("covers/ab12/1600.jpg", 1600, 900),
    ]
    assert picture.src == "/media/covers/ab12/1600.jpg"
    assert picture.srcset == (
        "/media/covers/ab12/640.jpg 640w, /media/covers/ab12/1024.jpg 1024w, "
        "/media/covers/ab12/1600.jpg 1600w"
    )
    assert picture.webp_srcset == (
        "/media/covers/ab12/640.webp 640w, /media/covers/ab12/1024.webp 1024w, "
        "/media/covers/ab12/1600.webp 1600w"
    )
    assert (picture.width, picture.height) == (1600, 900)


def test_a_narrow_image_is_not_stored_wider_than_it_is():
    picture = picture_of("covers/cd34/800.png", width=800, height=533, kind=COVER)
    assert picture.file_names == [
        "covers/cd34/640.png",
        "covers/cd34/640.webp",
        "covers/cd34/800.png",
        "covers/cd34/800.webp",
    ]
    assert picture.renditions[0][0].height == 426


def test_rendition_picks_the_narrowest_wide_enough_file():
    picture = picture_of("covers/ab12/1600.jpg", width=1600, height=900, kind=COVER)
    assert picture.rendition(700).name == "covers/ab12/1024.jpg"
    assert picture.rendition(700, webp=True).name == "covers/ab12/1024.webp"
    assert picture.rendition(5000).name == "covers/ab12/1600.jpg"
    assert picture.rendition().name == "covers/ab12/640.jpg"


def test_an_avatar_is_one_square():
    picture = picture_of("avatars/ef56/160.jpg", width=160, height=160, kind=AVATAR)
    assert picture.file_names == ["avatars/ef56/160.jpg", "avatars/ef56/160.webp"]


def test_no_image_is_no_picture():
    assert picture_of("", width=None, height=None, kind=COVER) is None
    assert picture_of("covers/ab12/1600.jpg", width=None, height=None, kind=COVER) is None
