// A static server for the demo: `node www/scripts/serve.mjs DIR PORT` (loopback only).
import { resolve } from 'node:path';
import { serve } from '../test/browser.mjs';

const [dir = 'www', port = '8080'] = process.argv.slice(2);
const { url } = await serve(resolve(dir), Number(port));
console.log(`serving ${resolve(dir)} at ${url}`);
