import { expect } from 'chai';
import { Collection } from 'discord.js';
import { RecentCollection } from '../../src/plugin-kit/RecentCollection';

describe('RecentCollection (the member and user caches)', () => {
  it('keeps the entries added last, oldest out first, and those it is told to keep', () => {
    const cache = new RecentCollection<string, number>(4, (_value, key) => key === 'me');
    cache.set('me', 0);
    for (let index = 1; index <= 10; index += 1) cache.set(`k${index}`, index);
    expect([...cache.keys()]).to.deep.equal(['me', 'k8', 'k9', 'k10']);
    // Updating a cached entry neither evicts another nor moves it.
    cache.set('k8', 80);
    expect([...cache.keys()]).to.deep.equal(['me', 'k8', 'k9', 'k10']);
    // Entries deleted by other means leave room, and eviction goes on in order after them.
    cache.delete('k9');
    cache.set('k11', 11);
    expect([...cache.keys()]).to.deep.equal(['me', 'k8', 'k10', 'k11']);
    cache.set('k12', 12);
    expect([...cache.keys()]).to.deep.equal(['me', 'k10', 'k11', 'k12']);
  });

  it('stays at its size over many evictions, and grows past it only for kept entries', () => {
    const cache = new RecentCollection<string, number>(100, (value) => value < 0);
    for (let index = 0; index < 100_000; index += 1) cache.set(`k${index}`, index);
    expect(cache.size).to.equal(100);
    expect(cache.has('k99999') && cache.has('k99900') && !cache.has('k99899')).to.equal(true);
    const kept = new RecentCollection<string, number>(2, () => true);
    for (let index = 0; index < 5; index += 1) kept.set(`k${index}`, index);
    expect(kept.size).to.equal(5);
  });

  it('holds nothing but kept entries at size 0, and derives plain collections', () => {
    const cache = new RecentCollection<string, number>(0, (_value, key) => key === 'me');
    cache.set('other', 1).set('me', 2);
    expect([...cache.keys()]).to.deep.equal(['me']);
    const derived = new RecentCollection<string, number>(5)
      .set('a', 1)
      .set('b', 2)
      .filter((value) => value > 1);
    expect(derived.constructor).to.equal(Collection);
    expect([...derived.keys()]).to.deep.equal(['b']);
  });
});
