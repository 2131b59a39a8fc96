/** `npm run demo`: serves the demo site and the built library on localhost. PORT=8080 or --port 8080 to choose. */
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const flag = process.argv.indexOf('--port');
const port = Number(flag > 0 ? process.argv[flag + 1] : process.env.PORT ?? 8080);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml', '.gif': 'image/gif', '.png': 'image/png' };

/** `/` is demo/, `/dist/` is the build; the demo's fake third parties live under demo/fake/. */
function resolveFile(pathname) {
  const inDist = pathname.startsWith('/dist/');
  let file = normalize(join(root, inDist ? '' : 'demo', decodeURIComponent(pathname)));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return file.startsWith(root) && existsSync(file) ? file : null;
}

const records = [];
const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/consent-records' && req.method === 'POST') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      records.push(body);
      console.log(`consent record received: ${body}`);
      res.writeHead(204).end();
    });
    return;
  }
  const file = resolveFile(pathname);
  if (!file) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  res.end(readFileSync(file));
});
server.on('error', (e) => {
  console.error(e.code === 'EADDRINUSE' ? `Port ${port} is busy: try PORT=8181 npm run demo` : e.message);
  process.exit(1);
});
server.listen(port, 'localhost', () => console.log(`Témoin demo: http://localhost:${port}/`));
