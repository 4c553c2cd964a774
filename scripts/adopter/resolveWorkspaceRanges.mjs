#!/usr/bin/env node
// Replaces `workspace:` ranges in a staged package.json with the versions of
// the workspace packages, as `yarn pack` does when it publishes.
//
//   node scripts/adopter/resolveWorkspaceRanges.mjs <package.json> <repo root>
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [manifestPath, repo] = process.argv.slice(2);
const readJson = path => JSON.parse(readFileSync(path, 'utf8'));

const versions = {};
for (const folder of ['plugins', 'packages']) {
  for (const dir of readdirSync(join(repo, folder))) {
    const { name, version } = readJson(join(repo, folder, dir, 'package.json'));
    versions[name] = version;
  }
}

const manifest = readJson(manifestPath);
for (const field of [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
]) {
  for (const [name, range] of Object.entries(manifest[field] ?? {})) {
    if (!range.startsWith('workspace:')) continue;
    const wanted = range.slice('workspace:'.length);
    const version = versions[name];
    if (!version) throw new Error(`${name} is not a workspace package`);
    manifest[field][name] =
      wanted === '^' || wanted === '~' ? `${wanted}${version}` : version;
  }
}
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
