// Types of the leadscore npm package: the page script (init, current), the engine alone
// (createEngine), the reveal.js and PDF.js adapters, the errors, the Score, the lead payload,
// the events and the config. docs/config.md in the repository explains every value.

// ---------------------------------------------------------------------------------------------
// The config (leadscore.json; schema/config.schema.json checks the same shape in an editor)

/** Text where `*` stands for any run of characters (including `/`); the rest matches exactly. */
export type Glob = string;

/** A number, or a range with both ends inclusive (either may be left out). */
export type NumberOrRange = number | { gte: number; lte?: number } | { gte?: number; lte: number };

export type EventType =
  | 'visit' | 'page_view' | 'content_view' | 'slide_view' | 'deck_complete' | 'form_view'
  | 'form_start' | 'form_submit' | 'click' | 'download' | 'consent' | 'custom';

interface EngagementRuleBase {
  /** The rule's name in the breakdown; unique across all engagement and fit rules. */
  id: string;
  /** Points per occurrence; negative points subtract. */
  points: number;
  /** Count each item once, through its most recent matching event. Default false. */
  distinct?: boolean;
  /** Count only the N most recent occurrences (≥ 1). */
  maxTimes?: number;
  /** Limit this rule's contribution to ±cap (after decay). */
  cap?: number;
  /** This rule's own half-life in days; 0 = never decays. */
  halfLifeDays?: number;
}

/** An engagement rule; which `where` keys (and whether `minMs`) apply depends on `on`. */
export type EngagementRule =
  | (EngagementRuleBase & { on: 'page_view'; where?: { path?: Glob } })
  | (EngagementRuleBase & { on: 'content_view'; where?: { id?: Glob; tag?: string | string[] }; minMs?: number })
  | (EngagementRuleBase & { on: 'click' | 'download'; where?: { id?: Glob; tag?: string | string[] } })
  | (EngagementRuleBase & { on: 'slide_view'; where?: { deck?: Glob; slide?: NumberOrRange }; minMs?: number })
  | (EngagementRuleBase & { on: 'deck_complete'; where?: { deck?: Glob } })
  | (EngagementRuleBase & { on: 'form_view' | 'form_start' | 'form_submit'; where?: { form?: Glob } })
  | (EngagementRuleBase & { on: 'custom'; where?: { name?: Glob } })
  | (EngagementRuleBase & { on: 'visit'; where?: { nth?: NumberOrRange } })
  | (EngagementRuleBase & { on: 'consent'; where?: Record<string, never> });

interface FitRuleBase {
  /** The rule's name in the breakdown; unique across all rules. */
  id: string;
  /** The form field it looks at (`email`, `job_title`, `company_size`, …). */
  field: string;
  /** Added once when the rule matches (may be negative). Default 0. */
  points?: number;
  /** A match makes the lead unqualifiable whatever its score. Default false. */
  disqualify?: boolean;
}

/** A fit rule; the form of `value` depends on `op`. */
export type FitRule =
  | (FitRuleBase & { op: 'exists' | 'free_email' | 'business_email'; value?: never })
  | (FitRuleBase & { op: 'equals'; value: string | number | Array<string | number> })
  | (FitRuleBase & { op: 'contains' | 'domain_in'; value: string | string[] })
  | (FitRuleBase & { op: 'gte' | 'lte'; value: number })
  | (FitRuleBase & { op: 'between'; value: [low: number, high: number] });

export type FitOp = FitRule['op'];

export interface DeckSettings {
  /** The deck's length; by default the largest `of` seen in its events. */
  slides?: number;
  /** The share of distinct slides that completes the deck, 0 < r ≤ 1. Default 0.8. */
  completeRatio?: number;
  /** A slide counts towards completion only when viewed at least this long (ms). Default 0. */
  minSlideMs?: number;
}

/** A gate: slides of a deck from `atSlide` on, or one content block, locked until `form` is submitted. */
export type GateConfig =
  | { id: string; form: string; deck: string; atSlide: number; content?: never }
  | { id: string; form: string; content: string; deck?: never; atSlide?: never };

export interface QualifySettings {
  /** The stage a lead must reach to be sent; must name a threshold. Default "mql". */
  stage?: string;
  /** Require that the visitor's latest consent is granted. Default true. */
  requireConsent?: boolean;
  /** A form filled faster than this (ms) is treated as a bot. Default 1500. */
  minFillMs?: number;
  /** A submit from an automated browser is treated as a bot. Default true. */
  rejectWebdriver?: boolean;
}

