/** Distinct, readable-on-white colours for participants' busy time; no green, which marks the suggested free slots. */
const PALETTE = ['#1c7ed6', '#e8590c', '#ae3ec9', '#c2255c', '#0c8599', '#f08c00', '#5f3dc4', '#495057', '#1864ab', '#a61e4d'];

export function personColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}
