// Shared data shapes of the core. No `vscode`, no `fs`: the extension and the CLI adapt these.

/** A 0-based position; `character` counts UTF-16 code units, as VS Code does. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Offsets into a document's text (UTF-16 code units), end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** Units a figure or a fact can carry. Currencies are ISO 4217 codes (USD, EUR, CNY, …). */
export type TimeUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export type Unit = string; // 'percent' | 'count' | 'times' | 'rank' | 'date' | TimeUnit | currency code

export const TIME_UNITS: readonly TimeUnit[] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'];
export const NON_CURRENCY_UNITS: readonly string[] = ['percent', 'count', 'times', 'rank', 'date', ...TIME_UNITS];

/** How a figure's interval was stated: one number, with a qualifier, or as a range / vague amount. */
export type Bound = 'exact' | 'about' | 'nearly' | 'at-least' | 'more-than' | 'at-most' | 'less-than' | 'range';

/** What the qualifier word did to the figure's interval. */
export type QualifierKind = 'about' | 'nearly' | 'at-least' | 'more-than' | 'at-most' | 'less-than' | 'only';

/**
 * A quantitative expression found in text.
 * `value` is the number the text states (null for ranges and vague amounts);
 * `min`/`max` the interval the text allows (null = open end).
 * Dates carry ISO strings: `value` "2025-01-30" or "--01-30" when the year is unknown,
 * and `min`/`max` as day numbers (days since 1970-01-01) when the year is known.
 */
export interface Figure {
  span: Span;
  /** Source text of the figure, qualifier included. */
  text: string;
  unit: Unit;
  value: number | string | null;
  min: number | null;
  max: number | null;
  bound: Bound;
  qualifier: string | null;
  qualifierKind: QualifierKind | null;
  /** For counts: the classifier or noun that made it a count (颗, 块, chips, GPU…). */
  noun?: string;
  /** Open ends: "more than x" excludes x itself. */
  minOpen?: boolean;
  maxOpen?: boolean;
  /** Size of one unit of the last stated digit (560万 → 100000); a rounded figure may be off by half of it. */
  step?: number;
  /** For dates: month (0 when only a year is given) and day, year when known; `dateEnd` for date ranges. */
  date?: DateParts;
  dateEnd?: DateParts;
}

export interface DateParts {
  year: number | null;
  month: number;
  day: number | null;
}

export type FactStatus = 'verified' | 'reported' | 'disputed' | 'false';
export type FactBound = 'exact' | 'about' | 'at-least' | 'at-most';

export interface FactSource {
  title?: string;
  url?: string;
  date?: string;
  quote?: string;
}

export interface Fact {
  id: string;
  claim?: string;
  /** number, [low, high], or an ISO date string; undefined when the fact only gathers claims. */
  value?: number | [number, number] | string;
  unit: Unit;
  bound: FactBound;
  tolerance: number;
  /** Every group must have one term present in a figure's sentence. */
  match: string[][];
  status: FactStatus;
  sources: FactSource[];
  note?: string;
  /** Where the entry stands in the registry file (the id key), for navigation. */
  location: Span;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A problem found in a registry file, at an exact place. */
export interface RegistryProblem {
  span: Span;
  severity: Severity;
  code: string;
  message: string;
}

export type DiagnosticCode = 'conflict' | 'cross-conflict';

export interface FigureDiagnostic {
  span: Span;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  fact: string;
  /**
   * Other places this diagnostic points at: the registry entry, the other article. The entries
   * are shared between diagnostics (one per claim or fact): read them, never change them.
   */
  related: readonly RelatedPlace[];
}

export interface RelatedPlace {
  readonly path: string;
  readonly span: Span;
  readonly message: string;
}
