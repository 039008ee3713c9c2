// The in-process call against a loopback HTTP server answering the same estimate (issue
// #14): a child Node process serves POST /estimate with the package (the input's JSON in,
// the estimate's JSON out) on 127.0.0.1, and this process asks it over a kept-alive
// connection, one request after the other. The same input is estimated in process, in
// turns with the server's rounds. Minimum and median per call, and the ratio of the medians.
//   node www/bench/loopback.mjs [--requests N]      (scripts/bench.sh builds the package first)
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { estimate } from '../node.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 3000);
const ROUNDS = 10;

const input = {
  order: { plan: '3year-100m', start: '2026-01-15T10:30:00+08:00', paid: { cash: '184400.00' }, usage: { traffic_gb: '0' } },
  request: { at: '2027-03-01T12:00:00+08:00', reason: 'business_change' },
};

const SERVER = `
  import { createServer } from 'node:http';
  import { estimate } from ${JSON.stringify(new URL('../node.js', import.meta.url).href)};
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.stringify(estimate(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      } catch (e) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: e.code, message: e.message }));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const body = JSON.stringify(input);

/** One estimate over HTTP, parsed as the caller would use it. */
function remote() {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/estimate', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

try {
  if ((await remote()).refund !== estimate(input).refund) throw new Error('the server answers another estimate');
  for (let i = 0; i < 300; i++) await remote();
  const http = [];
  const local = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < REQUESTS / ROUNDS; i++) {
      const t0 = performance.now();
      await remote();
      http.push((performance.now() - t0) * 1000);
    }
    for (let i = 0; i < REQUESTS / ROUNDS; i++) {
      const t0 = performance.now();
      estimate(input);
      local.push((performance.now() - t0) * 1000);
    }
  }
  const sorted = (v) => [...v].sort((a, b) => a - b);
  const [h, l] = [sorted(http), sorted(local)];
  const med = (v) => v[v.length >> 1];
  const us = (v) => `${v.toFixed(1)} µs`;
  console.log(`estimate() in process        min ${us(l[0]).padStart(9)}   median ${us(med(l)).padStart(9)}   (${l.length} calls)`);
  console.log(`loopback HTTP server         min ${us(h[0]).padStart(9)}   median ${us(med(h)).padStart(9)}   (${h.length} requests, kept-alive, JSON in and out)`);
  console.log(`loopback ÷ in process: ${(med(h) / med(l)).toFixed(1)}× the median`);
} finally {
  agent.destroy();
  child.kill();
}
