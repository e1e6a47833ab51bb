import { expect } from 'chai';
import { batched } from '../../src/plugin-kit/batched';

describe('batched', () => {
  it('answers the calls of one burst with one call, each with its own result', async () => {
    const calls: number[][] = [];
    const double = batched(async (values: readonly number[]) => {
      calls.push([...values]);
      return values.map((value) => value * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).to.deep.equal([2, 4, 6]);
    expect(await double(4)).to.equal(8);
    expect(calls).to.deep.equal([[1, 2, 3], [4]]);
  });

  it('rejects every call of a failed burst, and the next burst still runs', async () => {
    let fail = true;
    const echo = batched(async (values: readonly string[]) => {
      if (fail) throw new Error('database down');
      return values;
    });
    const results = await Promise.allSettled([echo('a'), echo('b')]);
    expect(results.map((result) => result.status)).to.deep.equal(['rejected', 'rejected']);
    fail = false;
    expect(await echo('c')).to.equal('c');
  });
});
