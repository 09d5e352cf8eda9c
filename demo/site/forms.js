// The site's own lead form: one template placed in the contact section and in each gate dialog,
// submitted in place (never navigating away), its consent box kept in step across the copies.

/** Copies the template into every [data-lead-form] slot; each copy gets its own id prefix. */
export function mountLeadForms(template) {
  const forms = [];
  for (const slot of document.querySelectorAll('[data-lead-form]')) {
    const prefix = `lead-${slot.dataset.leadForm}`;
    const html = template.innerHTML.replaceAll('{p}', prefix);
    slot.insertAdjacentHTML('beforeend', html);
    const form = slot.querySelector('form');
    // In a gate dialog the visitor came to type: the dialog opens on the e-mail field.
    if (slot.closest('dialog')) form.elements.email.autofocus = true;
    forms.push(form);
  }
  return forms;
}

/**
 * onConsent(granted) when a consent box changes; onSubmitted(form) after a valid submit.
 * leadscore's gate handles submits inside its dialogs; this keeps the contact form on the page too.
 */
export function wireLeadForms(forms, { onConsent, onSubmitted }) {
  for (const form of forms) {
    const consent = form.elements.consent;
    consent.addEventListener('change', () => {
      for (const other of forms) other.elements.consent.checked = consent.checked;
      onConsent(consent.checked);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const status = form.querySelector('.form-status');
      for (const field of form.elements) {
        if ('validity' in field && field.willValidate) field.setAttribute('aria-invalid', String(!field.validity.valid));
      }
      if (!form.checkValidity()) {
        form.reportValidity();
        status.textContent = 'Please fill in your work e-mail and name.';
        status.classList.add('is-error');
        return;
      }
      status.classList.remove('is-error');
      onSubmitted(form);
    });
  }
}

/** The dialogs' close buttons ask the dialog to cancel, exactly as Escape does. */
export function wireDialogCloseButtons() {
  for (const button of document.querySelectorAll('[data-close-dialog]')) {
    button.addEventListener('click', () => {
      const dialog = button.closest('dialog');
      const cancel = new Event('cancel', { cancelable: true });
      if (dialog.dispatchEvent(cancel)) dialog.close();
    });
  }
}
