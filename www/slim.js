// refund-estimator/slim: you decide when and how the WebAssembly module loads.
//
//   import { init, estimate } from 'refund-estimator/slim';
//   await init();                          // the module next to the package (read from disk in Node)
//   await init({ module_or_path: url });   // or a URL, Response, bytes or WebAssembly.Module of yours
//
// init() compiles asynchronously (never blocking the main thread) and is idempotent: call
// it as often as you like, concurrently or not. initSync({ module }) is for workers, SSR
// and hosts that forbid compiling from bytes (pass a compiled WebAssembly.Module there);
// wasmModule() hands the compiled module to a worker's initSync.
import wasmInit, * as wasm from './pkg/refund_estimator.js';

let ready = false;
let pending = null;
let compiled = null;
/** The module's memory, where answers are read (see readTape). */
let memory = null;

/** Loads the module. Accepts `{ module_or_path }`: a URL, Response, bytes or WebAssembly.Module; without it, the module next to this file. */
export function init(options) {
  if (ready) return Promise.resolve();
  if (!pending) {
    pending = load(sourceOf(options, 'module_or_path')).then(
      () => {
        ready = true;
      },
      (error) => {
        pending = null; // a failed load may be retried
        throw error;
      },
    );
  }
  return pending;
}

/** Loads the module synchronously from `{ module }` (bytes or a WebAssembly.Module); in Node, without it, from the file next to this one. */
export function initSync(options) {
  if (ready) return;
  let source = sourceOf(options, 'module');
  if (source === undefined) {
    const url = defaultUrl();
    const fs = url.protocol === 'file:' ? nodeFs() : null;
    if (!fs) {
      throw loadError('initSync() needs { module }: the bytes of refund_estimator_bg.wasm or a WebAssembly.Module (only Node can read the file next to the package synchronously)');
    }
    try {
      source = fs.readFileSync(url);
    } catch (error) {
      throw loadError(`could not read ${url.pathname}: ${error.message}`, error);
    }
  }
  let module;
  try {
    module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(checkedBytes(source, 'the bytes given to initSync()', 'initSync() takes { module }'));
  } catch (error) {
    if (error?.code === 'load_failed') throw error;
    throw loadError(`could not compile the WebAssembly module: ${error?.message ?? error}`, error);
  }
  memory = wasm.initSync({ module }).memory;
  compiled = module;
  ready = true;
}

/** Whether init() or initSync() has completed. */
export function isReady() {
  return ready;
}

/**
 * The compiled WebAssembly.Module once loaded, else null. A worker can be handed it
 * (postMessage) and load from it with initSync({ module }): no second download or compile.
 */
export function wasmModule() {
  return compiled;
}

/** What init() or initSync() was given: `{ [key]: source }`, or the source itself (the older form). */
function sourceOf(options, key) {
  if (options === undefined || options === null) return undefined;
  if (Object.getPrototypeOf(options) === Object.prototype) return options[key];
  return options;
}

async function load(source) {
  try {
    const module = await compile(source === undefined ? defaultUrl() : await source);
    memory = (await wasmInit({ module_or_path: module })).memory;
    compiled = module;
  } catch (error) {
    // Every failure to load is `load_failed` (a missing file, a network error, bytes that do
    // not compile), with the platform's error as its cause.
    if (error?.code === 'load_failed') throw error;
    throw loadError(`could not load the WebAssembly module: ${error?.message ?? error}`, error);
  }
}

/**
 * Where the module is by default: next to this file. Bundlers (Vite, webpack 5, Parcel,
 * Rollup with a URL plugin) see this `new URL(…, import.meta.url)` and emit the file.
 */
function defaultUrl() {
  const url = new URL('./pkg/refund_estimator_bg.wasm', import.meta.url);
  // Vite's dev server pre-bundles a dependency into node_modules/.vite/deps/ without the files
  // it references (vitejs/vite#8427), so the URL above points nowhere; the package itself is
  // still served beside that folder. (A monorepo whose packages are installed above the Vite
  // project, or another `cacheDir`: exclude 'refund-estimator' from `optimizeDeps`.)
  const here = new URL(import.meta.url).pathname;
  const deps = /\/node_modules\/\.vite\/deps(?:_[^/]*)?\/[^/]*$/.exec(here);
  if (deps) return new URL(`${here.slice(0, deps.index)}/node_modules/refund-estimator/pkg/refund_estimator_bg.wasm`, url);
  return url;
}

