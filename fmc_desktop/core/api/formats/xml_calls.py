"""Call lists in XML, whatever their tags are called: read whole or streamed, never trusted."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from xml.etree.ElementTree import Element, tostring
from xml.etree.ElementTree import ParseError as XmlSyntaxError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from fmc_desktop.core.api.errors import ParseError
from fmc_desktop.core.api.formats.fields import (
    KNOWN,
    STREAM_BATCH,
    ParseResult,
    Readable,
    RejectedRow,
    record_from_fields,
    sentence,
)


def _xml_error(error: Exception, source: str) -> ParseError:
    """One sentence for what stopped an XML read, the whole-text one or the streaming one."""
    if isinstance(error, XmlSyntaxError):
        line, column = getattr(error, "position", (0, 0))
        reason = str(error).split(":", 1)[0]
        return ParseError(
            f"{sentence(source)} is not valid XML (line {line}, column {column + 1}): {reason}.",
            source=source,
            line=line,
            column=column + 1,
        )
    if isinstance(error, DefusedXmlException):  # a ValueError too: asked first
        return ParseError(
            f"{sentence(source)} is XML that declares entities or external references, "
            "which this program refuses to read for safety.",
            source=source,
        )
    return ParseError(f"{sentence(source)} is not readable XML: {error}.", source=source)


def parse_xml(data: bytes, source: str) -> ParseResult:
    try:
        root = SafeElementTree.fromstring(data)
    except (XmlSyntaxError, ValueError, LookupError) as error:
        raise _xml_error(error, source) from None

    result = ParseResult()
    records, rejected = result.records, result.rejected
    for number, fields in enumerate(_xml_calls(root), 1):
        if fields is None:
            rejected.append(RejectedRow(f"record {number}", "the record has no fields", {}))
            continue
        try:
            records.append(record_from_fields(fields))
        except ValueError as error:
            rejected.append(RejectedRow(f"record {number}", str(error), fields))
    return result


def _local_name(tag: object) -> str | None:
    if not isinstance(tag, str):
        return None  # a comment or processing instruction
    return tag.rpartition("}")[2]


def _xml_fields(element: Element) -> dict[str, str]:
    fields = {_local_name(name) or name: value for name, value in element.attrib.items()}
    for child in element:
        name = _local_name(child.tag)
        if name is None:
            continue
        if len(child):
            # A field with structure of its own (ownership=on is undocumented): keep its markup.
            inner = "".join(tostring(part, encoding="unicode") for part in child)
            fields[name] = (child.text or "") + inner
        else:
            fields[name] = child.text or ""
    return fields


def _xml_calls(root: Element) -> list[dict[str, str] | None]:
    """The fields of each call, in document order; None for a call element with no fields.

    A call is an element whose children are leaves (`<call><duration>14</duration>...`), or whose
    attributes are the fields (`<call duration="14" .../>`). Either must name at least one known
    field, so wrappers like `<meta><count>3</count></meta>` are not mistaken for calls. What the
    root and the wrappers are called does not matter.
    """
    if _is_call(root):
        return [_xml_fields(root)]
    calls: list[dict[str, str] | None] = []
    # An explicit stack: a hostile document may nest deeper than Python's recursion limit.
    stack = [_xml_children(root)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        child, is_call, call_tags = item
        if is_call:
            calls.append(_xml_fields(child))
        elif len(child):
            stack.append(_xml_children(child))
        elif child.tag in call_tags and _is_empty(child):
            calls.append(None)  # `<call/>` among calls: an empty record, worth reporting
    return calls


def _xml_children(element: Element) -> Iterator[tuple[Element, bool, set[object]]]:
    children = list(element)
    flags = [_is_call(child) for child in children]
    call_tags: set[object] = {
        child.tag for child, flag in zip(children, flags, strict=True) if flag
    }
    return zip(children, flags, itertools.repeat(call_tags))


def _is_call(element: Element) -> bool:
    """Whether an element is one call: it names a known field in a leaf child or an attribute.

    A child with children of its own is allowed (kept as markup) unless it names known fields
    itself: then this element is a wrapper around calls, not a call.
    """
    named = False
    for child in element:
        if len(child):
            for grandchild in child:
                if _local_name(grandchild.tag) in KNOWN:
                    return False
        elif not named and _local_name(child.tag) in KNOWN:
            named = True
    if named:
        return True
    return any(_local_name(name) in KNOWN for name in element.attrib)


def stream_xml_calls(
    stream: Readable, source: str, batch: int = STREAM_BATCH
) -> Iterator[ParseResult]:
    """The calls of an XML call list file, `batch` at a time, read with defusedxml's iterparse.

    The same calls as `_xml_calls` finds in a whole document: a call is judged when its end tag
    is read (its fields are complete then), handed on and dropped from the tree, so memory holds
    one call and the wrappers around it, not the file.
    """
    calls = _StreamedCalls()
    open_elements: list[Element] = []
    try:
        for event, element in SafeElementTree.iterparse(stream, events=("start", "end")):
            if event == "start":
                open_elements.append(element)
                continue
            open_elements.pop()
            calls.judge(element, open_elements[-1] if open_elements else None)
            if calls.count >= batch:
                yield calls.take()
    except (XmlSyntaxError, ValueError, LookupError) as error:
        raise _xml_error(error, source) from None
    if calls.count:
        yield calls.take()


def _is_empty(element: Element) -> bool:
    """Whether an element holds nothing at all: no children, attributes or text."""
    return not len(element) and not element.attrib and not (element.text or "").strip()


class _StreamedCalls:
    """The calls read so far from a streamed XML call list, and what judging the next ones needs.

    Elements are known by `id()` while they are in the tree: a parent stays in it until its own
    end tag is read.
    """

    def __init__(self) -> None:
        self.result = ParseResult()
        self.number = 0
        # Elements that held calls are wrappers, whatever remains in them.
        self.wrappers: set[int] = set()
        # `<call/>` among calls is an empty record: found when a sibling shows the tag is a call's.
        self.call_tags: dict[int, set[object]] = {}
        self.empties: dict[int, list[object]] = {}

    @property
    def count(self) -> int:
        """How many calls, read or refused, wait to be handed on."""
        return len(self.result.records) + len(self.result.rejected)

    def take(self) -> ParseResult:
        """The calls waiting, handed on; the next ones start a new batch."""
        result, self.result = self.result, ParseResult()
        return result

    def judge(self, element: Element, parent: Element | None) -> None:
        """Judge an element whose end tag was just read: a wrapper, a call, or an empty one."""
        if id(element) in self.wrappers:
            self._close_wrapper(element, parent)
        elif _is_call(element):
            self._take_call(element, parent)
        elif parent is not None and _is_empty(element):
            self._take_empty(element, parent)

    def _close_wrapper(self, element: Element, parent: Element | None) -> None:
        key = id(element)
        self.wrappers.discard(key)
        self.call_tags.pop(key, None)
        self.empties.pop(key, None)
        if parent is not None:
            self.wrappers.add(id(parent))
            del parent[-1]

    def _take_call(self, element: Element, parent: Element | None) -> None:
        if parent is not None:
            self._learn_call_tag(id(parent), element.tag)
            self.wrappers.add(id(parent))
        self._add(_xml_fields(element))
        if parent is not None:
            del parent[-1]

    def _learn_call_tag(self, parent_key: int, tag: object) -> None:
        """Note that `tag` names calls under this parent: the empty ones seen before are calls."""
        tags = self.call_tags.setdefault(parent_key, set())
        if tag in tags:
            return
        tags.add(tag)
        waiting = self.empties.get(parent_key, [])
        for _ in range(waiting.count(tag)):
            self._add(None)
        if waiting:
            self.empties[parent_key] = [t for t in waiting if t != tag]

    def _take_empty(self, element: Element, parent: Element) -> None:
        parent_key = id(parent)
        if element.tag in self.call_tags.get(parent_key, ()):
            self._add(None)
            del parent[-1]
        else:
            self.empties.setdefault(parent_key, []).append(element.tag)

    def _add(self, fields: dict[str, str] | None) -> None:
        self.number += 1
        at = f"record {self.number}"
        if fields is None:
            self.result.rejected.append(RejectedRow(at, "the record has no fields", {}))
            return
        try:
            self.result.records.append(record_from_fields(fields))
        except ValueError as error:
            self.result.rejected.append(RejectedRow(at, str(error), fields))
