// The whitepaper viewer: PDF.js renders one page at a time into a canvas, which moves into the
// current page's [data-ls-slide] element; the others are `hidden`. leadscore reads the current
// page from that markup, counts its time only while the viewer is in view, and hides the pages
// a gate locks. A locked page is not even rendered.

// PDF.js is the heaviest asset on the page; it loads when the viewer starts, not with the page.
async function loadPdfjs() {
  const pdfjs = await import('/vendor/pdfjs/build/pdf.min.mjs');
  pdfjs.GlobalWorkerOptions.workerSrc = '/vendor/pdfjs/build/pdf.worker.min.mjs';
  return pdfjs;
}

/**
 * elements: { pages (holds one [data-ls-slide] per page), canvas, prev, next, status }.
 * isLocked(n) says whether a gate holds page n; onPage(n, pages) runs once the visitor is on
 * page n (shown, or held by its gate).
 * Returns { pages, show(n), refresh(), destroy() }.
 */
export async function initWhitepaper(url, elements, { isLocked, onPage }) {
  const pdfjs = await loadPdfjs();
  const loading = pdfjs.getDocument({
    url,
    standardFontDataUrl: '/vendor/pdfjs/standard_fonts/',
    wasmUrl: '/vendor/pdfjs/wasm/',
    isEvalSupported: false,
  });
  const pdf = await loading.promise;
  const pages = pdf.numPages;
  let current = 0;
  let wanted = 1;
  let rendering = null;

  async function render(n) {
    const page = await pdf.getPage(n);
    const cssWidth = Math.min(640, elements.pages.clientWidth);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: (cssWidth / base.width) * (window.devicePixelRatio || 1) });
    elements.canvas.width = Math.floor(viewport.width);
    elements.canvas.height = Math.floor(viewport.height);
    if (rendering) rendering.cancel();
    rendering = page.render({ canvas: elements.canvas, viewport });
    try {
      await rendering.promise;
    } catch (error) {
      if (error?.name !== 'RenderingCancelledException') throw error;
    }
  }

  function markCurrent(n) {
    for (const element of elements.pages.querySelectorAll('[data-ls-slide]')) {
      const here = Number(element.dataset.lsSlide) === n;
      element.hidden = !here;
      if (here) element.setAttribute('aria-current', 'page');
      else element.removeAttribute('aria-current');
    }
  }

  async function show(n) {
    wanted = Math.min(pages, Math.max(1, n));
    markCurrent(wanted);
    elements.status.textContent = `Page ${wanted} of ${pages}`;
    elements.prev.disabled = wanted <= 1;
    elements.next.disabled = wanted >= pages;
    if (isLocked(wanted)) {
      onPage(wanted, pages);
      return;
    }
    const slot = elements.pages.querySelector(`[data-ls-slide="${wanted}"]`);
    if (slot && elements.canvas.parentElement !== slot) slot.append(elements.canvas);
    if (wanted !== current) {
      await render(wanted);
      current = wanted;
      elements.canvas.setAttribute('aria-label', `Whitepaper page ${wanted} of ${pages}`);
      elements.canvas.dataset.page = String(wanted);  // drawn: for tests and screenshots
    }
    onPage(wanted, pages);
  }

  const previous = () => show(wanted - 1);
  const next = () => show(wanted + 1);
  elements.prev.addEventListener('click', previous);
  elements.next.addEventListener('click', next);
  await show(1);

  return {
    pages,
    show,
    /** Re-checks the gate for the wanted page, e.g. once a gate opened. */
    refresh: () => show(wanted),
    destroy() {
      elements.prev.removeEventListener('click', previous);
      elements.next.removeEventListener('click', next);
      pdf.destroy();
    },
  };
}
