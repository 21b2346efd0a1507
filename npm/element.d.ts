// Types of the <dikduk-annotate> custom element (dikduk/element).
import type { DikdukDocument, InitInput } from './dikduk.js';

/** Layers the `layers` attribute may name. */
export type Layer = 'entities' | 'values' | 'quotes' | 'morphology' | 'parse';
export declare const LAYERS: Layer[];

/** Loads the WebAssembly module once; the element calls it itself. */
export declare function load(moduleOrPath?: InitInput | Promise<InitInput>): Promise<unknown>;

/** Renders `text` with the chosen layers of `doc` as flat, classed spans (text as text). */
export declare function renderFragment(text: string, doc: DikdukDocument, layers: Set<Layer>): DocumentFragment;

/** Detail of the `dikduk-annotated` event. */
export interface DikdukAnnotatedDetail {
  doc: DikdukDocument;
  text: string;
}

/** `<dikduk-annotate layers="entities quotes">טקסט</dikduk-annotate>` */
export declare class DikdukAnnotate extends HTMLElement {
  static observedAttributes: string[];
  /** The text annotated: `text` when set, else the element's text content. */
  text: string;
  /** The last document, or null before the first annotation. */
  readonly doc: DikdukDocument | null;
  /** The layers shown (from the `layers` attribute; all by default). */
  readonly layers: Set<Layer>;
  /** The morphology's conventions (from the `conventions` attribute: `htb` by default, or `iahlt`). */
  readonly conventions: 'htb' | 'iahlt';
}

declare global {
  interface HTMLElementTagNameMap {
    'dikduk-annotate': DikdukAnnotate;
  }
  interface HTMLElementEventMap {
    'dikduk-annotated': CustomEvent<DikdukAnnotatedDetail>;
    'dikduk-error': CustomEvent<{ message: string }>;
  }
}
