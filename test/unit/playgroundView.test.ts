import { expect } from 'chai';
import { fileType } from '../../src/sandbox/playground/view';

describe('playground attachment types', () => {
  it('keeps a given type, guesses from the extension, and knows no type for names every object has', () => {
    expect(fileType('a.bin', 'text/csv')).to.equal('text/csv');
    expect(fileType('photo.PNG', undefined)).to.equal('image/png');
    expect(fileType('notes.txt', 'application/octet-stream')).to.equal('text/plain; charset=utf-8');
    for (const name of ['x.constructor', 'x.__proto__', 'x.toString', 'noextension']) {
      expect(fileType(name, undefined), name).to.equal('application/octet-stream');
    }
  });
});