export interface ContentSettings {
  /** This share of a block must be in the viewport, 0 < r ≤ 1. Default 0.5. */
  minVisibleRatio?: number;
  /** An impression shorter than this (ms) is not an event. Default 1000. */
  minVisibleMs?: number;
  /** Time stops counting after this long without activity (ms). Default 30000. */
  idleMs?: number;
}

export interface SubmitSettings {
  /** The URL qualified leads are POSTed to. Default "/leads". */
  endpoint?: string;
  /** The payload format; "json" is the only one. */
  format?: 'json';
  /** The lead carries at most this many events: what qualification rests on, then the most recent. Default 1000. */
  maxEvents?: number;
  /** The collector refuses a lead stamped more than this long before its clock (ms). Default 2592000000 (30 days). */
  maxAgeMs?: number;
  /** The collector refuses a lead stamped more than this long after its clock (ms). Default 300000. */
  maxClockSkewMs?: number;
  /** Origins the collector answers CORS for; "*" allows any. */
  allowedOrigins?: string[];
  /**
   * Form fields a lead carries besides `email` and the fit rules' fields; any other control stays
   * in the page. Secrets (hidden, password, file, card, one-time-code, IBAN, national-id) are never
   * captured, even when named here.
   */
  fields?: string[];
}

/** The scoring config. Only `version` and `thresholds` are required. */
export interface Config {
  /** The JSON Schema an editor checks the file with; ignored by leadscore. */
  $schema?: string;
  version: 1;
  /** Copied into every lead and its idempotency key. */
  site?: string;
  /** Your label for this version of the rules, copied into every lead. */
  revision?: string;
  /** Stage name → score, e.g. `{ mql: 50, sql: 80 }`; values must differ; "visitor" is reserved. */
  thresholds: Record<string, number>;
  decay?: { halfLifeDays?: number };
  engagement?: { cap?: number; rules?: EngagementRule[] };
  fit?: { cap?: number; freeEmailDomains?: string[]; rules?: FitRule[] };
  decks?: Record<string, DeckSettings>;
  gates?: GateConfig[];
  qualify?: QualifySettings;
  content?: ContentSettings;
  submit?: SubmitSettings;
}

// ---------------------------------------------------------------------------------------------
// Events

interface EventBase {
  /** Milliseconds since the Unix epoch. The page script fills it in when left out of track(). */
  t: number;
}

/** One input event. `deck_complete` is derived by the core and never an input. */
export type LeadscoreEvent =
  | (EventBase & { type: 'visit'; utm?: Record<string, string> })
  | (EventBase & { type: 'page_view'; path: string; title?: string })
  | (EventBase & { type: 'content_view'; id: string; tags?: string[]; ms: number })
  | (EventBase & { type: 'slide_view'; deck: string; slide: number; of?: number; ms: number })
  | (EventBase & { type: 'form_view' | 'form_start'; form: string })
  | (EventBase & {
      type: 'form_submit';
      form: string;
      fields: Record<string, string | number>;
      fillMs?: number;
      honeypot?: string;
      webdriver?: boolean;
    })
  | (EventBase & { type: 'click' | 'download'; id: string; tags?: string[] })
  | (EventBase & { type: 'consent'; granted: boolean })
  | (EventBase & { type: 'custom'; name: string; value?: number });

/** An event as track() takes it: `t` may be left out (it becomes Date.now()). */
export type TrackedEvent = LeadscoreEvent extends infer E
  ? E extends LeadscoreEvent ? Omit<E, 't'> & { t?: number } : never
  : never;

// ---------------------------------------------------------------------------------------------
// Outputs

/** Why a lead does not qualify, in this order. */
export type Reason =
  | 'no_email' | 'below_stage' | 'disqualified' | 'no_consent' | 'bot_honeypot' | 'bot_too_fast'
  | 'bot_webdriver';

export type Grade = 'A' | 'B' | 'C' | 'D';

export interface BreakdownEntry {
  rule: string;
  kind: 'engagement' | 'fit';
  /** The rule's contribution after its own cap, rounded to 0.01. */
  points: number;
  /** Occurrences counted (after distinct and maxTimes); 1 for a fit rule. */
  count: number;
}

