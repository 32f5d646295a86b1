// Okabe–Ito: distinguishable with the common forms of colour blindness.
export const CATEGORICAL = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#000000',
  '#F0E442',
];
export const GREY = '#9ca3af';
export const TARGET = '#D55E00';