/** node:fs where there is one (Node 20.16+, Deno, Bun), read without an import a bundler would follow. */
function nodeFs() {
  return globalThis.process?.getBuiltinModule?.('node:fs') ?? null;
}

/** A WebAssembly.Module from whatever init() was given. */
async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source === 'string' || source instanceof URL) {
    const url = urlOf(source);
    if (url === null || url.protocol === 'file:') {
      // A file: URL, or in Node a path (no page to resolve a relative URL against).
      return WebAssembly.compile(checkedBytes(await readLocal(url ?? source), String(source)));
    }
    source = await fetch(url);
  } else if (typeof Request === 'function' && source instanceof Request) {
    source = await fetch(source);
  }
  if (typeof Response === 'function' && source instanceof Response) {
    const from = source.url || 'the Response given to init()';
    if (!source.ok) {
      throw loadError(`could not fetch the WebAssembly module: ${source.status} ${source.statusText} from ${from}; serve the package's pkg/refund_estimator_bg.wasm there, or pass init({ module_or_path })`);
    }
    // Streaming compilation needs the right MIME type; otherwise read it whole.
    if (source.headers.get('content-type')?.split(';')[0].trim() === 'application/wasm' && WebAssembly.compileStreaming) {
      return WebAssembly.compileStreaming(source);
    }
    return WebAssembly.compile(checkedBytes(await source.arrayBuffer(), from));
  }
  return WebAssembly.compile(checkedBytes(source, 'the bytes given to init()'));
}

/** The URL, resolved against the page (or the worker's script); null for a relative one with neither. */
function urlOf(source) {
  try {
    return new URL(source, globalThis.location?.href);
  } catch {
    return null;
  }
}

/** Node's fetch cannot read files: a file: URL (or a path) is read from disk. */
async function readLocal(file) {
  const fs = nodeFs();
  if (fs) return fs.promises.readFile(file);
  try {
    return new Uint8Array(await (await fetch(file)).arrayBuffer()); // Deno's fetch reads files
  } catch (cause) {
    throw loadError(`could not read ${file} here: pass init({ module_or_path }) the module's bytes or a WebAssembly.Module`, cause);
  }
}

