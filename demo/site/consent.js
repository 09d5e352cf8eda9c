// The site's own record of the visitor's consent answer, kept the way a consent manager keeps
// it. leadscore learns the answer from its tag's data-consent before it starts, so a visitor who
// said yes is remembered on the next visit (without it, leadscore may not read its storage).

const KEY = 'driftwise:consent';

/** true, false, or "pending" when the visitor was never asked or storage is unavailable. */
export function rememberedConsent() {
  try {
    const answer = localStorage.getItem(KEY);
    return answer === 'true' ? true : answer === 'false' ? false : 'pending';
  } catch {
    return 'pending';
  }
}

export function rememberConsent(granted) {
  try {
    localStorage.setItem(KEY, String(granted));
  } catch {
    // Private mode or a full store: the answer then lasts for this page only.
  }
}

/** Tells the leadscore tag the answer; must run before its module does (document order). */
export function announceConsent(answer) {
  const tag = document.querySelector('script[data-config][src$="/leadscore.js"]');
  if (tag) tag.setAttribute('data-consent', String(answer));
}
