"""Text folding for search: people type Vietnamese names without tone marks
("nguyen van an" must find "Nguyễn Văn An")."""

import unicodedata


def fold(text: str) -> str:
    """Lower case, no tone marks or diacritics, đ as d, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def name_key(name: str) -> str:
    """How two spellings of one organisation's name are recognised as the same."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())
