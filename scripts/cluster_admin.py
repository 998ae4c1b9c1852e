"""An editor at work in the admin, over plain HTTP: log in, open an article, tick "hidden", save.

Used by scripts/cluster_test.py. The change form is sent back with every value it was rendered
with (as a browser without JavaScript would), so nothing but the one field changes.
"""

import re
from html.parser import HTMLParser


class FormValues(HTMLParser):
    """The fields a browser would submit from the form with the given id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values: list[tuple[str, str]] = []
        self._select = None  # (name, multiple, options, selected)
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.values.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [], [])
        elif tag == "option" and self._select is not None:
            self._option = attrs.get("value")
            self._select[2].append(self._option)
            if "selected" in attrs:
                self._select[3].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            name, multiple, options, selected = self._select
            if not selected and not multiple and options:
                selected = options[:1]
            self.values += [(name, value or "") for value in selected]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The HTML parser keeps the newline that follows <textarea>; a browser drops it.
            self.values.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None


def form_values(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormValues(form_id)
    parser.feed(html)
    return parser.values


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def hide_article(fetch, pk: int, username: str, password: str) -> None:
    """fetch(path, data=None) -> (status, body), keeping the editor's cookies."""
    status, page = fetch("/admin/login/")
    status, page = fetch(
        "/admin/login/",
        {"csrfmiddlewaretoken": csrf_token(page), "username": username, "password": password, "next": "/admin/"},
    )
    if status != 302:
        raise AssertionError(f"login failed (HTTP {status})")
    change = f"/admin/articles/article/{pk}/change/"
    status, page = fetch(change)
    if status != 200:
        raise AssertionError(f"the change form answered HTTP {status}")
    values = [(name, value) for name, value in form_values(page, "article_form") if name != "hidden"]
    status, page = fetch(change, [*values, ("hidden", "on"), ("_save", "保存")])
    if status != 302:
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
        raise AssertionError(f"the save was refused (HTTP {status}): {errors[:3]}")
