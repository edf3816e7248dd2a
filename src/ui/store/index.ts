/**
 * The one store, composed of typed slices (zustand's slices pattern).
 * Components select single fields; the bridge calls actions through
 * `useStore.getState()`, never hooks.
 *
 * Adding a slice is two lines here: import its creator and list it in
 * `slices`. The slice's file adds its fields to `State` itself:
 *   declare module './state' { interface State extends TrainSlice {} }
 */
import { create } from 'zustand';
import type { State } from './state';
import { createAppSlice } from './app';
import { createDrawSlice } from './draw';
import { createInspectSlice } from './inspect';
import { createLibrarySlice } from './library';
import { createSamplesSlice } from './samples';
import { createTrainSlice } from './train';
import { createRaceSlice } from './race';

const slices = [createAppSlice, createDrawSlice, createInspectSlice, createTrainSlice, createLibrarySlice, createSamplesSlice, createRaceSlice];

export type { State, SliceCreator } from './state';

export const useStore = create<State>()((...a) => Object.assign({}, ...slices.map((slice) => slice(...a))) as State);

export type Store = typeof useStore;
export type { AppSlice, Alert, Notice, ModelStatus, Section } from './app';
export { SECTIONS } from './app';
export type { DrawSlice } from './draw';
