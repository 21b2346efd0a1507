// Types of the dikduk/1 document and of the WebAssembly module's functions.
// Every `start`/`end` is a half-open range of UTF-16 code units into the input string, so
// `text.slice(start, end)` returns the span.

/** A half-open span `[start, end)` in UTF-16 code units. */
export interface Span {
  /** First code unit. */
  start: number;
  /** One past the last code unit. */
  end: number;
}

/** A sentence and the range of `tokens` it holds. */
export interface Sentence extends Span {
  /** Index of the sentence's first token in `DikdukDocument.tokens`. */
  token_start: number;
  /** One past the index of its last token. */
  token_end: number;
}

/** What kind of characters a token is made of. */
export type TokenKind = 'word' | 'number' | 'punct' | 'latin' | 'url' | 'email' | 'symbol';

/** Universal Dependencies part-of-speech tags (`""` when morphology is off). */
export type Upos =
  | 'ADJ' | 'ADP' | 'ADV' | 'AUX' | 'CCONJ' | 'DET' | 'INTJ' | 'NOUN' | 'NUM' | 'PART'
  | 'PRON' | 'PROPN' | 'PUNCT' | 'SCONJ' | 'SYM' | 'VERB' | 'X' | '';

/** One syntactic word of a token (ו+ה+בית is three). */
export interface Morpheme {
  /** Surface form (for an implicit article, `ה`). */
  form: string;
  /** Universal part-of-speech tag. */
  upos: Upos | (string & {});
  /** Lemma. */
  lemma: string;
  /** Features in UD notation (`Gender=Masc|Number=Sing`), or `""`. */
  feats: string;
  /** The CoNLL-U ID of this word's syntactic head within its sentence (the sentence's words, the
   * morphemes of its tokens in order, are numbered from 1); `0` for the root. Absent when the
   * `parse` option is off. */
  head?: number;
  /** Universal Dependencies relation to the head (`nsubj`, `obj`, `case`, `det:def`,
   * `compound:smixut`, `root`, …). Absent when the `parse` option is off. */
  deprel?: string;
}

/** A surface token and its analysis into syntactic words. */
export interface Token extends Span {
  /** The token's text, exactly as in the input. */
  text: string;
  /** Character class of the token. */
  kind: TokenKind;
  /** Syntactic words in order (prefixes split out). */
  morphemes: Morpheme[];
}

/** Named-entity types. */
export type EntityLabel = 'PER' | 'ORG' | 'GPE' | 'LOC' | 'FAC' | 'EVE' | 'WOA' | 'DUC' | 'ANG';

/** A named-entity mention; its span excludes prefixes (in באלסקה the entity is אלסקה). */
export interface Entity extends Span {
  /** Entity type. */
  label: EntityLabel;
  /** The mention's text, exactly as in the input. */
  text: string;
  /** Index of the first token in `DikdukDocument.tokens`. */
  token_start: number;
  /** One past the index of the last token. */
  token_end: number;
  /** Index of the first morpheme, counting all morphemes of the document in order. */
  morpheme_start: number;
  /** One past the index of the last morpheme. */
  morpheme_end: number;
}

/** Kinds of recognised values. */
export type ValueKind = 'date' | 'time' | 'duration' | 'number' | 'percent' | 'money';

/** A money amount: `{amount: 350000000, currency: "ILS"}`. */
export interface Money {
  amount: number;
  /** ISO 4217 code such as `ILS`, `USD`, `EUR`. */
  currency: string;
}

/** A date relative to the text's own time: `{relative: "yesterday"}`. */
export interface RelativeDate {
  /** `today`, `yesterday`, `tomorrow`, `weekend`, `last_week`, `monday`, ... */
  relative: string;
}

/** A normalised value: ISO 8601 text for dates, times and durations, a number for numbers and
 * percentages (24% is 24), an object for money and relative dates. */
export type NormalizedValue = string | number | Money | RelativeDate;

/** Hedges on a value, kept out of `value`. */
export type ValueModifier = 'approx' | 'more_than' | 'less_than' | 'at_least' | 'at_most' | 'vague';

/** A date, time, duration, number, percentage or money amount. */
export interface Value extends Span {
  kind: ValueKind;
  /** The value's text, exactly as in the input. */
  text: string;
  /** Machine-readable normalisation. */
  value: NormalizedValue;
  /** Absent when the text has no hedge. */
  modifier?: ValueModifier;
}