/** The bytes, when they start as a WebAssembly module does; else an error that says what came instead. */
function checkedBytes(bytes, from, takes = 'init() takes { module_or_path }') {
  const view = ArrayBuffer.isView(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : bytes instanceof ArrayBuffer
      ? new Uint8Array(bytes)
      : null;
  if (view === null) {
    throw loadError(`${takes}: ${takes.startsWith('initSync') ? '' : 'a URL, a Response, '}the bytes of refund_estimator_bg.wasm or a WebAssembly.Module`);
  }
  if (view.length < 4 || view[0] !== 0x00 || view[1] !== 0x61 || view[2] !== 0x73 || view[3] !== 0x6d) {
    const start = new TextDecoder().decode(view.subarray(0, 16)).replace(/\s+/g, ' ');
    const page = start.startsWith('<') ? ' (a web page: a server\'s answer for a missing file)' : '';
    throw loadError(`expected a WebAssembly module, but got ${JSON.stringify(start)}…${page} from ${from}; serve the package's pkg/refund_estimator_bg.wasm there, or pass init({ module_or_path })`);
  }
  return view;
}

/** A loading failure: `code` "load_failed". */
function loadError(message, cause) {
  const error = new Error(`refund-estimator: ${message}`, cause === undefined ? undefined : { cause });
  error.code = 'load_failed';
  error.path = '';
  return error;
}

function requireReady(name) {
  if (!ready) {
    const error = new Error(
      `refund-estimator: ${name}() was called before the WebAssembly module was loaded: await init() first (from 'refund-estimator/slim'), or import 'refund-estimator', which loads it at import where it can (a browser page or worker, Node)`,
    );
    error.code = 'not_initialized';
    error.path = '';
    throw error;
  }
}

/**
 * The JSON text the engine reads. JSON.stringify (about 1 µs for an order, 26 µs for a
 * whole policy) is cheaper than reading an object field by field across the WebAssembly
 * boundary, and smaller in the module. The replacer (`plainData`) refuses what JSON would
 * drop or change quietly, each at its field's path (`order.paid.cash`), with `invalid_type`:
 * - a function, a symbol, a bigint;
 * - a Map, a Set, or an instance of a class (its getters and prototype properties would be
 *   dropped: `paid` from a class getter was ignored and the list price applied);
 * - a Date where the engine reads a day or a name (`submittedOn`, a plan id): a Date is an
 *   instant, read as its ISO text (UTC) in the instant fields (`at`, `start`, `end`,
 *   `activatedAt`, `from`, `to`); an invalid Date is the text "Invalid Date" there;
 * - a cycle (at the member that closes it);
 * and, with `invalid_json` as the engine would say it of the JSON text, nesting deeper than
 * 64 levels: found while the text is written, so a worker's smaller stack gives the same
 * error as the main thread. Otherwise:
 * - NaN, the infinities and integers past 2^53 are not exact numbers: they reach the engine
 *   as a number with a fraction, so the field's own error (with its path) says what it needs;
 * - `undefined` reaches it as null (absent), so a misspelt key set to `undefined` is still
 *   reported as an unknown field;
 * - an object with its own toJSON (a decimal library's number, say) is what toJSON gives.
 */
function jsonOf(value, what, replacer = plainData(what === 'options' ? 'options' : '')) {
  let text;
  try {
    text = JSON.stringify(value === undefined ? null : value, replacer);
  } catch (cause) {
    if (cause instanceof NotPlainData) throw engineError(cause.code, cause.message, undefined, cause.path);
    // A worker's stack can end before 64 levels of a getter or a toJSON: the same error.
    if (cause instanceof RangeError) throw engineError('invalid_json', `the ${what} nests too deep`, cause);
    throw notPlainData(what, cause);
  }
  // The engine's limit (src/value.rs), checked before the copy into the module; a string's
  // length never exceeds its UTF-8 size, so the engine would refuse it too.
  if (text.length > MAX_JSON_BYTES) throw tooLong();
  return text;
}

const tooLong = () => engineError('input_too_large', 'the input is longer than 16 MiB (16777216 bytes)');

const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** An Error shaped like the engine's: "code at path: message", with `code`, `path` and `errors`. */
function engineError(code, message, cause, path = '') {
  const where = path === '' ? code : `${code} at ${path}`;
  const error = new Error(`${where}: ${message}`, cause === undefined ? undefined : { cause });
  error.code = code;
  error.path = path;
  error.errors = [{ code, path, message }];
  return error;
}

function notPlainData(what, cause) {
  const message = `the ${what} must be plain JSON data (no functions, symbols, bigints or cycles)`;
  return engineError('invalid_type', message, cause);
}

/** A value the replacer refuses, with its path: jsonOf turns it into the engine's Error. */
class NotPlainData extends Error {
  constructor(code, path, message) {
    super(message);
    this.code = code;
    this.path = path;
  }
}

/** The deepest nesting the engine reads (src/value.rs, MAX_DEPTH). */
const MAX_DEPTH = 64;

/** Fields that hold an instant, where a Date is read as its ISO text. */
const INSTANT_KEYS = new Set(['at', 'start', 'end', 'activatedAt', 'from', 'to']);

/** Fields that hold a day, for the message that refuses a Date there. */
const DAY_KEYS = new Set(['submittedOn', 'faultOn', 'slaClaimedOn', 'holidays', 'workdays']);

/** Any number the engine reads as one with a fraction (see jsonOf). */
const NOT_EXACT = 0.5;

/**
 * A JSON.stringify replacer (see jsonOf) for a value at `base` (`'policy'` for a policy
 * sent apart), `baseDepth` levels down. It keeps the objects being written, outermost
 * first: JSON.stringify writes depth first, and `this` is the object whose member it asks
 * about, so the chain is followed by identity alone, and a path is made only for an error.
 */
function plainData(base = '', baseDepth = 0) {
  const holders = []; // the objects being written, outermost first
  const keys = []; // the key of each under the one before it (the first one's is unused)
  let next = null; // the object just returned: its members come next
  let nextKey = '';
  const pathTo = (key) => {
    let path = base;
    const step = (holder, k) => {
      path = Array.isArray(holder) ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`;
    };
    for (let i = 1; i < holders.length; i++) step(holders[i - 1], keys[i]);
    if (holders.length > 0) step(holders[holders.length - 1], key);
    return path;
  };
  const refuse = (key, message, code = 'invalid_type') => {
    throw new NotPlainData(code, pathTo(key), message);
  };
  return function (key, value) {
    // Where `this` is in the chain: the object just returned, or one already in it.
    if (holders.length === 0 || this !== holders[holders.length - 1]) {
      if (this === next) {
        holders.push(next);
        keys.push(nextKey);
      } else {
        while (holders.length > 0 && holders[holders.length - 1] !== this) {
          holders.pop();
          keys.pop();
        }
      }
    }
    if (baseDepth + holders.length > MAX_DEPTH) {
      refuse(key, `nesting is deeper than ${MAX_DEPTH} levels`, 'invalid_json');
    }
    switch (typeof value) {
      case 'undefined':
        return null;
      case 'function':
      case 'symbol':
        return refuse(key, `expected JSON data, got a ${typeof value}`);
      case 'bigint':
        return refuse(key, `expected JSON data, got a bigint: write ${value} as a string ("${value}") or a number`);
      case 'number':
        return Number.isSafeInteger(value) || (Number.isFinite(value) && !Number.isInteger(value))
          ? value
          : NOT_EXACT;
      case 'string':
        // Date.prototype.toJSON's text: was it a Date? (Only then is the member read again.)
        if (value.length === 24 && value[23] === 'Z' && value[19] === '.' && this[key] instanceof Date) {
          return dateAt(key, value);
        }
        return value;
      case 'object':
        if (value === null) {
          // Date.prototype.toJSON gives null for an invalid date.
          return this[key] instanceof Date ? dateAt(key, 'Invalid Date') : null;
        }
        if (!Array.isArray(value)) {
          const proto = prototypeOf(value);
          if (proto !== Object.prototype && proto !== null) {
            const why = dropped(value, proto);
            if (why) return refuse(key, why);
          }
        }
        if (holders.includes(value)) {
          return refuse(key, 'the value contains itself (a cycle): JSON cannot hold it');
        }
        next = value;
        nextKey = key;
        return value;
      default:
        return value;
    }
  };

  /** A Date's text where an instant is read; refused elsewhere. */
  function dateAt(key, text) {
    if (INSTANT_KEYS.has(key)) return text;
    if (DAY_KEYS.has(key) || (holders.length > 0 && DAY_KEYS.has(keys[keys.length - 1]))) {
      return refuse(key, 'expected a day like "2026-05-20", got a Date object: a Date is an instant, and its day depends on the time zone; write the day as text');
    }
    return refuse(key, 'expected a string, got a Date object');
  }
}

/** The prototype, or null for a proxy that will not say (JSON.stringify never asks it). */
function prototypeOf(value) {
  try {
    return Object.getPrototypeOf(value);
  } catch {
    return null;
  }
}

/**
 * What JSON.stringify would drop of an object that is not a plain one, as its error; null
 * when nothing (an instance of a class whose fields are its own, whose prototype has only
 * methods).
 */
function dropped(value, proto) {
  if (value instanceof Map || value instanceof WeakMap) {
    return 'expected a plain object, got a Map: JSON would drop its entries; pass Object.fromEntries(map)';
  }
  if (value instanceof Set || value instanceof WeakSet) {
    return 'expected an array, got a Set: JSON would drop its items; pass [...set]';
  }
  const name = typeof proto?.constructor === 'function' && proto.constructor.name ? proto.constructor.name : 'a class';
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof RegExp) {
    return `expected JSON data, got ${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}`;
  }
  // Getters and enumerable properties up the prototype chain: JSON reads own ones only.
  for (let p = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [property, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
      if (property !== 'constructor' && (d.get || d.enumerable)) {
        const how = d.get ? 'a getter' : 'a property of its prototype';
        return `expected a plain object, got an instance of ${name} whose "${property}" is ${how}, which JSON would drop: pass a plain object (or give the class a toJSON)`;
      }
    }
  }
  return null;
}

/**
 * `call(inputJson, policyJson)`, the policy apart from the rest of the input (or `''`). The
 * engine keeps the last four valid policies by their text (src/wasm.rs), so a host's own policy is
 * read once, not on every call. One JSON.stringify of the input takes the policy out as it
 * passes it, so getters, toJSON and proxies run once and in order, and errors are those of
 * the whole input (www/test/policy-apart.test.js).
 */
function withPolicyApart(input, call) {
  let policyJson = '';
  const replacer = plainData();
  const json = jsonOf(input, 'input', function (key, value) {
    if (this === input && key === 'policy' && isPlainObject(value)) {
      policyJson = JSON.stringify(value, plainData('policy', 1));
      return undefined;
    }
    return replacer.call(this, key, value);
  });
  // The whole text is longer than both parts together.
  if (json.length + policyJson.length > MAX_JSON_BYTES) throw tooLong();
  if (policyJson === '') return call(json, '');
  try {
    return call(json, policyJson);
  } catch (error) {
    // Nesting too deep (JSON.stringify's text is otherwise valid): the whole input gives the
    // error with its position in the whole text. (Getters run a second time here.)
    if (error?.code === 'invalid_json') return call(jsonOf(input, 'input'), '');
    throw error;
  }
}

/**
 * An object JSON.stringify writes member by member, as the engine reads it: a plain object
 * without toJSON. Asked without running a getter; a proxy that throws is not plain.
 */
function isPlainObject(value) {
  try {
    if (value === null || typeof value !== 'object' || 'toJSON' in value) return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

/** Computes a refund estimate from `{ policy?, order, request }`. Throws an Error with `code` and `path` on bad input. */
export function estimate(input) {
  requireReady('estimate');
  return withPolicyApart(input, (json, policy) => readTape(wasm.estimate(json, policy)));
}

/** The refund over the cancellation date: `{ currency, points, breakpoints, best }`. Options: `{ from?, to?, step? }`. */
export function refundCurve(input, options) {
  requireReady('refundCurve');
  const optionsJson = lazyJsonOf(options);
  const curve = withPolicyApart(input, (json, policy) => readTape(wasm.refundCurve(json, policy, optionsJson())));
  curve.points = unpackPoints(curve.points);
  return curve;
}

/**
 * An answer from its tape (src/write.rs), at byte address `at` in the module's memory,
 * where the engine writes every answer over the last one: word 0 is the tape's length,
 * word 1 the number of value words; then the values (a tag in the low 4 bits: 0 a string
 * of so many UTF-16 units, 1 a number, 2 an object, 3 an array, 4 the end of either, 5 a
 * number in the next word, 6 a key by its number in tapeKeys(), 7 a key as text) and the
 * UTF-16 text of every string. The objects are those JSON.parse would make of the answer's
 * JSON text, members in the same order; no UTF-8 is decoded (Node decodes non-ASCII UTF-8
 * slowly) and no JSON is parsed.
 */
function readTape(at) {
  const keys = (tapeKeys ??= wasm.tapeKeys().split(','));
  // Views of the memory, made again after it grows (which empties the old ones).
  if (words === null || words.byteLength === 0) {
    words = new Uint32Array(memory.buffer);
    bytes = nodeBuffer ? nodeBuffer.from(memory.buffer) : new Uint8Array(memory.buffer);
  }
  const start = at >>> 2;
  const end = start + 2 + words[start + 1];
  const text = utf16(end << 2, (start + words[start]) << 2);
  // One loop over the words, with the open arrays and objects on a stack: no recursion and
  // no closures, so that the state stays in locals.
  const stack = [];
  let parent = null;
  let inArray = false;
  let key = '';
  let t = 0;
  let value;
  for (let w = start + 2; w < end; w++) {
    const word = words[w];
    switch (word & 15) {
      case 0:
        value = text.slice(t, (t += word >>> 4));
        break;
      case 1:
        value = word >>> 4;
        break;
      case 2:
        value = {};
        break;
      case 3:
        value = [];
        break;
      case 4:
        value = parent;
        inArray = stack.pop();
        parent = stack.pop();
        key = stack.pop();
        if (parent === null) return value;
        continue;
      case 5:
        value = words[++w];
        break;
      case 6:
        key = keys[word >>> 4];
        continue;
      case 7:
        key = text.slice(t, (t += word >>> 4));
        continue;
      default:
        throw new Error(`refund-estimator: an answer this package cannot read (word ${word}): the module and slim.js come from different builds`);
    }
    if (parent === null) {
      if ((word & 15) < 2 || (word & 15) === 5) return value;
    } else if (inArray) {
      parent.push(value);
    } else if (key === '__proto__') {
      Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      parent[key] = value;
    }
    if ((word & 15) === 2 || (word & 15) === 3) {
      // Its key goes on the stack with its parent: an object's next member needs it back.
      stack.push(key, parent, inArray);
      parent = value;
      inArray = (word & 15) === 3;
    }
  }
  throw new Error('refund-estimator: an answer ended early: the module and slim.js come from different builds');
}

let tapeKeys = null;
/** The module's memory as words and as bytes (a Buffer in Node), made again when it grows. */
let words = null;
let bytes = null;

const utf16Decoder = typeof TextDecoder === 'function' ? new TextDecoder('utf-16le') : null;
/** Node's Buffer: its UTF-16 decoding copies the units straight into a string, several times faster than TextDecoder there. */
const nodeBuffer = typeof globalThis.process?.versions?.node === 'string' ? globalThis.Buffer : undefined;

/** The UTF-16 text between two byte addresses of the module's memory. */
function utf16(from, to) {
  if (nodeBuffer) return bytes.toString('utf16le', from, to);
  return utf16Decoder.decode(bytes.subarray(from, to));
}

/**
 * The points come packed, `at,refund,owed;…` (src/whatif.rs, `PointsAs::Packed`): about
 * 0.1 ms to build the objects of a 3-year daily curve, against 0.29 ms for JSON.parse.
 */
function unpackPoints(packed) {
  const points = [];
  // Read in place: no string for each row.
  for (let at = 0; at < packed.length; ) {
    const a = packed.indexOf(',', at);
    const b = packed.indexOf(',', a + 1);
    let end = packed.indexOf(';', b + 1);
    if (end < 0) end = packed.length;
    points.push({ at: packed.slice(at, a), refund: packed.slice(a + 1, b), owed: packed.slice(b + 1, end) });
    at = end + 1;
  }
  return points;
}

/** Each plan's cost to someone who leaves after `options.after` (`{ months }` or `{ days }`), cheapest first. */
export function comparePlans(input, options) {
  requireReady('comparePlans');
  const optionsJson = lazyJsonOf(options);
  return withPolicyApart(input, (json, policy) => readTape(wasm.comparePlans(json, policy, optionsJson())));
}

/** The options' JSON, made once and only after the input's, so that the input's error comes first. */
function lazyJsonOf(options) {
  let json;
  return () => (json ??= jsonOf(options ?? {}, 'options'));
}

/** Validates a policy: `{ ok, errors: [{ code, path, message }] }`. */
export function validatePolicy(policy) {
  requireReady('validatePolicy');
  let json;
  try {
    json = jsonOf(policy, 'policy');
  } catch (error) {
    // What is not plain JSON data (a Map, a bigint, a cycle) is a problem of the policy too.
    if (!Array.isArray(error?.errors)) throw error;
    return { ok: false, errors: error.errors };
  }
  return wasm.validatePolicy(json);
}

/** The bundled default policy (a fresh copy each call). */
export function defaultPolicy() {
  requireReady('defaultPolicy');
  return wasm.defaultPolicy();
}

/** The engine's version, e.g. "0.1.0". */
export function version() {
  requireReady('version');
  return wasm.version();
}

/**
 * An estimator for one policy (without one, the bundled policy): the policy is validated
 * once, here, and every call after reads only its own input. Throws the engine's error,
 * every problem with its path in the policy (as validatePolicy() lists them), for an
 * invalid policy. A host that passes its own policy to estimate() with every call pays
 * for writing it as JSON and comparing it each time; an estimator does not.
 */
export function createEstimator(policy) {
  requireReady('createEstimator');
  const json = policy === undefined || policy === null ? '' : jsonOf(policy, 'policy');
  return new Estimator(new wasm.Estimator(json));
}

/** The handle of a freed object: `code` "freed". */
function freed(what, again) {
  const error = new Error(`refund-estimator: this ${what} was freed (free() was called): ${again}`);
  error.code = 'freed';
  error.path = '';
  return error;
}

/**
 * What createEstimator() returns: estimate(), refundCurve(), comparePlans() and prepare()
 * under its policy. Its inputs have no `policy` (one is refused as an unknown field). The
 * engine's copy of the policy is freed when the estimator is garbage-collected, or at once
 * by free().
 */
class Estimator {
  #handle;

  constructor(handle) {
    this.#handle = handle;
  }

  #live() {
    if (this.#handle === null) throw freed('estimator', 'create another with createEstimator()');
    return this.#handle;
  }

  /** The estimate of `{ order, request }` (as estimate() of the input with this policy). */
  estimate(input) {
    return readTape(this.#live().estimate(jsonOf(input, 'input')));
  }

  /** The refund over the cancellation date (as refundCurve()). */
  refundCurve(input, options) {
    const handle = this.#live();
    const json = jsonOf(input, 'input');
    const curve = readTape(handle.refundCurve(json, jsonOf(options ?? {}, 'options')));
    curve.points = unpackPoints(curve.points);
    return curve;
  }

  /** Each plan's cost to someone who leaves after `options.after` (as comparePlans()). */
  comparePlans(input, options) {
    const handle = this.#live();
    const json = jsonOf(input, 'input');
    return readTape(handle.comparePlans(json, jsonOf(options ?? {}, 'options')));
  }

  /** `{ order, request }` validated once: a PreparedOrder, to estimate again at other instants. */
  prepare(input) {
    return new PreparedOrder(this.#live().prepare(jsonOf(input, 'input')));
  }

  /** Frees the engine's copy of the policy now (orders prepared with it keep working). */
  free() {
    this.#handle?.free();
    this.#handle = null;
  }
}

/**
 * An order validated once (Estimator.prepare): at(instant) gives its figures at another
 * cancellation instant, estimate(instant?) the whole estimate. Freed when garbage-collected,
 * or at once by free().
 */
class PreparedOrder {
  #handle;

  constructor(handle) {
    this.#handle = handle;
  }

  #live() {
    if (this.#handle === null) throw freed('prepared order', 'prepare the order again');
    return this.#handle;
  }

  /**
   * `{ refund, owed, outcome, lines: [{ code, amount }] }` for cancelling at `instant` (a
   * string as `request.at` takes, or a Date): the figures estimate() gives for the input
   * with that instant, without the texts. A bad instant throws as estimate() would, at
   * `request.at`.
   */
  at(instant) {
    return readTape(this.#live().at(instantText(instant)));
  }

  /** The whole estimate, at `instant` (as `at` takes it), or at the prepared `request.at` without one. */
  estimate(instant) {
    return readTape(this.#live().estimate(instant === undefined ? '' : instantText(instant)));
  }

  /** Frees the engine's copy of the order now. */
  free() {
    this.#handle?.free();
    this.#handle = null;
  }
}

// `using estimator = createEstimator(policy)` frees at the end of the block, where
// explicit resource management exists.
if (typeof Symbol.dispose === 'symbol') {
  Estimator.prototype[Symbol.dispose] = Estimator.prototype.free;
  PreparedOrder.prototype[Symbol.dispose] = PreparedOrder.prototype.free;
}

/** An instant for `at`: a string, or a Date as its ISO text (as in an input's `request.at`). */
function instantText(instant) {
  if (typeof instant === 'string') return instant;
  if (instant instanceof Date) return Number.isNaN(instant.getTime()) ? 'Invalid Date' : instant.toISOString();
  const got = instant === null ? 'null' : Array.isArray(instant) ? 'an array' : `${/^[aeiou]/.test(typeof instant) ? 'an' : 'a'} ${typeof instant}`;
  throw engineError('invalid_type', `expected an instant: a string like "2026-05-20T18:40:00+08:00" or a Date, got ${got}`, undefined, 'request.at');
}
