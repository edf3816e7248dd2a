/**
 * The store's type, apart from the store itself so that slices can name it
 * without importing the module that imports them. Each slice file adds its
 * fields: `declare module './state' { interface State extends TrainSlice {} }`.
 */
import type { StateCreator } from 'zustand';

/** The whole state: every slice's fields and actions (each slice file extends it). */
export interface State {}

/** A slice's creator: it may read and write the whole state. */
export type SliceCreator<T> = StateCreator<State, [], [], T>;
