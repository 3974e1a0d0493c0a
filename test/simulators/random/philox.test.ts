import { describe, expect, it } from 'vitest';
import { philox4x32 } from '../../../simulators/random/philox.js';

const hex = (w: Uint32Array): string[] => [...w].map((x) => x.toString(16).padStart(8, '0'));

describe('philox4x32 (Philox4x32-10)', () => {
  it("matches Random123's known-answer vectors", () => {
    const w = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0, 0, w);
    expect(hex(w)).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, w);
    expect(hex(w)).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
    philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, w);
    expect(hex(w)).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });
});
