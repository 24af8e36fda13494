from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_pagination_partial_keeps_filters_in_page_links():
    request = RequestFactory().get("/directory/", {"country": "TJ", "page": "2"})
    page = Paginator(range(45), 20).get_page(2)

    content = render_to_string("_pagination.html", {"page": page}, request=request)

    assert '<a href="?country=TJ&amp;page=1" rel="prev">Previous</a>' in content
    assert '<a href="?country=TJ&amp;page=3" rel="next">Next</a>' in content
    assert "Page 2 of 3" in content


def test_pagination_partial_is_empty_for_one_page():
    request = RequestFactory().get("/directory/")
    page = Paginator(range(5), 20).get_page(1)

    content = render_to_string("_pagination.html", {"page": page}, request=request)

    assert content.strip() == ""
