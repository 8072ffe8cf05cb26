import { expect } from 'chai';
import { evictImageArgv, fullyQualified, listImagesArgv } from '../../../src/targets/kube/kind/node-images.js';
import {
  registryConnectArgv,
  registryDisconnectArgv,
  registryPauseArgv,
  registryUnpauseArgv,
} from '../../../src/targets/kube/kind/registry.js';

describe('node-level faults on kind, as argv', () => {
  it('evicts with ctr in the k8s.io namespace (crictl rmi fails on kind-loaded images), by the full name containerd stores', () => {
    expect(evictImageArgv('gameday-worker', 'gameday-registry:5000/istio/pilot:1.27.3')).to.deep.equal([
      'docker',
      'exec',
      'gameday-worker',
      'ctr',
      '-n',
      'k8s.io',
      'images',
      'rm',
      'gameday-registry:5000/istio/pilot:1.27.3',
    ]);
    expect(evictImageArgv('gameday-worker2', 'busybox:1.36').at(-1)).to.equal('docker.io/library/busybox:1.36');
    expect(listImagesArgv('gameday-control-plane')).to.deep.equal([
      'docker',
      'exec',
      'gameday-control-plane',
      'ctr',
      '-n',
      'k8s.io',
      'images',
      'ls',
      '-q',
    ]);
  });

  it('qualifies references as containerd names them', () => {
    expect(fullyQualified('istio/pilot:1.28.0')).to.equal('docker.io/istio/pilot:1.28.0');
    expect(fullyQualified('registry.k8s.io/pause:3.10')).to.equal('registry.k8s.io/pause:3.10');
    expect(fullyQualified('localhost/app:dev')).to.equal('localhost/app:dev');
    expect(fullyQualified('nginx@sha256:abc')).to.equal('docker.io/library/nginx@sha256:abc');
  });

  it('refuses a reference that is not one, rather than pass it to a command', () => {
    expect(() => evictImageArgv('gameday-worker', '--all')).to.throw(/not an image reference/);
    expect(() => evictImageArgv('gameday-worker', 'a b')).to.throw(/not an image reference/);
  });

  it('makes the registry unreachable by leaving the kind network, slow by pausing it, and undoes each', () => {
    expect(registryDisconnectArgv()).to.deep.equal(['docker', 'network', 'disconnect', 'kind', 'gameday-registry']);
    expect(registryConnectArgv()).to.deep.equal(['docker', 'network', 'connect', 'kind', 'gameday-registry']);
    expect(registryPauseArgv()).to.deep.equal(['docker', 'pause', 'gameday-registry']);
    expect(registryUnpauseArgv()).to.deep.equal(['docker', 'unpause', 'gameday-registry']);
  });
});
