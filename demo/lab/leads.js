// The collector's side: the leads it stored, read with GET /leads and the demo's admin token.
import { formatPoints } from './format.js';

/** The token scripts/demo gives `leadscore serve`; it guards nothing but a demo on loopback. */
export const DEMO_ADMIN_TOKEN = 'driftwise-demo-admin';

function context(payload) {
  const decks = (payload?.context?.decks ?? [])
    .map((deck) => `${deck.deck}: ${deck.seen.length}/${deck.slides || '?'} seen`);
  const visits = payload?.context?.visits;
  return [visits ? `${visits} visit${visits === 1 ? '' : 's'}` : '', ...decks].filter(Boolean).join(' · ');
}

// Where the collector forwarded the lead: `demo-crm: delivered`, or pending/failed with the reason.
function deliveries(lead) {
  const cell = document.createElement('td');
  cell.className = 'lead-deliveries';
  for (const delivery of lead.deliveries ?? []) {
    const line = document.createElement('div');
    line.dataset.destination = delivery.destination;
    line.dataset.state = delivery.state;
    const attempts = delivery.attempts > 1 ? ` after ${delivery.attempts} attempts` : '';
    const answer = delivery.state === 'delivered' ? '' : delivery.lastStatus ? ` (HTTP ${delivery.lastStatus})` : delivery.lastError ? ` (${delivery.lastError})` : '';
    line.textContent = `${delivery.destination}: ${delivery.state}${attempts}${answer}`;
    cell.append(line);
  }
  if (!cell.childElementCount) cell.textContent = '—';
  return cell;
}

/** elements: { rows, status, refresh }. Returns { load() } (resolves with the leads shown). */
export function createLeadsView(elements) {
  async function load() {
    elements.status.textContent = 'Loading…';
    let body;
    try {
      const response = await fetch('/leads?limit=50', { headers: { Authorization: `Bearer ${DEMO_ADMIN_TOKEN}` }, cache: 'no-store' });
      if (!response.ok) {
        elements.status.textContent = response.status === 401
          ? 'The collector refused the demo token (401): start the demo with scripts/demo.'
          : `The collector answered ${response.status}.`;
        return [];
      }
      body = await response.json();
    } catch (error) {
      elements.status.textContent = `The collector is not reachable: ${error.message}`;
      return [];
    }
    const leads = body.leads ?? [];
    elements.status.textContent = leads.length === 1 ? '1 lead stored.' : `${leads.length} leads stored.`;
    elements.rows.replaceChildren(...leads.map((lead) => {
      const row = document.createElement('tr');
      row.dataset.leadId = lead.id;
      const email = document.createElement('td');
      const strong = document.createElement('strong');
      strong.textContent = lead.email;
      const detail = document.createElement('div');
      detail.className = 'lead-context';
      const received = `received ${new Date(lead.receivedAt).toLocaleTimeString()}`;
      detail.textContent = [lead.lead?.job_title, lead.lead?.company, context(lead.payload), received]
        .filter(Boolean).join(' · ');
      email.append(strong, detail);
      const stage = document.createElement('td');
      stage.textContent = `${lead.stage.toUpperCase()} · ${lead.grade}`;
      const total = document.createElement('td');
      total.className = 'num';
      total.textContent = formatPoints(lead.total);
      row.append(email, stage, total, deliveries(lead));
      return row;
    }));
    return leads;
  }
  elements.refresh.addEventListener('click', load);
  return { load };
}
