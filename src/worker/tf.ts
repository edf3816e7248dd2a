/**
 * The worker's tfjs: core + layers + the CPU backend. The WebGL backend is
 * registered in backend.ts so Node unit tests never touch it.
 */
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
