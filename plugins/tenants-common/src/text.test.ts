import {
  hasNoControlCharacters,
  hasNoForbiddenNameCharacters,
  hasOnlyVisibleCharacters,
  IDENTIFIER_PATTERN,
  isHostNameOrIpAddress,
} from './text';

describe('isHostNameOrIpAddress', () => {
  it.each([
    'db',
    'Host',
    'db.example.com',
    'db.example.com.',
    'acme-xy12345.snowflakecomputing.com',
    'svc_reports.internal',
    '10.0.0.5',
    '2001:db8::5',
    '::1',
  ])('accepts %s', host => expect(isHostNameOrIpAddress(host)).toBe(true));

  it.each([
    '',
    '/var/run/postgresql',
    'db.example.com:5432',
    'reader@db.example.com',
    'postgres://db.example.com',
    'db example.com',
    '-db.example.com',
    'db..example.com',
    '$(rm -rf /)',
    `${'a'.repeat(64)}.example.com`,
  ])('refuses %s', host => expect(isHostNameOrIpAddress(host)).toBe(false));
});

describe('text checks', () => {
  it('tells visible text from control, invisible and direction characters', () => {
    expect(hasOnlyVisibleCharacters('Acme Analytics (EU) – Café ✨')).toBe(
      true,
    );
    for (const hidden of [
      '\u0000',
      '\n',
      '\u001b',
      '\u200b',
      '\u202e',
      '\u2028',
    ]) {
      expect(hasOnlyVisibleCharacters(`Acme${hidden}`)).toBe(false);
    }
    expect(hasNoControlCharacters('reader@project')).toBe(true);
    expect(hasNoControlCharacters('reader\u0000options')).toBe(false);
  });

  it('keeps quotes and ampersands in names but not shell, SQL or template syntax', () => {
    expect(hasNoForbiddenNameCharacters("O'Reilly & Sons, Inc.")).toBe(true);
    for (const name of [
      'a;b',
      '<b>',
      '{{ x }}',
      '$HOME',
      '`id`',
      'a\\b',
      'a|b',
    ]) {
      expect(hasNoForbiddenNameCharacters(name)).toBe(false);
    }
  });

  it('accepts ids and names, never a path', () => {
    for (const id of ['local', 'aks-weu-1', 'task-1', 'a.b_c']) {
      expect(IDENTIFIER_PATTERN.test(id)).toBe(true);
    }
    for (const id of ['', '.', '..', '../x', 'a/b', '-a', 'a-', 'a\u0000']) {
      expect(IDENTIFIER_PATTERN.test(id)).toBe(false);
    }
  });
});
