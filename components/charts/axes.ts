/** Years on an axis: «’21» when the chart is phone-narrow and four digits would run together. */
export const yearTick = (width: number) => (y: number) =>
  width < 500 ? `’${String(y).slice(2)}` : String(y);
