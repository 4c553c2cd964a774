#!/usr/bin/env node
// Applies docs/install.md to a portal, as an adopter following it would: runs
// its shell blocks marked `run` and makes the edits its blocks marked `file=…`
// describe. Blocks without a marker are illustrations and are skipped.
//
//   node scripts/adopter/applyInstallGuide.mjs <guide.md> <portal dir>
//
// Markers (in the code fence's info string, after the language):
//   run                               run the block with bash in the portal
//   file=PATH before="TEXT"           insert the block before the line holding TEXT
//   file=PATH after="TEXT"            insert the block after the line holding TEXT
//   file=PATH replace-add="PACKAGE"   replace the backend.add(import('PACKAGE')) statement
//   file=PATH merge                   deep-merge the YAML block into the YAML file
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  const text = readFileSync(path, 'utf8');
  let edited;
  if (attributes.before || attributes.after) {
    const where = attributes.before ? 'before' : 'after';
    edited = insertAtLine(text, attributes[where], body, file, where);
  } else if (attributes['replace-add']) {
    edited = replaceBackendAdd(text, attributes['replace-add'], body, file);
  } else if (attributes.merge) {
    edited = mergeYaml(text, body);
  } else {
    throw new Error(
      `block for ${file} says none of before=, after=, replace-add=, merge`,
    );
  }
  console.log(`[install-guide] edit ${file}`);
  writeFileSync(path, edited);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [guide, portal] = process.argv.slice(2);
  if (!guide || !portal) {
    console.error('usage: applyInstallGuide.mjs <guide.md> <portal dir>');
    process.exit(2);
  }
  const blocks = codeBlocks(readFileSync(guide, 'utf8')).filter(
    b => b.attributes.run || b.attributes.file,
  );
  if (blocks.length === 0) throw new Error(`${guide} has no marked blocks`);
  for (const block of blocks) apply(block, portal);
  console.log(`[install-guide] applied ${blocks.length} blocks of ${guide}`);
}
