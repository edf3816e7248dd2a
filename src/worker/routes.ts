/**
 * The worker's routing table: one handler per protocol method, each typed by
 * the protocol (its params in; its result out, its progress through
 * `progress`). `Routes` lists every method, so a method added to the
 * protocol without a handler fails to compile.
 */
import type { Method, ParamsOf, ProgressOf, ResultOf } from '../shared/protocol';

/** A protocol method's handler. */
export type Handler<M extends Method> = (params: ParamsOf<M>, progress: (data: ProgressOf<M>) => void) => Promise<ResultOf<M>>;

/** Every method's handler. */
export type Routes = { [M in Method]: Handler<M> };
