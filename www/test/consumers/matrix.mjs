// The consumer test matrix's machinery (www/test/consumers.test.js): the packed tarball, the
// pinned tools (installed once per package-lock.json), fresh consumer projects, the README's
// recipes, a static server that can send headers, and the README's value comments as checks.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WWW = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));

/**
 * The tools of the matrix (this folder's package.json, pinned by its package-lock.json),
 * installed with `npm ci` into www/.cache/consumers/<hash of the lock file>: a second run
 * finds them there, a changed lock installs afresh (and the old copy is removed). The
 * consumer projects live below that folder, so Node's resolution finds the tools from them,
 * and Vite and playwright-core from www/node_modules further up.
 */
export function toolchain() {
  const lock = readFileSync(join(HERE, 'package-lock.json'));
  const key = createHash('sha256').update(lock).update(readFileSync(join(HERE, 'package.json'))).digest('hex').slice(0, 16);
  const root = join(WWW, '.cache', 'consumers');
  const dir = join(root, key);
  const done = join(dir, '.installed');
  let installed = false;
  if (!existsSync(done)) {
    if (existsSync(root)) for (const old of readdirSync(root)) rmSync(join(root, old), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(join(HERE, 'package.json'), join(dir, 'package.json'));
    cpSync(join(HERE, 'package-lock.json'), join(dir, 'package-lock.json'));
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });
    writeFileSync(done, new Date().toISOString());
    installed = true;
  }
  return { dir, installed, bin: (name) => join(dir, 'node_modules', '.bin', name), module: (path) => join(dir, 'node_modules', path) };
}

/** A fresh folder for this run's consumer projects, below the tools. */
export function runFolder(tools) {
  mkdirSync(join(tools.dir, 'runs'), { recursive: true });
  return mkdtempSync(join(tools.dir, 'runs', `${process.pid}-`));
}

/** `npm pack` of www/ into `dir`: the tarball's path. */
export function pack(dir) {
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: WWW, encoding: 'utf8' }).trim().split('\n').pop();
  return join(dir, name);
}

/**
 * A consumer project: `files` written into a fresh folder with its own package.json, and the
 * tarball installed with npm (no registry: the package has no dependencies).
 */
export function project(runDir, name, tarball, files = {}, packageJson = { type: 'module' }) {
  const dir = join(runDir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, ...packageJson }, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', tarball], { cwd: dir, stdio: 'pipe' });
  write(dir, files);
  return dir;
}

/** Writes `{ path: text }` below `dir`. */
export function write(dir, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/**
 * The README's recipes: every fenced block right after a `<!-- test: name -->` comment, by
 * name (e.g. "esbuild/app.js"). The matrix runs these texts, so the README cannot drift.
 */
export function recipes(readme = readFileSync(join(WWW, 'README.md'), 'utf8')) {
  const found = new Map();
  const re = /<!-- test: (\S+) -->\n```[a-z]*\n([\s\S]*?)```/g;
  for (const match of readme.matchAll(re)) {
    const [, name, code] = match;
    if (found.has(name)) throw new Error(`README: two recipes named ${name}`);
    // The README's line of the block's first line of code.
    const line = readme.slice(0, match.index).split('\n').length + 2;
    found.set(name, { code, line });
  }
  const entry = (name) => {
    if (!found.has(name)) throw new Error(`README: no recipe <!-- test: ${name} --> before a code block`);
    return found.get(name);
  };
  return {
    get: (name) => entry(name).code,
    /** `{ code, line }`: the recipe and where it starts in the README. */
    block: (name) => entry(name),
    names: () => [...found.keys()],
  };
}

/** The quoted values of a recipe's `// "…"` comments, in order (what it prints or shows). */
export function shownValues(code) {
  return [...code.matchAll(/\/\/ "((?:[^"\\]|\\.)*)"\s*$/gm)].map(([, text]) => JSON.parse(`"${text}"`));
}

/**
 * Turns each `expression; // comment` line of the recipes (`[{ code, line }]`, concatenated) into a check that the comment tells
 * the truth: a quoted string is the value (pieces around "…" appear in order); `key: "text"`
 * pairs are fields of the value (of its first element for an array). Prose is left alone.
 */
export function withValueChecks(blocks, source = 'README.md') {
  let n = 0;
  const lines = blocks.flatMap(({ code, line: first = 1 }) => code.split('\n').map((line, i) => {
    const m = /^(\s*)([\w$.[\]]+);\s*\/\/ (.*)$/.exec(line);
    if (!m || !m[3].includes('"')) return line;
    n++;
    return `${m[1]}__readmeCheck(${m[2]}, ${JSON.stringify(m[3])}, ${JSON.stringify(`${source}:${first + i}`)});`;
  }));
  return { code: `${CHECKER}\n${lines.join('\n')}`, checks: n };
}

const CHECKER = `function __readmeCheck(value, comment, where) {
  const fits = (actual, text) => {
    if (typeof actual !== 'string') actual = JSON.stringify(actual);
    if (!text.includes('…')) return actual === text;
    let at = 0;
    for (const piece of text.split('…').map((p) => p.trim()).filter(Boolean)) {
      const found = actual.indexOf(piece, at);
      if (found < 0) return false;
      at = found + piece.length;
    }
    return true;
  };
  const unquote = (text) => JSON.parse('"' + text + '"');
  const fail = (what) => { throw new Error('README ' + where + ' says ' + comment + ', but ' + what); };
  const pairs = [...comment.matchAll(/([\\w]+): "((?:[^"\\\\]|\\\\.)*)"/g)];
  if (pairs.length > 0) {
    const target = Array.isArray(value) ? value[0] : value;
    for (const [, key, text] of pairs) {
      if (!fits(target?.[key], unquote(text))) fail(key + ' is ' + JSON.stringify(target?.[key]));
    }
    return;
  }
  const quoted = /^"((?:[^"\\\\]|\\\\.)*)"/.exec(comment);
  if (quoted && !fits(value, unquote(quoted[1]))) fail('it is ' + JSON.stringify(value));
}`;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Serves `root` on 127.0.0.1 with `headers` on every answer; resolves to `{ url, close }`. */
export function serve(root, headers = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
