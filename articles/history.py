"""An article's history as editors read it: labelled fields, whole texts with the changed words marked."""

from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.editing import IMPORT, M2M_FIELDS, TEXT_FIELDS, comparable
from articles.models import Article, District, Source, Topic

LABELS = {name: str(Article._meta.get_field(name).verbose_name) for name in Article.CORRECTABLE}
_TARGETS = {
    "primary_districts": (District, "district_id"),
    "mentioned_districts": (District, "district_id"),
    "topics": (Topic, "topic_id"),
}


def _m2m_history(name: str):
    return Article.history.model._meta.get_field(f"historicalarticle_{name}").related_model


def values_of(obj) -> dict:
    """Every correctable field of an article or of one of its history records: tags as sets of ids."""
    is_record = hasattr(obj, "history_id")
    values = {}
    for name in Article.CORRECTABLE:
        if name in M2M_FIELDS:
            column = _TARGETS[name][1]
            if is_record:
                rows = _m2m_history(name).objects.filter(history=obj)
            else:
                rows = getattr(Article, name).through.objects.filter(article_id=obj.pk)
            values[name] = frozenset(rows.values_list(column, flat=True))
        elif name == "source":
            values[name] = obj.source_id
        else:
            values[name] = getattr(obj, name)
    return values


def changed_fields(old: dict, new: dict) -> list[str]:
    """The fields whose meaning differs: a change of line endings or spacing is not a change."""
    return [name for name in Article.CORRECTABLE if comparable(name, old.get(name)) != comparable(name, new.get(name))]


def display(name: str, value) -> str:
    if name in M2M_FIELDS:
        model, _ = _TARGETS[name]
        return "、".join(o.name for o in model.objects.filter(pk__in=value)) or "（无）"
    if name == "source":
        return str(Source.objects.filter(pk=value).first() or "（无）")
    if name == "hidden":
        return "是" if value else "否"
    if value in (None, ""):
        return "（空）"
    return str(value)


def marked_diff(name: str, old, new) -> tuple[str, str]:
    """Old and new as escaped HTML, the characters taken out in <del> and those put in in <ins>."""
    if name in M2M_FIELDS:
        model, _ = _TARGETS[name]
        names = dict(model.objects.filter(pk__in=old | new).values_list("pk", "name"))
        before = [format_html("<del>{}</del>", names[pk]) if pk not in new else escape(names[pk]) for pk in old]
        after = [format_html("<ins>{}</ins>", names[pk]) if pk not in old else escape(names[pk]) for pk in new]
        return mark_safe("、".join(before) or "（无）"), mark_safe("、".join(after) or "（无）")
    if name not in TEXT_FIELDS:
        return format_html("<del>{}</del>", display(name, old)), format_html("<ins>{}</ins>", display(name, new))
    old, new = old or "", new or ""
    before, after = [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            before.append(escape(old[i1:i2]))
            after.append(escape(new[j1:j2]))
            continue
        if i2 > i1:
            before.append(format_html("<del>{}</del>", old[i1:i2]))
        if j2 > j1:
            after.append(format_html("<ins>{}</ins>", new[j1:j2]))
    return mark_safe("".join(before)), mark_safe("".join(after))


def describe_changes(old: dict, new: dict) -> list[str]:
    """One line a changed field, in words: 标题：旧 → 新."""
    return [
        f"{LABELS[name]}：{display(name, old[name])} → {display(name, new[name])}" for name in changed_fields(old, new)
    ]


def changes_since(article_id: int, version: int) -> list[str] | None:
    """What an editor would see differently since the given version, field by field (None: unknown).

    An import that only moved the article's place on the page changes nothing an editor sees."""
    records = Article.history.filter(id=article_id)
    opened = records.filter(version=version).first()
    latest = records.first()
    if opened is None or latest is None:
        return None
    lines = describe_changes(values_of(opened), values_of(latest))
    if sorted(opened.corrected_fields or []) != sorted(latest.corrected_fields or []):
        flagged = ["、".join(LABELS[n] for n in r.corrected_fields or []) or "（无）" for r in (opened, latest)]
        lines.append(f"人工更正字段：{flagged[0]} → {flagged[1]}")
    return lines


def importer_values(article_id: int) -> dict:
    """What the importer last gave each field (from its own history records), where it is known."""
    known: dict = {}
    for record in Article.history.filter(id=article_id, history_change_reason=IMPORT).iterator():
        values = values_of(record)
        for name in Article.CORRECTABLE:
            # A corrected field kept the editor's value through the import: that is not the importer's.
            if name not in known and name not in (record.corrected_fields or []):
                known[name] = values[name]
        if len(known) == len(Article.CORRECTABLE):
            break
    return known
