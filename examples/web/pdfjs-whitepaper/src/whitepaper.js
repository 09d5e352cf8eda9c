// A whitepaper in the PDF.js viewer, followed by leadscore: each page read is a slide_view of the
// deck "whitepaper", and the gate in leadscore.json locks pages 3 and later until the form in the
// dialog is submitted. pdf.worker.mjs is copied beside the bundle by the build.
import * as pdfjsLib from 'pdfjs-dist';
import 'pdfjs-dist/web/pdf_viewer.css';
import { followPdfViewer, init } from 'leadscore';
import wasm from 'leadscore/leadscore-core.wasm';

// esbuild's file loader gives the copied wasm's path relative to the bundle.
const wasmUrl = new URL(wasm, import.meta.url);

pdfjsLib.GlobalWorkerOptions.workerSrc = new URL('pdf.worker.mjs', import.meta.url).href;
globalThis.pdfjsLib = pdfjsLib; // the viewer component reads the library from here
const { EventBus, PDFViewer } = await import('pdfjs-dist/web/pdf_viewer.mjs');

const eventBus = new EventBus();
const viewer = new PDFViewer({
  container: document.getElementById('viewerContainer'),
  viewer: document.getElementById('viewer'),
  eventBus,
});
const ls = await init({ config: '/leadscore.json', wasmUrl, consent: true });
followPdfViewer(ls, viewer);
viewer.setDocument(await pdfjsLib.getDocument('/whitepaper.pdf').promise);
window.viewer = viewer;
window.ls = ls;
