/**
 * Kept for specs written before the fixtures: new specs take `app`, `drawing`
 * and friends from `./fixtures` (test.extend) instead. No "model missing"
 * helper here on purpose: the shipped model is committed, so a spec waits for
 * it with `app.modelReady()` and fails when it does not load.
 */
import type { Page } from '@playwright/test';
import { App, Drawing, type SectionId } from '../fixtures';

export { DIGIT_STROKES } from '../fixtures/strokes';
export type { SectionId };

/** Opens the app (first call) or switches tabs. Prefer the `app` fixture. */
export const openSection = (page: Page, section: SectionId): Promise<void> => new App(page).open(section);

/** Draws a stock digit with the mouse. Prefer the `drawing` fixture. */
export const drawDigit = (page: Page, digit: number, opts: { steps?: number } = {}): Promise<void> => new Drawing(page).digit(digit, opts);
