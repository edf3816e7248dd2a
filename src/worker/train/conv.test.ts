import { describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { conv2dTraining, inputGradient, patches, rowBlocks } from './conv';

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('convolution with its own gradient', () => {
  it('matches tfjs conv2d and its autodiff gradient, for odd and even kernels', () => {
    for (const [k, C, F] of [
      [3, 1, 4],
      [3, 5, 6],
      [4, 3, 2],
      [5, 2, 3],
    ]) {
      const x = tf.randomNormal([3, 7, 6, C], 0, 1, 'float32', k * 10 + C);
      const w = tf.randomNormal([k, k, C, F], 0, 1, 'float32', k + F);
      const dy = tf.randomNormal([3, 7, 6, F], 0, 1, 'float32', 99);
      const ref = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), dy)));
      const ours = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(conv2dTraining(x as tf.Tensor4D, w as tf.Tensor4D), dy)));
      const [rdx, rdw] = ref([x, w]);
      const [odx, odw] = ours([x, w]);
      const y = conv2dTraining(x as tf.Tensor4D, w as tf.Tensor4D);
      const yr = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
      expect(maxDiff(y, yr)).toBeLessThan(1e-4);
      expect(maxDiff(odw, rdw)).toBeLessThan(1e-3);
      expect(maxDiff(odx, rdx)).toBeLessThan(1e-3);
      // The gradients are not trivially small: the comparison means something.
      expect(tf.max(tf.abs(rdw)).dataSync()[0]).toBeGreaterThan(1);
      tf.dispose([x, w, dy, rdx, rdw, odx, odw, y, yr]);
    }
  });

  it('skips the input gradient when asked (zeros), with the same filter gradient', () => {
    const x = tf.randomNormal([2, 5, 5, 1], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 3, 1, 2], 0, 1, 'float32', 2);
    const [dx, dw] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(conv2dTraining(x as tf.Tensor4D, w as tf.Tensor4D, false))))([x, w]);
    const [, rdw] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'))))([x, w]);
    expect(tf.max(tf.abs(dx)).dataSync()[0]).toBe(0);
    expect(maxDiff(dw, rdw)).toBeLessThan(1e-3);
    tf.dispose([x, w, dx, dw, rdw]);
  });

  it('lays patches out as the kernel reshapes: row = position, column = (dh, dw, channel), zero outside', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const p = patches(x, 3, 3);
    expect(p.shape).toEqual([4, 9]);
    // Top-left position: only the window's centre and right/below neighbours fall inside.
    expect(Array.from(p.dataSync().slice(0, 9))).toEqual([0, 0, 0, 0, 1, 2, 0, 3, 4]);
    tf.dispose([x, p]);
  });

  it('computes the input gradient in batch parts with the same result, uneven last part included', () => {
    const dy = tf.randomNormal([7, 5, 6, 4], 0, 1, 'float32', 3) as tf.Tensor4D;
    const kernel = tf.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 4) as tf.Tensor4D;
    const whole = tf.conv2dTranspose(dy, kernel, [7, 5, 6, 2], 1, 'same');
    for (const part of [0, 1, 3, 7, 9]) {
      const got = inputGradient(dy, kernel, [7, 5, 6, 2], part);
      expect(got.shape).toEqual([7, 5, 6, 2]);
      expect(tf.max(tf.abs(tf.sub(got, whole))).dataSync()[0]).toBeLessThan(1e-5);
    }
    // Off WebGL the default is one part.
    expect(inputGradient(dy, kernel, [7, 5, 6, 2]).shape).toEqual([7, 5, 6, 2]);
  });

  it('splits the filter gradient into at most 16 even row blocks of at least 256 rows', () => {
    expect(rowBlocks(128 * 28 * 28)).toBe(16);
    expect(rowBlocks(128 * 7 * 7)).toBe(16);
    expect(rowBlocks(6 * 7 * 7)).toBe(1);
    expect(rowBlocks(2 * 28 * 28)).toBe(4);
    expect(rowBlocks(1001)).toBe(1);
  });
});

describe('a batch too large to keep its patches', () => {
  it('goes through the layer itself', async () => {
    const { applyConv, coveredConv, MAX_PATCH_VALUES } = await import('./conv');
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [null, null, 1], filters: 2, kernelSize: 3, padding: 'same', useBias: false })] });
    const layer = model.layers[0];
    // 1×(k×k×C) patch values per position: big enough spatially to pass the cap with C = 1.
    const side = Math.ceil(Math.sqrt(MAX_PATCH_VALUES / 9)) + 1;
    const x = tf.zeros([1, side, side, 1]) as tf.Tensor4D;
    const covered = coveredConv(layer);
    expect(covered).not.toBeNull();
    // Not the patches path: tfjs's own (fused) Conv2D kernel runs, no matrix product.
    let y: tf.Tensor | null = null;
    const info = await tf.profile(() => {
      y = applyConv(covered!, x, true);
      return y;
    });
    expect(info.kernelNames).toContain('FusedConv2D');
    expect(info.kernelNames).not.toContain('BatchMatMul');
    expect(y!.shape).toEqual([1, side, side, 2]);
    // A small batch of the same layer does take the patches path.
    const small = await tf.profile(() => applyConv(covered!, tf.zeros([1, 8, 8, 1]) as tf.Tensor4D, true));
    expect(small.kernelNames).toContain('BatchMatMul');
    expect(small.kernelNames).not.toContain('FusedConv2D');
    tf.dispose([x, y!]);
    model.dispose();
  });
});
