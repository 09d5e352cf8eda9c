// Generates the demo whitepaper PDF from whitepaper.md with pdfkit.
// Usage: node demo/whitepaper/build.mjs [OUTPUT]   (default: demo/assets/whitepaper.pdf)
//
// The source is a small Markdown subset: a header of `key: value` lines, `# ` starts a new page,
// `## ` subheadings, paragraphs, `- ` bullets (with **bold** lead-ins), `> ` pull quotes and
// ```chart blocks of `label | value` rows. The output is byte-for-byte reproducible (fixed dates
// and file id), so the shipped PDF can be checked against its source.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'whitepaper.md');
const output = process.argv[2] ?? join(here, '..', 'assets', 'whitepaper.pdf');

// A fixed date keeps the output reproducible; it is the edition date, not the build date.
const kEditionDate = new Date(Date.UTC(2026, 0, 15));
const kInk = '#1b2333';
const kMuted = '#5b6478';
const kAccent = '#0f766e';
const kMargin = 64;

function parse(text) {
  const lines = text.split('\n');
  const meta = {};
  let i = 0;
  for (; i < lines.length && lines[i].trim() !== ''; i++) {
    const m = /^(\w+):\s*(.*)$/.exec(lines[i]);
    if (!m) throw new Error(`whitepaper.md:${i + 1}: expected a "key: value" header line`);
    meta[m[1]] = m[2];
  }
  const blocks = [];
  let paragraph = [];
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ kind: 'p', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```chart')) {
      endParagraph();
      const chart = { kind: 'chart', title: '', rows: [] };
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) {
        const t = /^title:\s*(.*)$/.exec(lines[i]);
        if (t) { chart.title = t[1]; continue; }
        const [label, value] = lines[i].split('|').map((s) => s.trim());
        const number = Number(value);
        if (!label || !Number.isFinite(number)) {
          throw new Error(`whitepaper.md:${i + 1}: expected "label | number" in a chart block`);
        }
        chart.rows.push({ label, value: number });
      }
      blocks.push(chart);
    } else if (line.startsWith('# ')) {
      endParagraph(); blocks.push({ kind: 'h1', text: line.slice(2) });
    } else if (line.startsWith('## ')) {
      endParagraph(); blocks.push({ kind: 'h2', text: line.slice(3) });
    } else if (line.startsWith('- ')) {
      endParagraph(); blocks.push({ kind: 'li', text: line.slice(2) });
    } else if (line.startsWith('> ')) {
      endParagraph(); blocks.push({ kind: 'quote', text: line.slice(2) });
    } else if (line.trim() === '') {
      endParagraph();
    } else {
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  return { meta, blocks };
}

// Writes text with **bold** runs; pdfkit continues a line across font changes with `continued`.
function richText(doc, text, options) {
  const runs = text.split(/(\*\*[^*]+\*\*)/).filter(Boolean);
  runs.forEach((run, index) => {
    const bold = run.startsWith('**');
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .text(bold ? run.slice(2, -2) : run, { ...options, continued: index < runs.length - 1 });
  });
}

function cover(doc, meta) {
  const { width, height } = doc.page;
  doc.rect(0, 0, width, height).fill('#0b1f2a');
  doc.rect(0, height * 0.62, width, 6).fill(kAccent);
  doc.fillColor('#7dd3c0').font('Helvetica-Bold').fontSize(12)
    .text('DRIFTWISE · WHITEPAPER', kMargin, 120, { characterSpacing: 2 });
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(40)
    .text(meta.title, kMargin, 170, { width: width - 2 * kMargin, lineGap: 4 });
  doc.moveDown(0.6).fillColor('#c9d6df').font('Helvetica').fontSize(16)
    .text(meta.subtitle, { width: width - 2 * kMargin - 40, lineGap: 3 });
  doc.fillColor('#c9d6df').fontSize(11).text(meta.author, kMargin, height * 0.62 + 36);
}

function chart(doc, block) {
  const width = doc.page.width - 2 * kMargin;
  const max = Math.max(...block.rows.map((r) => r.value));
  const labelWidth = 130;
  const barMax = width - labelWidth - 50;
  doc.moveDown(0.5).fillColor(kInk).font('Helvetica-Bold').fontSize(11).text(block.title, kMargin);
  doc.moveDown(0.4);
  for (const row of block.rows) {
    const y = doc.y;
    const barWidth = Math.max(2, (row.value / max) * barMax);
    doc.fillColor(kMuted).font('Helvetica').fontSize(10)
      .text(row.label, kMargin, y + 3, { width: labelWidth - 10 });
    doc.rect(kMargin + labelWidth, y, barWidth, 16).fill(kAccent);
    doc.fillColor(kInk).fontSize(10).text(String(row.value), kMargin + labelWidth + barWidth + 6, y + 3);
    doc.y = y + 24;
  }
  doc.x = kMargin;
  doc.moveDown(0.6);
}

function footer(doc, meta, pageNumber, pageCount) {
  const { width, height } = doc.page;
  // Writing inside the bottom margin would make pdfkit add a page; lift the margin while we do.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.fillColor(kMuted).font('Helvetica').fontSize(8.5)
    .text(`Driftwise · ${meta.title}`, kMargin, height - 40, { lineBreak: false })
    .text(`${pageNumber} / ${pageCount}`, width - kMargin - 40, height - 40, { width: 40, align: 'right' });
  doc.page.margins.bottom = bottom;
}

function render({ meta, blocks }) {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: kMargin, bottom: kMargin + 10, left: kMargin, right: kMargin },
    bufferPages: true,
    info: { Title: meta.title, Author: 'Driftwise', Subject: meta.subtitle, CreationDate: kEditionDate, ModDate: kEditionDate },
  });
  const chunks = [];
  doc.on('data', (chunk) => chunks.push(chunk));
  const done = new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  cover(doc, meta);
  const textWidth = doc.page.width - 2 * kMargin;
  for (const block of blocks) {
    switch (block.kind) {
      case 'h1':
        doc.addPage();
        doc.fillColor(kAccent).font('Helvetica-Bold').fontSize(24).text(block.text, kMargin, kMargin);
        doc.moveTo(kMargin, doc.y + 6).lineTo(kMargin + 48, doc.y + 6).lineWidth(3).stroke(kAccent);
        doc.moveDown(1.2);
        break;
      case 'h2':
        doc.moveDown(0.4).fillColor(kInk).font('Helvetica-Bold').fontSize(13).text(block.text, kMargin);
        doc.moveDown(0.2);
        break;
      case 'p':
        doc.fillColor(kInk).fontSize(12);
        richText(doc, block.text, { width: textWidth, lineGap: 4, align: 'left' });
        doc.moveDown(0.7);
        break;
      case 'li': {
        const y = doc.y;
        doc.circle(kMargin + 4, y + 7, 2.2).fill(kAccent);
        doc.fillColor(kInk).fontSize(12);
        doc.x = kMargin + 14;
        richText(doc, block.text, { width: textWidth - 14, lineGap: 4 });
        doc.x = kMargin;
        doc.moveDown(0.5);
        break;
      }
      case 'quote': {
        doc.moveDown(0.3);
        const y = doc.y;
        doc.fillColor(kAccent).font('Helvetica-Oblique').fontSize(13)
          .text(block.text, kMargin + 18, y, { width: textWidth - 18, lineGap: 3 });
        doc.rect(kMargin, y, 3, doc.y - y).fill(kAccent);
        doc.x = kMargin;
        doc.moveDown(0.9);
        break;
      }
      case 'chart':
        chart(doc, block);
        break;
    }
  }
  const { start, count } = doc.bufferedPageRange();
  for (let page = start + 1; page < start + count; page++) {
    doc.switchToPage(page);
    footer(doc, meta, page + 1, count);
  }
  doc.end();
  return done;
}

const pdf = await render(parse(readFileSync(source, 'utf8')));
writeFileSync(output, pdf);
console.log(`${output}: ${pdf.length} bytes`);
