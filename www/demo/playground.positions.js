// Where each value of a JSON text stands: the playground's map from the engine's error paths
// (`plans[2].term.months`, the form every problem carries) to places in the text the provider
// is editing. A small parser of its own (JSON.parse says nothing of where values are): it
// reads the text once, records the span of every value and of every key, and stops at the
// first syntax error with its offset and what was expected there.

/**
 * Reads `text`. Returns `{ error, spans }`: `error` is null or `{ from, message }` (the first
 * syntax error); `spans` maps each path read (before the error, if any) to `{ from, to,
 * keyFrom?, keyTo? }`, offsets in UTF-16 code units as the editor counts them. The root's
 * path is `''`; an object's member `a` of the root is `a`, an array's item `a[0]`, a member
 * below it `a[0].b`. A key that repeats keeps the span of its first occurrence, as the
 * engine's reader reads the first.
 */
export function locate(text) {
  const spans = new Map();
  let i = 0;

  const fail = (message, at = i) => {
    const error = new SyntaxError(message);
    error.at = at;
    throw error;
  };
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const describe = (at) => (at >= text.length ? 'the end of the text' : JSON.stringify(text[at]));

  function string() {
    const from = i;
    i++; // the opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return JSON.parse(text.slice(from, i));
      }
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('expected four hex digits after \\u', i);
          i += 6;
        } else if ('"\\/bfnrt'.includes(next ?? '')) {
          i += 2;
        } else {
          fail(`unknown escape \\${next ?? ''} in a string`, i);
        }
      } else if (c < ' ') {
        fail(c === '\n' ? 'a string is not closed on its line: add the closing quote' : 'a control character in a string: escape it', i);
      } else {
        i++;
      }
    }
    return fail('a string is not closed: add the closing quote', from);
  }

  function number() {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!match) fail(`expected a value, got ${describe(i)}`);
    i += match[0].length;
  }

  function value(path) {
    space();
    const from = i;
    const c = text[i];
    if (c === '{') object(path);
    else if (c === '[') array(path);
    else if (c === '"') string();
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else {
      const word = /^[A-Za-z_]+/.exec(text.slice(i, i + 20))?.[0];
      if (word === 'true' || word === 'false' || word === 'null') i += word.length;
      else if (word) fail(`expected a value, got ${word}${word === 'True' || word === 'False' ? ` (JSON writes ${word.toLowerCase()})` : ': strings need quotes'}`);
      else fail(`expected a value, got ${describe(i)}`);
    }
    const span = spans.get(path);
    if (span) Object.assign(span, { from, to: i });
    else spans.set(path, { from, to: i });
  }

  function object(path) {
    i++; // {
    space();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      space();
      if (text[i] !== '"') fail(text[i] === '}' ? 'a comma before "}": remove it' : `expected a key in double quotes, got ${describe(i)}`);
      const keyFrom = i;
      const key = string();
      const keyTo = i;
      const member = path === '' ? key : `${path}.${key}`;
      const first = !spans.has(member);
      space();
      if (text[i] !== ':') fail(`expected ":" after the key "${key}", got ${describe(i)}`);
      i++;
      if (first) {
        spans.set(member, { keyFrom, keyTo });
        value(member);
      } else {
        // A repeated key: read its value without recording it over the first.
        const kept = spans.get(member);
        spans.delete(member);
        value(member);
        spans.set(member, kept);
      }
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`expected "," or "}" after the value of "${key}", got ${describe(i)}`);
    }
  }

  function array(path) {
    i++; // [
    space();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      value(`${path}[${index}]`);
      space();
      if (text[i] === ',') {
        i++;
        space();
        if (text[i] === ']') fail('a comma before "]": remove it');
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`expected "," or "]" after an item, got ${describe(i)}`);
    }
  }

  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    space();
    if (i >= text.length) fail('the text is empty: a policy is a JSON object');
    value('');
    space();
    if (i < text.length) fail(`unexpected ${describe(i)} after the JSON value`);
    return { error: null, spans };
  } catch (e) {
    if (!(e instanceof SyntaxError) || e.at === undefined) throw e;
    return { error: { from: Math.min(e.at, text.length), message: e.message }, spans };
  }
}

/**
 * The place of the engine's `path` in the text: its own span when the text has it, else the
 * nearest enclosing value's (a missing field is marked on the object that lacks it). A
 * member is marked at its key. `{ from, to }`, or `{ from: 0, to: 0 }` for nothing found.
 */
export function placeOf(spans, path) {
  for (let p = path; ; p = parent(p)) {
    const span = spans.get(p);
    if (span && span.from !== undefined) {
      return span.keyFrom !== undefined ? { from: span.keyFrom, to: span.keyTo } : { from: span.from, to: span.to };
    }
    if (p === '') return { from: 0, to: 0 };
  }
}

/** `a.b[2].c` → `a.b[2]` → `a.b` → `a` → `''`. */
export function parent(path) {
  const dot = path.lastIndexOf('.');
  const bracket = path.lastIndexOf('[');
  const cut = Math.max(dot, bracket);
  return cut < 0 ? '' : path.slice(0, cut);
}

/** The 1-based line of `offset` in `text`. */
export function lineOf(text, offset) {
  let line = 1;
  for (let k = 0; k < offset && k < text.length; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}
