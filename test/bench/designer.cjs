// Designer figures for `npm run bench`: a generated 500-node definition
// opened and fitted in Chromium, and the frame time while panning it, each
// beside the same measurement on a 6-node template in the same browser.
const { createServer } = require('node:http');
const { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { extname, join, normalize } = require('node:path');
const { chromium } = require('playwright-core');

const DIST = join(__dirname, '..', '..', 'apps', 'designer', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = 3;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/** A request flow of `size` nodes: approvals in a chain, with a condition every tenth step that may skip ahead. */
function generated(size) {
  const nodes = [{ id: 'start', type: 'start' }];
  const edges = [];
  const layout = { start: { x: 0, y: 0 } };
  let previous = 'start';
  let previousOutput;
  for (let i = 1; i < size - 1; i += 1) {
    const branch = i % 10 === 0;
    const id = `${branch ? 'check' : 'step'}${i}`;
    nodes.push(branch ? { id, type: 'branch', title: `Check ${i}` } : { id, type: 'approval', title: `Step ${i}`, config: { assignees: [{ type: 'user', value: `u${i % 7}` }] } });
    edges.push({ from: previous, to: id, ...(previousOutput ? { on: previousOutput } : {}) });
    layout[id] = { x: (i % 25) * 220, y: Math.floor(i / 25) * 110 };
    previous = id;
    previousOutput = branch ? undefined : 'approved';
  }
  nodes.push({ id: 'end', type: 'end' });
  edges.push({ from: previous, to: 'end', ...(previousOutput ? { on: previousOutput } : {}) });
  layout.end = { x: 25 * 220, y: Math.floor(size / 25) * 110 };
  // each condition may jump to the end when the amount is small
  for (const n of nodes) if (n.type === 'branch') edges.splice(edges.findIndex((e) => e.from === n.id), 0, { from: n.id, to: 'end', condition: { '<': [{ var: 'form.amount' }, 10] } });
  return {
    id: `generated-${size}`, name: `Generated ${size}`, kind: 'approval',
    form: { fields: [{ key: 'amount', label: 'Amount', type: 'money', required: true }] },
    nodes, edges, layout,
  };
}

function serveDist() {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not served by the benchmark"}');
      return;
    }
    const file = join(DIST, path === '/' ? 'index.html' : path);
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** Milliseconds from handing the file to the designer until every node is drawn and the view is fitted. */
async function openAndFit(page, file, size) {
  const before = Number((await page.getByTestId('canvas').getAttribute('data-fitted')) ?? -1);
  const started = process.hrtime.bigint();
  await page.getByTestId('import').setInputFiles(file);
  await page.waitForFunction(([n, after]) => {
    const canvas = document.querySelector('[data-testid=canvas]');
    return Number(canvas?.getAttribute('data-fitted') ?? -1) > after && document.querySelectorAll('.react-flow__node').length === n;
  }, [size, before], { polling: 'raf', timeout: 120_000 });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Frame intervals (ms) seen by requestAnimationFrame while the pane is dragged. */
async function panFrames(page) {
  const box = await page.getByTestId('canvas').boundingBox();
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (window.__panning) requestAnimationFrame(tick);
    };
    window.__panning = true;
    requestAnimationFrame(tick);
  });
  const x = box.x + 8;
  const y = box.y + 8;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 60; i += 1) await page.mouse.move(x + i * 6, y + i * 3);
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    window.__panning = false;
    return window.__frames.slice(1);
  });
  return { mean: frames.reduce((a, b) => a + b, 0) / frames.length, p95: percentile(frames, 0.95), frames: frames.length };
}

async function measure(page, definition, dir) {
  const file = join(dir, `${definition.id}.json`);
  writeFileSync(file, JSON.stringify(definition));
  const opens = [];
  for (let i = 0; i < RUNS; i += 1) opens.push(await openAndFit(page, file, definition.nodes.length));
  const pan = await panFrames(page);
  return { openMs: median(opens), pan };
}

async function designerFigures() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST} has no build`);
  const server = await serveDist();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking'] });
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const session = { tenant: 'bench', token: 'none', user: { id: 'bench', name: 'bench' }, roles: ['superAdmin'] };
    await page.addInitScript((s) => localStorage.setItem('baton.session', s), JSON.stringify(session));
    await page.goto(`http://127.0.0.1:${server.address().port}/#/designer`);
    await page.getByTestId('canvas').waitFor();
    const template = JSON.parse(readFileSync(join(__dirname, '..', '..', 'templates', 'leave-request.json'), 'utf8'));
    const small = await measure(page, template, dir);
    const large = await measure(page, generated(500), dir);
    const r = (n) => Number(n.toFixed(1));
    return {
      designerOpenFit500NodesMs: r(large.openMs),
      designerOpenFitTemplateMs: r(small.openMs),
      designerPanFrame500NodesMeanMs: r(large.pan.mean),
      designerPanFrame500NodesP95Ms: r(large.pan.p95),
      designerPanFrameTemplateMeanMs: r(small.pan.mean),
      designerPanFrameTemplateP95Ms: r(small.pan.p95),
      designerPanFramesMeasured: large.pan.frames,
      designerBrowser: `chromium ${browser.version()}`,
    };
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { designerFigures, generated };

if (require.main === module) {
  designerFigures().then((f) => {
    console.log(JSON.stringify(f));
    process.exit(0);
  }, (error) => {
    console.error(error);
    process.exit(1);
  });
}
