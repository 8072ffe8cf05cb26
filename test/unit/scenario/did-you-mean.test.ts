import { expect } from 'chai';
import { didYouMean, suggestion } from '../../../src/scenario/did-you-mean.js';

describe('scenario/did-you-mean', () => {
  it('suggests a close candidate', () => {
    expect(didYouMean('sucessRate', ['successRate', 'p99', 'window'])).to.equal('successRate');
    expect(didYouMean('nmae', ['name', 'labels'])).to.equal('name');
    expect(didYouMean('istiod-om', ['istiod-oom', 'istiod-outage'])).to.equal('istiod-oom');
    expect(didYouMean('recreate', ['Recreate', 'maxUnavailable'])).to.equal('Recreate');
  });

  it('stays quiet when nothing is close', () => {
    expect(didYouMean('meteor-strike', ['istiod-oom', 'pod-churn'])).to.equal(undefined);
    expect(didYouMean('foo', ['bar'])).to.equal(undefined);
    expect(didYouMean('x', [])).to.equal(undefined);
  });

  it('renders the suggestion for a message', () => {
    expect(suggestion('laod', ['load'])).to.equal(' (did you mean "load"?)');
    expect(suggestion('zzz', ['load'])).to.equal('');
  });
});
