import assert from 'node:assert/strict';
import type { ConfigIssue } from './issue';
import * as s from './schema';

const decoder = s.object({
  plain: s.string(),
  withDefault: s.string().def('x'),
  needed: s.string().required(),
  defaults: s.object({ n: s.int() }),
  withRequired: s.object({ k: s.string().required() }),
});
type Decoded = s.Infer<typeof decoder>;

function decode<T>(d: s.Decoder<T, boolean>, raw: unknown): { value?: T; issues: string[] } {
  const issues: ConfigIssue[] = [];
  const value = d.decode(raw, 'x', issues);
  return { value, issues: issues.map((i) => `${i.path}: ${i.message}`) };
}

describe('config decoder', () => {
  it('types a field without a default or required() as optional, and decodes it as absent', () => {
    // Compile-time half: these lines are checked by the build.
    const minimal: Decoded = { withDefault: 'x', needed: 'y', defaults: {} };
    // @ts-expect-error a field with a default is always present
    const noDefault: Decoded = { needed: 'y', defaults: {} };
    // @ts-expect-error a required field is always present
    const noRequired: Decoded = { withDefault: 'x', defaults: {} };
    void noDefault, void noRequired;
    assert.deepEqual(decode(decoder, { needed: 'y' }).value, minimal);
    assert.ok(!('plain' in decode(decoder, { needed: 'y' }).value!));
  });

  it('marks secrets: a problem never quotes the value, and a URL is quoted with its password masked', () => {
    const headers = s.map(s.string().secret());
    assert.deepEqual(decode(headers, { authorization: { token: 'SECRETVALUE' } }).issues, ['x::authorization: must be a string (the value is not shown: it is a secret)']);
    const url = s.url('https://h:4318');
    assert.deepEqual(decode(url, 'ftp://user:PASSWORD123@host').issues, ['x: must be an http(s) URL, got "ftp://user:[REDACTED]@host" (for example "https://h:4318")']);
  });
});
