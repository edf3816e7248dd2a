/**
 * What the app's recharts line charts share (the Train dashboard's curves and
 * Teach's fine-tuning loss). Module constants on purpose: recharts 3 compares
 * props on every render, and a new object each time is a store update.
 */
export const AXIS = '#8a90b4';
export const GRID = 'rgb(255 255 255 / 0.06)';
export const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 };
export const TICK = { fill: AXIS, fontSize: 11 };
export const X_AXIS_LINE = { stroke: GRID };
export const CURSOR = { stroke: 'rgb(255 255 255 / 0.18)' };

/** A loss axis label: two decimals below 1, one above. */
export const lossTick = (v: number) => (v === 0 ? '0' : v.toFixed(v < 1 ? 2 : 1));
