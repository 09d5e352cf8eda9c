// The scoring engine: the one module that touches the WebAssembly core. It owns every core
// object it creates and turns each status the core reports into a LeadscoreError, so page code
// never holds a raw handle and never sees a core crash as anything but a typed error.
import createLeadscoreCore from './leadscore-core.mjs';

const WASM_FILE = 'leadscore-core.wasm';

/** An error with a machine-readable `code`, the JSON `path` it concerns and, for a config, every `path: message`. */
export class LeadscoreError extends Error {
  constructor(code, message, path = '', errors = []) {
    super(message);
    this.name = 'LeadscoreError';
    this.code = code;
    this.path = path;
    this.errors = errors;
  }
}

// The core's embind face (src/wasm/bindings.cpp) is a set of functions over an engine handle:
// open(config) returns one, configErrors, ingest, score, qualified, payload, events and settings read it
// (events arrive as objects; scores, payloads, events and settings leave as JSON text), and the
// engine lives in the core's memory until close(handle) frees it.

// One core instance per wasm source, shared by every engine: instantiating costs milliseconds,
// a session costs microseconds. An instance that aborted is dropped so the next engine gets a fresh one.
const cores = new Map();

function loadCore(options) {
  const key = options.wasmBinary || options.wasmUrl || WASM_FILE;
  let core = cores.get(key);
  if (!core) {
    const forget = () => { if (cores.get(key) === core) cores.delete(key); };
    const moduleOptions = {
      // The core locates one file, its wasm. The literal `new URL('./leadscore-core.wasm',
      // import.meta.url)` is the form bundlers that follow asset URLs (webpack 5, Parcel) copy.
      locateFile: () => String(options.wasmUrl || new URL('./leadscore-core.wasm', import.meta.url)),
      onAbort: forget,
      // Failures reach the caller as a LeadscoreError; the host page's console stays quiet.
      printErr: () => {},
    };
    if (options.wasmBinary) moduleOptions.wasmBinary = options.wasmBinary;
    core = createLeadscoreCore(moduleOptions).catch((cause) => {
      forget();
      throw new LeadscoreError('load_failed', `the scoring engine could not load: ${describe(cause)}`);
    });
    cores.set(key, core);
  }
  return core;
}

function describe(cause) {
  return cause instanceof Error ? cause.message : String(cause);
}

// The config as JSON values: a JSON text is parsed, an object goes through JSON once (what JSON
// cannot hold, such as functions, undefined members or cycles, is dropped or refused as a
// collector's JSON parser would), so the core reads exactly what a JSON config file would hold.
function configValue(config) {
  try {
    return JSON.parse(typeof config === 'string' ? config : JSON.stringify(config) ?? 'null');
  } catch (cause) {
    throw new LeadscoreError('invalid_config', `$: the config is not JSON: ${describe(cause)}`, '$', [`$: ${describe(cause)}`]);
  }
}

// An event given as JSON text (a saved log line); text that is not JSON is refused as a whole.
function eventValue(text) {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new LeadscoreError('invalid_event', `$: the event is not JSON: ${describe(cause)}`, '$', [`$: ${describe(cause)}`]);
  }
}

function formatErrors(errors) {
  return errors.map(({ path, message }) => (path ? `${path}: ${message}` : message));
}

// The scoring time in ms since the epoch; NaN asks the core for "at the latest event".
function scoringTime(now) {
  if (now === undefined || now === null) return NaN;
  if (!Number.isSafeInteger(now)) {
    throw new LeadscoreError('invalid_argument', `now: expected an integer number of ms since the epoch, got ${now}`, 'now');
  }
  return now;
}

/**
 * Creates a scoring engine for one visitor from a config (object or JSON string).
 * options.wasmUrl: where the .wasm is (default: beside this module); options.wasmBinary: its bytes (Node).
 * Rejects with LeadscoreError `invalid_config` (errors: every `path: message`) or `load_failed`.
 */
export async function createEngine(config, options) {
  const configObject = configValue(config);
  const core = await loadCore(options || {});
  let session = guard(() => core.open(configObject));
  const problems = guard(() => core.configErrors(session));
  if (problems.length) {
    guard(() => core.close(session));
    const errors = formatErrors(problems);
    throw new LeadscoreError('invalid_config', `invalid config: ${errors.join('; ')}`, problems[0].path, errors);
  }

  function call(method, ...args) {
    if (!session) throw new LeadscoreError('destroyed', 'the engine was destroyed');
    return guard(() => core[method](session, ...args));
  }

  return {
    /** Adds one event (docs/events.md); throws LeadscoreError `invalid_event` with the offending path. */
    track(event) {
      const failure = call('ingest', typeof event === 'string' ? eventValue(event) : event);
      if (failure) {
        const { path, message } = failure;
        throw new LeadscoreError('invalid_event', `${path}: ${message}`, path, [`${path}: ${message}`]);
      }
    },
    /** The Score (docs/config.md) at `now` (ms), by default at the latest event. */
    score(now) {
      return JSON.parse(call('score', scoringTime(now)));
    },
    /** Whether the lead qualifies at `now`: the Score's `qualified`, at a fraction of score()'s cost. */
    qualified(now) {
      return call('qualified', scoringTime(now));
    },
    /** The lead payload (docs/payload.md) at `now`, or null while the lead does not qualify. */
    payload(now) {
      const json = call('payload', scoringTime(now));
      return json ? JSON.parse(json) : null;
    },
    /** The normalized events in scoring order; replaying them into a new engine restores the session. */
    events() {
      return JSON.parse(call('events'));
    },
    /** What the page script acts on, defaults filled in: site, revision, content, submit, qualify, decks, gates. */
    settings() {
      return JSON.parse(call('settings'));
    },
    /** Frees the session; later calls throw LeadscoreError `destroyed`. Safe to call twice. */
    destroy() {
      const doomed = session;
      session = null;
      // An aborted instance has already lost its memory: there is nothing left to free.
      if (doomed) try { core.close(doomed); } catch { /* nothing to free */ }
    },
  };
}

// A call into an aborted instance throws a WebAssembly RuntimeError; callers see a LeadscoreError.
function guard(run) {
  try {
    return run();
  } catch (cause) {
    if (cause instanceof LeadscoreError) throw cause;
    throw new LeadscoreError('engine_failed', `the scoring engine failed: ${describe(cause)}`);
  }
}
