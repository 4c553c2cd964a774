// Unit tests of the guide applier: node --test scripts/adopter/
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocksToApply, codeBlocks, editedText } from './applyInstallGuide.mjs';

const fence = '```';
const guide = `
# Guide

${fence}sh run
yarn add something
${fence}

${fence}ts
// an illustration, never applied
${fence}

${fence}ts file=src/index.ts after="import { createBackend } from 'x';"
import { extra } from 'extra';
${fence}

${fence}ts file=src/index.ts replace-add="allow-all" variant=module
backend.add(policyModule);
${fence}

${fence}ts file=src/policy.ts create variant=own
export default 1;
${fence}
`;

describe('codeBlocks', () => {
  it('reads the language, the markers (quoted or not) and the body of each block', () => {
    const blocks = codeBlocks(guide);
    assert.equal(blocks.length, 5);
    assert.deepEqual(blocks[2], {
      language: 'ts',
      attributes: {
        file: 'src/index.ts',
        after: "import { createBackend } from 'x';",
      },
      body: "import { extra } from 'extra';\n",
    });
    assert.deepEqual(blocks[4].attributes, {
      file: 'src/policy.ts',
      create: true,
      variant: 'own',
    });
  });
});

describe('blocksToApply', () => {
  const blocks = codeBlocks(guide);

  it('takes the marked blocks without a variant and those of the chosen one', () => {
    const applied = blocksToApply(blocks, 'own');
    assert.deepEqual(
      applied.map(b => b.attributes.file ?? 'run'),
      ['run', 'src/index.ts', 'src/policy.ts'],
    );
  });

  it('asks for a choice when the guide offers variants', () => {
    assert.throws(
      () => blocksToApply(blocks, undefined),
      /offers the variants module, own: choose one with --variant/,
    );
    assert.throws(() => blocksToApply(blocks, 'other'), /choose one/);
  });

  it('refuses a variant the guide does not offer', () => {
    assert.throws(
      () => blocksToApply(codeBlocks(`${fence}sh run\nls\n${fence}\n`), 'own'),
      /offers no variants, not even 'own'/,
    );
  });
});

describe('editedText', () => {
  const [, , after, replace] = codeBlocks(guide);
  const index = [
    "import { createBackend } from 'x';",
    'const backend = createBackend();',
    "backend.add(import('allow-all'));",
    'backend.start();',
    '',
  ].join('\n');

  it('inserts after the line holding the text', () => {
    assert.equal(
      editedText(after, index, 'src/index.ts').split('\n')[1],
      "import { extra } from 'extra';",
    );
  });

  it("replaces a package's backend.add statement", () => {
    const edited = editedText(replace, index, 'src/index.ts');
    assert.match(edited, /backend\.add\(policyModule\);\nbackend\.start/);
    assert.doesNotMatch(edited, /allow-all/);
  });

  it('names the file and the text it did not find', () => {
    assert.throws(
      () => editedText(after, 'nothing here\n', 'src/index.ts'),
      /src\/index\.ts has no line with 'import \{ createBackend \} from 'x';'/,
    );
    assert.throws(
      () => editedText(replace, 'nothing here\n', 'src/index.ts'),
      /src\/index\.ts does not add allow-all/,
    );
  });

  it('deep-merges YAML into the file', () => {
    const [merge] = codeBlocks(
      `${fence}yaml file=app-config.yaml merge\ntenants:\n  baseDomain: example.com\n${fence}\n`,
    );
    assert.equal(
      editedText(merge, 'app:\n  title: Portal\n', 'app-config.yaml'),
      'app:\n  title: Portal\ntenants:\n  baseDomain: example.com\n',
    );
  });
});
