/** App-wide state: compute backend, model status, notices and alerts. */
import type { WorkerErrorInfo } from '../../shared/protocol';
import type { BackendName, ModelInfo } from '../../shared/types';
import type { SliceCreator } from './state';

declare module './state' {
  interface State extends AppSlice {}
}

/** A quiet, informative message (e.g. "running on CPU"). */
export interface Notice {
  id: number;
  /** Same key replaces the earlier notice instead of stacking. */
  key?: string;
  text: string;
  tone: 'info' | 'warning';
}

/** An error the user must see; rendered with role="alert". */
export interface Alert {
  id: number;
  key?: string;
  title: string;
  message: string;
  /** Technical details, shown small. */
  detail?: string;
  /** The file the error is about, when there is one. */
  file?: string;
  code?: WorkerErrorInfo['code'];
}

export type ModelStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The sections of the app, in tab order. */
export const SECTIONS = ['draw', 'train', 'teach', 'inspect', 'library'] as const;
export type Section = (typeof SECTIONS)[number];

export interface AppSlice {
  /** Backend of the infer worker, once it has started. */
  backend: BackendName | null;
  notices: Notice[];
  alerts: Alert[];
  modelStatus: ModelStatus;
  /** True once the active model is loaded and warmed up. */
  modelReady: boolean;
  modelId: string | null;
  modelName: string | null;
  /** Changes whenever the active model's weights change. */
  modelVersion: number | null;
  modelInfo: ModelInfo | null;
  section: Section;

  setBackend(backend: BackendName, notice?: string): void;
  /** Shows a notice; returns its id. */
  addNotice(text: string, opts?: { tone?: Notice['tone']; key?: string }): number;
  dismissNotice(idOrKey: number | string): void;
  /** Shows an alert; returns its id. */
  pushAlert(alert: Omit<Alert, 'id'>): number;
  dismissAlert(idOrKey: number | string): void;
  modelLoading(id: string): void;
  modelLoaded(info: ModelInfo): void;
  modelFailed(id: string, error: WorkerErrorInfo): void;
  /** A worker saved new weights for some model; updates the active one's version. */
  modelSaved(info: ModelInfo): void;
  setSection(section: Section): void;
}

let nextId = 1;

const matches = (item: { id: number; key?: string }, idOrKey: number | string) =>
  typeof idOrKey === 'number' ? item.id === idOrKey : item.key === idOrKey;

export const createAppSlice: SliceCreator<AppSlice> = (set, get) => ({
  backend: null,
  notices: [],
  alerts: [],
  modelStatus: 'idle',
  modelReady: false,
  modelId: null,
  modelName: null,
  modelVersion: null,
  modelInfo: null,
  section: 'draw',

  setBackend(backend, notice) {
    set({ backend });
    if (notice) get().addNotice(notice, { tone: 'warning', key: 'backend' });
    else get().dismissNotice('backend');
  },

  addNotice(text, opts = {}) {
    const notice: Notice = { id: nextId++, text, tone: opts.tone ?? 'info', key: opts.key };
    set((s) => ({ notices: [...s.notices.filter((n) => !opts.key || n.key !== opts.key), notice] }));
    return notice.id;
  },

  dismissNotice(idOrKey) {
    if (!get().notices.some((n) => matches(n, idOrKey))) return;
    set((s) => ({ notices: s.notices.filter((n) => !matches(n, idOrKey)) }));
  },

  pushAlert(alert) {
    const full: Alert = { ...alert, id: nextId++ };
    set((s) => ({ alerts: [...s.alerts.filter((a) => !alert.key || a.key !== alert.key), full] }));
    return full.id;
  },

  dismissAlert(idOrKey) {
    if (!get().alerts.some((a) => matches(a, idOrKey))) return;
    set((s) => ({ alerts: s.alerts.filter((a) => !matches(a, idOrKey)) }));
  },

  modelLoading(id) {
    set({ modelStatus: 'loading', modelReady: false, modelId: id });
  },

  modelLoaded(info) {
    set({
      modelStatus: 'ready',
      modelReady: true,
      modelId: info.id,
      modelName: info.name,
      modelVersion: info.version,
      modelInfo: info,
    });
  },

  modelFailed(id, _error) {
    set({ modelStatus: 'error', modelReady: false, modelId: id });
  },

  modelSaved(info) {
    if (info.id !== get().modelId) return;
    set({ modelName: info.name, modelVersion: info.version, modelInfo: info });
  },

  setSection(section) {
    set({ section });
  },
});
