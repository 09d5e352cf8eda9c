// The demo's stand-in for a CRM webhook: it listens on 127.0.0.1 (any free port, printed as
// `listening PORT`), checks each delivery's Leadscore-Signature with the secret in
// LEADSCORE_DEMO_HOOK_SECRET, stores each Idempotency-Key once, and appends one line per lead to
// the log file given as its argument. It answers 204, or 401 to a bad signature.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';

const secret = process.env.LEADSCORE_DEMO_HOOK_SECRET;
const logFile = process.argv[2];
if (!secret || !logFile) {
  console.error('usage: LEADSCORE_DEMO_HOOK_SECRET=… node demo-webhook-receiver.mjs LOG_FILE');
  process.exit(2);
}

function signatureHolds(header, body) {
  const parts = Object.fromEntries(String(header).split(',').map((part) => part.trim().split('=', 2)));
  if (!/^\d+$/.test(parts.t ?? '') || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.`).update(body).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const seen = new Set();
const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    if (!signatureHolds(request.headers['leadscore-signature'], body)) {
      response.writeHead(401).end();
      return;
    }
    const key = request.headers['idempotency-key'];
    if (!seen.has(key)) {
      seen.add(key);
      const lead = JSON.parse(body);
      appendFileSync(logFile, `${new Date().toISOString()} ${lead.email} ${lead.stage} ${lead.total} (${key})\n`);
    }
    response.writeHead(204).end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
