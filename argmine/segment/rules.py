"""Rule segmentation into units (ANNOTATION.md §1): sentences, headings, point titles.

Units tile the text: only whitespace lies between them, and no character
outside whitespace is left out. The text is never changed, so defects such as
``إلىاستباق`` or ``”الفيلق`` pass through untouched.

>>> text = "أبعاد رئيسية\\n1- تحركات منظمة: استهدفت الفصائل مقرات. وقال مصدر إن العملية انتهت."
>>> [text[s:e] for s, e in segment(text)]
['أبعاد رئيسية', '1- تحركات منظمة:', 'استهدفت الفصائل مقرات.', 'وقال مصدر إن العملية انتهت.']
"""

from __future__ import annotations

import re

from argmine.text.lexicon import rows

LINE_BREAK = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
# A numbered point at the start of a line: 1- 1. 1) (1) أولاً: ثانياً- ...
ORDINALS = "|".join(w for (w,) in rows("ordinals"))  # matched on the original text, so not normalised
POINT = re.compile(
    r"^[ \t\u200f\u200e]*(?:\(?[0-9\u0660-\u0669\u06f0-\u06f9]{1,3}\s*[-–.)]|\(?[0-9\u0660-\u0669]{1,3}\)|"
    r"(?:" + ORDINALS + r")\s*[-–:]|[-•▪●*]\s)"
)
TITLE_MAX = 160  # a point title is short: its colon comes within this many characters
# A sentence ends at . ؟ ? ! … (possibly repeated), then optional closing quotes/brackets.
END = re.compile(r"(?:[.؟?!…]+|\.{3})[\"'”’»)\]]*")
CLOSERS = "\"'”’»)]"
OPENERS = {"«": "»", "“": "”", "(": ")", "[": "]"}
SPECIAL = re.compile("[" + re.escape("".join(OPENERS) + "".join(OPENERS.values()) + '".؟?!…') + "]")
CLOSING = frozenset(OPENERS.values()) | {'"'}
ABBREVIATION = re.compile(r"(?:^|[\s(])[\u0621-\u064A]$")  # د. م. ص. : a lone letter before a dot


def _arabic(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end




def _sentences(text: str, start: int, end: int, protect: int = 0) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one line or part of it) into sentences.

    The first ``protect`` characters (a point marker such as ``1.``) never end a sentence.
    """
    out = []
    line = text[start:end]
    last = {c: line.rfind(c) for c in CLOSING}  # where each closer last occurs
    pos = 0
    open_stack: list[str] = []
    i = protect
    n = len(line)
    while (special := SPECIAL.search(line, i)) is not None:  # other characters change nothing
        i = special.start()
        ch = line[i]
        if ch in OPENERS:
            open_stack.append(OPENERS[ch])
        elif open_stack and ch == open_stack[-1]:
            open_stack.pop()
        elif ch == '"':
            if open_stack and open_stack[-1] == '"':
                open_stack.pop()
            else:
                open_stack.append('"')
        if ch in ".؟?!…":
            m = END.match(line, i)
            j = m.end()
            nxt = line[j] if j < n else ""
            inside = bool(open_stack) and last[open_stack[-1]] >= j  # the open quote closes later on the line
            # a boundary needs a space after it, or (a missing space) Arabic letters on both sides
            glued = _arabic(nxt) and i > 0 and _arabic(line[i - 1])
            boundary = j >= n or nxt.isspace() or glued
            if ch == "." and ABBREVIATION.search(line[max(0, i - 3) : i]):
                boundary = False
            if boundary and not inside:
                # quotes or brackets closed just after the mark belong to the sentence
                for c in line[j:]:
                    if c in CLOSERS and c not in "([":
                        if open_stack and open_stack[-1] == c:
                            open_stack.pop()
                        j += 1
                    else:
                        break
                s, e = _strip(text, start + pos, start + j)
                if s < e:
                    out.append((s, e))
                pos = j
                open_stack = []
                i = j
                continue
            i = j
            continue
        i += 1
    s, e = _strip(text, start + pos, end)
    if s < e:
        out.append((s, e))
    return out


def _line_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Units of one line: a point title (up to its colon) and then sentences."""
    line = text[start:end]
    m = POINT.match(line)
    if m:
        colon = line.find(":", m.end())
        if 0 <= colon <= TITLE_MAX and line[colon + 1 :].strip() and not re.search(r"[.؟?!]\s", line[m.end() : colon]):
            title = _strip(text, start, start + colon + 1)
            return [title] + _sentences(text, start + colon + 1, end)
        return _sentences(text, start, end, protect=m.end())
    return _sentences(text, start, end)


def segment(text: str) -> list[tuple[int, int]]:
    """Unit offsets ``(start, end)`` for ``text``, in order, tiling it.

    >>> segment("  ربما.  ")
    [(2, 7)]
    """
    units: list[tuple[int, int]] = []
    pos = 0
    for m in LINE_BREAK.finditer(text):
        units.extend(_line_units(text, pos, m.start()))
        pos = m.end()
    units.extend(_line_units(text, pos, len(text)))
    return units


class RuleSegmenter:
    """The pipeline stage that adds units with the rule segmenter."""

    name = "segment"

    def __call__(self, doc) -> None:
        for s, e in segment(doc.text):
            doc.add_unit(s, e)
