// The visitor's consent: true, false, or "pending" (not asked yet). It decides whether anything
// may be remembered (storage.js) or sent (outbox.js), and every change is recorded as a `consent`
// event so the score's qualification sees it too. Remembering always needs a yes; a site whose
// config does not require consent may only send a lead while the answer is pending.

let state = 'pending';
let required = true;
let emit = null;

/** config: { consent: true | false | "pending", requireConsent }. */
export function init(config, emitEvent) {
  teardown();
  state = parse(config.consent);
  required = config.requireConsent !== false;
  emit = emitEvent;
}

/**
 * Records the page's answer unless the session already holds it as its latest consent
 * (`recorded`, restored from storage), so reloads do not repeat an unchanged answer.
 */
export function sync(recorded) {
  if (state !== 'pending' && recorded !== state) emit({ type: 'consent', granted: state });
}

export function teardown() {
  emit = null;
}

/** The current answer: true, false or "pending". */
export function current() {
  return state;
}

/** Whether anything may be stored in the browser: only with consent given. */
export function allowsStorage() {
  return state === true;
}

/** Whether a lead may be sent: consent given, or — where the config does not require it — not refused. */
export function allowsSending() {
  return state === true || (!required && state !== false);
}

/** Records a new answer. Throws RangeError for anything but a boolean. */
export function set(granted) {
  if (typeof granted !== 'boolean') throw new RangeError('setConsent: expected true or false');
  state = granted;
  emit({ type: 'consent', granted });
}

/** true / "true" / "granted" -> true; false / "false" / "denied" -> false; anything else "pending". */
function parse(value) {
  if (value === true || value === 'true' || value === 'granted') return true;
  if (value === false || value === 'false' || value === 'denied') return false;
  return 'pending';
}
