"""Pure helpers for a codebook being edited: the codes as a tree, new ids, key clashes."""

from __future__ import annotations

import re
from collections import Counter

from vfapp.domain.codebooks_logic import parse_codebook
from vfapp.domain.tagging import Code, CodebookContent

# Calm colours for new principles, in turn (sub-elements take a lighter shade of theirs).
PRINCIPLE_COLOURS = ("#4f7ca8", "#5e9c76", "#b07a3b", "#8a6bb0", "#b35a6a", "#4f9a9a")
_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def children_of(content: CodebookContent) -> dict[str | None, list[int]]:
    """Positions of the codes under each parent id (None: the top level), in file order.
    A code whose parent chain never reaches the top level (a loop) is put at the top."""
    ids = {code.id for code in content.codes}
    tree: dict[str | None, list[int]] = {None: []}
    for position, code in enumerate(content.codes):
        parent = code.parent if code.parent in ids and code.parent != code.id else None
        tree.setdefault(parent, []).append(position)
    reached: set[int] = set()
    stack = list(tree[None])
    while stack:
        position = stack.pop()
        if position not in reached:
            reached.add(position)
            stack.extend(tree.get(content.codes[position].id, []))
    for position in range(len(content.codes)):
        if position not in reached:
            code = content.codes[position]
            tree[code.parent].remove(position)
            tree[None].append(position)
    return tree


def next_principle_id(content: CodebookContent) -> str:
    """The next top-level id in the codebook's own style: after VIG-6 comes VIG-7."""
    numbered = [m for c in content.codes if c.parent is None if (m := _NUMBERED.match(c.id))]
    if not numbered:
        return _free(content, "X-", 1)
    prefix = Counter(m.group(1) for m in numbered).most_common(1)[0][0]
    highest = max(int(m.group(2)) for m in numbered if m.group(1) == prefix)
    return _free(content, prefix, highest + 1)


def next_child_id(content: CodebookContent, parent_id: str) -> str:
    """The next sub-element id under a principle: after VIG-3.6 comes VIG-3.7."""
    prefix = f"{parent_id}."
    numbers = [
        int(code.id[len(prefix) :])
        for code in content.codes
        if code.id.startswith(prefix) and code.id[len(prefix) :].isdigit()
    ]
    return _free(content, prefix, max(numbers, default=0) + 1)


def _free(content: CodebookContent, prefix: str, number: int) -> str:
    taken = {code.id for code in content.codes}
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def new_code(content: CodebookContent, parent: Code | None, name: str) -> Code:
    """A principle (no parent) or a sub-element of `parent`, with the next free id."""
    if parent is None:
        tops = sum(1 for code in content.codes if code.parent is None)
        colour = PRINCIPLE_COLOURS[tops % len(PRINCIPLE_COLOURS)]
        return Code(id=next_principle_id(content), name=name, colour=colour)
    return Code(
        id=next_child_id(content, parent.id),
        name=name,
        parent=parent.id,
        colour=lighter(parent.colour),
    )


def lighter(colour: str, share: float = 0.35) -> str:
    """`colour` mixed with white: a sub-element's shade of its principle's colour."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in rgb)


def key_clash(content: CodebookContent, code_id: str, key: str) -> Code | None:
    """Another visible code already answering to `key` (letters in either case), if any."""
    wanted = key.casefold()
    return next(
        (
            code
            for code in content.codes
            if code.id != code_id
            and not code.hidden
            and code.hotkey is not None
            and code.hotkey.casefold() == wanted
        ),
        None,
    )


def with_id_changed(content: CodebookContent, old: str, new: str) -> CodebookContent:
    """A new code's id changed before its first save (its sub-elements follow it)."""
    codes = [
        code.model_copy(
            update={
                "id": new if code.id == old else code.id,
                "parent": new if code.parent == old else code.parent,
            }
        )
        for code in content.codes
    ]
    # model_copy does not validate: read it back as an import would, refused in words
    return parse_codebook(content.model_copy(update={"codes": tuple(codes)}).model_dump_json())
