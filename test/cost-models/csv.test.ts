import { describe, expect, it } from 'vitest';
import { csvCell, csvNumber, csvText } from '../../cost-models/csv.js';

describe('csv', () => {
  it('regression: results.csv values such as 81.69999999999999 (issue 16): numbers at their real precision', () => {
    expect(csvNumber(100 * 0.817)).toBe('81.7');
    expect(csvNumber(0.0999999999999996)).toBe('0.1');
    expect(csvNumber(30.633333333333333)).toBe('30.6333333333');
    expect(csvNumber(233012345678)).toBe('233012345678'); // integers exactly
    expect(csvNumber(2.33e8)).toBe('233000000');
    expect(csvNumber(1.5e-9)).toBe('1.5e-9');
    expect(csvNumber(NaN)).toBe('');
    expect(csvNumber(Infinity)).toBe('');
  });
  it('quotes text per RFC 4180 and leaves null empty', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvText(['a', 'b'], [[1, 'x,y'], [null, 0.1 + 0.2]])).toBe('a,b\n1,"x,y"\n,0.3\n');
  });
});
