#!/usr/bin/env node
// Applies docs/install.md to a portal, as an adopter following it would: runs
// its shell blocks marked `run` and makes the edits its blocks marked `file=…`
// describe. Blocks without a marker are illustrations and are skipped.
//
//   node scripts/adopter/applyInstallGuide.mjs <guide.md> <portal dir> [--variant NAME]
//
// Markers (in the code fence's info string, after the language):
//   run                               run the block with bash in the portal
//   file=PATH before="TEXT"           insert the block before the line holding TEXT
//   file=PATH after="TEXT"            insert the block after the line holding TEXT
//   file=PATH replace-add="PACKAGE"   replace the backend.add(import('PACKAGE')) statement
//   file=PATH merge                   deep-merge the YAML block into the YAML file
//   file=PATH create                  write the block as a new file
//   variant=NAME                      one way of several the guide offers: applied
//                                     only with --variant NAME
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument, parse as parseYaml } from 'yaml';

/** The fenced code blocks of a Markdown text, with their info-string attributes. */
export function codeBlocks(markdown) {
  const blocks = [];
  const fence = /^```(\S*)([^\n]*)\n([\s\S]*?)^```\s*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const attributes = {};
    for (const attr of match[2].matchAll(/([\w-]+)(?:=("[^"]*"|\S+))?/g)) {
      attributes[attr[1]] = attr[2]?.replace(/^"|"$/g, '') ?? true;
    }
    blocks.push({ language: match[1], attributes, body: match[3] });
  }
  return blocks;
}

function insertAtLine(text, marker, body, file, where) {
  const index = text.indexOf(marker);
  if (index < 0) throw new Error(`${file} has no line with '${marker}'`);
  const lineEnd = text.indexOf('\n', index);
  const at =
    where === 'before'
      ? text.lastIndexOf('\n', index) + 1
      : lineEnd < 0
      ? text.length
      : lineEnd + 1;
  return `${text.slice(0, at)}${body}${
    body.endsWith('\n') ? '' : '\n'
  }${text.slice(at)}`;
}

function replaceBackendAdd(text, packageName, body, file) {
  const escaped = packageName.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const statement = new RegExp(
    `backend\\.add\\(\\s*import\\(\\s*['"]${escaped}['"]\\s*\\),?\\s*\\);\\n?`,
  );
  if (!statement.test(text)) {
    throw new Error(`${file} does not add ${packageName}`);
  }
  return text.replace(statement, `${body}`);
}

function mergeYaml(text, body) {
  const document = parseDocument(text);
  const merge = (path, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) {
        merge([...path, key], child);
      }
    } else {
      document.setIn(path, value);
    }
  };
  merge([], parseYaml(body));
  return document.toString();
}

/**
 * The blocks an adopter taking `variant` applies, in the guide's order; fails
 * when the guide offers variants and `variant` is none of them.
 */
export function blocksToApply(blocks, variant) {
  const marked = blocks.filter(b => b.attributes.run || b.attributes.file);
  const variants = [
    ...new Set(marked.map(b => b.attributes.variant).filter(Boolean)),
  ];
  if (variants.length > 0 && !variants.includes(variant)) {
    throw new Error(
      `the guide offers the variants ${variants.join(
        ', ',
      )}: choose one with --variant`,
    );
  }
  if (variants.length === 0 && variant) {
    throw new Error(`the guide offers no variants, not even '${variant}'`);
  }
  return marked.filter(
    b => !b.attributes.variant || b.attributes.variant === variant,
  );
}

/** The text of `file` after the block's edit. */
export function editedText(block, text, file) {
  const { attributes, body } = block;
  if (attributes.before || attributes.after) {
    const where = attributes.before ? 'before' : 'after';
    return insertAtLine(text, attributes[where], body, file, where);
  }
  if (attributes['replace-add']) {
    return replaceBackendAdd(text, attributes['replace-add'], body, file);
  }
  if (attributes.merge) {
    return mergeYaml(text, body);
  }
  throw new Error(
    `block for ${file} says none of before=, after=, replace-add=, merge, create`,
  );
}

function apply(block, portal) {
  const { attributes, body } = block;
  if (attributes.run) {
    console.log(`[install-guide] run:\n${body.trimEnd()}`);
    execFileSync('bash', ['-euo', 'pipefail', '-c', body], {
      cwd: portal,
      stdio: 'inherit',
    });
    return;
  }
  const file = attributes.file;
  const path = join(portal, file);
  if (attributes.create) {
    if (existsSync(path)) throw new Error(`${file} exists already`);
    console.log(`[install-guide] create ${file}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
    return;
  }
  console.log(`[install-guide] edit ${file}`);
  writeFileSync(path, editedText(block, readFileSync(path, 'utf8'), file));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [guide, portal, flag, variant] = process.argv.slice(2);
  if (!guide || !portal || (flag && (flag !== '--variant' || !variant))) {
    console.error(
      'usage: applyInstallGuide.mjs <guide.md> <portal dir> [--variant NAME]',
    );
    process.exit(2);
  }
  const blocks = blocksToApply(
    codeBlocks(readFileSync(guide, 'utf8')),
    variant,
  );
  if (blocks.length === 0) throw new Error(`${guide} has no marked blocks`);
  for (const block of blocks) apply(block, portal);
  console.log(
    `[install-guide] applied ${blocks.length} blocks of ${guide}${
      variant ? ` (variant ${variant})` : ''
    }`,
  );
}
