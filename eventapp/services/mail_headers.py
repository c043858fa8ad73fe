"""Header folding that keeps every space of a header.

CPython's folder (3.11 and later) puts the space at a fold *between* two
RFC 2047 encoded words, where decoders must ignore it ("kết nối" arrives as
"kếtnối"), folds a long ASCII subject right after its colon (the text then
starts with a space), and gives display names spaces they never had. This
policy folds those headers itself: a non-ASCII text becomes encoded words
holding every character, spaces included, so the whitespace between them
is only folding, which every decoder drops; an ASCII text folds before one
of its own spaces, which unfolding restores.
"""

import base64
from email.headerregistry import Address, AddressHeader, BaseHeader, UnstructuredHeader
from email.policy import SMTP as SMTP_POLICY
from email.policy import EmailPolicy
from email.utils import formataddr

# RFC 2047: an encoded word is at most 75 characters; RFC 5322: lines of 78.
MAX_WORD = 75
MAX_LINE = 78


def _encoded_word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "?="


def encoded_words(text: str, first_room: int) -> list[str]:
    """``text`` as encoded words of whole characters: the first fits in
    ``first_room`` characters, each other one on a continuation line."""
    words: list[str] = []
    chunk = ""
    room = min(first_room, MAX_WORD)
    for character in text:
        if chunk and len(_encoded_word(chunk + character)) > room:
            words.append(_encoded_word(chunk))
            chunk, room = "", MAX_WORD
        chunk += character
    words.append(_encoded_word(chunk))
    return words


def _fold_unstructured(name: str, text: str, linesep: str) -> str:
    if text.isascii() and "=?" not in text:
        # Fold before a space of the text itself; unfolding removes only the line break.
        lines = [f"{name}:"]
        for index, word in enumerate(text.split(" ")):
            if index and len(lines[-1]) + 1 + len(word) > MAX_LINE and lines[-1].strip(" ") != f"{name}:":
                lines.append(" " + word)
            else:
                lines[-1] += " " + word
        return linesep.join(lines) + linesep
    words = encoded_words(text, MAX_LINE - len(name) - 2)
    return f"{name}: " + (linesep + " ").join(words) + linesep


def _display_name(address: Address) -> str:
    # Python's parser keeps the whitespace between encoded words of a display
    # name while RFC 2047 decoders drop it: one word reads the same to both.
    if address.display_name.isascii():
        return formataddr((address.display_name, address.addr_spec))
    return f"{_encoded_word(address.display_name)} <{address.addr_spec}>"


def _fold_addresses(name: str, header: AddressHeader, linesep: str) -> str:
    return f"{name}: " + ("," + linesep + " ").join(_display_name(a) for a in header.addresses) + linesep


class SpacePreservingPolicy(EmailPolicy):
    """The SMTP policy, folding unstructured headers and display names itself."""

    def _fold(self, name: str, value: object, refold_binary: bool = False) -> str:
        if isinstance(value, UnstructuredHeader) and isinstance(value, BaseHeader):
            return _fold_unstructured(value.name, str(value), self.linesep)
        if (
            isinstance(value, AddressHeader)
            and isinstance(value, BaseHeader)
            and any(address.display_name for address in value.addresses)
            and all(address.addr_spec.isascii() for address in value.addresses)
        ):
            return _fold_addresses(value.name, value, self.linesep)
        # CPython's own folding, a private method typeshed does not declare.
        return super()._fold(name, value, refold_binary)  # type: ignore[misc]


POLICY = SpacePreservingPolicy() + SMTP_POLICY
