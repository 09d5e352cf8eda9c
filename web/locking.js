// Really hiding a locked slide or content block: display:none !important and inert, so it is out
// of sight and out of the accessibility tree, and showing it again on unlock as its viewer wants
// it then. Viewers (reveal.js, PDF.js) keep rewriting their slides' inline display and inert while
// the visitor moves; a locked element is hidden again at once, and what the viewer wrote is kept
// as the element's own state to restore on unlock.

const own = new WeakMap(); // locked element -> { display, priority, inert } as its viewer wants it
let watch = null;

/** observer: guard.js's, from the entry through the gate (an import would split it into a chunk). */
export function start(observer) {
  watch = observer(MutationObserver, (records) => {
    keepViewerState(records);
    for (const { target } of records) {
      const gateId = target.getAttribute('data-ls-locked');
      if (gateId && own.has(target)) hide(target, gateId);
    }
  });
}

export function stop() {
  watch.disconnect();
  watch = null;
}

export function hide(element, gateId) {
  keepViewerState(watch.takeRecords());
  if (!own.has(element)) {
    own.set(element, {
      display: element.style.getPropertyValue('display'),
      priority: element.style.getPropertyPriority('display'),
      inert: element.hasAttribute('inert'),
    });
    watch.observe(element, { attributes: true, attributeFilter: ['style', 'inert'] });
  }
  element.setAttribute('data-ls-locked', gateId);
  if (element.style.getPropertyValue('display') !== 'none' || element.style.getPropertyPriority('display') !== 'important') {
    element.style.setProperty('display', 'none', 'important');
  }
  if (!element.hasAttribute('inert')) element.setAttribute('inert', '');
  watch.takeRecords(); // this module's own writes, not the viewer's
}

export function reveal(element) {
  keepViewerState(watch.takeRecords());
  const state = own.get(element);
  if (!state) return;
  own.delete(element);
  element.removeAttribute('data-ls-locked');
  if (state.display) element.style.setProperty('display', state.display, state.priority);
  else element.style.removeProperty('display');
  element.toggleAttribute('inert', state.inert);
  watch.takeRecords();
}

// Every record taken here is the viewer's: this module discards its own right after writing.
function keepViewerState(records) {
  for (const { target, attributeName } of records) {
    const state = own.get(target);
    if (!state) continue;
    if (attributeName === 'inert') {
      state.inert = target.hasAttribute('inert');
      continue;
    }
    const display = target.style.getPropertyValue('display');
    const priority = target.style.getPropertyPriority('display');
    // Another property changed while the display is still the lock's own.
    if (display === 'none' && priority === 'important') continue;
    Object.assign(state, { display, priority });
  }
}
