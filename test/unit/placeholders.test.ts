import { expect } from 'chai';
import { fillPlaceholders } from '../../src/plugin-kit/placeholders';

describe('placeholders in templates admins write', () => {
  it('fills the known ones, and leaves unknown ones and names every object has as typed', () => {
    expect(fillPlaceholders('{user} {nope} {constructor} {__proto__} {toString}', { user: 'Ann' })).to.equal(
      'Ann {nope} {constructor} {__proto__} {toString}',
    );
    expect(fillPlaceholders('{a}{a}{b}', { a: '1', b: '{a}' })).to.equal('11{a}');
  });
});
