// Text to Windows-1251 bytes, by inverting the platform's decoder (Node has no encoder for it).
const decoder = new TextDecoder('windows-1251');
const table = new Map<string, number>();
for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);

export function encodeCp1251(text: string): Uint8Array {
  return Uint8Array.from(
    [...text].map((ch) => {
      const b = table.get(ch);
      if (b === undefined) throw new Error(`No Windows-1251 byte for ${JSON.stringify(ch)}`);
      return b;
    }),
  );
}
