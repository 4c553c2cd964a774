#!/usr/bin/env node
// Pins a portal made by @backstage/create-app the way this repository pins
// itself (exact @backstage/* versions of the release, and this repository's
// `resolutions`), and points the portal's @tenant-platform scope at a registry
// (scripts/adopter/localRegistry.mjs serves the packed tarballs on loopback).
//
//   node scripts/adopter/pinPortal.mjs <portal dir> <registry url>
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [portalArg, registry] = process.argv.slice(2);
if (!portalArg || !registry) {
  console.error('usage: pinPortal.mjs <portal dir> <registry url>');
  process.exit(2);
}
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const portal = resolve(portalArg);

const readJson = path => JSON.parse(readFileSync(path, 'utf8'));
const writeJson = (path, value) =>
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

// create-app writes caret ranges of its release's versions; like this
// repository, the portal takes exactly those versions, so that no newer
// plugin asks for a newer core than the release has.
const manifests = [
  join(portal, 'package.json'),
  ...readdirSync(join(portal, 'packages'), { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => join(portal, 'packages', entry.name, 'package.json')),
];
for (const path of manifests) {
  const manifest = readJson(path);
  for (const field of ['dependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (name.startsWith('@backstage/') && /^\^\d/.test(range)) {
        manifest[field][name] = range.slice(1);
      }
    }
  }
  writeJson(path, manifest);
}

const ours = readJson(join(repo, 'package.json'));
const root = readJson(join(portal, 'package.json'));
root.resolutions = { ...root.resolutions, ...ours.resolutions };
writeJson(join(portal, 'package.json'), root);

// The portal runs on this repository's Yarn: the release create-app puts into
// it (4.13.0) crashes fetching from an http registry. The packages of our own
// registry are approved for install however new they are, and this
// repository's pinning makes the age gate moot (see its .yarnrc.yml).
const yarnrcPath = join(portal, '.yarnrc.yml');
const yarnrc = readFileSync(yarnrcPath, 'utf8')
  .replace(/^yarnPath:.*$/m, '')
  .replace(/^npmMinimalAgeGate:.*$/m, '')
  .replace(/^npmPreapprovedPackages:\n(?: +- .*\n)*/m, '');
const { hostname } = new URL(registry);
writeFileSync(
  yarnrcPath,
  `${yarnrc.trimEnd()}
npmMinimalAgeGate: 0
npmPreapprovedPackages:
  - '@backstage/*'
  - '@tenant-platform/*'
unsafeHttpWhitelist:
  - ${hostname}
npmScopes:
  tenant-platform:
    npmRegistryServer: "${registry}"
`,
);
console.log(
  `[adopter] pinned ${
    Object.keys(ours.resolutions).length
  } packages; @tenant-platform from ${registry}`,
);