/** A quotation (marks included) and who said it. */
export interface Quote extends Span {
  /** The quote's text, marks included. */
  text: string;
  /** Index into `DikdukDocument.entities` of the speaker, or `null`. */
  speaker: number | null;
}

/** Mentions of one entity grouped together (טראמפ / דונלד טראמפ / הנשיא טראמפ). */
export interface EntityGroup {
  /** Canonical (longest, most complete) name. */
  name: string;
  /** Entity type: the one most mentions of the name have (ties: the name lists' type, else the first mention's). */
  label: EntityLabel;
  /** Number of mentions. */
  count: number;
  /** Indices into `DikdukDocument.entities`, in text order. */
  mentions: number[];
  /** A person's titles, most frequent first: written right before a mention (הנשיא, ראש הממשלה) or, with the parse, the phrase headed by a title that a mention stands in apposition to (שר המשפטים, אברהם שריר; טדי קולק, ראש עיריית ירושלים). */
  titles: string[];
}

/** The document `annotate` returns (schema `dikduk/1`). */
export interface DikdukDocument {
  schema: 'dikduk/1';
  /** dikduk version that produced it. */
  version: string;
  /** Input length in UTF-16 code units. */
  length: number;
  /** Spans separated by blank lines. */
  paragraphs: Span[];
  sentences: Sentence[];
  /** Cover every non-space character once. */
  tokens: Token[];
  /** In order of their start. */
  entities: Entity[];
  values: Value[];
  quotes: Quote[];
  /** Most mentioned first. */
  entity_groups: EntityGroup[];
}

/** Layers to compute; each is on by default. */
export interface AnnotateOptions {
  /** Prefix segmentation, UPOS, lemmas, features. */
  morphology?: boolean;
  /** Named entities (needs morphology) and their groups. */
  entities?: boolean;
  /** Dates, times, durations, numbers, percentages, money. */
  values?: boolean;
  /** Quotations and their speakers. */
  quotes?: boolean;
  /** Dependency parse: `head` and `deprel` on every morpheme (needs morphology). */
  parse?: boolean;
  /** How morphemes are written: `'htb'` (UD_Hebrew-HTB, the default: בבית = ב + ה_ + בית,
   * יומו = יום_ + _של_ + _הוא) or `'iahlt'` (UD_Hebrew-IAHLTwiki/IAHLTknesset: בבית = ב + בית
   * with `Definite=Def` on ב, יומו = יומ + ו). Trees stay trees over the words written. */
  conventions?: 'htb' | 'iahlt';
}

/** What `init` accepts: a URL or path of `dikduk_bg.wasm`, its bytes, a `Response`, or a
 * compiled `WebAssembly.Module`; wrapped as `{module_or_path}`. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads the WebAssembly module (from `dikduk_bg.wasm` beside this file by default). Call once,
 * and await it, before any other function. In Node, pass the file's bytes. */
export default function init(
  moduleOrPath?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<unknown>;

/** Annotates `text` (at most 16 Mi UTF-16 code units). Throws an `Error` on bad options. */
export function annotate(text: string, options?: AnnotateOptions | null): DikdukDocument;

/** `annotate`, calling `onProgress(done, total)` along the way (`done <= total`). */
export function annotateWithProgress(
  text: string,
  options: AnnotateOptions | null | undefined,
  onProgress: (done: number, total: number) => void,
): DikdukDocument;

/** The arrays of a document that `annotateInParts` hands out in parts. */
export type DikdukPartName = 'sentences' | 'tokens' | 'entities' | 'values' | 'quotes';

/** `annotateWithProgress`, handing out the document's long arrays while it works: `onPart(name,
 * items)` gets the next (at most 4096) items of array `name`, in order. Returns the rest of the
 * document, with those five arrays empty; appending every part's items to them gives `annotate`'s
 * document. WASM memory then never holds the whole document. */
export function annotateInParts(
  text: string,
  options: AnnotateOptions | null | undefined,
  onPart: (name: DikdukPartName, items: unknown[]) => void,
  onProgress: (done: number, total: number) => void,
): DikdukDocument;

/** The document as CoNLL-U, as the CLI writes it; `name` prefixes the sentence ids. */
export function toConllu(doc: DikdukDocument, name?: string | null): string;

/** The dikduk version of this module, e.g. `0.1.0`. */
export function version(): string;

/** Names of the options `annotate` accepts. */
export function optionNames(): string[];
