// PDF.js: reports the page being read. followPdfViewer() hooks the viewer component of
// pdfjs-dist (web/pdf_viewer.mjs) through its EventBus; pdfPageReporter() serves a custom
// renderer built on getDocument(), which calls it whenever it shows another page.


/**
 * Follows a PDFViewer for the page script instance `ls`: every `pagechanging` becomes
 * ls.slide(deck, page, pagesCount). The deck id is options.deck, else the viewer container's
 * data-ls-deck, else "document". Page elements get data-ls-slide so a gate can hide them.
 * Returns a function that stops following. The first argument is the entry's guard.js
 * (`{ guard }`), handed over rather than imported so that it stays out of a chunk every start waits for.
 */
export function followPdfViewer({ guard }, ls, viewer, options = {}) {
  const eventBus = options.eventBus || viewer.eventBus;
  const container = viewer.container;
  const deck = options.deck || container.getAttribute('data-ls-deck') || 'document';
  container.setAttribute('data-ls-deck', deck);
  // Pages sit one under the other: a gate shows its form when the reader scrolls to a locked one.
  if (!container.hasAttribute('data-ls-mode')) container.setAttribute('data-ls-mode', 'scroll');
  const report = guard((pageNumber) => {
    for (const page of container.querySelectorAll('.page[data-page-number]')) {
      page.setAttribute('data-ls-slide', page.getAttribute('data-page-number'));
    }
    if (pageNumber >= 1) ls.slide(deck, pageNumber, viewer.pagesCount || undefined);
  });
  const onPageChanging = guard((event) => report(event.pageNumber));
  const onPagesInit = () => report(viewer.currentPageNumber);
  eventBus.on('pagechanging', onPageChanging);
  eventBus.on('pagesinit', onPagesInit);
  if (viewer.pagesCount) onPagesInit();
  return () => {
    eventBus.off('pagechanging', onPageChanging);
    eventBus.off('pagesinit', onPagesInit);
  };
}

/** For a custom renderer: returns show(pageNumber), to call each time another page is shown. */
export function pdfPageReporter(ls, deck, pageCount) {
  return (pageNumber) => ls.slide(deck, pageNumber, pageCount);
}
