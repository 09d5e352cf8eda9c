// How scores read in the panel: numbers, reason codes in words, event one-liners.

/** Reason codes (docs/config.md) as a marketer would say them. */
export const REASON_TEXT = {
  no_email: 'no valid e-mail address yet',
  below_stage: 'score below the qualifying threshold',
  disqualified: 'disqualified by a fit rule',
  no_consent: 'no consent to be contacted',
  bot_honeypot: 'the hidden honeypot field was filled',
  bot_too_fast: 'the form was filled faster than a person can',
  bot_webdriver: 'the browser is automated (webdriver)',
};

export function formatPoints(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** One short line: "qualified" or the reasons it is not. */
export function describeOutcome(score) {
  if (score.qualified) return 'qualified: the lead is sent';
  return score.reasons.map((code) => REASON_TEXT[code] ?? code).join('; ');
}

/** A one-line summary of an event for the log. */
export function describeEvent(event) {
  switch (event.type) {
    case 'page_view': return event.path;
    case 'content_view': return `${event.id} · ${(event.ms / 1000).toFixed(1)} s`;
    case 'slide_view': return `${event.deck} ${event.slide}${event.of ? `/${event.of}` : ''} · ${(event.ms / 1000).toFixed(1)} s`;
    case 'form_view': case 'form_start': return event.form;
    case 'form_submit': return `${event.form}${event.fillMs !== undefined ? ` · filled in ${(event.fillMs / 1000).toFixed(1)} s` : ''}`;
    case 'consent': return event.granted ? 'granted' : 'refused';
    case 'click': case 'download': return event.id;
    case 'custom': return event.name;
    default: return '';
  }
}