/** A visitor's score; the CLI's `leadscore score` gives the same numbers. */
export interface Score {
  total: number;
  engagement: number;
  fit: number;
  /** "visitor", or the name of the highest threshold reached. */
  stage: string;
  grade: Grade;
  qualified: boolean;
  /** Empty when qualified. */
  reasons: Reason[];
  breakdown: BreakdownEntry[];
  gates: Array<{ id: string; locked: boolean }>;
}

/** What is POSTed for a qualified lead; the collector re-scores `events` and verifies the rest. */
export interface LeadPayload {
  schema: 'leadscore/lead@1';
  /** The idempotency key of this submission: the same on every retry. */
  id: string;
  site: string;
  revision: string;
  /** ms since the epoch. */
  submittedAt: number;
  /** The form fields the config names. */
  lead: Record<string, string | number>;
  score: { total: number; engagement: number; fit: number; stage: string; grade: Grade };
  breakdown: BreakdownEntry[];
  context: {
    visits: number;
    firstSeen: number;
    lastSeen: number;
    pages: Array<{ path: string; views: number }>;
    content: Array<{ id: string; views: number; ms: number }>;
    decks: Array<{ deck: string; slides: number; seen: number[]; ms: number; perSlide: Array<{ slide: number; ms: number }> }>;
    utm: Record<string, string>;
  };
  events: LeadscoreEvent[];
}

