// observers/forms.js, the parts that need no page: which names and values are secrets a lead form
// never captures, whatever the config names (the Chromium side is tests/browser/forms.spec.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { isSecretName, isSecretValue } from '../../web/observers/forms.js';

test('names of card, CVC, bank, IBAN, password and national-id fields are secrets in any spelling', () => {
  for (const name of ['cc-number', 'ccNum', 'cardNumber', 'card_no', 'card', 'credit-card', 'CreditCard',
    'billing[card_number]', 'cvc', 'CVV2', 'security_code', 'iban', 'payer_IBAN', 'accountNumber',
    'routing-number', 'sort_code', 'password', 'new-passcode', 'otp', 'ssn', 'socialSecurityNumber',
    'national_id', 'NationalInsuranceNumber', 'tax_id', 'taxNumber', 'id_number', 'passport_no', 'dni']) {
    assert.equal(isSecretName(name), true, name);
  }
});

test('ordinary lead fields are not secrets, even where a secret word hides inside a word', () => {
  for (const name of ['email', 'job_title', 'company', 'company_size', 'business_name', 'first_name',
    'phone', 'country', 'message', 'company_id', 'cardinal', 'discard_reason', 'website', 'cc_email']) {
    assert.equal(isSecretName(name), false, name);
  }
});

test('a value holding a card number that passes the Luhn check is a secret; one digit off is not', () => {
  for (const value of ['4111111111111111', '4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005',
    'my card: 4242 4242 4242 4242, exp 12/29']) {
    assert.equal(isSecretValue(value), true, value);
  }
  for (const value of ['4111111111111112', '4111 1111 1111 1121', '+49 170 1234567', '250', 'ann@acme.example',
    '123456789012', '']) {
    assert.equal(isSecretValue(value), false, value);
  }
});

test('an IBAN is a secret in any spacing or case; a wrong check digit is not', () => {
  for (const value of ['DE89370400440532013000', 'DE89 3704 0044 0532 0130 00', 'gb82 west 1234 5698 7654 32']) {
    assert.equal(isSecretValue(value), true, value);
  }
  for (const value of ['DE88370400440532013000', 'GB82WEST', 'ACME-2026-INVOICE-77']) {
    assert.equal(isSecretValue(value), false, value);
  }
});
