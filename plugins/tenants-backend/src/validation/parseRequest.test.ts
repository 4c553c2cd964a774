import { z } from 'zod';
import { parseRequest } from './parseRequest';

describe('parseRequest', () => {
  const schema = z
    .object({
      name: z.string().min(3, 'Name must be at least 3 characters'),
      items: z.array(z.object({ port: z.number() })),
    })
    .strict();

  it('returns the parsed value', () => {
    expect(parseRequest(schema, { name: 'abc', items: [] }, 'body')).toEqual({
      name: 'abc',
      items: [],
    });
  });

  it('throws an InputError naming every field', () => {
    let error: any;
    try {
      parseRequest(
        schema,
        { name: 'ab', items: [{ port: 'x' }], extra: 1 },
        'request body',
      );
    } catch (e) {
      error = e;
    }
    expect(error.name).toBe('InputError');
    expect(error.fields).toEqual([
      { field: 'name', message: 'Name must be at least 3 characters' },
      {
        field: 'items[0].port',
        message: 'Invalid input: expected number, received string',
      },
      { field: 'extra', message: "Unknown field 'extra'" },
    ]);
    expect(error.message).toBe(
      "Invalid request body: name: Name must be at least 3 characters; items[0].port: Invalid input: expected number, received string; extra: Unknown field 'extra'",
    );
  });
});
