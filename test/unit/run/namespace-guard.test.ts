import { expect } from 'chai';
import { UsageError } from '../../../src/errors.js';
import { GAMEDAY_NAMESPACE_LABEL, guardNamespaces, type NamespaceGuardInput } from '../../../src/run/guard.js';

const labelled = { [GAMEDAY_NAMESPACE_LABEL]: 'true' };

function input(over: Partial<NamespaceGuardInput>): NamespaceGuardInput {
  return {
    target: 'cluster',
    touched: ['payments'],
    allowed: ['payments'],
    labels: new Map([['payments', labelled]]),
    nodeOperations: [],
    ...over,
  };
}

describe('the namespace guard of an existing cluster', () => {
  it('lets through a namespace that is both allowed and labelled for GameDays', () => {
    expect(() => guardNamespaces(input({}))).to.not.throw();
  });

  it('refuses a namespace missing from the allow list, naming the flag that allows it', () => {
    expect(() => guardNamespaces(input({ allowed: ['orders'] }))).to.throw(
      UsageError,
      /"payments" is not allowed: add --allow-namespace payments/,
    );
  });

  it('refuses an allowed namespace its owner did not label, saying how to label it', () => {
    expect(() => guardNamespaces(input({ labels: new Map([['payments', {}]]) }))).to.throw(
      UsageError,
      new RegExp(`kubectl label namespace payments ${GAMEDAY_NAMESPACE_LABEL}=true`),
    );
    expect(() => guardNamespaces(input({ labels: new Map([['payments', { [GAMEDAY_NAMESPACE_LABEL]: 'false' }]]) }))).to.throw(UsageError);
  });

  it('refuses a namespace the cluster does not have', () => {
    expect(() => guardNamespaces(input({ labels: new Map() }))).to.throw(UsageError, /does not exist/);
  });

  it('refuses operations that need node access on an existing cluster, and lists every problem at once', () => {
    let message = '';
    try {
      guardNamespaces(
        input({ touched: ['payments', 'orders'], nodeOperations: ['evict image docker.io/istio/pilot:1.30.0 from every node'] }),
      );
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.match(/no access to its nodes/);
    expect(message).to.match(/"orders" is not allowed/);
    expect(message).to.match(/nothing was changed/);
  });

  it("does not apply to the simulator or to the harness's own kind cluster", () => {
    expect(() => guardNamespaces(input({ target: 'sim', allowed: [] }))).to.not.throw();
    expect(() => guardNamespaces(input({ target: 'kind', allowed: [], nodeOperations: ['evict image x from every node'] }))).to.not.throw();
  });
});