/** A gate's state as onGate reports it. */
export interface GateState {
  id: string;
  locked: boolean;
  /** The gate's overlay is showing. */
  open: boolean;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** Every code a LeadscoreError carries. */
export type LeadscoreErrorCode =
  | 'invalid_config' // the config is not valid: `errors` lists every `path: message`
  | 'config_unavailable' // the config URL could not be fetched
  | 'load_failed' // the wasm core could not be loaded
  | 'engine_failed' // the wasm core failed during a call
  | 'destroyed' // a call on a destroyed engine
  | 'invalid_event' // an event was refused: `path` names the offending key
  | 'invalid_argument' // a bad argument to slide() or setConsent()
  | 'callback_failed' // onScore, onQualified or onGate threw
  | 'storage_unavailable' // localStorage cannot be read
  | 'storage_full' // the session could not be saved
  | 'storage_discarded' // a stored session (or some of its events) was invalid and dropped
  | 'gate_markup_missing' // a gate has no [data-ls-gate] overlay on the page; its content stays open
  | 'lead_refused' // the collector refused a lead (4xx): `reason`, `status`, `lead`
  | 'lead_delayed' // the collector did not take a lead after several attempts: `lead`
  | 'internal'; // anything else the page script caught

/** An error with a machine-readable code; the page script never throws one into your page. */
export class LeadscoreError extends Error {
  constructor(code: LeadscoreErrorCode, message: string, path?: string, errors?: string[]);
  readonly name: 'LeadscoreError';
  code: LeadscoreErrorCode;
  /** The JSON path the error concerns ("$.engagement.rules[0].points"), or "". */
  path: string;
  /** For invalid_config and invalid_event: every problem as "path: message". */
  errors: string[];
  /** lead_refused: the collector's reason code. */
  reason?: string;
  /** lead_refused: the HTTP status. */
  status?: number;
  /** lead_refused, lead_delayed: the lead's id. */
  lead?: string;
}

// ---------------------------------------------------------------------------------------------
// The engine alone: no observers, no storage, no network

export interface EngineOptions {
  /** Where the .wasm is; default: leadscore-core.wasm beside this module. */
  wasmUrl?: string | URL;
  /** The .wasm's bytes (Node, tests); no fetch then. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/** What the page script acts on, defaults filled in. */
export interface Settings {
  site: string;
  revision: string;
  content: Required<ContentSettings> & { maxDwellMs: number };
  /** `fields`: every field a lead form may send: `email`, the fit rules' fields, then `submit.fields`. */
  submit: { endpoint: string; format: 'json'; maxEvents: number; fields: string[] };
  qualify: { stage: string; requireConsent: boolean };
  decks: Record<string, DeckSettings>;
  gates: Array<{ id: string; form: string; deck?: string; atSlide?: number; content?: string }>;
}

export interface Engine {
  /** Adds one event (an object, or its JSON text); throws LeadscoreError `invalid_event`. */
  track(event: LeadscoreEvent | string): void;
  /** The Score at `now` (ms since the epoch), by default at the latest event. */
  score(now?: number): Score;
  /** Whether the lead qualifies at `now`: `score(now).qualified`, without building the whole Score. */
  qualified(now?: number): boolean;
  /** The lead payload at `now`, or null while the lead does not qualify. */
  payload(now?: number): LeadPayload | null;
  /** The normalized events in scoring order; replaying them restores the session. */
  events(): LeadscoreEvent[];
  settings(): Settings;
  /** Frees the session; later calls throw LeadscoreError `destroyed`. Safe to call twice. */
  destroy(): void;
}

/**
 * Creates a scoring engine for one visitor. Rejects with LeadscoreError `invalid_config`
 * (`errors`: every problem) or `load_failed`.
 */
export function createEngine(config: Config | string, options?: EngineOptions): Promise<Engine>;

// ---------------------------------------------------------------------------------------------
// The page script

export interface InitOptions {
  /** The config, or the URL of its JSON file (relative to the page). */
  config: Config | string;
  /** Where leads are POSTed; default: the config's submit.endpoint. */
  endpoint?: string;
  /** The visitor's consent as known at start: true, false or "pending" (the default). */
  consent?: boolean | 'pending';
  /** "local" (localStorage, once consent allows; the default) or "none". */
  storage?: 'local' | 'none';
  /** Where the .wasm is; default: leadscore-core.wasm beside the module. */
  wasmUrl?: string | URL;
  /** After every scored batch of events. */
  onScore?: (score: Score) => void;
  /** When a qualified lead is handed to the outbox (before it is sent). */
  onQualified?: (payload: LeadPayload) => void;
  /** When a gate locks, unlocks, opens or closes. */
  onGate?: (state: GateState) => void;
  /** Every error; without it, console.warn. */
  onError?: (error: LeadscoreError) => void;
}

/** A running page script. Every method is safe before ready and after destroy (it does nothing). */
export interface Leadscore {
  /** Set when the start failed (the page then stays as it was: gates open, forms unchanged). */
  error: LeadscoreError | null;
  /** Records an event; `t` defaults to now. A refused event is reported to onError. */
  track(event: TrackedEvent): void;
  /** The current Score, or null before the engine is ready. */
  score(): Score | null;
  /** Reports that slide `n` (of `of`) of deck `deck` is showing. */
  slide(deck: string, n: number, of?: number): void;
  /** Records the visitor's consent answer; false also forgets what was stored. */
  setConsent(granted: boolean): void;
  /** Saves the session and sends pending leads now. */
  flush(): void;
  /** The events recorded so far, in scoring order. */
  events(): LeadscoreEvent[];
  /** Stops observing, unlocks nothing, frees the engine. */
  destroy(): void;
}

/** Starts the page script (a second init replaces the first). Always resolves; see `error`. */
export function init(options: InitOptions): Promise<Leadscore>;

/** The running instance, or null. */
export function current(): Leadscore | null;

// ---------------------------------------------------------------------------------------------
// Adapters

/** The part of a reveal.js instance the adapter uses (`Reveal`, or `new Reveal(...)`). */
export interface RevealLike {
  getRevealElement(): HTMLElement;
  getSlides(): HTMLElement[];
  getCurrentSlide(): HTMLElement;
  isReady(): boolean;
  on(type: string, listener: (...args: any[]) => void): void;
  off(type: string, listener: (...args: any[]) => void): void;
}

/** Reports every slide change of a reveal.js deck; returns a function that stops following. */
export function followReveal(ls: Leadscore, reveal: RevealLike, options?: { deck?: string }): () => void;

/** The part of a pdfjs-dist PDFViewer the adapter uses. */
export interface PdfViewerLike {
  container: HTMLElement;
  pagesCount: number;
  currentPageNumber: number;
  eventBus: { on(name: string, listener: (event: any) => void): void; off(name: string, listener: (event: any) => void): void };
}

/** Reports every page change of a PDF.js viewer; returns a function that stops following. */
export function followPdfViewer(
  ls: Leadscore,
  viewer: PdfViewerLike,
  options?: { deck?: string; eventBus?: PdfViewerLike['eventBus'] },
): () => void;

/** For a custom PDF renderer: returns show(pageNumber), to call whenever another page is shown. */
export function pdfPageReporter(ls: Leadscore, deck: string, pageCount?: number): (pageNumber: number) => void;
