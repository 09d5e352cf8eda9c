// The panel's chrome: the open/closed toggle and the tab list (WAI-ARIA tabs: arrows, Home, End).

/** Wires the toggle; returns a function that opens the panel. */
export function initToggle(panel, toggle, label) {
  const set = (open) => {
    panel.dataset.state = open ? 'open' : 'closed';
    toggle.setAttribute('aria-expanded', String(open));
    label.textContent = open ? 'Hide the panel' : 'Show the panel';
  };
  // A phone shows the page first; the panel waits, collapsed, at the bottom.
  set(!window.matchMedia('(max-width: 960px)').matches);
  toggle.addEventListener('click', () => set(panel.dataset.state !== 'open'));
  return () => set(true);
}

/** Wires a tablist; onSelect(tabId) runs after a tab is shown (charts need their real width). */
export function initTabs(tablist, onSelect = () => {}) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    onSelect(tab.id);
  };
  tablist.addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) select(tab, false);
  });
  tablist.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    select(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
  });
  return (id) => select(document.getElementById(id), false);
}
