"""`{% tag_list tags %}` (apps/blog/templatetags/tag_lists.py): the markup the post page's
included template wrote for its tags, names and addresses escaped as the engine escaped them."""

import pytest
from django.template import Context, Template

from apps.blog.post_page import PostTag

# What templates/blog/_tags.html held before the tag replaced it (less its final newline).
ENGINE_MARKUP = (
    '{% if tags %}<ul class="tags" aria-label="Tags">{% for tag in tags %}<li><a class="tag" '
    'href="{{ tag.get_absolute_url }}">#{{ tag.name }}</a></li>{% endfor %}</ul>{% endif %}'
)

TAG_SETS = [
    [],
    [PostTag(1, "harbour", "harbour")],
    [PostTag(1, '<img src=x>"', "img"), PostTag(2, "a & 'b'", "a-b"), PostTag(3, "Zoë", "zoë")],
]


@pytest.mark.parametrize("tags", TAG_SETS, ids=len)
def test_tag_list_writes_what_the_template_wrote(tags):
    ours = Template("{% load tag_lists %}{% tag_list tags %}").render(Context({"tags": tags}))
    assert ours == Template(ENGINE_MARKUP).render(Context({"tags": tags}))


def test_names_are_escaped():
    tags = [PostTag(1, "<script>x</script>", "x")]
    html = Template("{% load tag_lists %}{% tag_list tags %}").render(Context({"tags": tags}))
    assert "<script>" not in html and "#&lt;script&gt;x&lt;/script&gt;</a>" in html


# The loop the post page's head held before `{% tag_meta %}` replaced it.
ENGINE_META = (
    '{% for tag in tags %}<meta property="article:tag" content="{{ tag.name }}">\n  {% endfor %}'
)


@pytest.mark.parametrize("tags", TAG_SETS, ids=len)
def test_tag_meta_writes_what_the_loop_wrote(tags):
    ours = Template("{% load tag_lists %}{% tag_meta tags %}").render(Context({"tags": tags}))
    assert ours == Template(ENGINE_META).render(Context({"tags": tags}))
