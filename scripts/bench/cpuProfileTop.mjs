#!/usr/bin/env node
// Prints where a V8 CPU profile (node --cpu-prof) spent its time: the
// functions with the most self time, and the packages (node_modules folder,
// or the repository's own code) they belong to.
//
//   node scripts/bench/cpuProfileTop.mjs <file.cpuprofile> [--top N]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
if (positionals.length !== 1) {
  console.error('usage: cpuProfileTop.mjs <file.cpuprofile> [--top N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(profile.nodes.map(node => [node.id, node]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const packageOf = url => {
  if (!url) return '(native)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return 'node';
  return url.includes('/plugins/') ? 'this repository' : url;
};
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
const functions = new Map();
const packages = new Map();
for (const [id, us] of selfUs) {
  const { callFrame } = byId.get(id);
  const name = callFrame.functionName || '(anonymous)';
  const where = callFrame.url
    ? `${callFrame.url
        .replace(/^.*node_modules\//, '')
        .replace(/^.*\/(plugins|packages)\//, '$1/')}:${
        callFrame.lineNumber + 1
      }`
    : '';
  add(functions, `${name} ${where}`.trim(), us);
  add(packages, packageOf(callFrame.url), us);
}
const top = (map, n) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([key, us]) =>
        `${((100 * us) / totalUs).toFixed(1).padStart(5)} %  ${(us / 1000)
          .toFixed(0)
          .padStart(6)} ms  ${key}`,
    );
console.log(`${(totalUs / 1e6).toFixed(1)} s sampled`);
console.log('\nBy package (self time):');
console.log(top(packages, 15).join('\n'));
console.log(`\nTop ${values.top} functions (self time):`);
console.log(top(functions, Number(values.top)).join('\n'));
