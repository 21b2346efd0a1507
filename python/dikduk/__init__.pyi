# Type stubs of the dikduk package: the dikduk/1 document and the functions. Every `start`/`end`
# is a half-open range of UTF-16 code units into the input (the Python index for text without
# characters beyond U+FFFF).
from typing import Any, Iterable, Literal, Mapping, TypedDict

from typing_extensions import NotRequired

from ._tables import Tables as Tables

__version__: str
#: Longest text accepted, in UTF-16 code units (16 Mi).
MAX_INPUT_UTF16: int
#: "dikduk/1".
SCHEMA: str

class Span(TypedDict):
    """A half-open span ``[start, end)`` in UTF-16 code units."""

    start: int
    end: int

class Sentence(TypedDict):
    """A sentence and the range of ``tokens`` it holds."""

    start: int
    end: int
    token_start: int
    token_end: int

TokenKind = Literal["word", "number", "punct", "latin", "url", "email", "symbol"]

class Morpheme(TypedDict):
    """One syntactic word of a token (ו+ה+בית is three)."""

    form: str
    upos: str
    lemma: str
    #: UD features (``Gender=Masc|Number=Sing``) or ``""``.
    feats: str
    #: CoNLL-U ID of the head within the sentence (0: root); absent when ``parse=False``.
    head: NotRequired[int]
    #: UD relation to the head; absent when ``parse=False``.
    deprel: NotRequired[str]

class Token(TypedDict):
    """A surface token and its morphemes."""

    start: int
    end: int
    text: str
    kind: TokenKind
    morphemes: list[Morpheme]

EntityLabel = Literal["PER", "ORG", "GPE", "LOC", "FAC", "EVE", "WOA", "DUC", "ANG"]

class Entity(TypedDict):
    """A named-entity mention (its span excludes prefixes)."""

    label: EntityLabel
    start: int
    end: int
    text: str
    token_start: int
    token_end: int
    morpheme_start: int
    morpheme_end: int

ValueKind = Literal["date", "time", "duration", "number", "percent", "money"]
ValueModifier = Literal["approx", "more_than", "less_than", "at_least", "at_most", "vague"]

class Value(TypedDict):
    """A date, time, duration, number, percentage or money amount, normalised."""

    kind: ValueKind
    start: int
    end: int
    text: str
    #: ISO 8601 text, a number, ``{"amount", "currency"}`` or ``{"relative"}``.
    value: str | int | float | dict[str, Any]
    modifier: NotRequired[ValueModifier]

class Quote(TypedDict):
    """A quotation (marks included) and its speaker, an index into ``entities``."""

    start: int
    end: int
    text: str
    speaker: int | None

class EntityGroup(TypedDict):
    """Mentions of one entity grouped together, most mentioned first."""

    name: str
    label: EntityLabel
    count: int
    mentions: list[int]
    titles: list[str]

class Document(TypedDict):
    """The document ``annotate`` returns (schema ``dikduk/1``)."""

    schema: str
    version: str
    length: int
    paragraphs: list[Span]
    sentences: list[Sentence]
    tokens: list[Token]
    entities: list[Entity]
    values: list[Value]
    quotes: list[Quote]
    entity_groups: list[EntityGroup]

def annotate(
    text: str,
    /,
    *,
    morphology: bool | None = ...,
    entities: bool | None = ...,
    values: bool | None = ...,
    quotes: bool | None = ...,
    parse: bool | None = ...,
    conventions: Literal["htb", "iahlt"] | None = ...,
    **options: Any,
) -> Document:
    """Annotate one text; options switch layers off. ``TypeError``/``ValueError`` on bad input."""

def annotate_json(
    text: str,
    /,
    *,
    morphology: bool | None = ...,
    entities: bool | None = ...,
    values: bool | None = ...,
    quotes: bool | None = ...,
    parse: bool | None = ...,
    conventions: Literal["htb", "iahlt"] | None = ...,
    **options: Any,
) -> str:
    """Like ``annotate``, the document as JSON text."""

def annotate_many(
    texts: Iterable[str],
    *,
    threads: int | None = None,
    morphology: bool | None = ...,
    entities: bool | None = ...,
    values: bool | None = ...,
    quotes: bool | None = ...,
    parse: bool | None = ...,
    conventions: Literal["htb", "iahlt"] | None = ...,
    **options: Any,
) -> list[Document]:
    """Annotate many texts on ``threads`` threads (default all cores), in input order."""

def annotate_many_json(
    texts: Iterable[str],
    *,
    threads: int | None = None,
    morphology: bool | None = ...,
    entities: bool | None = ...,
    values: bool | None = ...,
    quotes: bool | None = ...,
    parse: bool | None = ...,
    conventions: Literal["htb", "iahlt"] | None = ...,
    **options: Any,
) -> list[str]:
    """Like ``annotate_many``, each document as JSON text."""

def to_conllu(doc: Document | Mapping[str, Any] | str, name: str = "dikduk") -> str:
    """The document as CoNLL-U, as the CLI's ``--format conllu`` writes it."""

def version() -> str:
    """The dikduk version that built this module."""

def option_names() -> list[str]:
    """Names of the keyword options ``annotate`` accepts."""

def tables(docs: Iterable[Document | Mapping[str, Any] | str], ids: Iterable[Any] | None = None) -> Tables:
    """Flat pandas DataFrames of the documents, one row per item (needs pandas)."""
