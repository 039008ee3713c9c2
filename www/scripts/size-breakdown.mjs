// Sums twiggy's `top -f csv` rows (scripts/size-breakdown.sh) by module — our crate's
// modules one by one, other crates whole — and lists the largest functions. Raw bytes of
// the optimized module, names and custom sections left out.
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8').trim().split('\n').slice(1).map((line) => {
  // Name,ShallowSize,… where the name may be quoted and hold commas.
  const match = line.match(/^("(?:[^"]|"")*"|[^,]*),(\d+),/);
  const name = match[1].startsWith('"') ? match[1].slice(1, -1).replaceAll('""', '"') : match[1];
  return { name, bytes: Number(match[2]) };
});

function group(name) {
  if (name.includes('subsection') || name.startsWith('custom section')) return null;
  if (name.startsWith('data')) return 'data (texts, the default policy, tables)';
  if (name.endsWith(' shim')) return `export: ${name.replace(/ (externref|multivalue) shim/g, '')}`;
  const path = name.replace(/^</, '').replace(/\[[0-9a-f]+\]/g, '').split('::');
  if (path[0] === 'refund_estimator') return `refund_estimator::${path[1]}`;
  return path[0].split(' ')[0];
}

const sums = new Map();
let total = 0;
for (const { name, bytes } of rows) {
  const key = group(name);
  if (!key) continue;
  sums.set(key, (sums.get(key) ?? 0) + bytes);
  total += bytes;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
console.log(`${kb(total)}  in all (code and data, raw)`);
for (const [key, bytes] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${kb(bytes)}  ${key}`);
}
console.log('\nlargest functions:');
for (const { name, bytes } of rows.filter((r) => group(r.name) && !r.name.startsWith('data')).slice(0, 20)) {
  console.log(`${kb(bytes)}  ${name.slice(0, 110)}`);
}
