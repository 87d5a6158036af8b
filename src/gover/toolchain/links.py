"""Where an extracted symlink really points, resolved as the kernel would.

A link's target is not checked as text: ``go/b -> a/..`` reads as ``go/`` but,
after ``go/a -> .``, really means the parent of the install root.  So every
target is walked component by component against the links extracted so far
(links to links, ``..`` through links, chains), and refused the moment the walk
leaves the root.  A link made later can change what an earlier one means (it
may sit on the earlier one's path), so ``check_all`` walks every link again once
the archive is done.
"""

from __future__ import annotations

from gover.errors import ArchiveError

# Linux gives up after 40 nested links (ELOOP); so does this walk.
MAX_HOPS = 40


class LinkTree:
    def __init__(self) -> None:
        self.links: dict[str, tuple[str, str]] = {}  # rel path → (target, archive member)

    def __contains__(self, rel: str) -> bool:
        return rel in self.links

    def add(self, rel: str, target: str, member: str) -> None:
        """Record the link ``rel -> target``; ArchiveError if it resolves outside the root."""
        if target.startswith("/") or "\\" in target or "\x00" in target:
            raise ArchiveError(f"archive member {member!r} links to absolute path {target!r}")
        self.links[rel] = (target, member)
        try:
            self.resolve(rel)
        except ArchiveError:
            del self.links[rel]
            raise

    def discard(self, rel: str) -> None:
        self.links.pop(rel, None)

    def check_all(self) -> None:
        for rel in list(self.links):
            self.resolve(rel)

    def resolve(self, rel: str) -> list[str]:
        """The components of the path the link at ``rel`` leads to, inside the root."""
        target, member = self.links[rel]
        stack = rel.split("/")[:-1]  # a relative target starts from the link's directory
        pending = _components(target)
        hops = 0
        while pending:
            part = pending.pop()
            if part == "..":
                if not stack:
                    raise ArchiveError(f"archive member {member!r} links outside the tree "
                                       f"({target!r} resolves above the install root)")
                stack.pop()
                continue
            stack.append(part)
            hit = self.links.get("/".join(stack))
            if hit is None:
                continue
            hops += 1
            if hops > MAX_HOPS:
                raise ArchiveError(f"archive member {member!r} links through more than "
                                   f"{MAX_HOPS} links ({target!r})")
            if hit[0].startswith("/"):
                raise ArchiveError(f"archive member {member!r} links to absolute path {hit[0]!r}")
            stack.pop()  # the link's own name is replaced by where it points
            pending.extend(_components(hit[0]))
        return stack


def _components(target: str) -> list[str]:
    """``target``'s components, last first (a stack to pop from), without ``.`` and empties."""
    return [p for p in reversed(target.split("/")) if p not in ("", ".")]
