#!/usr/bin/env node
// A read-only npm registry on loopback that serves the packed tarballs of a
// folder, so that a portal installs them with the install guide's own
// `yarn add @tenant-platform/...` commands, exactly as it would from npm.
// Prints the registry URL on its first line of output, then serves until
// killed.
//
//   node scripts/adopter/localRegistry.mjs <tarball dir>
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '');
const packages = new Map();

for (const file of readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
  const tarball = readFileSync(join(dir, file));
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', join(dir, file), 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  packages.set(manifest.name, {
    file,
    tarball,
    manifest,
    packedAt: statSync(join(dir, file)).mtime.toISOString(),
    shasum: createHash('sha1').update(tarball).digest('hex'),
    integrity: `sha512-${createHash('sha512')
      .update(tarball)
      .digest('base64')}`,
  });
}

const server = createServer((request, response) => {
  console.error(request.method, request.url, JSON.stringify(request.headers));
  const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  const tarballMatch = path.match(/^\/-\/tarballs\/(.+\.tgz)$/);
  const entry = tarballMatch
    ? [...packages.values()].find(p => p.file === tarballMatch[1])
    : packages.get(path.slice(1));
  if (!entry) {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'not found' }));
    return;
  }
  if (tarballMatch) {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(entry.tarball);
    return;
  }
  const { address, port } = server.address();
  const { version } = entry.manifest;
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      name: entry.manifest.name,
      'dist-tags': { latest: version },
      // Yarn's minimal-age gate reads when each version was published.
      time: {
        created: entry.packedAt,
        modified: entry.packedAt,
        [version]: entry.packedAt,
      },
      versions: {
        [version]: {
          ...entry.manifest,
          dist: {
            tarball: `http://${address}:${port}/-/tarballs/${entry.file}`,
            shasum: entry.shasum,
            integrity: entry.integrity,
          },
        },
      },
    }),
  );
});

// Yarn keeps its sockets across its resolution and fetch steps, which can be
// minutes apart; a socket the server closed meanwhile fails Yarn's fetch.
server.keepAliveTimeout = 15 * 60 * 1000;

server.listen(0, '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`http://${address}:${port}`);
  console.error(
    `[registry] serving ${[...packages.keys()].join(
      ', ',
    )} on ${address}:${port}`,
  );
});
