/**
 * The inspector's line to the lab worker. The lab keeps its own copy of the
 * active model (so inspection never delays a prediction): this loads it there
 * on first use and after every model change, and retries once when the lab
 * has lost it (restarted) or answers for another model.
 */
import { WorkerError, type Method, type ParamsOf, type ResultOf } from '../../shared/protocol';
import type { RequestOptions } from '../bridge';

export interface LabBridge {
  request<M extends Method>(role: 'lab', method: M, params: ParamsOf<M>, options?: RequestOptions<M>): Promise<ResultOf<M>>;
}

export interface ActiveModel {
  id: string | null;
  version: number | null;
  ready: boolean;
}

/** `id@version`, the identity of a model's weights. */
export const modelKey = (id: string, version: number) => `${id}@${version}`;

export class LabClient {
  private loaded: string | null = null;
  private loading: { key: string; promise: Promise<string> } | null = null;

  constructor(
    private readonly bridge: () => LabBridge,
    private readonly active: () => ActiveModel,
  ) {}

  /** Makes the lab hold the active model; resolves with its key. */
  ensure(): Promise<string> {
    const { id, version, ready } = this.active();
    if (!ready || id === null || version === null) {
      return Promise.reject(new WorkerError({ code: 'model-missing', message: 'No model is ready yet' }));
    }
    const key = modelKey(id, version);
    if (this.loaded === key) return Promise.resolve(key);
    if (this.loading?.key === key) return this.loading.promise;
    const promise = this.bridge()
      .request('lab', 'loadModel', { id })
      .then(
        () => {
          if (this.loading?.key === key) {
            this.loaded = key;
            this.loading = null;
          }
          return key;
        },
        (e: unknown) => {
          if (this.loading?.key === key) this.loading = null;
          throw e;
        },
      );
    this.loading = { key, promise };
    return promise;
  }

  /** Forgets what the lab holds (e.g. it was restarted); the next call loads again. */
  reset(): void {
    this.loaded = null;
    this.loading = null;
  }

  /** Sends a request to the lab for the active model. `params` are copied, never detached. */
  async call<M extends Method>(method: M, params: ParamsOf<M>, options?: RequestOptions<M>): Promise<ResultOf<M>> {
    const attempt = async () => {
      const key = await this.ensure();
      const r = await this.bridge().request('lab', method, structuredClone(params), options);
      const about = r as { modelId?: unknown; version?: unknown };
      if (typeof about?.modelId === 'string' && typeof about.version === 'number' && modelKey(about.modelId, about.version) !== key) {
        throw new WorkerError({ code: 'model-missing', message: 'The lab answered for another model' });
      }
      return r;
    };
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof WorkerError) || e.info.code !== 'model-missing' || !this.active().ready) throw e;
      this.reset();
      return attempt();
    }
  }
}
