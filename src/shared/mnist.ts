/** MNIST's split as Digit Lab uses it: the last 5,000 of the 60,000 training images are held out for validation. */
export const TRAIN_IMAGES = 55_000;
export const VAL_IMAGES = 5_000;
export const TEST_IMAGES = 10_000;
