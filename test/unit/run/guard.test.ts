import { expect } from 'chai';
import { UsageError } from '../../../src/errors.js';
import { guardTarget } from '../../../src/run/guard.js';

describe('target guard', () => {
  it('runs the simulator without any context', () => {
    expect(guardTarget({ target: 'sim', allowed: [] })).to.deep.equal({ target: 'sim' });
  });

  it('refuses an existing cluster unless a context is named', () => {
    expect(() => guardTarget({ target: 'cluster', allowed: ['staging'] })).to.throw(UsageError, /needs --context/);
  });

  it('refuses a named context that is not on the allow list', () => {
    expect(() => guardTarget({ target: 'cluster', context: 'prod', allowed: ['staging'] })).to.throw(UsageError, /"prod" is not allowed/);
    expect(() => guardTarget({ target: 'cluster', context: 'kind-gameday', allowed: [] })).to.throw(UsageError);
  });

  it('accepts a named and allowed context', () => {
    expect(guardTarget({ target: 'cluster', context: 'staging', allowed: [' staging ', 'qa'] })).to.deep.equal({ target: 'cluster', context: 'staging' });
  });

  it('keeps the kind target on its own cluster', () => {
    expect(guardTarget({ target: 'kind', allowed: [] })).to.deep.equal({ target: 'kind', context: 'kind-gameday' });
    expect(guardTarget({ target: 'kind', kindCluster: 'mesh', allowed: [] }).context).to.equal('kind-mesh');
    expect(() => guardTarget({ target: 'kind', context: 'prod', allowed: ['prod'] })).to.throw(UsageError, /--target cluster/);
  });

  it('rejects --context with the simulator', () => {
    expect(() => guardTarget({ target: 'sim', context: 'x', allowed: [] })).to.throw(UsageError);
  });
});
