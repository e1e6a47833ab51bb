import { expect } from 'chai';
import { parseAmount, parseQuantity, resolveAmount } from '../services/amount';

describe('economy amounts', () => {
  it('reads whole numbers, separators, suffixes, all and half exactly', () => {
    expect(parseAmount('250')).to.deep.equal({ kind: 'exact', value: 250 });
    expect(parseAmount(' 1,000 ')).to.deep.equal({ kind: 'exact', value: 1_000 });
    expect(parseAmount('1k')).to.deep.equal({ kind: 'exact', value: 1_000 });
    expect(parseAmount('2.5M')).to.deep.equal({ kind: 'exact', value: 2_500_000 });
    expect(parseAmount('0.001k')).to.deep.equal({ kind: 'exact', value: 1 });
    expect(parseAmount('1.10k')).to.deep.equal({ kind: 'exact', value: 1_100 });
    expect(parseAmount('3b')).to.deep.equal({ kind: 'exact', value: 3_000_000_000 });
    expect(parseAmount('1000000000000000')).to.deep.equal({ kind: 'exact', value: 1e15 });
    expect(parseAmount('ALL')).to.deep.equal({ kind: 'all' });
    expect(parseAmount('half')).to.deep.equal({ kind: 'half' });
  });

  const refused: [string, RegExp][] = [
    ['', /is not an amount/],
    ['ten', /is not an amount/],
    ['1e5', /is not an amount/],
    ['0x10', /is not an amount/],
    ['-1', /must be positive/],
    ['0', /more than zero/],
    ['0.0k', /more than zero/],
    ['1.5', /whole numbers/],
    ['0.0001k', /whole numbers/],
    ['1000000000000001', /more than any balance can hold/],
    ['99999999999999999999999999999999999b', /more than any balance can hold/],
  ];
  for (const [text, message] of refused) {
    it(`refuses "${text}"`, () => {
      expect(() => parseAmount(text)).to.throw(message);
    });
  }

  it('resolves all and half of what is available, refusing nothing to take', () => {
    expect(resolveAmount({ kind: 'all' }, 75, 'empty')).to.equal(75);
    expect(resolveAmount({ kind: 'half' }, 75, 'empty')).to.equal(37);
    expect(resolveAmount({ kind: 'exact', value: 9 }, 0, 'empty')).to.equal(9);
    expect(() => resolveAmount({ kind: 'all' }, 0, 'Your wallet is empty')).to.throw('Your wallet is empty');
    expect(() => resolveAmount({ kind: 'half' }, 1, 'Your wallet is empty')).to.throw('Your wallet is empty');
  });

  it('reads quantities from 1 to the limit', () => {
    expect(parseQuantity(null)).to.equal(1);
    expect(parseQuantity('3')).to.equal(3);
    expect(() => parseQuantity('0')).to.throw(/from 1 to 1000/);
    expect(() => parseQuantity('2.5')).to.throw(/not a quantity/);
    expect(() => parseQuantity(1001)).to.throw(/from 1 to 1000/);
  });
});
