import assert from 'node:assert/strict';
import { pathOf, routeKey } from './routes';

describe('receiver routes', () => {
  it('take the path of a request target without its query, absolute-form included', () => {
    assert.equal(pathOf('/v0.4/traces?x=1'), '/v0.4/traces');
    assert.equal(pathOf('/info'), '/info');
    assert.equal(pathOf('http://127.0.0.1:8126/v0.5/traces?q'), '/v0.5/traces');
    assert.equal(pathOf('http://host'), '/');
    assert.equal(pathOf('*'), '*');
  });

  it('match in any case, with or without one trailing slash, and not the root as empty', () => {
    assert.equal(routeKey('/V0.4/Traces/'), '/v0.4/traces');
    assert.equal(routeKey('/info'), '/info');
    assert.equal(routeKey('/'), '/');
    assert.equal(routeKey('/info//'), '/info/');
  });
});
